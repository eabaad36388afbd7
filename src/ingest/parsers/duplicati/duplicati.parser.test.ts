import { describe, expect, it } from 'vitest';
import { describeFixtures } from '../support/fixture-tests.js';
import { editBody, type FixtureMail, parseFixtureMail, readFixture, withHeader } from '../support/fixture-mail.js';

describeFixtures('duplicati', import.meta.url);

const report = 'duplicati-email1-success-with-warning.eml';

describe('duplicati result mails', () => {
  it('takes the job name from the backup name in the subject', async () => {
    const mail = withHeader(await readFixture(import.meta.url, report), 'Subject', 'Duplicati Backup report for Finance NAS (daily)');
    const result = await parseFixtureMail(mail);
    expect(result).toMatchObject({ parser: 'duplicati', jobName: 'Finance NAS (daily)', type: 'Backup' });
  });

  it('is a success when ParsedResult is Success and the Warnings list is empty', async () => {
    const mail = editBody(await readFixture(import.meta.url, report), 'Warnings: [This is some warning message!!!]', 'Warnings: []');
    expect((await parseFixtureMail(mail)).status).toBe('success');
  });

  it('fails when the Errors list is not empty, whatever ParsedResult says', async () => {
    const mail = editBody(await readFixture(import.meta.url, report), 'Errors: []', 'Errors: [\n    Failed to connect: The remote server returned an error: (403) Forbidden.\n]');
    expect((await parseFixtureMail(mail)).status).toBe('failed');
  });

  it.each([
    ['Error', 'failed'],
    ['Fatal', 'failed'],
    ['Warning', 'warning'],
  ])('reads ParsedResult: %s as %s', async (parsed, status) => {
    const mail = editBody(await readFixture(import.meta.url, report), 'ParsedResult: Success', `ParsedResult: ${parsed}`);
    expect((await parseFixtureMail(mail)).status).toBe(status);
  });

  it('reads zone-less BeginTime/EndTime in the Date header offset', async () => {
    const mail = withHeader(await readFixture(import.meta.url, report), 'Date', 'Fri, 03 Nov 2017 17:40:12 +0100');
    const result = await parseFixtureMail(mail);
    expect(result).toMatchObject({ startedAt: '2017-11-03T16:40:09Z', endedAt: '2017-11-03T16:40:11Z' });
  });

  it('reads day-first dotted dates of other cultures', async () => {
    let mail = await readFixture(import.meta.url, report);
    mail = editBody(mail, 'BeginTime: 11/3/2017 5:40:09 PM', 'BeginTime: 03.11.2017 17:40:09');
    mail = editBody(mail, 'EndTime: 11/3/2017 5:40:11 PM', 'EndTime: 03.11.2017 17:40:11');
    const result = await parseFixtureMail(mail);
    expect(result).toMatchObject({ startedAt: '2017-11-03T17:40:09Z', endedAt: '2017-11-03T17:40:11Z' });
  });

  it('prefers the unix time that later versions print in parentheses', async () => {
    let mail = withHeader(await readFixture(import.meta.url, report), 'Date', 'Fri, 03 Nov 2017 17:40:12 -0500');
    mail = editBody(mail, 'EndTime: 11/3/2017 5:40:11 PM', `EndTime: 11/3/2017 5:40:11 PM (${Date.UTC(2017, 10, 3, 22, 40, 11) / 1000})`);
    const result = await parseFixtureMail(mail);
    expect(result.endedAt).toBe('2017-11-03T22:40:11Z');
    expect(result.startedAt).toBe('2017-11-03T22:40:09Z');
  });

  it('ignores the results nested in the dump (indented), which carry their own ParsedResult', async () => {
    const mail = editBody(
      await readFixture(import.meta.url, report),
      'Warnings: [This is some warning message!!!]',
      'CompactResults:\n    ParsedResult: Error\n    Warnings: [nested]\nWarnings: []',
    );
    expect((await parseFixtureMail(mail)).status).toBe('success');
  });

  it('is a warning when the backup was partial', async () => {
    let mail = editBody(await readFixture(import.meta.url, report), 'Warnings: [This is some warning message!!!]', 'Warnings: []');
    mail = editBody(mail, 'PartialBackup: False', 'PartialBackup: True');
    expect((await parseFixtureMail(mail)).status).toBe('warning');
  });

  it('decodes the accents of a Portuguese path in the warnings (quoted-printable, soft line breaks)', async () => {
    const result = await parseFixtureMail(await readFixture(import.meta.url, 'duplicati-warnings-ptbr-accents.eml'));
    expect(result.status).toBe('warning');
    expect(result.trace.join('\n')).toContain('E:\\SETORES\\COMUNICAÇÃO SOCIAL\\Patrocinio');
  });
});

describe('duplicati operations other than backup', () => {
  it('marks a list operation as informational under the same job key as the backups', async () => {
    const result = await parseFixtureMail(await readFixture(import.meta.url, 'duplicati-list-operation-email-2015.eml'));
    expect(result).toMatchObject({ parser: 'duplicati', type: 'Backup', jobName: 'Photos', informational: true });
  });

  it('marks a restore report as informational', async () => {
    let mail = withHeader(await readFixture(import.meta.url, report), 'Subject', 'Duplicati Restore report for Documents');
    mail = editBody(mail, 'MainOperation: Backup', 'MainOperation: Restore');
    expect(await parseFixtureMail(mail)).toMatchObject({ jobName: 'Documents', informational: true });
  });

  it('marks a dry run as informational', async () => {
    const mail = editBody(await readFixture(import.meta.url, report), 'Dryrun: False', 'Dryrun: True');
    expect((await parseFixtureMail(mail)).informational).toBe(true);
  });

  it('claims the result dump under a custom subject and names the job from that subject', async () => {
    const mail = withHeader(await readFixture(import.meta.url, report), 'Subject', 'Nightly Documents backup');
    expect(await parseFixtureMail(mail)).toMatchObject({ parser: 'duplicati', jobName: 'Nightly Documents backup', status: 'warning' });
  });

  it('does not claim a mail that merely mentions a report and warnings', async () => {
    const mail = withHeader(
      { headers: (await readFixture(import.meta.url, report)).headers, body: 'Backup report\nWarnings: 1\nAll other files were copied.' },
      'Subject',
      'Backup report for Documents',
    );
    expect((await parseFixtureMail(mail)).parser).not.toBe('duplicati');
  });
});
