import type { ReportObject } from '../../../domain/parse-result.js';
import { worstStatus, type ReportStatus } from '../../../domain/status.js';
import type { DecodedMessage } from '../../mime/decode.js';
import type { ParsedReport, Parser } from '../parser.js';
import { bodyLines } from '../support/log-lines.js';
import { absoluteToUtc, localToUtc, monthFromName } from '../support/time.js';

/**
 * Xen Orchestra's backup-reports plugin (xo-server-backup-reports) writes Markdown and mails it; clients
 * and users often see it flattened (no `##`, `- **…**`), so every line is read with the Markdown removed.
 * - Backup NG: subject `[Xen Orchestra] <status> − Backup report for <job> <icon>`, body
 *   `Global status: <status>`, `mode:`, times, `Successes: n / m`, then sections `n Failures`,
 *   `n Skipped`, `n Interrupted`, `n Successes`, each VM as `### <name>` + `UUID:`.
 * - Legacy backup (xo-server 5.0–5.x): subject `Backup Reports for "<job>" (Xen Orchestra)` (2016) or
 *   `[Xen Orchestra][<Status>] Backup report for <tag>`; blocks `VM : <name>`, `UUID:`, `Status: Fail`.
 */
const statusWords: Record<string, ReportStatus> = {
  success: 'success',
  failure: 'failed',
  fail: 'failed',
  failed: 'failed',
  // An interrupted run did not finish (the plugin reports it to Nagios as CRITICAL), whatever its counters say.
  interrupted: 'failed',
  // A skipped VM or job was not backed up (unhealthy VDI chain, no VM matched): not a failure of the job.
  skipped: 'warning',
};

const sectionHeading = /^(\d+)\s+(Failures?|Skipped|Interrupted|Success(?:es)?)$/i;

export const xenOrchestraParser: Parser = {
  id: 'xen-orchestra',
  software: 'Xen Orchestra',
  types: ['Backup NG', 'Legacy Backup', 'Metadata Backup'],
  match: {
    subjects: ['[Xen Orchestra] <status> − Backup report for <job>', 'Backup Reports for "<job>" (Xen Orchestra)'],
    bodies: ['Global status: <status>', 'VM : <name> / UUID: / Status: <status>'],
  },
  informational: false,
  jobNameRule: 'the backup job name from the subject ("Backup report for <job>", legacy "Backup Reports for \\"<job>\\"")',
  parse(mail: DecodedMessage): ParsedReport | null {
    const fromXo = /Xen Orchestra/i.test(mail.subject) || /xo-server-backup-reports/i.test(mail.text);
    if (!fromXo) return null;
    const lines = bodyLines(mail.text).map(unmark);
    const globalIndex = lines.findIndex((l) => /^Global status:\s*\S+/i.test(l));
    const legacyBlocks = lines.some((l) => /^VM\s*:/i.test(l)) && lines.some((l) => /^Status:\s*\S+/i.test(l));
    if (globalIndex < 0 && !legacyBlocks) return null;
    const trace: string[] = [];

    const type = reportType(mail.subject, lines, globalIndex);
    trace.push(`type "${type}"`);
    const jobName = jobNameFrom(mail.subject);
    trace.push(jobName ? `job name "${jobName}" from the subject` : 'job name null: the subject names no job');

    const objects = readVms(lines);
    let status: ReportStatus;
    if (globalIndex >= 0) {
      const word = /^Global status:\s*(\S+)/i.exec(lines[globalIndex]!)?.[1]?.toLowerCase() ?? '';
      status = statusWords[word] ?? 'unknown';
      trace.push(`status ${status}: line "${lines[globalIndex]}"`);
      const counts = lines.map((l) => /^Successes:\s*(\d+)\s*\/\s*(\d+)/i.exec(l)).find((m) => m);
      if (counts) {
        const [ok, all] = [Number(counts[1]), Number(counts[2])];
        if (ok === all && status !== 'success') {
          trace.push(`"Successes: ${ok} / ${all}" contradicts the global status; the global status stands`);
        } else if (ok < all && status === 'success') {
          status = 'warning';
          trace.push(`status warning: global status success but only ${ok} of ${all} VMs succeeded`);
        }
      }
    } else {
      status = objects.length ? worstStatus('success', ...objects.map((o) => o.status)) : 'unknown';
      trace.push(`status ${status}: worst of the per-VM "Status:" lines (legacy report has no global status)`);
    }
    if (lines.some((l) => /^Duration:\s*Invalid date/i.test(l))) {
      trace.push('"Duration: Invalid date": the plugin could not compute the run time (seen with interrupted runs)');
    }
    trace.push(`${objects.length} VM object(s)`);

    // With a global block its times come first; legacy blocks are per VM, so the run spans first start to last end.
    const starts = lines.filter((l) => /^Start time:/i.test(l));
    const ends = lines.filter((l) => /^End time:/i.test(l));
    const startLine = starts[0];
    const endLine = globalIndex >= 0 ? ends[0] : ends[ends.length - 1];
    const startedAt = startLine ? readTime(startLine.replace(/^Start time:\s*/i, ''), mail, trace, 'startedAt') : null;
    const endedAt = endLine ? readTime(endLine.replace(/^End time:\s*/i, ''), mail, trace, 'endedAt') : null;
    if (!startLine) trace.push('startedAt null: no "Start time:" line');
    if (!endLine) trace.push('endedAt null: no "End time:" line');

    return { type, jobName, host: null, status, startedAt, endedAt, objects, trace };
  },
};

/** Removes the Markdown the plugin writes: headings, list bullets, bold and italic markers. */
function unmark(line: string): string {
  return line
    .replace(/^\s*#+\s*/, '')
    .replace(/^\s*[-*]\s+/, '')
    .replace(/\*\*/g, '')
    .trim();
}

function reportType(subject: string, lines: string[], globalIndex: number): string {
  if (/Metadata backup report/i.test(subject)) return 'Metadata Backup';
  if (globalIndex < 0) return 'Legacy Backup';
  // Legacy jobs of xo-server 5.x also got a global block, but with "Type: <method>" instead of "mode:".
  const hasMode = lines.some((l) => /^mode:/i.test(l));
  const hasType = lines.some((l) => /^Type:\s*\S/i.test(l));
  return hasType && !hasMode ? 'Legacy Backup' : 'Backup NG';
}

function jobNameFrom(subject: string): string | null {
  const legacy = /Backup Reports for "(.+?)"/i.exec(subject);
  if (legacy) return legacy[1]!.trim();
  const ng = /backup report for\s+(.+)$/i.exec(subject);
  if (!ng) return null;
  // The subject ends with a status icon (✔, 🚨, ⚠️, ⏩).
  const name = ng[1]!.replace(/[\s\p{Extended_Pictographic}\uFE0F]+$/u, '').trim();
  return name || null;
}

/** Each VM is the line before a `UUID:` line; its status comes from its section or its own `Status:` line. */
function readVms(lines: string[]): ReportObject[] {
  const uuidIndexes = lines.flatMap((l, i) => (/^UUID:/i.test(l) ? [i] : []));
  const nameIndexes = uuidIndexes.map((u) => previousNonEmpty(lines, u));
  const objects: ReportObject[] = [];
  uuidIndexes.forEach((uuidIndex, k) => {
    const nameIndex = nameIndexes[k]!;
    if (nameIndex < 0) return;
    const nameLine = lines[nameIndex]!;
    const name = stripEmphasis(/^VM\s*:\s*(.*)$/i.exec(nameLine)?.[1] ?? nameLine);
    if (!name) return;
    let section: ReportStatus | null = null;
    for (let i = nameIndex; i >= 0; i--) {
      const heading = sectionHeading.exec(lines[i]!);
      if (heading) {
        section = sectionStatus(heading[2]!);
        break;
      }
    }
    const next = nameIndexes[k + 1] ?? lines.length;
    let status: ReportStatus = section ?? 'unknown';
    let message: string | null = null;
    for (let i = uuidIndex + 1; i < next; i++) {
      const line = lines[i]!;
      if (sectionHeading.test(line)) break;
      const own = /^Status:\s*(\S+)/i.exec(line);
      if (own) status = statusWords[stripEmphasis(own[1]!).toLowerCase()] ?? 'unknown';
      const why = /^(?:Error|Reason):\s*(.+)$/i.exec(line);
      if (why && message === null) message = why[1]!.trim();
    }
    objects.push({ name, type: 'VM', status, message });
  });
  return objects;
}

function sectionStatus(word: string): ReportStatus {
  const w = word.toLowerCase();
  if (w.startsWith('failure')) return 'failed';
  if (w === 'interrupted') return 'failed';
  if (w === 'skipped') return 'warning';
  return 'success';
}

function previousNonEmpty(lines: string[], index: number): number {
  for (let i = index - 1; i >= 0; i--) if (lines[i]!.trim()) return i;
  return -1;
}

function stripEmphasis(value: string): string {
  return value.replace(/^[*_]+|[*_]+$/g, '').trim();
}

/**
 * Times come in three shapes: moment's "Monday, July 9th 2018, 12:14:43 am" in the schedule's zone
 * without an offset (Backup NG), ISO with offset (2017), and JavaScript's "Sun Sep 04 2016 12:00:04
 * GMT+0200" (legacy). Only the first lacks a zone and takes the Date header's offset.
 */
function readTime(text: string, mail: DecodedMessage, trace: string[], label: string): string | null {
  const value = text.trim();
  const spelled = /^(?:[A-Za-z]+,\s*)?([A-Za-z]+)\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4}),?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(am|pm)?$/i.exec(value);
  if (spelled) {
    const month = monthFromName(spelled[1]!);
    let hour = Number(spelled[4]);
    const meridiem = spelled[7]?.toLowerCase();
    if (meridiem === 'pm' && hour < 12) hour += 12;
    if (meridiem === 'am' && hour === 12) hour = 0;
    if (month) {
      return localToUtc(
        { year: Number(spelled[3]), month, day: Number(spelled[2]), hour, minute: Number(spelled[5]), second: Number(spelled[6] ?? 0) },
        mail,
        trace,
        label,
      );
    }
  }
  if (/(?:GMT|UTC)?[+-]\d{2}:?\d{2}(?:\s*\([^)]*\))?$|Z$/i.test(value)) {
    return absoluteToUtc(value.replace(/\s*\([^)]*\)$/, ''), trace, label);
  }
  trace.push(`${label}: "${value}" is not a time, ignored`);
  return null;
}
