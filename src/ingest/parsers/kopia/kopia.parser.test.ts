import { describe, expect, it } from 'vitest';
import { describeFixtures } from '../support/fixture-tests.js';
import { editBody, type FixtureMail, parseFixtureMail, readFixture, withHeader } from '../support/fixture-mail.js';
import { goDurationSeconds } from './kopia-time.js';

describeFixtures('kopia', import.meta.url);

const report = 'kopia-snapshot-report-multi-path-pushover.eml';
const errorMail = 'kopia-error-notification-pushover.eml';

/** The same report in the later template layout: indented fields, Duration on its own line, a footer. */
function laterLayout(mail: FixtureMail): FixtureMail {
  const body = mail.body
    .replace(/^Status: ok$/gm, '\n  Status:      success')
    .replace(/^Start: (.+?) Duration: (\S+)$/gm, '  Start:       $1\n  Duration:    $2')
    .replace(/^Size: .*$/gm, '  Size:        2 GB\n  Files:       118\n  Directories: 14')
    .replace('<more sources follow>', 'Generated at Mon, 04 Nov 2024 22:39:00 -0800 by Kopia v0.19.0.\n\nhttps://kopia.io/');
  return withHeader({ ...mail, body }, 'Subject', 'Successfully created 2 snapshots on host01.home.example');
}

describe('kopia snapshot reports', () => {
  it('gives one object per path with its own status', async () => {
    const mail = editBody(await readFixture(import.meta.url, report), /(Path: \/Users\/user01\/Documents\n)Status: ok/, '$1Status: fatal\nError: unable to open directory');
    const result = await parseFixtureMail(mail);
    expect(result.status).toBe('failed');
    expect(result.objects).toEqual([
      { name: '/Users/user01/Desktop', type: 'Path', status: 'success', message: null },
      { name: '/Users/user01/Documents', type: 'Path', status: 'failed', message: 'unable to open directory' },
    ]);
  });

  it('reads a path with warnings as a warning', async () => {
    const mail = editBody(await readFixture(import.meta.url, report), 'Status: ok', 'Status: warnings');
    expect((await parseFixtureMail(mail)).status).toBe('warning');
  });

  it('adds an object for every further path block and extends the end time', async () => {
    const extra = 'Path: /Users/user01/Pictures\nStatus: ok\nStart: 2024-11-04 22:38:40 -0800 PST Duration: 1m26s\nSize: 9 GB, 10 files, 1 directories.\n\n<more sources follow>';
    const result = await parseFixtureMail(editBody(await readFixture(import.meta.url, report), '<more sources follow>', extra));
    expect(result.objects.map((o) => o.name)).toEqual(['/Users/user01/Desktop', '/Users/user01/Documents', '/Users/user01/Pictures']);
    expect(result).toMatchObject({ startedAt: '2024-11-05T06:38:14Z', endedAt: '2024-11-05T06:40:06Z' });
  });

  it('reads the later template layout and subject, recognised by its footer', async () => {
    const result = await parseFixtureMail(laterLayout(await readFixture(import.meta.url, report)));
    expect(result).toMatchObject({ parser: 'kopia', jobName: 'host01.home.example', host: 'host01.home.example', status: 'success' });
    expect(result.objects).toHaveLength(2);
    expect(result.startedAt).toBe('2024-11-05T06:38:14Z');
  });

  it('reads RFC 1123 start times with their own offset', async () => {
    let mail = laterLayout(await readFixture(import.meta.url, report));
    mail = editBody(mail, '2024-11-04 22:38:14 -0800 PST', 'Mon, 04 Nov 2024 22:38:14 -0800');
    expect((await parseFixtureMail(mail)).startedAt).toBe('2024-11-05T06:38:14Z');
  });

  it('fails a report whose subject says snapshots failed', async () => {
    const mail = withHeader(laterLayout(await readFixture(import.meta.url, report)), 'Subject', 'Failed to create 1 of 2 snapshots on host01.home.example');
    expect((await parseFixtureMail(mail)).status).toBe('failed');
  });
});

describe('kopia error notifications', () => {
  it('types a maintenance error as Maintenance under the host', async () => {
    let mail = withHeader(await readFixture(import.meta.url, errorMail), 'Subject', 'Kopia has encountered an error during Maintenance on nas02.home.example');
    mail = editBody(mail, 'Operation: snapshot create', 'Operation: Scheduled Maintenance');
    expect(await parseFixtureMail(mail)).toMatchObject({ type: 'Maintenance', jobName: 'nas02.home.example', host: 'nas02.home.example', status: 'failed' });
  });

  it('reads RFC 3339 times', async () => {
    let mail = editBody(await readFixture(import.meta.url, errorMail), '2024-11-04 22:37:14 -0800 PST', '2024-11-05T06:37:14Z');
    mail = editBody(mail, '2024-11-04 22:38:40 -0800 PST', '2024-11-05T06:38:40Z');
    expect(await parseFixtureMail(mail)).toMatchObject({ startedAt: '2024-11-05T06:37:14Z', endedAt: '2024-11-05T06:38:40Z' });
  });

  it('does not claim a mail that only mentions Kopia', async () => {
    const mail = withHeader({ headers: (await readFixture(import.meta.url, errorMail)).headers, body: 'Kopia backup done.\n' }, 'Subject', 'Kopia backup done');
    expect((await parseFixtureMail(mail)).parser).not.toBe('kopia');
  });
});

describe('Go durations', () => {
  it.each([
    ['1m26s', 86],
    ['12.939ms', 0.012939],
    ['1h2m3.5s', 3723.5],
    ['0s', 0],
  ])('reads %s as %f seconds', (text, seconds) => {
    expect(goDurationSeconds(text)).toBeCloseTo(seconds, 9);
  });

  it('rejects text that is not a duration', () => {
    expect(goDurationSeconds('soon')).toBeNull();
  });
});
