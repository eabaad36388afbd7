import { describe, expect, it } from 'vitest';
import { describeFixtures } from '../support/fixture-tests.js';
import { editBody, type FixtureMail, parseFixtureMail, readFixture, withHeader } from '../support/fixture-mail.js';

describeFixtures('backuppc', import.meta.url);

const admin = 'backuppc-admin-attention-lost-connection.eml';
const never = 'backuppc-never-backed-up-user-mail.eml';

describe('backuppc admin mails', () => {
  it('names the job after the one host with an error', async () => {
    const mail = editBody(await readFixture(import.meta.url, admin), 'my-host (lost network connection during backup)', 'fs02 (No files dumped for share /home)');
    const result = await parseFixtureMail(mail);
    expect(result).toMatchObject({ parser: 'backuppc', jobName: 'fs02', host: 'fs02', status: 'failed' });
    expect(result.objects).toEqual([{ name: 'fs02', type: 'Host', status: 'failed', message: 'No files dumped for share /home' }]);
  });

  it('gives one failed object per host when several hosts had errors', async () => {
    let mail = editBody(await readFixture(import.meta.url, admin), 'following host had', 'following hosts had');
    mail = editBody(mail, 'fix this host:\n  - my-host (lost network connection during backup)', 'fix these hosts:\n  - my-host (lost network connection during backup)\n  - pc07 (Unable to read 4 bytes)');
    const result = await parseFixtureMail(mail);
    expect(result).toMatchObject({ jobName: 'Administrative attention', host: null, status: 'failed' });
    expect(result.objects.map((o) => [o.name, o.status])).toEqual([['my-host', 'failed'], ['pc07', 'failed']]);
  });

  it('fails when hosts were skipped because the pool file system was full', async () => {
    const mail = editBody(
      await readFixture(import.meta.url, admin),
      /The following host had[\s\S]*?\(lost network connection during backup\)\n/,
      'Yesterday 3 hosts were skipped because the file system containing\n/var/lib/backuppc was too full.  The threshold in the\nconfiguration file is 95%, while yesterday the file system was\nup to 97% full.\n',
    );
    expect(await parseFixtureMail(mail)).toMatchObject({ parser: 'backuppc', jobName: 'Administrative attention', status: 'failed', objects: [] });
  });
});

describe('backuppc user reminders', () => {
  it('takes the host from "Your PC (<host>)"', async () => {
    let mail = withHeader(await readFixture(import.meta.url, never), 'Subject', 'BackupPC: no backups of laptop-anna have succeeded');
    mail = editBody(mail, 'Your PC (XXXX)', 'Your PC (laptop-anna)');
    expect(await parseFixtureMail(mail)).toMatchObject({ jobName: 'laptop-anna', host: 'laptop-anna', status: 'failed' });
  });

  it('fails a host with no recent backup', async () => {
    let mail = withHeader(await readFixture(import.meta.url, never), 'Subject', 'BackupPC: no recent backups on XXXX');
    mail = editBody(mail, /Your PC \(XXXX\) has never been successfully backed up by our\n/, 'Your PC (XXXX) has not been successfully backed up for 8.2 days.\n');
    expect(await parseFixtureMail(mail)).toMatchObject({ parser: 'backuppc', jobName: 'XXXX', status: 'failed' });
  });

  it('warns about Outlook files that could not be backed up', async () => {
    const mail = withHeader(
      { ...(await readFixture(import.meta.url, never)), body: 'Dear backuppc,\n\nThe Outlook files on your PC have not been backed up successfully.\n' },
      'Subject',
      'BackupPC: Outlook files on XXXX need to be backed up',
    );
    expect(await parseFixtureMail(mail)).toMatchObject({ jobName: 'XXXX', status: 'warning' });
  });

  it('does not claim an unrelated mail whose subject starts with BackupPC', async () => {
    const mail = withHeader({ ...(await readFixture(import.meta.url, never)), body: 'Disk usage is at 40%.\n' }, 'Subject', 'BackupPC disk report');
    expect((await parseFixtureMail(mail)).parser).not.toBe('backuppc');
  });
});
