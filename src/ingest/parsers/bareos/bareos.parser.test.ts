import { describe, expect, it } from 'vitest';
import { decodeMessage } from '../../mime/decode.js';
import { describeFixtures } from '../support/fixture-tests.js';
import { parseFixtureMail, readFixture, withHeader, type FixtureMail } from '../support/fixture-mail.js';
import { bareosParser } from './bareos.parser.js';

describeFixtures('bareos', import.meta.url);

const fixture = 'bareos-joblog-error-bootstrap-mail.eml';
const baculaFixture = '../../bacula/fixtures/bacula-airback-job-fatal-spool.eml';

/** The fixture's report completed with the trailer lines a Bareos 22 report carries. */
async function withTrailer(termination: string): Promise<FixtureMail> {
  const mail = await readFixture(import.meta.url, fixture);
  const trailer = [
    '  Scheduled time:         19-Apr-2023 12:48:08',
    '  Start time:             19-Apr-2023 12:48:10',
    '  End time:               19-Apr-2023 12:48:29',
    '  Elapsed time:           19 secs',
    `  Termination:            ${termination}`,
  ].join('\n');
  return { ...mail, body: `${mail.body.trimEnd()}\n${trailer}\n` };
}

describe('bareos job mails', () => {
  it('fails on Error: lines when the report has no Termination line', async () => {
    const mail = withHeader(await readFixture(import.meta.url, fixture), 'Subject', 'Bareos job report');
    expect(await parseFixtureMail(mail)).toMatchObject({ parser: 'bareos', status: 'failed', jobName: 'BackupCatalog' });
  });

  it('is a warning, not a failure, when Termination says OK -- with warnings despite Error: lines', async () => {
    expect((await parseFixtureMail(await withTrailer('Backup OK -- with warnings'))).status).toBe('warning');
  });

  it('fails when Termination says *** Backup Error ***', async () => {
    expect((await parseFixtureMail(await withTrailer('*** Backup Error ***'))).status).toBe('failed');
  });

  it('reads Start time and End time in the Date header offset', async () => {
    const result = await parseFixtureMail(await withTrailer('*** Backup Error ***'));
    expect(result).toMatchObject({ startedAt: '2023-04-19T10:48:10Z', endedAt: '2023-04-19T10:48:29Z' });
  });

  it('takes the job name without the run suffix and the client as host', async () => {
    const mail = await readFixture(import.meta.url, fixture);
    let body = mail.body.replaceAll('BackupCatalog.2023-04-19_12.48.10_06', 'web01-daily.2023-04-19_23.05.00_41');
    body = body.replace('"bareos-fd"', '"web01-fd"');
    expect(await parseFixtureMail({ ...mail, body })).toMatchObject({ jobName: 'web01-daily', host: 'web01-fd' });
  });

  it('recognises Bareos by its daemon names when the report header was cut off', async () => {
    const mail = withHeader(await readFixture(import.meta.url, fixture), 'Subject', 'job report');
    const body = mail.body.split(/\r?\n/).slice(0, 1).join('\n');
    expect(await parseFixtureMail({ headers: mail.headers.replace(/^From:.*$/m, 'From: <backup@acme.example>'), body })).toMatchObject({
      parser: 'bareos',
      status: 'failed',
    });
  });

  it('does not claim a Bacula job mail', async () => {
    const bacula = await readFixture(import.meta.url, baculaFixture);
    const decoded = await decodeMessage(Buffer.from(`${bacula.headers}\r\n\r\n${bacula.body}`));
    expect(bareosParser.parse(decoded)).toBeNull();
    expect((await parseFixtureMail(bacula)).parser).toBe('bacula');
  });
});
