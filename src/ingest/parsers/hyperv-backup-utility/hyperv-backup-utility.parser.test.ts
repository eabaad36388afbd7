import { describe, expect, it } from 'vitest';
import { describeFixtures } from '../support/fixture-tests.js';
import { editBody, type FixtureMail, parseFixtureMail, readFixture, withHeader } from '../support/fixture-mail.js';

describeFixtures('hyperv-backup-utility', import.meta.url);

const withConfig = 'hvbu-0of1-export-failed-it.eml';
const excerpt = 'hvbu-0of1-disk-full-it.eml';

/** The 24.08.29 log of a run in which the export worked: no [ERROR] lines, the VM listed as successful. */
async function successfulRun(): Promise<FixtureMail> {
  let mail = withHeader(await readFixture(import.meta.url, withConfig), 'Subject', 'Hyper-V Backup Utility Log 1/1 VMs Successful');
  mail = editBody(mail, /^.*\[ERROR\].*\r?\n/gm, '');
  return editBody(mail, /Backups Successful:\s*$/, 'Backups Successful:\n2024-10-07 02:26:25 [INFO] vm01');
}

describe('hyperv-backup-utility logs', () => {
  it('is a success when the subject counts every VM and the log has no [ERROR] line', async () => {
    const result = await parseFixtureMail(await successfulRun());
    expect(result).toMatchObject({
      parser: 'hyperv-backup-utility',
      status: 'success',
      host: 'vm01',
      objects: [{ name: 'vm01', type: 'VM', status: 'success', message: null }],
    });
  });

  it('is not a success when the subject counts every VM but the log has an [ERROR] line', async () => {
    const mail = withHeader(await readFixture(import.meta.url, withConfig), 'Subject', 'Hyper-V Backup Utility Log 1/1 VMs Successful');
    expect((await parseFixtureMail(mail)).status).toBe('failed');
  });

  it('names the job after the configured subject, without the VM count', async () => {
    const mail = withHeader(await readFixture(import.meta.url, withConfig), 'Subject', 'HV02 Nachtsicherung 3/4 VMs Successful');
    expect((await parseFixtureMail(mail))).toMatchObject({ jobName: 'HV02 Nachtsicherung', status: 'failed' });
  });

  it('makes one object per VM, each with its own result', async () => {
    let mail = withHeader(await readFixture(import.meta.url, withConfig), 'Subject', 'Hyper-V Backup Utility Log 1/2 VMs Successful');
    mail = editBody(mail, /VMs to backup:\r?\nvm01/, 'VMs to backup:\nvm01\ndc01');
    mail = editBody(mail, /(.*\[INFO\] Process finished\.)/, '2024-10-07 02:26:26 [INFO] (VM:dc01) Attempting to export VM\n$1');
    mail = editBody(mail, /Backups Successful:\s*$/, 'Backups Successful:\n2024-10-07 02:26:40 [INFO] dc01');
    const result = await parseFixtureMail(mail);
    expect(result.objects.map((o) => [o.name, o.status])).toEqual([
      ['vm01', 'failed'],
      ['dc01', 'success'],
    ]);
    expect(result.status).toBe('failed');
  });

  it('keeps the Windows error text in whatever language the host uses', async () => {
    const mail = editBody(
      await readFixture(import.meta.url, excerpt),
      /Impossibile copiare file[\s\S]*\(0x80070070/,
      'Failed to copy file during export.\nThere is not enough space on the disk. (0x80070070',
    );
    const result = await parseFixtureMail(mail);
    expect(result.objects).toEqual([
      { name: 'host02', type: 'VM', status: 'failed', message: 'Failed to copy file during export. There is not enough space on the disk. (0x80070070' },
    ]);
  });

  it('takes the host from the "This virtual host is:" line of older versions', async () => {
    const mail = editBody(
      await readFixture(import.meta.url, excerpt),
      /^/,
      '2023-03-12 20:00:04 [INFO] This virtual host is: HV02\n',
    );
    expect((await parseFixtureMail(mail)).host).toBe('HV02');
  });

  it('reads the zone-less log times in the Date header offset', async () => {
    const mail = withHeader(await readFixture(import.meta.url, withConfig), 'Date', 'Mon, 07 Oct 2024 02:26:40 -0500');
    expect(await parseFixtureMail(mail)).toMatchObject({ startedAt: '2024-10-07T07:26:24Z', endedAt: '2024-10-07T07:26:25Z' });
  });

  it('does not claim a mail about Hyper-V that is not the utility log', async () => {
    const mail = { ...(await readFixture(import.meta.url, excerpt)), body: 'Hyper-V replication of host02 completed with errors.\n' };
    expect((await parseFixtureMail(mail)).parser).not.toBe('hyperv-backup-utility');
  });
});
