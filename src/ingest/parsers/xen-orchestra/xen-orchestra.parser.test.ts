import { describe, expect, it } from 'vitest';
import { describeFixtures } from '../support/fixture-tests.js';
import { editBody, type FixtureMail, parseFixtureMail, readFixture, withHeader } from '../support/fixture-mail.js';

describeFixtures('xen-orchestra', import.meta.url);

const ng = 'xo-backupng-interrupted-full-7of7.eml';
const legacy = 'xo-legacy-vm-status-fail.eml';

describe('xen-orchestra Backup NG reports', () => {
  it('takes the job name from the subject and drops the status icon after it', async () => {
    const mail = withHeader(await readFixture(import.meta.url, ng), 'Subject', '[Xen Orchestra] success − Backup report for Nightly DMZ ✔');
    const result = await parseFixtureMail(editBody(mail, 'Global status: interrupted', 'Global status: success'));
    expect(result).toMatchObject({ parser: 'xen-orchestra', type: 'Backup NG', jobName: 'Nightly DMZ', status: 'success' });
  });

  it.each([
    ['success', 'success'],
    ['failure', 'failed'],
    ['skipped', 'warning'],
    ['Failure', 'failed'],
  ])('reads "Global status: %s" as %s', async (word, status) => {
    const mail = editBody(await readFixture(import.meta.url, ng), 'Global status: interrupted', `Global status: ${word}`);
    expect((await parseFixtureMail(mail)).status).toBe(status);
  });

  it('is not a success when the global status is success but fewer VMs succeeded than ran', async () => {
    let mail = editBody(await readFixture(import.meta.url, ng), 'Global status: interrupted', 'Global status: success');
    mail = editBody(mail, 'Successes: 7 / 7', 'Successes: 6 / 7');
    expect((await parseFixtureMail(mail)).status).toBe('warning');
  });

  it('reads the Markdown the plugin writes, not only its flattened rendering', async () => {
    let mail = await readFixture(import.meta.url, ng);
    mail = editBody(mail, 'Global status: interrupted', '##  Global status: interrupted');
    mail = editBody(mail, 'mode: full', '- **mode**: full');
    mail = editBody(mail, 'Start time:', '- **Start time**:');
    mail = editBody(mail, 'Successes: 7 / 7', '- **Successes**: 7 / 7');
    const result = await parseFixtureMail(mail);
    expect(result).toMatchObject({ type: 'Backup NG', status: 'failed', startedAt: '2018-07-08T22:14:43Z' });
  });

  it('lists each VM of the report sections with the status of its section', async () => {
    let mail = editBody(await readFixture(import.meta.url, ng), 'Global status: interrupted', 'Global status: failure');
    mail = editBody(mail, 'Successes: 7 / 7', 'Successes: 1 / 3');
    mail = {
      ...mail,
      body: `${mail.body}
---

## 1 Failure

### web01

- **UUID**: 0b6e5a2c-1111-4c3e-9a55-000000000001
- **Start time**: Monday, July 9th 2018, 12:14:44 am
- **Error**: SR_BACKEND_FAILURE_44(, There is insufficient space, )

---

## 1 Skipped

### old-vm

- **UUID**: 0b6e5a2c-1111-4c3e-9a55-000000000002
- **Reason**: unhealthy VDI chain

---

## 1 Success

### db01

- **UUID**: 0b6e5a2c-1111-4c3e-9a55-000000000003
- **Start time**: Monday, July 9th 2018, 1:00:00 am
`,
    };
    const result = await parseFixtureMail(mail);
    expect(result.objects).toEqual([
      { name: 'web01', type: 'VM', status: 'failed', message: 'SR_BACKEND_FAILURE_44(, There is insufficient space, )' },
      { name: 'old-vm', type: 'VM', status: 'warning', message: 'unhealthy VDI chain' },
      { name: 'db01', type: 'VM', status: 'success', message: null },
    ]);
    expect(result.status).toBe('failed');
    // The run's own times come first; the VMs' times do not replace them.
    expect(result.endedAt).toBe('2018-07-09T02:47:13Z');
  });

  it('reads zone-less report times in the Date header offset', async () => {
    const mail = withHeader(await readFixture(import.meta.url, ng), 'Date', 'Sun, 08 Jul 2018 22:47:20 -0400');
    const result = await parseFixtureMail(editBody(mail, 'End time: Monday, July 9th 2018, 4:47:13 am', 'End time: Monday, July 9th 2018, 4:47:13 pm'));
    expect(result).toMatchObject({ startedAt: '2018-07-09T04:14:43Z', endedAt: '2018-07-09T20:47:13Z' });
  });

  it('calls a metadata report a Metadata Backup', async () => {
    const mail = withHeader(await readFixture(import.meta.url, ng), 'Subject', '[Xen Orchestra] success − Metadata backup report for Pool config ✔');
    const result = await parseFixtureMail(editBody(mail, 'Global status: interrupted', 'Global status: success'));
    expect(result).toMatchObject({ type: 'Metadata Backup', jobName: 'Pool config', status: 'success' });
  });
});

describe('xen-orchestra legacy reports', () => {
  it('is a success when every VM block says Success', async () => {
    const mail = editBody(await readFixture(import.meta.url, legacy), 'Status: Fail', 'Status: Success');
    const result = await parseFixtureMail(mail);
    expect(result).toMatchObject({ type: 'Legacy Backup', status: 'success', objects: [{ name: 'vmname', status: 'success' }] });
  });

  it('reads several VM blocks and spans the run from the first start to the last end', async () => {
    const extra = '\nVM : *mail01*\n\nUUID: *uuid2*\nStatus: Success\nStart time: Sun Sep 04 2016 12:00:20 GMT+0200\nEnd time: Sun Sep 04 2016 12:03:02 GMT+0200\nDuration: 3 minutes\n';
    const mail = await readFixture(import.meta.url, legacy);
    const result = await parseFixtureMail({ ...mail, body: `${mail.body}${extra}` });
    expect(result.objects.map((o) => [o.name, o.status])).toEqual([
      ['vmname', 'failed'],
      ['mail01', 'success'],
    ]);
    expect(result).toMatchObject({ status: 'failed', startedAt: '2016-09-04T10:00:04Z', endedAt: '2016-09-04T10:03:02Z' });
  });

  it('takes the job name from the quoted name in the subject', async () => {
    const mail = withHeader(await readFixture(import.meta.url, legacy), 'Subject', 'Backup Reports for "DR copy: site B" (Xen Orchestra)');
    expect((await parseFixtureMail(mail)).jobName).toBe('DR copy: site B');
  });
});

describe('xen-orchestra claiming', () => {
  it('does not claim a report-like mail that does not come from Xen Orchestra', async () => {
    const mail = withHeader(await readFixture(import.meta.url, ng), 'Subject', 'Nightly status report');
    expect((await parseFixtureMail(mail)).parser).not.toBe('xen-orchestra');
  });
});
