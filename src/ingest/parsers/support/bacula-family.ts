import { worstStatus, type ReportStatus } from '../../../domain/status.js';
import type { DecodedMessage } from '../../mime/decode.js';
import type { ParsedReport } from '../parser.js';
import { localToUtc, monthFromName } from './time.js';

/**
 * Bareos forked from Bacula in 2010 and both directors still mail the same job log: lines
 * "<time> <daemon> JobId N: [Error: |Fatal error: |Warning: ]text", then the job report that starts
 * "<Product> <director> <version> (<build date>):" followed by "Job:", "Backup Level:", "Client:",
 * "Start time:", "End time:" … "Termination:". The default mail command's subject is
 * "<Product>: %t %e of %c %l" (type, exit status, client, level) and its From name "(<Product>)".
 * One reader serves both parsers; each claims only the mails whose product is its own.
 */
export type BaculaProduct = 'Bacula' | 'Bareos';

/** "Bacula airback-dir 5.0.2 (28Apr10): 20-Jul-2018 03:26:20", "Bareos bareos-dir 22.0.4~pre53 (14Apr23):" */
const reportHeader = /\b(Bacula|Bareos)(?: Enterprise)?(?: (\S+))? (\d+\.\d+[\w.~+-]*) \((\d{1,2} ?[A-Za-z]{3} ?\d{2,4})\):[ \t]*(.*)$/im;
const subjectPattern = /^(Bacula|Bareos):\s+(.+?)\s+of\s+(\S+)(?:\s+(\S+))?\s*$/i;
const jobTypes: Record<string, string> = {
  backup: 'Backup', restore: 'Restore', verify: 'Verify', admin: 'Admin', copy: 'Copy', copying: 'Copy',
  migrate: 'Migrate', migration: 'Migrate', archive: 'Archive', consolidate: 'Consolidate',
};
export const baculaFamilyTypes = ['Backup', 'Restore', 'Verify', 'Admin', 'Copy', 'Migrate', 'Archive', 'Consolidate'];

/** Which product wrote the mail: the report header is decisive, then the subject prefix, the From name, daemon names. */
export function baculaFamilyProduct(mail: DecodedMessage): { product: BaculaProduct; evidence: string } | null {
  const header = reportHeader.exec(mail.text);
  if (header) return { product: productName(header[1]!), evidence: `report header "${header[0].trim().slice(0, 80)}"` };
  const subject = /^(Bacula|Bareos):/i.exec(mail.subject.trim());
  if (subject) return { product: productName(subject[1]!), evidence: `subject prefix "${subject[0]}"` };
  const from = /\b(Bacula|Bareos)\b/i.exec(mail.fromName ?? '');
  if (from) return { product: productName(from[1]!), evidence: `sender name "${mail.fromName}"` };
  const daemon = /\b(bacula|bareos)-(?:dir|sd|fd) JobId \d+:/i.exec(mail.text);
  if (daemon) return { product: productName(daemon[1]!), evidence: `daemon name "${daemon[0]}"` };
  return null;
}

function productName(word: string): BaculaProduct {
  return word.toLowerCase() === 'bareos' ? 'Bareos' : 'Bacula';
}

/** Null when the mail is not a job log/report of `product`. */
export function parseBaculaFamilyReport(mail: DecodedMessage, product: BaculaProduct): ParsedReport | null {
  const text = mail.text;
  const isJobMail = /^\s*JobId:\s*\d+/m.test(text) || /^\s*Termination:/m.test(text) || /\bJobId \d+: /.test(text);
  if (!isJobMail) return null;
  const found = baculaFamilyProduct(mail);
  if (found?.product !== product) return null;
  const trace = [`${product}: ${found.evidence}`];
  const subject = subjectPattern.exec(mail.subject.trim());
  const subjectType = subject?.[2]?.split(/\s+/)[0] ?? null;
  const subjectExit = subject?.[2]?.split(/\s+/).slice(1).join(' ') ?? null;

  const job = field(text, 'Job') ?? /\bJob=(\S+?)(?:,|\s|$)/.exec(text)?.[1] ?? null;
  const clientLine = /^\s*(?:Restore )?Client:\s+"?([^"\s]+)"?/m.exec(text);
  const host = clientLine?.[1] ?? subject?.[3] ?? null;
  trace.push(host ? `host "${host}" from ${clientLine ? 'the Client: line' : 'the subject'}` : 'no Client: line and no subject client');
  // The unique job name is "<Name>.<yyyy-mm-dd_hh.mm.ss>_<nn>"; the schedule belongs to <Name>.
  const name = job ? job.replace(/\.\d{4}-\d{2}-\d{2}_\d{2}\.\d{2}\.\d{2}_\d+$/, '') : host;
  trace.push(job ? `job name "${name}" from Job: ${job} without its run suffix` : `no Job: line: job name is the client "${name}"`);
  const level = field(text, 'Backup Level');
  if (level) trace.push(`backup level ${level.split(',')[0]}`);

  const termination = field(text, 'Termination');
  const typeWord = subjectType ?? termination?.replace(/^\W+/, '').split(/\s+/)[0] ?? null;
  const type = (typeWord && jobTypes[typeWord.toLowerCase()]) ?? 'Backup';
  trace.push(`type ${type} from ${typeWord && jobTypes[typeWord.toLowerCase()] ? (subjectType ? 'the subject' : 'Termination:') : 'default (no job type named)'}`);

  const status = jobStatus(text, termination, subjectExit, trace);
  const startedAt = reportTime(field(text, 'Start time'), mail, trace, 'startedAt from Start time:');
  let endedAt = reportTime(field(text, 'End time'), mail, trace, 'endedAt from End time:');
  const header = reportHeader.exec(text);
  if (!endedAt && header?.[5]?.trim()) {
    // Bacula 5 ends the report header with the job's end time (the same value as End time:).
    endedAt = reportTime(header[5].trim(), mail, trace, 'endedAt from the report header');
  }
  if (!startedAt) trace.push('no Start time: line: start unknown');
  return { type, jobName: name, host, status, startedAt, endedAt, objects: [], trace };
}

function jobStatus(text: string, termination: string | null, subjectExit: string | null, trace: string[]): ReportStatus {
  const fatal = /\bFatal error: (.*)$/m.exec(text);
  const errors = [...text.matchAll(/\bJobId \d+: Error: (.*)$/gm)];
  // The director sends the report itself as an Error message when the job failed; other Error lines are the cause.
  const error = errors.find((e) => !reportHeader.test(e[1]!)) ?? errors[0];
  const warning = /\bJobId \d+: Warning: (.*)$/m.exec(text);
  if (termination) {
    let status = exitStatus(termination);
    trace.push(`status ${status}: Termination: ${termination}`);
    const line = fatal ?? error ?? warning;
    if (status === 'success' && line) {
      status = 'warning';
      trace.push(`status warning: Termination says OK but the log has "${clip(line[0])}"`);
    }
    return status;
  }
  let status: ReportStatus | null = null;
  if (subjectExit) {
    status = exitStatus(subjectExit);
    trace.push(`status ${status}: subject exit status "${subjectExit}"`);
  }
  for (const [line, verdict] of [[fatal, 'failed'], [error, 'failed'], [warning, 'warning']] as const) {
    if (!line) continue;
    status = status ? worstStatus(status, verdict) : verdict;
    const what = reportHeader.test(line[1]!) ? 'the job report was sent as an Error message' : `log line "${clip(line[0])}"`;
    trace.push(`status ${status}: ${what}`);
  }
  if (status) return status;
  trace.push('status unknown: no Termination: line, no exit status in the subject, no Error/Warning lines');
  return 'unknown';
}

/** Termination texts ("Backup OK -- with warnings", "*** Backup Error ***") and subject exit statuses ("Fatal Error"). */
function exitStatus(text: string): ReportStatus {
  const t = text.toLowerCase();
  if (/error|fatal|fail|cancel|incomplete|inappropriate|unknown term/.test(t)) return 'failed';
  if (/with warnings|differences/.test(t)) return 'warning';
  if (/\bok\b/.test(t)) return 'success';
  return 'unknown';
}

/** "Label:   value" in the report; Bacula indents these lines, copies of them often lose the indent. */
function field(text: string, label: string): string | null {
  const found = new RegExp(`^[ \\t]*${label}:[ \\t]+(.+?)\\s*$`, 'm').exec(text);
  return found?.[1] ?? null;
}

/** bstrftime: "20-Jul-2018 03:26:20" (older: no seconds); some builds print "2018-07-20 03:26:20". Local time. */
function reportTime(value: string | null, mail: DecodedMessage, trace: string[], label: string): string | null {
  if (!value) return null;
  const named = /^(\d{1,2})-([A-Za-z]{3,4})-(\d{2,4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?/.exec(value);
  if (named) {
    const month = monthFromName(named[2]!);
    const year = named[3]!.length === 2 ? 2000 + Number(named[3]) : Number(named[3]);
    if (month) return localToUtc({ year, month, day: +named[1]!, hour: +named[4]!, minute: +named[5]!, second: +(named[6] ?? 0) }, mail, trace, label);
  }
  const iso = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?/.exec(value);
  if (iso) return localToUtc({ year: +iso[1]!, month: +iso[2]!, day: +iso[3]!, hour: +iso[4]!, minute: +iso[5]!, second: +(iso[6] ?? 0) }, mail, trace, label);
  trace.push(`${label}: "${value}" is not a time format the director writes, ignored`);
  return null;
}

function clip(text: string): string {
  return text.length > 160 ? `${text.slice(0, 160)}…` : text;
}
