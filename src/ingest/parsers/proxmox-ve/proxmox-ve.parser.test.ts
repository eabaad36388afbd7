import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeMessage } from '../../mime/decode.js';
import { describeFixtures } from '../support/fixture-tests.js';
import { parseRaw } from '../support/parse-file.js';
import { proxmoxVeParser } from './proxmox-ve.parser.js';

describeFixtures('proxmox-ve', import.meta.url);

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const parse = (text: string) => parseRaw(Buffer.from(text));

const newFailed = fixture('vzdump-new-failed-1of2.template.eml');
const newSuccess = fixture('vzdump-new-success-2guests.template.eml');
const legacyFailed = fixture('vzdump-legacy-failed-1of2.template.eml');
const legacySuccess = fixture('vzdump-legacy-success-2guests.template.eml');

describe('proxmox-ve vzdump', () => {
  it('takes job name and host from the fqdn in the subject', async () => {
    const result = await parse(newSuccess.replace('(host01.acme.example)', '(pve-b.customer.example)'));
    expect(result).toMatchObject({ jobName: 'pve-b.customer.example', host: 'pve-b.customer.example', status: 'success' });
  });

  it('reads a third guest added to the PVE 8.1+ table, with its log lines', async () => {
    const row = '102     db01    ok        2m 5s     3 GiB       /mnt/pve/nas01/dump/vzdump-qemu-102-2024_01_15-01_12_40.vma.zst    \n';
    const log = '102: 2024-01-15 01:12:40 INFO: Starting Backup of VM 102 (qemu)\n102: 2024-01-15 01:14:45 INFO: Finished Backup of VM 102 (00:02:05)\n\n';
    const text = newSuccess
      .replace(/(101 {5}ct01 .*\n)/, `$1${row}`)
      .replace(/(101: 2024-01-15 01:12:40 INFO: Finished Backup of VM 101 \(00:03:10\)\n\n)/, `$1${log}`);
    const result = await parse(text);
    expect(result.objects.map((o) => [o.name, o.type, o.status])).toEqual([
      ['100 (vm01)', 'VM', 'success'],
      ['101 (ct01)', 'Container', 'success'],
      ['102 (db01)', 'VM', 'success'],
    ]);
    expect(result.endedAt).toBe('2024-01-15T00:14:45Z');
  });

  it('marks an ok guest whose log has a WARN line as warning, and the run with it', async () => {
    const text = newSuccess.replace(
      '100: 2024-01-15 01:00:02 INFO: ionice priority: 7\n',
      '100: 2024-01-15 01:00:02 INFO: ionice priority: 7\n100: 2024-01-15 01:00:02 WARN: no efidisk configured! Using temporary efivars disk.\n',
    );
    const result = await parse(text);
    expect(result.status).toBe('warning');
    expect(result.objects[0]).toMatchObject({ status: 'warning', message: 'no efidisk configured! Using temporary efivars disk.' });
  });

  it('shows a guest named "VM <id>" (name unknown to PVE) by its id alone', async () => {
    const result = await parse(newSuccess.replace('101     ct01    ok ', '101     VM 101  ok '));
    expect(result.objects[1]?.name).toBe('101');
  });

  it('converts log times with the Date header offset', async () => {
    const result = await parse(newFailed.replace('Date: Mon, 15 Jan 2024 01:12:41 +0100', 'Date: Mon, 15 Jan 2024 01:12:41 -0500'));
    expect(result).toMatchObject({ startedAt: '2024-01-15T06:00:02Z', endedAt: '2024-01-15T06:09:31Z' });
  });

  it('gives no times when the logs were left out as too long', async () => {
    const text = newSuccess.replace(/Logs\n====\n[\s\S]*?\n\n\n--b1b2b3/, 'Logs\n====\nLog output was too long to be sent. See Task History for details!\n\n--b1b2b3');
    const result = await parse(text);
    expect(result).toMatchObject({ status: 'success', startedAt: null, endedAt: null });
    expect(result.objects).toHaveLength(2);
  });

  it('reads a multi-line job error printed above the Details heading', async () => {
    const text = newFailed
      .replace('backup failed', 'backup failed: multiple problems')
      .replace('8bit\n\n\nDetails', "8bit\n\ncould not activate storage 'nas01'\ntmpdir '/mnt/tmp' does not exist\nDetails");
    const result = await parse(text);
    expect(result.status).toBe('failed');
    expect(result.trace).toContain("job error: could not activate storage 'nas01'; tmpdir '/mnt/tmp' does not exist");
  });
});

describe('proxmox-ve legacy vzdump (PVE ≤ 8.0)', () => {
  it('reads the printf table with the space before the colon in the subject', async () => {
    const result = await parse(legacySuccess.replace(/pve1\.acme\.example/g, 'node7.lab.example'));
    expect(result).toMatchObject({ parser: 'proxmox-ve', jobName: 'node7.lab.example', host: 'node7.lab.example', status: 'success' });
  });

  it('reads the table when the two-space Outlook indent is missing', async () => {
    const result = await parse(legacyFailed.replace(/^ {2}/gm, ''));
    expect(result.objects.map((o) => o.status)).toEqual(['success', 'failed']);
    expect(result.startedAt).toBe('2024-06-18T00:00:03Z');
  });

  it('marks a guest left in state todo (job aborted) as failed with the job error', async () => {
    const text = legacyFailed
      .replace('backup failed', 'backup failed: interrupted by signal')
      .replace(/( {2}101 {8}ct01 .*\n)/, `$1  102        web01                todo     00:00:00     0.00MB  -\n`);
    const result = await parse(text);
    expect(result.objects[2]).toEqual({ name: '102 (web01)', type: 'Guest', status: 'failed', message: 'interrupted by signal' });
  });

  it('keeps a guest name cut to 20 characters by the printf table', async () => {
    const result = await parse(legacySuccess.replace('100        vm01                ', '100        fileserver-hamburg-0'));
    expect(result.objects[0]?.name).toBe('100 (fileserver-hamburg-0)');
  });
});

describe('proxmox-ve other mails', () => {
  const updates = (body: string, from = 'Proxmox VE <root@pve1.acme.example>') =>
    `From: ${from}\nSubject: New software packages available (pve1.acme.example)\nDate: Tue, 18 Jun 2024 06:00:00 +0200\nContent-Type: text/plain\n\n${body}\n`;

  it('classifies the package update notice as informational, keyed on the host', async () => {
    const result = await parse(updates('The following updates are available:\n'));
    expect(result).toMatchObject({ parser: 'proxmox-ve', type: 'Package Updates', jobName: 'pve1.acme.example', informational: true });
  });

  it('leaves the Proxmox Backup Server update notice with the same subject alone', async () => {
    const mail = await decodeMessage(Buffer.from(updates('Proxmox Backup Server has the following updates available:\n', 'Proxmox Backup Server - pbs01 <root@pbs01.acme.example>')));
    expect(proxmoxVeParser.parse(mail)).toBeNull();
  });

  it('does not claim a Proxmox Backup Server job mail', async () => {
    const pbs = readFileSync(new URL('../proxmox-backup-server/fixtures/pbs-verify-failed.template.eml', import.meta.url));
    expect(proxmoxVeParser.parse(await decodeMessage(pbs))).toBeNull();
  });

  it('takes the replication job id as job name and the error text as the object message', async () => {
    const text = fixture('pve-replication-failed.template.eml').replace(/100-0/g, '205-1').replace(/exit code 255$/m, 'exit code 1');
    const result = await parse(text);
    expect(result).toMatchObject({ type: 'Replication Job', jobName: '205-1', status: 'failed' });
    expect(result.objects[0]?.message).toMatch(/failed: exit code 1$/);
  });
});
