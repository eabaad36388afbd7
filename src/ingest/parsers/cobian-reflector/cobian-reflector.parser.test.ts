import { describe, expect, it } from 'vitest';
import { describeFixtures } from '../support/fixture-tests.js';
import { editBody, type FixtureMail, parseFixtureMail, readFixture, withHeader } from '../support/fixture-mail.js';

describeFixtures('cobian-reflector', import.meta.url);

const sample = 'cobian-reflector-log-two-tasks.eml';

describe('cobian-reflector logs', () => {
  it('fails the task, and the run, that logged an ERR line', async () => {
    const mail = editBody(
      await readFixture(import.meta.url, sample),
      /(2021-10-01 11:21:33 {2}\*\* Backup for task "Test")/,
      'ERR 2021-10-01 11:21:30 Error copying the file "C:\\Daten\\Test\\a.pst": The process cannot access the file.\n$1',
    );
    const result = await parseFixtureMail(mail);
    expect(result.status).toBe('failed');
    expect(result.objects.map((o) => [o.name, o.status])).toEqual([
      ['EDV DOKU', 'success'],
      ['Test', 'failed'],
    ]);
    expect(result.objects[1]!.message).toBe('Error copying the file "C:\\Daten\\Test\\a.pst": The process cannot access the file.');
  });

  it('reads the older "Backup done for the task … Errors: N" summary', async () => {
    const mail = editBody(
      await readFixture(import.meta.url, sample),
      /\*\* Backup for task "Test" ended\. .*\*\*/,
      '** Backup done for the task "Test". Errors: 2. Processed files: 10. Backed up files: 8. Total size: 322,97 MB **',
    );
    const result = await parseFixtureMail(mail);
    expect(result.objects.find((o) => o.name === 'Test')).toMatchObject({ status: 'failed' });
    expect(result.status).toBe('failed');
  });

  it('makes one object per task name, whatever the tasks are called', async () => {
    const mail = editBody(await readFixture(import.meta.url, sample), /"Test"/g, '"Buchhaltung (täglich)"');
    expect((await parseFixtureMail(mail)).objects.map((o) => o.name)).toEqual(['EDV DOKU', 'Buchhaltung (täglich)']);
  });

  it('leaves a task that started but has no summary unknown, so the run is not a clean success', async () => {
    const mail = await readFixture(import.meta.url, sample);
    const result = await parseFixtureMail({ ...mail, body: `${mail.body}2021-10-01 11:28:00 Backing up the task "Archiv"\n` });
    expect(result.objects.find((o) => o.name === 'Archiv')).toMatchObject({ status: 'unknown' });
    expect(result.status).toBe('unknown');
  });

  it('names the job after the subject the admin set, without its date', async () => {
    const mail = withHeader(await readFixture(import.meta.url, sample), 'Subject', 'Cobian PC01 01.10.2021');
    expect((await parseFixtureMail(mail)).jobName).toBe('Cobian PC01');
  });

  it('reads the zone-less log times in the Date header offset', async () => {
    const mail = withHeader(await readFixture(import.meta.url, sample), 'Date', 'Fri, 01 Oct 2021 11:30:00 +0000');
    expect(await parseFixtureMail(mail)).toMatchObject({ startedAt: '2021-10-01T11:06:19Z', endedAt: '2021-10-01T11:26:15Z' });
  });

  it('does not claim another tool\'s timestamped log', async () => {
    const mail = withHeader(
      { ...(await readFixture(import.meta.url, sample)), body: '2021-10-01 11:06:19 [INFO] Process started\n2021-10-01 11:06:25 [INFO] Process finished.\n' },
      'Subject',
      'Backup log',
    );
    expect((await parseFixtureMail(mail)).parser).not.toBe('cobian-reflector');
  });
});
