import { worstStatus, type ReportStatus } from '../../../domain/status.js';
import type { DecodedMessage } from '../../mime/decode.js';
import { jobNameFromSubject } from '../generic/generic.parser.js';
import type { ParsedReport, Parser } from '../parser.js';
import { localToUtc, resolveDayMonth, toIso } from '../support/time.js';

/**
 * Duplicati 2 mails the result object of an operation as "Key: value" lines (the default
 * `--send-mail-body` is `%RESULT%`) under the default subject "Duplicati %OPERATIONNAME% report for
 * %backup-name%". The backup name exists only in the subject: the result dump does not carry it.
 */
const subjectPattern = /^Duplicati\s+([A-Za-z]+)\s+report\s+for\s+(.+?)\s*$/i;

/**
 * Keys of Duplicati's result dump. Without the default subject, a body needs one of the distinctive
 * ones and at least one more at column 0: BeginTime/EndTime alone are common words in other reports.
 */
const distinctiveKeys = ['ParsedResult', 'MainOperation', 'ListFilesets', 'SizeOfExaminedFiles'];
const resultKeys = [...distinctiveKeys, 'BeginTime', 'EndTime', 'ExaminedFiles', 'Dryrun'];

const parsedResults: Record<string, ReportStatus> = {
  success: 'success', warning: 'warning', error: 'failed', fatal: 'failed', unknown: 'unknown',
};

export const duplicatiParser: Parser = {
  id: 'duplicati',
  software: 'Duplicati',
  types: ['Backup'],
  match: {
    subjects: ['Duplicati <operation> report for <backup name>'],
    bodies: ['result dump lines at column 0: ParsedResult:, MainOperation:, BeginTime:, EndTime:, Warnings: [ ], Errors: [ ]'],
  },
  informational: false,
  jobNameRule: 'the backup name from the subject "Duplicati <operation> report for <backup name>"; without that subject, the subject cleaned like the generic parser does',
  parse(mail: DecodedMessage): ParsedReport | null {
    const subject = subjectPattern.exec(mail.subject);
    const keys = topLevelKeys(mail.text);
    const bodyEvidence = distinctiveKeys.some((k) => keys.has(k)) && resultKeys.filter((k) => keys.has(k)).length >= 2;
    if (!subject && !bodyEvidence) return null;
    const trace: string[] = [];

    let jobName: string;
    if (subject?.[2]) {
      jobName = subject[2];
      trace.push(`job name "${jobName}" from the subject (Duplicati's backup name)`);
    } else {
      jobName = jobNameFromSubject(mail.subject);
      trace.push(`job name "${jobName}" from the subject cleaned of dates and status words (not the default Duplicati subject)`);
    }

    // Every operation of a backup job (list, restore, test, compact…) reports under the job's name; only
    // Backup is a run that counts, the others are informational runs of the same job (same key, type Backup).
    const operation = keys.get('MainOperation') ?? subject?.[1] ?? (keys.has('ListFilesets') ? 'List' : 'Backup');
    let informational = operation.toLowerCase() !== 'backup';
    trace.push(`operation ${operation}${informational ? ': not a backup, informational' : ''}`);
    if (keys.get('Dryrun')?.toLowerCase() === 'true') {
      informational = true;
      trace.push('Dryrun: True: a dry run, informational');
    }

    const status = resultStatus(mail.text, keys, trace);
    const startedAt = duplicatiTime(keys.get('BeginTime'), mail, trace, 'startedAt from BeginTime');
    const endedAt = duplicatiTime(keys.get('EndTime'), mail, trace, 'endedAt from EndTime');
    if (!startedAt && !endedAt) trace.push('no BeginTime/EndTime in the mail: times unknown');

    return { type: 'Backup', jobName, host: null, status, informational, startedAt, endedAt, objects: [], trace };
  },
};

function resultStatus(text: string, keys: Map<string, string>, trace: string[]): ReportStatus {
  const parsed = keys.get('ParsedResult');
  let status: ReportStatus | null = null;
  if (parsed !== undefined) {
    status = parsedResults[parsed.toLowerCase()] ?? 'unknown';
    trace.push(`status ${status}: ParsedResult: ${parsed}`);
  }
  const errors = resultList(text, 'Errors');
  const warnings = resultList(text, 'Warnings');
  // "ParsedResult: Success" has been seen beside a non-empty Warnings list: the list wins.
  if (errors?.first) {
    status = status ? worstStatus(status, 'failed') : 'failed';
    trace.push(`status ${status}: Errors list is not empty ("${errors.first}")`);
  }
  if (warnings?.first) {
    status = status ? worstStatus(status, 'warning') : 'warning';
    trace.push(`status ${status}: Warnings list is not empty ("${warnings.first}")`);
  }
  if (keys.get('PartialBackup')?.toLowerCase() === 'true') {
    status = status ? worstStatus(status, 'warning') : 'warning';
    trace.push(`status ${status}: PartialBackup: True (the backup stopped before all files were processed)`);
  }
  if (status) return status;
  if (errors || warnings) {
    trace.push('status success: no ParsedResult line, and the Warnings and Errors lists are empty');
    return 'success';
  }
  trace.push('status unknown: no ParsedResult line and no Warnings/Errors lists');
  return 'unknown';
}

/** "Key: value" lines at column 0; nested results (CompactResults, BackendStatistics…) are indented. */
function topLevelKeys(text: string): Map<string, string> {
  const keys = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const found = /^([A-Z][A-Za-z]+):[ \t]*(.*?)\s*$/.exec(line);
    if (found && !keys.has(found[1]!)) keys.set(found[1]!, found[2]!);
  }
  return keys;
}

interface ResultList {
  /** The first entry, or null when the list is empty. */
  first: string | null;
}

/** `Warnings: [text]` on one line, or `Warnings: [` … `]` over several lines, one entry per line. */
function resultList(text: string, name: string): ResultList | null {
  const lines = text.split(/\r?\n/);
  const start = lines.findIndex((l) => l.startsWith(`${name}: [`));
  if (start < 0) return null;
  const rest = lines[start]!.slice(name.length + 3).trim();
  if (rest.endsWith(']')) {
    const inner = rest.slice(0, -1).trim();
    return { first: inner ? clip(inner) : null };
  }
  const entries: string[] = rest ? [rest] : [];
  for (let i = start + 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (/^\]\s*$/.test(line)) break;
    if (line.trim()) entries.push(line.trim().replace(/,$/, ''));
  }
  return { first: entries[0] ? clip(entries[0]) : null };
}

function clip(text: string): string {
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

/**
 * Duplicati writes times with the machine's culture and local zone ("11/3/2017 5:40:11 PM",
 * "03.11.2017 17:40:11"); later versions add the unix time in parentheses, which is exact.
 */
function duplicatiTime(value: string | undefined, mail: DecodedMessage, trace: string[], label: string): string | null {
  if (!value) return null;
  const epoch = /\((\d{9,11})\)\s*$/.exec(value);
  if (epoch) {
    const iso = toIso(new Date(Number(epoch[1]) * 1000));
    trace.push(`${label}: ${iso} (unix time in parentheses)`);
    return iso;
  }
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?/.exec(value);
  if (iso) {
    const [, y, mo, d, h, mi, s] = iso;
    return localToUtc({ year: +y!, month: +mo!, day: +d!, hour: +h!, minute: +mi!, second: +(s ?? 0) }, mail, trace, label);
  }
  const local = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp]\.?[Mm]\.?)?/.exec(value);
  if (!local) {
    trace.push(`${label}: "${value}" is not a time format Duplicati is known to write, ignored`);
    return null;
  }
  const [, a, separator, b, y, h, mi, s, meridiem] = local;
  const year = +y!;
  // Dotted and dashed dates are day-first in every culture that uses them; slashes are ambiguous.
  const { day, month } = separator === '/' ? resolveDayMonth(+a!, +b!, year, mail, trace) : { day: +a!, month: +b! };
  let hour = +h!;
  if (meridiem) {
    const pm = meridiem.toLowerCase().startsWith('p');
    if (pm && hour < 12) hour += 12;
    if (!pm && hour === 12) hour = 0;
  }
  return localToUtc({ year, month, day, hour, minute: +mi!, second: +(s ?? 0) }, mail, trace, label);
}
