import type { ReportObject } from '../../../domain/parse-result.js';
import { worstStatus, type ReportStatus } from '../../../domain/status.js';
import type { DecodedMessage } from '../../mime/decode.js';
import type { ParsedReport, Parser } from '../parser.js';

/**
 * BackupPC sends no mail per backup. BackupPC_nightly runs BackupPC_sendEmail, which sends the admin
 * "BackupPC administrative attention needed" (hosts whose last backup failed, hosts skipped because the
 * pool disk was full, bogus pc/ directories) and, to each host's user, reminders from the English
 * language file: no backup ever, no recent backup, Outlook files not backed up. Only the English texts
 * are recognised; other languages fall through to the generic parser.
 */
const adminSubject = /^BackupPC administrative attention needed\b/i;
const hostErrors = /The following hosts? had an error that is probably caused by a\s+misconfiguration\.\s+Please fix (?:these|this) hosts?:[ \t]*\r?\n((?:[ \t]+-[ \t]+.*(?:\r?\n|$))+)/;
const diskFull = /Yesterday (\d+) hosts were skipped because the file system containing\s+(\S+) was too full/;
const bogusDirs = /The following directories are bogus and are not being used by\s+BackupPC\./;

interface UserMessage {
  subject: RegExp;
  body: RegExp;
  status: ReportStatus;
  reason: string;
}

const userMessages: UserMessage[] = [
  {
    subject: /^BackupPC: no backups of (.+?) have succeeded\s*$/i,
    body: /Your PC \((.+?)\) has never been successfully backed up/,
    status: 'failed',
    // No backup of this host exists at all: nothing could be restored, the strongest failure there is.
    reason: 'the host has never been backed up successfully',
  },
  {
    subject: /^BackupPC: no recent backups on (.+?)\s*$/i,
    body: /Your PC \((.+?)\) has not been successfully backed up for ([\d.]+) days/,
    status: 'failed',
    reason: 'no successful backup for the configured number of days (EMailNotifyOldBackupDays)',
  },
  {
    subject: /^BackupPC: Outlook files on (.+?) need to be backed up\s*$/i,
    body: /The Outlook files on your PC have not been backed up/,
    status: 'warning',
    // The rest of the PC is backed up; only the locked .pst files are missing.
    reason: 'the Outlook files were locked and not backed up; the rest of the PC was',
  },
];

export const backuppcParser: Parser = {
  id: 'backuppc',
  software: 'BackupPC',
  types: ['Backup'],
  match: {
    subjects: ['BackupPC administrative attention needed', 'BackupPC: no backups of <host> have succeeded', 'BackupPC: no recent backups on <host>', 'BackupPC: Outlook files on <host> need to be backed up', "BackupPC: can't connect to server", 'BackupPC test email'],
    bodies: ['"The following hosts had an error …  - <host> (<error>)"', '"Your PC (<host>) has never been successfully backed up"', 'signature "PC Backup Genie" / "BackupPC Genie"'],
  },
  informational: false,
  jobNameRule: 'the BackupPC host the mail is about; an admin mail listing several hosts (or none) is "Administrative attention" with one object per host',
  parse(mail: DecodedMessage): ParsedReport | null {
    const subject = mail.subject.trim();
    const signed = /\b(?:PC )?Backup(?:PC)? Genie\b/.test(mail.text);
    if (!/^BackupPC\b/i.test(subject) && !signed) return null;
    if (adminSubject.test(subject) || hostErrors.test(mail.text)) return adminMail(mail);
    if (/^BackupPC: can't connect to server/i.test(subject)) {
      return report('Administrative attention', null, 'failed', ["status failed: BackupPC_sendEmail could not connect to the BackupPC server"]);
    }
    if (/^BackupPC test email\b/i.test(subject)) {
      return { ...report('Administrative attention', null, 'success', ['test email: informational']), informational: true };
    }
    for (const message of userMessages) {
      const bySubject = message.subject.exec(subject);
      const byBody = message.body.exec(mail.text);
      if (!bySubject && !byBody) continue;
      // The body's "Your PC (<host>)" is the template's own; the subject may have been customised.
      const host = byBody?.[1] ?? bySubject?.[1] ?? null;
      const trace = [
        host ? `job name and host "${host}": the BackupPC host the reminder is about (${byBody?.[1] ? 'body' : 'subject'})` : 'no host named',
        `status ${message.status}: ${message.reason}`,
      ];
      return report(host, host, message.status, trace);
    }
    return null;
  },
};

function adminMail(mail: DecodedMessage): ParsedReport {
  const trace: string[] = [];
  const objects: ReportObject[] = [];
  const list = hostErrors.exec(mail.text)?.[1] ?? '';
  for (const line of list.split(/\r?\n/)) {
    const row = /^\s*-\s+(\S+)(?:\s+\((.*)\))?\s*$/.exec(line);
    if (!row) continue;
    objects.push({ name: row[1]!, type: 'Host', status: 'failed', message: row[2] ?? null });
    trace.push(`object ${row[1]}: failed, its last backup ended in error (${row[2] ?? 'no reason given'})`);
  }
  let status: ReportStatus = objects.length > 0 ? 'failed' : 'unknown';
  const full = diskFull.exec(mail.text);
  if (full) {
    status = worstStatus(status, 'failed');
    trace.push(`status failed: ${full[1]} hosts were skipped because ${full[2]} was too full (their backups did not run)`);
  }
  if (bogusDirs.test(mail.text)) {
    status = worstStatus(status, 'warning');
    trace.push(`status ${status}: bogus host directories reported (housekeeping)`);
  }
  if (status === 'unknown') trace.push('status unknown: no section of the admin mail was recognised');
  const only = objects.length === 1 && !full ? objects[0]!.name : null;
  trace.unshift(
    only
      ? `job name and host "${only}": the one BackupPC host the admin mail is about`
      : `job name "Administrative attention": the admin mail is about ${objects.length} hosts`,
  );
  return { ...report(only ?? 'Administrative attention', only, status, trace), objects };
}

function report(jobName: string | null, host: string | null, status: ReportStatus, trace: string[]): ParsedReport {
  return { type: 'Backup', jobName, host, status, startedAt: null, endedAt: null, objects: [], trace };
}
