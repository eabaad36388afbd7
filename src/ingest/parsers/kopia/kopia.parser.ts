import type { ReportObject } from '../../../domain/parse-result.js';
import type { ReportStatus } from '../../../domain/status.js';
import type { DecodedMessage } from '../../mime/decode.js';
import type { ParsedReport, Parser } from '../parser.js';
import { addSeconds } from '../support/time.js';
import { goDurationSeconds, kopiaTime } from './kopia-time.js';

/**
 * Kopia (0.18+) sends three notification templates: generic-error ("Kopia has encountered an error
 * during <operation> on <host>"), snapshot-report (one "Path:" block per source with "Status:") and
 * test-notification. The snapshot-report subject changed between versions ("Kopia created 2 snapshots
 * on h", "Successfully created 2 snapshots on h", "Failed to create 1 of 2 snapshots on h"); all end in
 * " on <host>". Kopia mails name no job, so the host is the job name.
 */
const errorSubject = /^Kopia has encountered an error during (.+?) on (\S+)\s*$/i;
const testSubject = /^Test notification from Kopia\b/i;
const trailingHost = / on (\S+)\s*$/;
const footer = /^Generated at .+ by Kopia\b/m;

const statusCodes: Record<string, ReportStatus> = {
  ok: 'success', success: 'success', warnings: 'warning', warning: 'warning',
  // An incomplete snapshot (interrupted, checkpoint) is not a finished backup of the source.
  incomplete: 'warning', fatal: 'failed', error: 'failed', failed: 'failed',
};

export const kopiaParser: Parser = {
  id: 'kopia',
  software: 'Kopia',
  types: ['Snapshot', 'Maintenance', 'Test'],
  match: {
    subjects: ['Kopia has encountered an error during <operation> on <host>', 'Kopia created N snapshots on <host>', 'Successfully created …/Failed to create … on <host>', 'Test notification from Kopia at …'],
    bodies: ['"Path:" blocks with "Status:" and "Start:"', '"Operation:", "Started:", "Finished:"', 'footer "Generated at … by Kopia <version>."'],
  },
  informational: false,
  jobNameRule: 'the host from the subject ("… on <host>"): Kopia mails name no job',
  parse(mail: DecodedMessage): ParsedReport | null {
    const fromKopia = /\bkopia\b/i.test(mail.subject) || footer.test(mail.text);
    if (!fromKopia) return null;
    if (testSubject.test(mail.subject)) return testNotification(mail);
    const error = errorSubject.exec(mail.subject);
    const text = mail.text;
    if (error || (/^Operation:/m.test(text) && /^Started:/m.test(text))) return errorNotification(mail, error);
    if (/^Path:/m.test(text) && /^\s*Status:/m.test(text)) return snapshotReport(mail);
    return null;
  },
};

function hostFrom(mail: DecodedMessage, trace: string[]): string | null {
  const host = trailingHost.exec(mail.subject)?.[1] ?? null;
  trace.push(host ? `job name and host "${host}" from the subject (Kopia names no job)` : 'no host in the subject');
  return host;
}

function errorNotification(mail: DecodedMessage, subject: RegExpExecArray | null): ParsedReport {
  const trace: string[] = [];
  const host = hostFrom(mail, trace);
  const operation = subject?.[1] ?? /^Operation:\s*(.+?)\s*$/m.exec(mail.text)?.[1] ?? 'snapshot';
  const type = typeOf(operation);
  trace.push(`type ${type} from the operation "${operation}"`);
  const detail = /^Finished:.*\n\s*\n\s*(\S.*)$/m.exec(mail.text)?.[1];
  trace.push(`status failed: Kopia's error notification${detail ? ` ("${detail.trim()}")` : ''}`);
  const started = /^Started:\s*(.+?)\s*$/m.exec(mail.text)?.[1];
  const finished = /^Finished:\s*(.+?)(?:\s+\([^)]*\))?\s*$/m.exec(mail.text)?.[1];
  const startedAt = started ? kopiaTime(started, trace, 'startedAt from "Started"') : null;
  const endedAt = finished ? kopiaTime(finished, trace, 'endedAt from "Finished"') : null;
  return { type, jobName: host, host, status: 'failed', startedAt, endedAt, objects: [], trace };
}

function snapshotReport(mail: DecodedMessage): ParsedReport {
  const trace: string[] = [];
  const host = hostFrom(mail, trace);
  const objects: ReportObject[] = [];
  let startedAt: string | null = null;
  let endedAt: string | null = null;
  const body = mail.text.split(footer)[0] ?? mail.text;
  const blocks = body.split(/^Path:[ \t]*/m).slice(1);
  for (const block of blocks) {
    const path = block.split(/\r?\n/)[0]!.trim();
    const code = /^\s*Status:\s*(\S+)/m.exec(block)?.[1] ?? '';
    let status = statusCodes[code.toLowerCase()] ?? 'unknown';
    const error = /^\s*Error:\s*(.+?)\s*$/m.exec(block)?.[1] ?? null;
    const failedEntry = /Failed Entries:[\s\S]*?^\s*-\s+(.+?)\s*$/m.exec(block)?.[1] ?? null;
    // Failed entries under a "success" status contradict it: not a success.
    if (status === 'success' && failedEntry) status = 'warning';
    trace.push(`object ${path}: status ${status} from "Status: ${code}"${failedEntry && status === 'warning' ? ' with failed entries' : ''}`);
    objects.push({ name: path, type: 'Path', status, message: error ?? failedEntry });

    const start = /^\s*Start:\s*(.+?)(?:\s+Duration:.*)?\s*$/m.exec(block)?.[1];
    const duration = /Duration:\s*(\S+)/.exec(block)?.[1];
    const begin = start ? kopiaTime(start, [], '') : null;
    if (begin && (!startedAt || begin < startedAt)) startedAt = begin;
    const seconds = duration ? goDurationSeconds(duration) : null;
    // Kopia truncates start times to the second; the end is rounded the same way.
    const end = addSeconds(begin, seconds === null ? null : Math.round(seconds));
    if (end && (!endedAt || end > endedAt)) endedAt = end;
  }
  if (startedAt) trace.push(`startedAt: ${startedAt} (earliest "Start:" of the paths, with its own offset)`);
  if (endedAt) trace.push(`endedAt: ${endedAt} (latest "Start:" plus "Duration:" of the paths)`);
  const counted = /\b(\d+) snapshots?\b/.exec(mail.subject)?.[1];
  if (counted && Number(counted) !== objects.length) trace.push(`subject counts ${counted} snapshots, the body lists ${objects.length}`);

  let status: ReportStatus;
  if (/\b(?:failed|fatal|error)\b/i.test(mail.subject)) {
    status = 'failed';
    trace.push(`status failed: subject "${mail.subject}"`);
  } else if (objects.length > 0) {
    status = 'success';
    trace.push('status from the paths\' "Status:" lines (worst wins)');
  } else {
    status = 'unknown';
    trace.push('status unknown: no path blocks');
  }
  return { type: 'Snapshot', jobName: host, host, status, startedAt, endedAt, objects, trace };
}

function testNotification(mail: DecodedMessage): ParsedReport {
  const trace = ['test notification: informational'];
  const host = /configuration on (\S+) is correct/.exec(mail.text)?.[1] ?? null;
  trace.push(host ? `job name and host "${host}" from the body` : 'no host in the test notification');
  return { type: 'Test', jobName: host, host, status: 'success', informational: true, startedAt: null, endedAt: null, objects: [], trace };
}

/** "snapshot create" → Snapshot, "Maintenance"/"maintenance run" → Maintenance, else the command word. */
function typeOf(operation: string): string {
  const word = operation.trim().split(/\s+/)[0]?.toLowerCase() ?? 'snapshot';
  if (word.startsWith('snapshot')) return 'Snapshot';
  if (word.startsWith('maintenance')) return 'Maintenance';
  return word.charAt(0).toUpperCase() + word.slice(1);
}
