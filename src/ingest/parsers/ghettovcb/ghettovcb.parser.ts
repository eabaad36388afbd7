import type { ReportStatus } from '../../../domain/status.js';
import type { DecodedMessage } from '../../mime/decode.js';
import type { ParsedReport, Parser } from '../parser.js';
import { bodyLines, readTimestampedLine } from '../support/log-lines.js';
import { localToUtc } from '../support/time.js';

/**
 * ghettoVCB (William Lam's ESXi backup script) mails its own log. The script's getFinalStatus() ends
 * every run with one of a fixed set of lines, `###### Final status: <text> ######`; that line is the
 * verdict. The subject is `ghettoVCB - <hostname -s> ###### Final status: … ######` in current versions;
 * older versions (and the real sample) omit the host.
 */
const finalStatuses: { pattern: RegExp; status: ReportStatus; informational?: boolean }[] = [
  { pattern: /^OK, only a dryrun\./i, status: 'success', informational: true },
  { pattern: /^All VMs backed up OK!?/i, status: 'success' },
  { pattern: /^WARNING:/i, status: 'warning' },
  { pattern: /^ERROR:/i, status: 'failed' },
];

const finalLine = /Final status:\s*(.+?)\s*(?:#{3,}\s*)?$/i;
const subjectHost = /^ghettoVCB\s*-\s*(\S+)\s+#{3,}/i;

export const ghettovcbParser: Parser = {
  id: 'ghettovcb',
  software: 'ghettoVCB',
  types: ['VM Backup'],
  match: {
    subjects: ['ghettoVCB - [<host>] ###### Final status: …'],
    bodies: ['-- info: ###### Final status: … ######', 'ghettoVCB LOG START'],
  },
  informational: false,
  jobNameRule: 'the ESXi host named in the subject (ghettoVCB names no job); null when the subject does not name it',
  parse(mail: DecodedMessage): ParsedReport | null {
    const subjectIsGhetto = /^ghettoVCB\b/i.test(mail.subject);
    const lines = bodyLines(mail.text);
    const logLines = lines.map(readTimestampedLine).filter((l) => l !== null);
    const ghettoLog = logLines.some((l) => /^--\s*(info|debug|dryrun):/i.test(l.rest));
    const final = logLines.find((l) => /^--\s*\w+:\s*#{3,}\s*Final status:/i.test(l.rest));
    // Claimed only with the script's own log format; a subject alone could be any forwarded mail.
    if (!ghettoLog || (!final && !(subjectIsGhetto && logLines.some((l) => /ghettoVCB LOG START/i.test(l.rest))))) {
      return null;
    }
    const trace: string[] = [];

    let status: ReportStatus = 'unknown';
    let informational = false;
    if (final) {
      const text = finalLine.exec(final.rest)?.[1]?.trim() ?? '';
      const known = finalStatuses.find((f) => f.pattern.test(text));
      if (known) {
        status = known.status;
        informational = known.informational ?? false;
        trace.push(`status ${status}: final status line "${text}"${informational ? ' (a dry run: informational)' : ''}`);
      } else {
        trace.push(`status unknown: final status "${text}" is not one ghettoVCB writes`);
      }
    } else {
      trace.push('status unknown: the log has no "Final status:" line (run cut short?)');
    }

    const hostMatch = subjectHost.exec(mail.subject);
    const host = hostMatch?.[1] ?? null;
    trace.push(host ? `host "${host}" from the subject` : 'host unknown: the subject does not name the ESXi host');
    trace.push(host ? `job name "${host}": ghettoVCB names no job, the host stands in` : 'job name null: no job or host named');

    const start = logLines.find((l) => /ghettoVCB LOG START/i.test(l.rest));
    const startedAt = start ? localToUtc(start.local, mail, trace, 'startedAt ("LOG START" line)') : null;
    if (!start) trace.push('startedAt null: no "ghettoVCB LOG START" line in the mail');
    const end = logLines.find((l) => /ghettoVCB LOG END/i.test(l.rest)) ?? final;
    const endedAt = end
      ? localToUtc(end.local, mail, trace, `endedAt (${end === final ? '"Final status" line' : '"LOG END" line'})`)
      : null;
    if (!end) trace.push('endedAt null: no final status or "LOG END" line');

    return {
      type: 'VM Backup',
      jobName: host,
      host,
      status,
      informational,
      startedAt,
      endedAt,
      objects: [],
      trace,
    };
  },
};
