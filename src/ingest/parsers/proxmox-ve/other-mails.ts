import type { DecodedMessage } from '../../mime/decode.js';
import type { ParsedReport } from '../parser.js';

/**
 * PVE notification mails other than vzdump (pve-manager `templates/default/replication-*.hbs`,
 * `package-updates-*.hbs`).
 */
const replicationSubject = /Replication Job: '([^']+)' failed/i;
const replicationBody = /Replication job '([^']+)' with target '([^']*)' and schedule '([^']*)' failed!/;

/**
 * `Replication Job: '<job-id>' failed`. The mail names neither the source node nor a run time
 * (`Last successful sync` and `Next sync try` are not this run), so host and times stay empty.
 */
export function parseReplication(mail: DecodedMessage): ParsedReport | null {
  const subject = replicationSubject.exec(mail.subject);
  const body = replicationBody.exec(mail.text);
  if (!subject || !body) return null;
  const jobId = subject[1]!;
  const trace = [
    `job name "${jobId}": the replication job id from the subject`,
    `status failed: subject "Replication Job: '${jobId}' failed"`,
    `target node "${body[2]}", schedule "${body[3]}"`,
  ];
  const count = /^\s*Failure count:\s*(\d+)/m.exec(mail.text);
  if (count) trace.push(`failure count ${count[1]}`);
  const error = errorText(mail.text);
  trace.push(error ? `error: ${error}` : 'no error text after "Error:"');
  return {
    type: 'Replication Job',
    jobName: jobId,
    host: null,
    status: 'failed',
    startedAt: null,
    endedAt: null,
    objects: [{ name: jobId, type: 'Replication', status: 'failed', message: error }],
    trace,
  };
}

/** The error text follows a line `Error:` and runs to the end of the body. */
function errorText(text: string): string | null {
  const lines = text.split(/\r?\n/).map((l) => l.trim());
  const start = lines.findIndex((l) => l === 'Error:');
  if (start < 0) return null;
  const rest = lines.slice(start + 1).filter(Boolean);
  return rest.length ? rest.join(' ') : null;
}

const updatesSubject = /New software packages available \(([^()\s]+)\)/i;

/**
 * `New software packages available (<fqdn>)`: an update notice, informational. Proxmox Backup Server
 * sends the same subject; its body names the product, so such mails are left to its parser.
 */
export function parseUpdates(mail: DecodedMessage): ParsedReport | null {
  const subject = updatesSubject.exec(mail.subject);
  if (!subject || !/The following updates are available/i.test(mail.text)) return null;
  if (/Proxmox Backup Server/i.test(mail.text) || /Proxmox Backup Server/i.test(mail.fromName ?? '')) return null;
  const host = subject[1]!;
  return {
    type: 'Package Updates',
    jobName: host,
    host,
    status: 'success',
    informational: true,
    startedAt: null,
    endedAt: null,
    objects: [],
    trace: [`update notice for "${host}" (host from the subject, used as job name): informational`],
  };
}
