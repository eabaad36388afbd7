import type { ReportStatus } from '../../../domain/status.js';
import type { DecodedMessage } from '../../mime/decode.js';
import type { ParsedReport, Parser } from '../parser.js';
import { bodyLines } from '../support/log-lines.js';

/**
 * openmediavault rsync jobs run a generated script from cron (openmediavault salt template
 * `deploy/rsync/files/cron-rsync-script.j2`): `Please wait, syncing <src> to <dest> ...`, the rsync output,
 * then `The synchronisation has completed successfully.` Newer scripts check rsync's exit code and print
 * `The synchronisation failed.` instead; older ones print the success line whatever rsync did, so an
 * `rsync error:` line beats it. A job with a comment is mailed as `Cron - <comment>` (cron-rsync.j2);
 * without one, cron mails it itself as `Cron <root@host> …/cron.d/rsync-<uuid>`.
 */
const uuidPattern = /rsync-([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/i;

export const openmediavaultParser: Parser = {
  id: 'openmediavault.rsync',
  software: 'openmediavault',
  types: ['Rsync Job'],
  match: {
    subjects: ['Cron - <job comment>', 'Cron <root@host> /var/lib/openmediavault/cron.d/rsync-<uuid>'],
    bodies: [
      'Please wait, syncing <src> to <dest> ...',
      'The synchronisation has completed successfully.',
      'The synchronisation failed.',
    ],
  },
  informational: false,
  jobNameRule: 'the rsync job comment from the subject "Cron - <comment>"; else the job uuid (rsync-<uuid>)',
  parse(mail: DecodedMessage): ParsedReport | null {
    const lines = bodyLines(mail.text).map((l) => l.trim());
    const syncing = lines.find((l) => /^Please wait, syncing <.*> to <.*>/i.test(l));
    const completed = lines.find((l) => /^The synchronisation has completed successfully\.?$/i.test(l));
    const failedLine = lines.find((l) => /The synchronisation failed\.?$/i.test(l));
    const notMounted = lines.find((l) => /(?:Source|Destination) storage device not mounted at </i.test(l));
    const cronSubject = /^Cron\b/i.test(mail.subject);
    if (!syncing && !completed && !failedLine && !(notMounted && cronSubject)) return null;
    const trace: string[] = [];

    const rsyncError = lines.find((l) => /^rsync error:/i.test(l));
    let status: ReportStatus;
    if (failedLine) {
      status = 'failed';
      trace.push(`status failed: "${failedLine}"`);
    } else if (notMounted) {
      status = 'failed';
      trace.push(`status failed: "${notMounted}"`);
    } else if (rsyncError) {
      status = 'failed';
      trace.push(`status failed: "${rsyncError}"${completed ? ' (older scripts report success whatever rsync returned)' : ''}`);
    } else if (completed) {
      status = 'success';
      trace.push(`status success: "${completed}"`);
    } else {
      status = 'unknown';
      trace.push('status unknown: the sync started but the mail has no completion line');
    }
    if (syncing) trace.push(`sync: ${syncing}`);

    const commented = /^Cron\s+-\s+(.+)$/i.exec(mail.subject);
    const cronDefault = /^Cron\s+<[^@>]+@([^>]+)>/i.exec(mail.subject);
    const uuid = uuidPattern.exec(mail.subject)?.[1] ?? uuidPattern.exec(mail.text)?.[1] ?? null;
    let jobName: string | null = null;
    if (commented) {
      jobName = commented[1]!.trim();
      trace.push(`job name "${jobName}": the rsync job comment in the subject "Cron - <comment>"`);
    } else if (uuid) {
      jobName = uuid.toLowerCase();
      trace.push(`job name "${jobName}": the rsync job uuid (rsync-<uuid>)`);
    } else {
      trace.push('job name null: neither a job comment nor a job uuid in the mail');
    }
    const host = cronDefault?.[1]?.trim() ?? null;
    trace.push(host ? `host "${host}" from cron's subject "Cron <user@host> …"` : 'host unknown: the mail does not name the NAS');
    trace.push('startedAt/endedAt null: the rsync job mail carries no times');

    return { type: 'Rsync Job', jobName, host, status, startedAt: null, endedAt: null, objects: [], trace };
  },
};
