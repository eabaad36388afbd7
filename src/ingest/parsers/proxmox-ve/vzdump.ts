import type { ReportObject } from '../../../domain/parse-result.js';
import type { ReportStatus } from '../../../domain/status.js';
import type { DecodedMessage } from '../../mime/decode.js';
import type { ParsedReport } from '../parser.js';
import { localToUtc } from '../support/time.js';

/**
 * vzdump job mails, both generations:
 * - PVE 8.1+ (notification system): `vzdump backup status (<fqdn>): backup successful|failed[: <error>]`,
 *   a `Details` heading and a table padded with 4+ spaces (`VMID  Name  Status  Time  Size  Filename`).
 * - PVE ≤ 8.0 (legacy sendmail): `vzdump backup status (<hostname -f>) : …` (space before the colon),
 *   a printf table `%-10s %-20s %-6s %10s %10s  %s` with an upper-case header and `Detailed backup logs:`.
 *   PVE::Tools::sendmail indents every text line by two spaces (an Outlook workaround), so lines are
 *   read with their leading blanks stripped.
 * The mail names no job, so the job name is the host from the subject.
 */
const subjectPattern = /vzdump backup status \(([^()\s]+)\)\s?:\s*backup (successful|failed)(?::\s*(.*))?$/i;
const headerPattern = /^VMID\s+(NAME\s+)?STATUS\s+TIME\s+SIZE\s+FILENAME$/i;
const legacyRow = /^(\d+)\s+(?:(.*?)\s+)?(ok|err|todo)\s+(\d+:\d{2}:\d{2})\s+(\S+)\s+(.*)$/;
const logLine = /^(\d+): (\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2}) (INFO|WARN|ERROR): ?(.*)$/;

interface Guest {
  vmid: string;
  name: string | null;
  state: string;
  filename: string;
}

interface LogEntry {
  vmid: string;
  iso: string | null;
  level: string;
  message: string;
}

export function parseVzdump(mail: DecodedMessage): ParsedReport | null {
  const subject = subjectPattern.exec(mail.subject);
  if (!subject) return null;
  const trace: string[] = [];
  const host = subject[1]!;
  const subjectFailed = subject[2]!.toLowerCase() === 'failed';
  trace.push(`job name and host "${host}" from the subject (vzdump mails name no job)`);
  trace.push(`status ${subjectFailed ? 'failed' : 'success'}: subject says "backup ${subject[2]}"`);

  const lines = mail.text.split(/\r?\n/).map((l) => l.trim());
  const headerIndex = lines.findIndex((l) => headerPattern.test(l));
  const legacy = headerIndex >= 0 && /^VMID\s+(NAME\s+)?STATUS/.test(lines[headerIndex]!);
  if (headerIndex < 0) trace.push('no guest table found in the body');
  else trace.push(`guest table in the ${legacy ? 'legacy (PVE ≤ 8.0)' : 'PVE 8.1+'} layout`);

  const jobError = findJobError(subject[3]?.trim() ?? null, lines, headerIndex, legacy);
  if (jobError) trace.push(`job error: ${jobError}`);

  const guests = headerIndex < 0 ? [] : readGuests(lines, headerIndex, legacy, trace);
  const logs = readLogs(lines, mail, trace);
  const objects = guests.map((g) => toObject(g, logs, jobError, trace));

  const times = logs.map((l) => l.iso).filter((t): t is string => t !== null).sort();
  const startedAt = times[0] ?? null;
  const endedAt = times[times.length - 1] ?? null;
  trace.push(
    startedAt
      ? `start ${startedAt} and end ${endedAt} from the first and last time stamp of the guest logs`
      : 'no time stamps in the logs; start and end unknown',
  );

  return {
    type: 'Backup Job',
    jobName: host,
    host,
    status: subjectFailed ? 'failed' : 'success',
    startedAt,
    endedAt,
    objects,
    trace,
  };
}

/** The single-line error rides in the subject; a multi-line one is printed above the table. */
function findJobError(fromSubject: string | null, lines: string[], headerIndex: number, legacy: boolean): string | null {
  if (fromSubject && !/^multiple problems$/i.test(fromSubject)) return fromSubject;
  if (headerIndex < 0) return fromSubject;
  // The new layout puts a `Details` / `=======` heading between the error and the table.
  let end = headerIndex;
  if (!legacy) {
    const details = lines.lastIndexOf('Details', headerIndex);
    if (details >= 0) end = details;
  }
  const text = lines.slice(0, end).filter((l) => l && !/^=+$/.test(l));
  return text.length ? text.join('; ') : fromSubject;
}

function readGuests(lines: string[], headerIndex: number, legacy: boolean, trace: string[]): Guest[] {
  const hasName = legacy ? /^VMID\s+NAME/i.test(lines[headerIndex]!) : true;
  const guests: Guest[] = [];
  for (let i = headerIndex + 1; i < lines.length && lines[i] !== ''; i += 1) {
    const line = lines[i]!;
    const guest = legacy ? legacyGuest(line, hasName) : currentGuest(line);
    if (guest) guests.push(guest);
    else trace.push(`guest table line not understood: "${line}"`);
  }
  return guests;
}

function legacyGuest(line: string, hasName: boolean): Guest | null {
  const m = legacyRow.exec(line);
  if (!m) return null;
  return { vmid: m[1]!, name: hasName ? (m[2] ?? null) : null, state: m[3]!, filename: m[6]! };
}

/** PVE 8.1+ pads every cell to its column width + 4, so two or more blanks separate cells. */
function currentGuest(line: string): Guest | null {
  const cells = line.split(/\s{2,}/);
  if (cells.length < 6 || !/^\d+$/.test(cells[0]!) || !/^(ok|err|todo)$/.test(cells[2]!)) return null;
  return { vmid: cells[0]!, name: cells[1]!, state: cells[2]!, filename: cells.slice(5).join(' ') };
}

function readLogs(lines: string[], mail: DecodedMessage, trace: string[]): LogEntry[] {
  const entries: LogEntry[] = [];
  let firstNote: string | null = null;
  for (const line of lines) {
    const m = logLine.exec(line);
    if (!m) continue;
    const [, vmid, y, mo, d, h, mi, s, level, message] = m;
    // Every line is converted, but only the first conversion is noted: a trace line per log line is noise.
    const notes: string[] = [];
    const iso = localToUtc({ year: +y!, month: +mo!, day: +d!, hour: +h!, minute: +mi!, second: +s! }, mail, notes, 'log time');
    firstNote ??= notes[0] ?? null;
    entries.push({ vmid: vmid!, iso, level: level!, message: message! });
  }
  if (firstNote) trace.push(`first ${firstNote}`);
  if (lines.some((l) => /^Log output was too long/.test(l))) trace.push('logs were left out of the mail (too long)');
  return entries;
}

function toObject(guest: Guest, logs: LogEntry[], jobError: string | null, trace: string[]): ReportObject {
  const own = logs.filter((l) => l.vmid === guest.vmid);
  const name = guest.name && guest.name !== `VM ${guest.vmid}` ? `${guest.vmid} (${guest.name})` : guest.vmid;
  let status: ReportStatus;
  let message: string | null = null;
  if (guest.state === 'ok') {
    // vzdump has no warning state; an `ok` guest whose log has WARN/ERROR lines is not a clean success.
    const problem = own.find((l) => l.level !== 'INFO');
    status = problem ? 'warning' : 'success';
    if (problem) message = problem.message;
  } else if (guest.state === 'err') {
    status = 'failed';
    const failure = own.find((l) => /^Backup of VM \d+ failed - /.test(l.message)) ?? own.find((l) => l.level === 'ERROR');
    message = failure ? failure.message.replace(/^Backup of VM \d+ failed - /, '') : null;
  } else {
    // `todo`: never started, the job was aborted before reaching this guest.
    status = 'failed';
    message = jobError ?? 'not started (job aborted)';
  }
  trace.push(`guest ${name}: state "${guest.state}" → ${status}${message ? ` (${message})` : ''}`);
  return { name, type: guestType(guest, own), status, message };
}

function guestType(guest: Guest, own: LogEntry[]): string {
  const start = own.map((l) => /^Starting Backup of VM \d+ \((qemu|lxc)\)/.exec(l.message)).find(Boolean);
  const kind = start?.[1] ?? /vzdump-(qemu|lxc)-|^(vm|ct)\//.exec(guest.filename)?.slice(1).find(Boolean);
  if (kind === 'qemu' || kind === 'vm') return 'VM';
  if (kind === 'lxc' || kind === 'ct') return 'Container';
  return 'Guest';
}
