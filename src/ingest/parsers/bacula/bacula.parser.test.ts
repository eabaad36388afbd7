import { describe, expect, it } from 'vitest';
import { decodeMessage } from '../../mime/decode.js';
import { describeFixtures } from '../support/fixture-tests.js';
import { parseFixtureMail, readFixture, withHeader, type FixtureMail } from '../support/fixture-mail.js';
import { baculaParser } from './bacula.parser.js';

describeFixtures('bacula', import.meta.url);

const fixture = 'bacula-airback-job-fatal-spool.eml';
const bareosFixture = '../../bareos/fixtures/bareos-joblog-error-bootstrap-mail.eml';

/** The fixture's job as if it had run cleanly: no fatal line, an INFO report with the full trailer. */
async function cleanRun(termination = 'Backup OK'): Promise<FixtureMail> {
  const mail = await readFixture(import.meta.url, fixture);
  const body = mail.body
    .split(/\r?\n/)
    .filter((l) => !/Fatal error:/.test(l))
    .join('\n')
    .replace('JobId 12887: Error: Bacula', 'JobId 12887: Bacula')
    .concat('\nScheduled time: 20-Jul-2018 01:00:00\nStart time: 20-Jul-2018 01:00:02\nEnd time: 20-Jul-2018 03:26:20\n', `Termination: ${termination}\n`);
  return withHeader({ ...mail, body }, 'Subject', `Bacula: Backup ${termination.replace(/^Backup /, '')} of NAS-fd Full`);
}

describe('bacula job mails', () => {
  it('is a success when Termination says Backup OK and the log has no errors', async () => {
    const result = await parseFixtureMail(await cleanRun());
    expect(result).toMatchObject({ parser: 'bacula', status: 'success', startedAt: '2018-07-19T23:00:02Z', endedAt: '2018-07-20T01:26:20Z' });
  });

  it('is a warning when Termination says OK -- with warnings', async () => {
    expect((await parseFixtureMail(await cleanRun('Backup OK -- with warnings'))).status).toBe('warning');
  });

  it.each(['*** Backup Error ***', 'Backup Canceled', 'Backup failed -- incomplete'])('fails when Termination says %s', async (termination) => {
    expect((await parseFixtureMail(await cleanRun(termination))).status).toBe('failed');
  });

  it('does not call a run a success when Termination says OK but the log has an error line', async () => {
    const mail = await cleanRun();
    const body = mail.body.replace('Spooling data ...', 'Spooling data ...\n20/07/2018 03:17 airback-fd JobId 12887: Warning: Could not stat "/srv/x": ERR=No such file');
    expect((await parseFixtureMail({ ...mail, body })).status).toBe('warning');
  });

  it('strips the run suffix from the Job name', async () => {
    const mail = await readFixture(import.meta.url, fixture);
    const body = mail.body.replaceAll('01Production.2018-07-20_01.00.00_56', 'Nightly.2024-01-15_01.00.00_05');
    expect(await parseFixtureMail({ ...mail, body })).toMatchObject({ jobName: 'Nightly', host: 'NAS-fd' });
  });

  it('reads the report times in the Date header offset', async () => {
    const mail = withHeader(await cleanRun(), 'Date', 'Fri, 20 Jul 2018 03:27:00 -0400');
    expect(await parseFixtureMail(mail)).toMatchObject({ startedAt: '2018-07-20T05:00:02Z', endedAt: '2018-07-20T07:26:20Z' });
  });

  it('reads the client from an unquoted Client: line (older directors)', async () => {
    const mail = await readFixture(import.meta.url, fixture);
    const body = mail.body.replace(/^Client: .*$/m, 'Client: fileserver-fd');
    expect((await parseFixtureMail({ ...mail, body })).host).toBe('fileserver-fd');
  });

  it('stays Bacula when the subject was copied from a Bareos setup: the report header decides', async () => {
    const mail = withHeader(await readFixture(import.meta.url, fixture), 'Subject', 'Bareos: Backup Fatal Error of NAS-fd Full');
    expect((await parseFixtureMail(mail)).parser).toBe('bacula');
  });

  it('does not claim a Bareos job mail', async () => {
    const bareos = await readFixture(import.meta.url, bareosFixture);
    const decoded = await decodeMessage(Buffer.from(`${bareos.headers}\r\n\r\n${bareos.body}`));
    expect(baculaParser.parse(decoded)).toBeNull();
    expect((await parseFixtureMail(bareos)).parser).toBe('bareos');
  });
});
