import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeMessage } from '../../mime/decode.js';
import { describeFixtures } from '../support/fixture-tests.js';
import { parseRaw } from '../support/parse-file.js';
import { truenasParser } from './truenas.parser.js';

describeFixtures('truenas', import.meta.url);

const failed = readFileSync(new URL('./fixtures/truenas-alert-replication-failed.template.eml', import.meta.url), 'utf8');
const parse = (text: string) => parseRaw(Buffer.from(text));
const htmlPart = (html: string) => failed.replace(/(Content-Type: text\/html; charset="utf-8"\n\n)[\s\S]*?(\n--tnb1alt--)/, `$1${html}\n$2`);
const textOnly = (text: string) =>
  `From: nas01 <nas01@acme.example>\nSubject: TrueNAS nas01.acme.example: Alerts\nDate: Wed, 17 Jan 2024 03:00:11 +0100\nContent-Type: text/plain; charset=utf-8\n\n${text}`;

describe('truenas alerts', () => {
  it('keys the job on the host name from the subject', async () => {
    const result = await parse(failed.replace('TrueNAS nas01.acme.example: Alerts', 'TrueNAS storage2.customer.example: Alerts'));
    expect(result).toMatchObject({ jobName: 'storage2.customer.example', host: 'storage2.customer.example', status: 'failed' });
  });

  it('reads every backup task alert kind as its own object', async () => {
    const html =
      'TrueNAS @ nas01<br><br>New alerts:\n<ul><li>Snapshot Task For Dataset "pool1/vms" failed: out of space.</li>\n' +
      '<li>Rsync "PUSH" task for "/mnt/pool1/docs" succeeded.</li>\n<li>Cloud backup task "Storj docs" failed.</li>\n</ul>' +
      'Current alerts:\n<ul><li>Snapshot Task For Dataset "pool1/vms" failed: out of space.</li>\n' +
      '<li>Rsync "PUSH" task for "/mnt/pool1/docs" succeeded.</li>\n<li>Cloud backup task "Storj docs" failed.</li>\n</ul>\n';
    const result = await parse(htmlPart(html));
    expect(result.objects).toEqual([
      { name: 'pool1/vms', type: 'Snapshot Task', status: 'failed', message: 'out of space' },
      { name: '/mnt/pool1/docs (PUSH)', type: 'Rsync', status: 'success', message: null },
      { name: 'Storj docs', type: 'Cloud Backup', status: 'failed', message: null },
    ]);
  });

  it('reads items prefixed with the HA node name', async () => {
    const html = 'TrueNAS @ nas01<br><br>Current alerts:\n<ul><li>Controller A - Replication "pool1/data - backup/data" succeeded.</li>\n</ul>\n';
    const result = await parse(htmlPart(html));
    expect(result.objects).toEqual([{ name: 'pool1/data - backup/data', type: 'Replication', status: 'success', message: null }]);
  });

  it('reads the plain-text part when there is no HTML, joining wrapped items', async () => {
    const result = await parse(
      textOnly(
        'TrueNAS @ nas01\n\nNew alerts:\n\n  * Replication "pool1/data - backup/data" failed: cannot receive incremental\n    stream: destination backup/data has been modified since most recent\n    snapshot.\n',
      ),
    );
    expect(result.objects).toEqual([
      {
        name: 'pool1/data - backup/data',
        type: 'Replication',
        status: 'failed',
        message: 'cannot receive incremental stream: destination backup/data has been modified since most recent snapshot',
      },
    ]);
  });

  it('reads the older plain-text layout with Gone alerts and Alerts headings', async () => {
    const text = 'New alerts:\n* Cloud sync task "B2 offsite" failed.\n\nGone alerts:\n* Replication "tank - backup" failed: timeout.\n\nAlerts:\n* Cloud sync task "B2 offsite" failed.\n';
    const result = await parse(textOnly(text).replace('TrueNAS nas01', 'FreeNAS nas01'));
    expect(result.objects.map((o) => [o.name, o.status])).toEqual([
      ['tank - backup', 'success'],
      ['B2 offsite', 'failed'],
    ]);
    expect(result.status).toBe('failed');
  });

  it('makes a mail without backup alerts informational', async () => {
    const html = 'TrueNAS @ nas01<br><br>New alert:\n<ul><li>Some alert that is not about backups.</li>\n</ul>Current alerts:\n<ul><li>Some alert that is not about backups.</li>\n</ul>\n';
    const result = await parse(htmlPart(html));
    expect(result).toMatchObject({ parser: 'truenas', informational: true, status: 'unknown', objects: [] });
  });

  it('makes the test alert informational', async () => {
    const result = await parse(htmlPart('TrueNAS @ nas01<br><br>This is a test alert'));
    expect(result).toMatchObject({ parser: 'truenas', informational: true, status: 'success' });
  });

  it('does not claim a mail whose subject only looks like an alert mail', async () => {
    const mail = await decodeMessage(Buffer.from(textOnly('Hello, see you on Friday.\n')));
    expect(truenasParser.parse(mail)).toBeNull();
  });

  it('does not claim a Proxmox VE or Proxmox Backup Server mail', async () => {
    for (const path of ['../proxmox-ve/fixtures/vzdump-new-failed-1of2.template.eml', '../proxmox-backup-server/fixtures/pbs-gc-ok.template.eml']) {
      const mail = await decodeMessage(readFileSync(new URL(path, import.meta.url)));
      expect(truenasParser.parse(mail)).toBeNull();
    }
  });
});
