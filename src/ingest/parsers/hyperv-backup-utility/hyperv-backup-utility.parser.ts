import type { ReportObject } from '../../../domain/parse-result.js';
import type { ReportStatus } from '../../../domain/status.js';
import type { DecodedMessage } from '../../mime/decode.js';
import type { ParsedReport, Parser } from '../parser.js';
import { bodyLines, readTimestampedLine, type TimestampedLine } from '../support/log-lines.js';
import { localToUtc } from '../support/time.js';

/**
 * Hyper-V Backup Utility (Mike Galvin / Digressive, PowerShell) mails its log. The subject is the admin's
 * `-Subject` (default "Hyper-V Backup Utility Log") with " <ok>/<total> VMs Successful" appended by
 * recent versions. Log lines are `yyyy-MM-dd HH:mm:ss [INFO|SUCCESS|ERROR] (VM:<name>) <text>` in the
 * host's local time; error texts come from Windows in the host's language (Italian in the samples) and
 * may wrap over several lines without a timestamp.
 */
const levelLine = /^\[(INFO|SUCCESS|ERROR|WARNING)\]\s*(?:\(VM:([^)]+)\)\s*)?(.*)$/i;
const subjectCount = /\s*(\d+)\s*\/\s*(\d+)\s+VMs?\s+Successful\s*$/i;

interface Entry {
  line: TimestampedLine;
  level: string;
  vm: string | null;
  text: string;
}

export const hypervBackupUtilityParser: Parser = {
  id: 'hyperv-backup-utility',
  software: 'Hyper-V Backup Utility',
  types: ['VM Backup'],
  match: {
    subjects: ['<-Subject, default "Hyper-V Backup Utility Log"> <ok>/<total> VMs Successful'],
    bodies: ['<yyyy-MM-dd HH:mm:ss> [INFO|ERROR] (VM:<name>) …', '--- Running with the following config ---'],
  },
  informational: false,
  jobNameRule: 'the mail subject as the admin configured it (-Subject) without the appended "<ok>/<total> VMs Successful"',
  parse(mail: DecodedMessage): ParsedReport | null {
    const lines = bodyLines(mail.text);
    const entries = readEntries(lines);
    const hyperV =
      /Hyper-?V Backup/i.test(mail.subject) ||
      subjectCount.test(mail.subject) ||
      entries.some((e) => e.vm !== null) ||
      lines.some((l) => /^VMs to backup:/i.test(l.trim()));
    if (entries.length === 0 || !hyperV) return null;
    const trace: string[] = [];

    const count = subjectCount.exec(mail.subject);
    const ok = count ? Number(count[1]) : null;
    const total = count ? Number(count[2]) : null;
    const label = mail.subject.replace(subjectCount, '').trim();
    const jobName = label || null;
    trace.push(jobName ? `job name "${jobName}": the configured subject without the VM count` : 'job name null: empty subject');

    const host = readHost(lines);
    trace.push(host ? `host "${host.name}" from the log line "${host.line}"` : 'host unknown: the log excerpt prints no host name');
    const version = lines.map((l) => /^Utility Version:\s*(\S+)/i.exec(l.trim())?.[1]).find((v) => v);
    if (version) trace.push(`utility version ${version}`);

    const objects = readVms(lines, entries, ok !== null && ok === total);

    const firstError = entries.find((e) => e.level === 'ERROR');
    const warningEntry = entries.find((e) => e.level === 'WARNING');
    let status: ReportStatus;
    if (firstError) {
      status = 'failed';
      trace.push(`status failed: [ERROR] line at ${firstError.line.stamp}: "${firstError.text}"`);
    } else if (ok !== null && total !== null && ok < total) {
      status = 'failed';
      trace.push(`status failed: subject says ${ok}/${total} VMs successful`);
    } else if (warningEntry) {
      status = 'warning';
      trace.push(`status warning: [WARNING] line at ${warningEntry.line.stamp}`);
    } else if (ok !== null && ok === total) {
      status = 'success';
      trace.push(`status success: subject says ${ok}/${total} VMs successful and the log has no [ERROR] line`);
    } else if (entries.some((e) => /^Process finished/i.test(e.text))) {
      status = 'success';
      trace.push('status success: "Process finished." without any [ERROR] line');
    } else {
      status = 'unknown';
      trace.push('status unknown: no [ERROR] line, no VM count and no "Process finished." line');
    }
    if (count && ok === total && firstError) trace.push('the subject count contradicts the [ERROR] lines: not a success');

    // Mails quoted from the log may start or stop mid-run; then the first and last lines are the best bounds.
    const started = entries.find((e) => /^Process started/i.test(e.text));
    const finished = entries.find((e) => /^Process finished/i.test(e.text));
    const start = started ?? entries[0]!;
    const end = finished ?? entries[entries.length - 1]!;
    const startedAt = localToUtc(start.line.local, mail, trace, `startedAt (${started ? '"Process started" line' : 'first log line'})`);
    const endedAt = localToUtc(end.line.local, mail, trace, `endedAt (${finished ? '"Process finished" line' : 'last log line; the log ends early'})`);

    return { type: 'VM Backup', jobName, host: host?.name ?? null, status, startedAt, endedAt, objects, trace };
  },
};

/** Log entries with their untimestamped continuation lines (wrapped Windows error texts) joined on. */
function readEntries(lines: string[]): Entry[] {
  const entries: Entry[] = [];
  for (const raw of lines) {
    const line = readTimestampedLine(raw);
    const level = line ? levelLine.exec(line.rest) : null;
    if (line && level) {
      entries.push({ line, level: level[1]!.toUpperCase(), vm: level[2]?.trim() ?? null, text: level[3]!.trim() });
    } else if (!line && entries.length > 0 && raw.trim() && !/^-{3}/.test(raw.trim())) {
      const last = entries[entries.length - 1]!;
      if (last.level === 'ERROR') last.text = `${last.text} ${raw.trim()}`;
    }
  }
  return entries;
}

/** Newer versions print `Hostname: <name>.` in the config block; older ones "This virtual host is: <name>". */
function readHost(lines: string[]): { name: string; line: string } | null {
  for (const raw of lines) {
    const line = raw.trim();
    const m = /^Hostname:\s*(\S+?)\.?$/i.exec(line) ?? /This virtual host is:\s*(\S+?)\.?$/i.exec(line);
    if (m) return { name: m[1]!, line };
  }
  return null;
}

function readVms(lines: string[], entries: Entry[], allSuccessful: boolean): ReportObject[] {
  const names: string[] = [];
  const add = (name: string) => {
    if (name && !names.includes(name)) names.push(name);
  };
  // The config block lists the VMs to back up, one per line, until the next "Label: value" line.
  const listStart = lines.findIndex((l) => /^VMs to backup:\s*$/i.test(l.trim()));
  if (listStart >= 0) {
    for (const raw of lines.slice(listStart + 1)) {
      const line = raw.trim();
      if (!line || /:/.test(line) || /^-{3}/.test(line)) break;
      add(line);
    }
  }
  for (const e of entries) if (e.vm) add(e.vm);

  // After "Backups Successful:" the utility lists the VMs that worked (empty when none did).
  const successIndex = entries.findIndex((e) => /^Backups Successful:?$/i.test(e.text));
  const listedOk = new Set(successIndex >= 0 ? entries.slice(successIndex + 1).map((e) => e.text) : []);

  return names.map((name) => {
    const error = entries.find((e) => e.vm === name && e.level === 'ERROR');
    let status: ReportStatus = 'unknown';
    if (error) status = 'failed';
    else if (listedOk.has(name) || entries.some((e) => e.vm === name && e.level === 'SUCCESS') || allSuccessful) status = 'success';
    return { name, type: 'VM', status, message: error ? error.text : null };
  });
}
