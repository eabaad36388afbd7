import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeMessage } from '../../mime/decode.js';
import { describeFixtures } from '../support/fixture-tests.js';
import { parseRaw } from '../support/parse-file.js';
import { proxmoxBackupServerParser } from './proxmox-backup-server.parser.js';

describeFixtures('proxmox-backup-server', import.meta.url);

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const parse = (text: string) => parseRaw(Buffer.from(text));
const claims = async (text: string) => proxmoxBackupServerParser.parse(await decodeMessage(Buffer.from(text))) !== null;

describe('proxmox-backup-server jobs', () => {
  it('lists every failed snapshot and group of a verify job as a failed object', async () => {
    const text = fixture('pbs-verify-failed.template.eml').replace(
      '    ct/101/2024-01-14T00:10:41Z\n',
      '    ct/101/2024-01-14T00:10:41Z\n    vm/102/2024-01-14T00:20:00Z\n    vm/103\n',
    );
    const result = await parse(text);
    expect(result.objects.map((o) => [o.name, o.type, o.status])).toEqual([
      ['vm/100/2024-01-14T00:00:02Z', 'Snapshot', 'failed'],
      ['ct/101/2024-01-14T00:10:41Z', 'Snapshot', 'failed'],
      ['vm/102/2024-01-14T00:20:00Z', 'Snapshot', 'failed'],
      ['vm/103', 'Group', 'failed'],
    ]);
  });

  it('names a sync job by its Job ID, whatever the remote', async () => {
    const text = fixture('pbs-sync-remote-ok.template.eml').replace('s-8e1c2a9d-44f0', 'offsite-nightly').replace(/pbs-offsite/g, 'dr-site');
    expect(await parse(text)).toMatchObject({ type: 'Sync Job', jobName: 'offsite-nightly', status: 'success' });
  });

  it('falls back to the datastore for a verify mail without a Job ID line', async () => {
    const text = fixture('pbs-verify-ok.template.eml').replace('Job ID:    v-3f2a1b7c-0d11\n', '');
    expect(await parse(text)).toMatchObject({ jobName: 'store1', status: 'success' });
  });

  it('reports failed when the subject says successful but the body says failed', async () => {
    const text = fixture('pbs-prune-failed.template.eml').replace("'store1' failed", "'store1' successful");
    const result = await parse(text);
    expect(result.status).toBe('failed');
    expect(result.trace).toContain('status failed: the body contradicts the subject');
  });

  it('leaves the start unknown when the garbage collection mail has no Task ID', async () => {
    const text = fixture('pbs-gc-ok.template.eml').replace(/^Task ID:.*\n/m, '');
    expect(await parse(text)).toMatchObject({ status: 'success', startedAt: null });
  });

  it('takes the host from the author when the link is missing, and from nowhere when both are', async () => {
    const noLink = fixture('pbs-prune-ok.template.eml').replace(/\nPlease visit[\s\S]*$/, '\n');
    expect((await parse(noLink)).host).toBe('pbs01');
    const neither = noLink.replace('From: Proxmox Backup Server - pbs01 <root@pbs01.acme.example>', 'From: backup@relay.example');
    expect(await parse(neither)).toMatchObject({ parser: 'proxmox-backup-server', host: null, jobName: 'daily-prune' });
  });

  it('reads a tape backup with more snapshots and tapes', async () => {
    const text = fixture('pbs-tape-backup-ok.template.eml')
      .replace('ct/101/2024-01-19T23:10:41Z\n', 'ct/101/2024-01-19T23:10:41Z\nvm/102/2024-01-19T23:20:11Z\n')
      .replace('WK0001L8\n', 'WK0001L8\nWK0002L8\n');
    const result = await parse(text);
    expect(result.objects).toHaveLength(3);
    expect(result.trace).toContain('used tapes: WK0001L8, WK0002L8');
  });
});

describe('proxmox-backup-server claims', () => {
  it('does not claim a subject look-alike without any PBS mark in the body', async () => {
    const text = "From: someone@acme.example\nSubject: Verify Datastore 'store1' successful\nDate: Wed, 17 Jan 2024 04:12:40 +0100\n\nAll good.\n";
    expect(await claims(text)).toBe(false);
  });

  it('does not claim a test notification sent by Proxmox VE', async () => {
    const text = fixture('pbs-test-notification.template.eml').replace('Proxmox Backup Server - pbs01', 'Proxmox VE');
    expect(await claims(text)).toBe(false);
  });

  it('does not claim Proxmox VE vzdump or update mails', async () => {
    const vzdump = readFileSync(new URL('../proxmox-ve/fixtures/vzdump-new-failed-1of2.template.eml', import.meta.url), 'utf8');
    expect(await claims(vzdump)).toBe(false);
    const pveUpdates =
      'From: Proxmox VE <root@pve1.acme.example>\nSubject: New software packages available (pve1.acme.example)\nDate: Tue, 18 Jun 2024 06:00:00 +0200\n\nThe following updates are available:\n';
    expect(await claims(pveUpdates)).toBe(false);
  });
});
