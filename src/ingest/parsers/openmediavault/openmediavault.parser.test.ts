import { describe, expect, it } from 'vitest';
import { describeFixtures } from '../support/fixture-tests.js';
import { editBody, type FixtureMail, parseFixtureMail, readFixture, withHeader } from '../support/fixture-mail.js';

describeFixtures('openmediavault.rsync', import.meta.url);

const sample = 'omv-rsync-job-completed.eml';
const uuid = '05260f23-5098-4f07-9250-0b38b923ac7f';

describe('openmediavault rsync job mails', () => {
  it('names the job after the comment in "Cron - <comment>"', async () => {
    const mail = withHeader(await readFixture(import.meta.url, sample), 'Subject', 'Cron - Fotos nach Offsite');
    expect(await parseFixtureMail(mail)).toMatchObject({ parser: 'openmediavault.rsync', jobName: 'Fotos nach Offsite', status: 'success' });
  });

  it('takes the job uuid and the NAS from cron\'s own subject when the job has no comment', async () => {
    const mail = withHeader(await readFixture(import.meta.url, sample), 'Subject', `Cron <root@nas01> /var/lib/openmediavault/cron.d/rsync-${uuid}`);
    expect(await parseFixtureMail(mail)).toMatchObject({ jobName: uuid, host: 'nas01', status: 'success' });
  });

  // The failure line comes from the vendor's script template (cron-rsync-script.j2), not from a real mail.
  it('fails on the "The synchronisation failed." line of newer scripts', async () => {
    const mail = editBody(await readFixture(import.meta.url, sample), 'The synchronisation has completed successfully.', 'The synchronisation failed.');
    expect((await parseFixtureMail(mail)).status).toBe('failed');
  });

  it('fails when rsync reported an error, although older scripts still print the success line', async () => {
    const mail = editBody(
      await readFixture(import.meta.url, sample),
      'The synchronisation has completed successfully.',
      'rsync: [sender] send_files failed to open "/srv/x/a.mkv": Permission denied (13)\n' +
        'rsync error: some files/attrs were not transferred (see previous errors) (code 23) at main.c(1338) [sender=3.2.3]\n' +
        'The synchronisation has completed successfully.',
    );
    expect((await parseFixtureMail(mail)).status).toBe('failed');
  });

  it('fails when the source device was not mounted', async () => {
    const mail = { ...(await readFixture(import.meta.url, sample)), body: 'Source storage device not mounted at </srv/dev-disk-by-label-xxx/>!\n' };
    expect(await parseFixtureMail(mail)).toMatchObject({ parser: 'openmediavault.rsync', status: 'failed' });
  });

  it('does not claim another cron job mail', async () => {
    const mail = withHeader(
      { ...(await readFixture(import.meta.url, sample)), body: 'run-parts: /etc/cron.daily/logrotate exited with return code 1\n' },
      'Subject',
      'Cron <root@nas01> test -x /usr/sbin/anacron || ( cd / && run-parts --report /etc/cron.daily )',
    );
    expect((await parseFixtureMail(mail)).parser).not.toBe('openmediavault.rsync');
  });
});
