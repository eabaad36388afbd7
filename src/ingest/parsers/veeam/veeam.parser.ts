import { worstStatus, type ReportStatus } from '../../../domain/status.js';
import type { DecodedMessage } from '../../mime/decode.js';
import { htmlToText } from '../../mime/html-to-text.js';
import type { ParsedReport, Parser } from '../parser.js';
import { objectStatus, readJobReport, sizeInGigabytes, type JobReport } from './report-layout.js';
import { sessionTimes } from './session-times.js';

/**
 * Veeam Backup & Replication job notifications. The HTML job report decides (header `<Type> job:
 * <name>`, result word, summary grid, object rows); the default subject
 * `[%JobResult%] %JobName% (%ObjectCount% objects) %Issues%` is only a fallback, because it is
 * editable globally and per job, and Veeam may prepend upper-case text (expired support) or fold it.
 */
const subjectPattern = /\[(Success|Warning|Failed|Error)\]\s*(.+?)\s*\((\d+)\s+(?:objects?|VMs?|machines?)\)\s*(.*)$/i;
const configSubject = /\bBackup Configuration Job\b/i;

export const veeamParser: Parser = {
  id: 'veeam',
  software: 'Veeam Backup & Replication',
  types: ['Backup Job', 'Backup Copy Job', 'Replication Job', 'Agent Backup Job', 'Backup Configuration Job'],
  match: {
    senders: ['display name or address containing "Veeam"'],
    subjects: ['[Success|Warning|Failed] <job> (<n> objects) <issues>', '[Failed] Backup Configuration Job (1 objects)'],
    bodies: ['<Type> job: <Job name> report header', 'footer "Veeam Backup & Replication <version>"'],
  },
  informational: false,
  jobNameRule:
    'the job name from the report header `<Type> job: <name>`; without that header, the name between `[Result]` and `(N objects)` in the subject',
  parse(mail: DecodedMessage): ParsedReport | null {
    const text = mail.html ? htmlToText(mail.html) : mail.text;
    if (isSiblingProduct(text)) return null;
    const report = readJobReport(text);
    const subject = subjectPattern.exec(mail.subject);
    const isConfig = configSubject.test(mail.subject);
    const veeamMark = report.footer !== null || /veeam/i.test(`${mail.fromName ?? ''} ${mail.fromAddress ?? ''}`);
    const fromHeader = report.jobName !== null && (veeamMark || subject !== null);
    if (!fromHeader && !((subject || isConfig) && (veeamMark || /\bVeeam\b/.test(text)))) return null;

    const trace: string[] = [];
    const kind = fromHeader ? titleCase(report.kind!) : isConfig ? 'Backup Configuration Job' : 'Backup Job';
    const jobName = fromHeader ? report.jobName : (subject?.[2]?.trim() ?? 'Backup Configuration Job');
    trace.push(
      fromHeader
        ? `type "${kind}" and job name "${jobName}" from the report header "${report.kind}: ${report.jobName}"`
        : `no report header: job name "${jobName}" from the subject, type ${isConfig ? 'from the subject' : 'assumed'} "${kind}"`,
    );
    if (report.footer) trace.push(`footer: ${report.footer}`);

    const status = overallStatus(report, subject?.[1] ?? null, trace);
    const times = sessionTimes(report.sessionDate, report.summary, mail, trace);
    traceSizes(report, trace);
    if (report.sessionMessage) trace.push(`session message: ${report.sessionMessage}`);

    const objectType = /\bagent\b/i.test(kind) ? 'Computer' : /^(Backup|Backup Copy|Replication) Job$/.test(kind) ? 'VM' : null;
    const objects = report.objects.map((o) => ({ ...o, type: objectType }));
    for (const o of objects) trace.push(`object ${o.name}: ${o.status}${o.message ? ` (${o.message})` : ''}`);

    return {
      type: kind,
      jobName,
      host: null,
      status,
      startedAt: times.startedAt,
      endedAt: times.endedAt,
      objects,
      confidence: fromHeader ? 'high' : 'low',
      trace,
    };
  },
};

/**
 * Report look-alikes of sibling products: vee-mail (Veeam Agent for Linux, its own footer), stand-alone
 * agents and Veeam Backup for Microsoft 365, which have their own parsers or none.
 */
function isSiblingProduct(text: string): boolean {
  if (/Vee-Mail/i.test(text) || /Veeam Backup for Microsoft 365/i.test(text)) return true;
  return /Veeam Agent for (?:Linux|Microsoft Windows|Mac)/i.test(text) && !/Veeam Backup & Replication/i.test(text);
}

function overallStatus(report: JobReport, subjectWord: string | null, trace: string[]): ReportStatus {
  const fromBody = report.result ? objectStatus(report.result) : null;
  const fromSubject = subjectWord ? objectStatus(subjectWord) : null;
  let status: ReportStatus = fromBody ?? fromSubject ?? 'unknown';
  trace.push(
    fromBody
      ? `status ${fromBody}: result "${report.result}" in the report header`
      : fromSubject
        ? `status ${fromSubject}: "[${subjectWord}]" in the subject (no result in the body)`
        : 'status unknown: no result in the report or the subject',
  );
  if (fromBody && fromSubject && fromSubject !== fromBody) {
    status = worstStatus(fromBody, fromSubject);
    trace.push(`subject says "[${subjectWord}]", report "${report.result}": status ${status}, the worse of the two`);
  }
  const errors = Number(report.summary.get('Error') ?? 0);
  const warnings = Number(report.summary.get('Warning') ?? 0);
  if (errors > 0 && status !== 'failed') {
    status = 'failed';
    trace.push(`status failed: the summary counts ${errors} object(s) in error`);
  } else if (warnings > 0 && status === 'success') {
    status = 'warning';
    trace.push(`status warning: the summary counts ${warnings} object(s) with warnings`);
  }
  return status;
}

function traceSizes(report: JobReport, trace: string[]): void {
  const parts: string[] = [];
  for (const label of ['Total size', 'Backup size', 'Data read', 'Transferred']) {
    const raw = report.summary.get(label);
    const gb = sizeInGigabytes(raw);
    if (raw) parts.push(`${label.toLowerCase()} ${gb === null ? `"${raw}" (not read)` : `${Number(gb.toFixed(3))} GB`}`);
  }
  if (parts.length) trace.push(`sizes: ${parts.join(', ')}`);
}

/** `Backup Copy job` → `Backup Copy Job`; short joining words stay lower-case (`Backup to Tape Job`). */
function titleCase(kind: string): string {
  return kind
    .split(/\s+/)
    .map((word, i) => (i > 0 && /^(to|of|for|and)$/i.test(word) ? word.toLowerCase() : word.charAt(0).toUpperCase() + word.slice(1)))
    .join(' ');
}
