import { describe, expect, it } from 'vitest';
import { describeFixtures } from '../support/fixture-tests.js';
import { editBody, type FixtureMail, parseFixtureMail, readFixture, withHeader } from '../support/fixture-mail.js';
import { readDuration } from './synology-hyperbackup.parser.js';

describeFixtures('synology-hyperbackup', import.meta.url);

const success = 'hyperbackup-de-success-webdav.eml';
const failure = 'hyperbackup-de-failed.template.eml';

/** The success mail is HTML; its decoded text is edited and sent back as plain text. */
async function successMail(): Promise<FixtureMail> {
  return withHeader(await readFixture(import.meta.url, success), 'Content-Type', 'text/plain; charset=utf-8');
}

describe('synology-hyperbackup German mails', () => {
  it('gives two customers\' NAS with the same task name different hosts', async () => {
    const a = await parseFixtureMail(await successMail());
    let mail = withHeader(await successMail(), 'Subject', '[Kunde2] WebDAV cloud backup - Cloud-Backup zu Hetzner erfolgreich auf NAS-Kunde2');
    mail = editBody(mail, 'Von DiskStation', 'Von NAS-Kunde2');
    const b = await parseFixtureMail(mail);
    expect(a).toMatchObject({ jobName: 'Cloud-Backup zu Hetzner', host: 'DiskStation', sender: 'sns@synologynotification.com' });
    expect(b).toMatchObject({ jobName: 'Cloud-Backup zu Hetzner', host: 'NAS-Kunde2', sender: 'sns@synologynotification.com' });
  });

  it('takes the host from the subject when the signature is missing', async () => {
    const mail = editBody(await successMail(), 'Von DiskStation', '');
    expect((await parseFixtureMail(mail)).host).toBe('DiskStation');
  });

  it('is not a success when the subject says erfolgreich but the body reports a failure', async () => {
    const mail = editBody(await successMail(), 'Ihre Datensicherungsaufgabe Cloud-Backup zu Hetzner ist jetzt abgeschlossen.', 'Die Datensicherung auf DiskStation ist fehlgeschlagen.');
    expect((await parseFixtureMail(mail)).status).toBe('failed');
  });

  it('is a warning when the mail reports WARNUNGEN', async () => {
    const mail = withHeader(await successMail(), 'Subject', '[ACME Synology-NAS] WebDAV cloud backup - Cloud-Backup zu Hetzner mit WARNUNGEN auf DiskStation');
    expect((await parseFixtureMail(mail)).status).toBe('warning');
  });

  it('ends the run at start plus the duration, hours included', async () => {
    const mail = editBody(await successMail(), 'Dauer: 14 Minuten 26 Sekunden', 'Dauer: 2 Stunden 1 Minute 5 Sekunden');
    expect(await parseFixtureMail(mail)).toMatchObject({ startedAt: '2025-01-25T01:00:01Z', endedAt: '2025-01-25T03:01:06Z' });
  });

  it('reads the zone-less start in the Date header offset and German month abbreviations', async () => {
    let mail = withHeader(await successMail(), 'Date', 'Sun, 26 Oct 2025 02:14:40 -0500');
    mail = editBody(mail, 'Startzeit: Sa, 25 Jan 2025 02:00:01', 'Startzeit: So, 26 Okt 2025 02:00:01');
    expect(await parseFixtureMail(mail)).toMatchObject({ startedAt: '2025-10-26T07:00:01Z', endedAt: '2025-10-26T07:14:27Z' });
  });

  it('reads the failure mail: its own labels, the untranslated "Second" unit, the host from the body', async () => {
    const result = await parseFixtureMail(withHeader(await readFixture(import.meta.url, failure), 'Subject', '[Kunde2 NAS] Hyper Backup'));
    expect(result).toMatchObject({ status: 'failed', host: 'nas-kunde2', jobName: 'Cloud-Backup zu Hetzner', endedAt: '2023-08-17T01:41:29Z' });
  });

  it.each([
    ['14 Minuten 26 Sekunden', 866],
    ['1 Stunde 0 Minuten 1 Sekunde', 3601],
    ['0 Second ', 0],
    ['3 Minutes 2 Seconds', 182],
    ['unbekannt', null],
  ])('reads the duration "%s" as %s seconds', (text, seconds) => {
    expect(readDuration(text)).toBe(seconds);
  });
});

describe('synology-hyperbackup English fallback (unverified strings)', () => {
  it('accepts the DSM event phrase for a Hyper Backup task, with low confidence and the host from the phrase', async () => {
    const mail = withHeader(
      { ...(await successMail()), body: 'Data backup task on nas-x partially completed.\n\nHyper Backup task: Offsite\n' },
      'Subject',
      '[ACME] Data backup task on nas-x partially completed',
    );
    expect(await parseFixtureMail(mail)).toMatchObject({ parser: 'synology-hyperbackup', status: 'warning', host: 'nas-x', confidence: 'low' });
  });
});

describe('synology-hyperbackup claiming', () => {
  it('does not claim an Active Backup for Business mail from the same relay', async () => {
    const body = [
      'attività backup BCK-PC01 su BACKUPNAS completata',
      'ora inizio 26/04/2026 00:02',
      'ora fine 26/04/2026 00:18',
      'dimensioni trasferite 14.4 GB',
      'dispositivo PC01',
    ].join('\n');
    const mail = withHeader({ ...(await successMail()), body }, 'Subject', 'NAS-BCK Active Backup for Business - attività di backup BCK-PC01 su BACKUPNAS completata');
    expect((await parseFixtureMail(mail)).parser).not.toBe('synology-hyperbackup');
  });
});
