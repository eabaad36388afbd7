import { describe, expect, it } from 'vitest';
import { describeFixtures } from '../support/fixture-tests.js';
import { editBody, type FixtureMail, parseFixtureMail, readFixture, withHeader } from '../support/fixture-mail.js';

describeFixtures('ghettovcb', import.meta.url);

const sample = 'ghettovcb-2020-final-status-only.eml';

describe('ghettovcb final status', () => {
  it.each([
    ['All VMs backed up OK!', 'success'],
    ['WARNING: All VMs backed up, but some disk(s) failed!', 'warning'],
    ['ERROR: All VMs failed!', 'failed'],
    ['ERROR: No VMs backed up!', 'failed'],
    ['ERROR: Only some of the VMs backed up, and some disk(s) failed!', 'failed'],
  ])('reads "Final status: %s" as %s', async (text, status) => {
    const mail = editBody(await readFixture(import.meta.url, sample), 'ERROR: Only some of the VMs backed up!', text);
    expect(await parseFixtureMail(mail)).toMatchObject({ parser: 'ghettovcb', status, informational: false });
  });

  it('marks a dry run as informational', async () => {
    const mail = editBody(await readFixture(import.meta.url, sample), 'ERROR: Only some of the VMs backed up!', 'OK, only a dryrun.');
    expect(await parseFixtureMail(mail)).toMatchObject({ status: 'success', informational: true });
  });

  it('takes the host, and with it the job name, from the subject of current versions', async () => {
    const mail = withHeader(
      await readFixture(import.meta.url, sample),
      'Subject',
      'ghettoVCB - esx02 ###### Final status: ERROR: Only some of the VMs backed up! ######',
    );
    expect(await parseFixtureMail(mail)).toMatchObject({ host: 'esx02', jobName: 'esx02', status: 'failed' });
  });

  it('times a full log from LOG START to LOG END in the Date header offset', async () => {
    let mail = withHeader(await readFixture(import.meta.url, sample), 'Date', 'Wed, 18 Nov 2020 18:23:00 -0500');
    mail = editBody(
      mail,
      /^/,
      '2020-11-18 18:00:01 -- info: ============================== ghettoVCB LOG START ==============================\n' +
        '2020-11-18 18:00:02 -- info: Initiate backup for web01\n',
    );
    mail = { ...mail, body: `${mail.body}2020-11-18 18:22:58 -- info: ============================== ghettoVCB LOG END ================================\n` };
    expect(await parseFixtureMail(mail)).toMatchObject({ startedAt: '2020-11-18T23:00:01Z', endedAt: '2020-11-18T23:22:58Z' });
  });

  it('is unknown when a ghettoVCB log ends without a final status', async () => {
    const mail = editBody(
      await readFixture(import.meta.url, sample),
      /^.*$/m,
      '2020-11-18 18:00:01 -- info: ============================== ghettoVCB LOG START ==============================',
    );
    expect(await parseFixtureMail(mail)).toMatchObject({ parser: 'ghettovcb', status: 'unknown', endedAt: null });
  });

  it('does not claim a mail that only mentions ghettoVCB without its log', async () => {
    const mail = { ...(await readFixture(import.meta.url, sample)), body: 'Reminder: check the ghettoVCB backups of esx02 (ERROR last night).\n' };
    expect((await parseFixtureMail(mail)).parser).not.toBe('ghettovcb');
  });
});
