import { worstStatus, type ReportStatus } from '../../../domain/status.js';
import type { DecodedMessage } from '../../mime/decode.js';
import type { ParsedReport, Parser } from '../parser.js';
import { absoluteToUtc } from '../support/time.js';

/**
 * Burp's server runs its notify_script after a backup, restore or verify. The subject comes from
 * burp-server.conf, by default "Subject: %b succeeded: %c %w" / "%b failed: %c %w" (%b backup/restore/
 * verify/delete/list, %c the client, %w "(N warnings)" when there were any). The body is the backup's
 * timestamp line ("0000015 2017-11-01 21:09:59 +0100"), the log's path and the client's log, one
 * "<time> <offset>: burp[pid] <text>" line each.
 */
const subjectPattern = /^(backup|restore|verify|delete|list|unknown)\s+(succeeded|failed):\s*(\S+)(?:\s+\((\d+) warnings?\))?/i;
const logLinePattern = /^(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} [+-]\d{4}): burp\[\d+\] (.*)$/;
const timestampLinePattern = /^\d{7} (\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} [+-]\d{4})\s*$/m;
/** The log path the script prints, ".../clients/<client>/current/log.gz:" (older scripts: "Last N lines of …"). */
const logPathPattern = /^(?:Last \d+ lines of )?(\S*\/clients\/([^/\s]+)\/\S*log(?:\.gz)?):\s*$/m;

const types: Record<string, string> = { backup: 'Backup', restore: 'Restore', verify: 'Verify', delete: 'Delete', list: 'List' };

export const burpParser: Parser = {
  id: 'burp',
  software: 'Burp',
  types: ['Backup', 'Restore', 'Verify', 'Delete', 'List'],
  match: {
    subjects: ['<backup|restore|verify> succeeded|failed: <client> [(N warnings)]'],
    bodies: ['log lines "<time> <offset>: burp[<pid>] …"', 'the client log path …/clients/<client>/…/log.gz:'],
  },
  informational: false,
  jobNameRule: 'the Burp client name (subject "%b succeeded: <client>", else the clients/<client>/ log path); the client is also the host',
  parse(mail: DecodedMessage): ParsedReport | null {
    const lines = mail.text.split(/\r?\n/);
    const logLines = lines.map((l) => logLinePattern.exec(l.trim())).filter((m): m is RegExpExecArray => m !== null);
    const logPath = logPathPattern.exec(mail.text);
    const subject = subjectPattern.exec(mail.subject.trim());
    const bodyEvidence = logLines.length > 0 || logPath !== null || /^No log found to send in email\s*$/m.test(mail.text);
    // The subject alone ("backup failed: x") is too common a phrase; Burp's body must be there too.
    if (!bodyEvidence || (!subject && !(logLines.length > 0 && logPath))) return null;
    const trace: string[] = [];

    const client = subject?.[3] ?? logPath?.[2] ?? null;
    trace.push(client ? `job name and host "${client}": the Burp client, from the ${subject ? 'subject' : 'log path'}` : 'no client name found');

    const kind = (subject?.[1] ?? 'backup').toLowerCase();
    const type = types[kind] ?? 'Backup';
    const informational = kind === 'list' || kind === 'delete';
    if (informational) trace.push(`${kind} operation: informational`);

    let status: ReportStatus = 'unknown';
    if (subject) {
      status = subject[2]!.toLowerCase() === 'failed' ? 'failed' : 'success';
      trace.push(`status ${status}: subject says "${subject[2]}"`);
      const count = Number(subject[4] ?? 0);
      if (count > 0) {
        status = worstStatus(status, 'warning');
        trace.push(`status ${status}: subject counts ${count} warnings`);
      }
    } else {
      trace.push('status unknown: no outcome in the subject');
    }
    // The notify script's warning count is missing on some versions even when the log has warnings: read them.
    const warningLine = logLines.find((m) => /^WARNING\b/i.test(m[2]!));
    if (warningLine) {
      status = worstStatus(status, 'warning');
      trace.push(`status ${status}: log line "${clip(warningLine[2]!)}"`);
    }
    const errorLine = logLines.find((m) => /^(?:ERROR\b|error:)/i.test(m[2]!));
    if (errorLine) {
      // A run Burp itself calls succeeded but that logged errors is not a success, but not a failure either.
      const worse: ReportStatus = status === 'success' || status === 'warning' ? 'warning' : 'failed';
      status = worstStatus(status, worse);
      trace.push(`status ${status}: log line "${clip(errorLine[2]!)}"`);
    }

    const stamp = timestampLinePattern.exec(mail.text);
    const firstLog = logLines[0];
    const lastLog = logLines[logLines.length - 1];
    const startedAt = stamp
      ? absoluteToUtc(isoFrom(stamp[1]!), trace, 'startedAt from the backup timestamp line')
      : firstLog
        ? absoluteToUtc(isoFrom(firstLog[1]!), trace, 'startedAt from the first log line')
        : null;
    // Burp states no end time; the script runs when the operation ends, so its log's last line is the end.
    const endedAt = lastLog ? absoluteToUtc(isoFrom(lastLog[1]!), trace, 'endedAt from the last log line') : null;
    if (!startedAt && !endedAt) trace.push('no timestamp line and no log lines: times unknown');

    return { type, jobName: client, host: client, status, informational, startedAt, endedAt, objects: [], trace };
  },
};

/** "2017-11-01 21:09:59 +0100" → "2017-11-01T21:09:59+01:00", which Date reads everywhere. */
function isoFrom(value: string): string {
  const m = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}) ([+-]\d{2})(\d{2})$/.exec(value);
  return m ? `${m[1]}T${m[2]}${m[3]}:${m[4]}` : value;
}

function clip(text: string): string {
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
