import { describe, expect, it } from 'vitest';
import { describeFixtures } from '../support/fixture-tests.js';
import { parseFixtureMail, readFixture, withHeader, type FixtureMail } from '../support/fixture-mail.js';

describeFixtures('burp', import.meta.url);

const fixture = 'burp-succeeded-proto2-fr-warning.eml';

function withoutWarnings(mail: FixtureMail): FixtureMail {
  const body = mail.body.split(/\r?\n/).filter((l) => !/burp\[\d+\] WARNING:/.test(l)).join('\n');
  expect(body).not.toBe(mail.body);
  return { ...mail, body };
}

describe('burp notify mails', () => {
  it('is a success when the subject says succeeded and the log has no warning', async () => {
    const result = await parseFixtureMail(withoutWarnings(await readFixture(import.meta.url, fixture)));
    expect(result).toMatchObject({ parser: 'burp', status: 'success', endedAt: '2017-11-01T20:10:33Z' });
  });

  it('is a warning when "succeeded" comes with a warning count but no warning line', async () => {
    const mail = withHeader(withoutWarnings(await readFixture(import.meta.url, fixture)), 'Subject', 'backup succeeded: host01.acme.example (3 warnings)');
    expect((await parseFixtureMail(mail)).status).toBe('warning');
  });

  it('fails when the subject says failed', async () => {
    const mail = withHeader(await readFixture(import.meta.url, fixture), 'Subject', 'backup failed: host01.acme.example');
    expect((await parseFixtureMail(mail)).status).toBe('failed');
  });

  it('takes the client from the subject as job name and host', async () => {
    const mail = withHeader(await readFixture(import.meta.url, fixture), 'Subject', 'backup succeeded: laptop-07');
    expect(await parseFixtureMail(mail)).toMatchObject({ jobName: 'laptop-07', host: 'laptop-07' });
  });

  it('takes the client from the log path when the subject was customised', async () => {
    const mail = withHeader(await readFixture(import.meta.url, fixture), 'Subject', 'Burp report');
    expect(await parseFixtureMail(mail)).toMatchObject({ parser: 'burp', jobName: 'host01.acme.example', status: 'warning' });
  });

  it('reads the timestamp line and log times with their own offsets, whatever the Date header says', async () => {
    const mail = withHeader(await readFixture(import.meta.url, fixture), 'Date', 'Wed, 01 Nov 2017 15:30:02 -0500');
    expect(await parseFixtureMail(mail)).toMatchObject({ startedAt: '2017-11-01T20:09:59Z', endedAt: '2017-11-01T20:10:33Z' });
  });

  it('types a restore notification as Restore', async () => {
    const mail = withHeader(withoutWarnings(await readFixture(import.meta.url, fixture)), 'Subject', 'restore succeeded: host01.acme.example');
    expect(await parseFixtureMail(mail)).toMatchObject({ type: 'Restore', status: 'success' });
  });

  it('does not claim a "backup succeeded: x" mail without a Burp log', async () => {
    const mail = withHeader(
      { headers: (await readFixture(import.meta.url, fixture)).headers, body: 'The nightly job finished.\n' },
      'Subject',
      'backup succeeded: host01.acme.example',
    );
    expect((await parseFixtureMail(mail)).parser).not.toBe('burp');
  });
});
