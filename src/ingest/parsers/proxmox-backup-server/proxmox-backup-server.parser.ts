import type { ReportStatus } from '../../../domain/status.js';
import type { DecodedMessage } from '../../mime/decode.js';
import type { ParsedReport, Parser } from '../parser.js';
import { parseJobMail } from './jobs.js';
import { readPbsText } from './mail-text.js';

/**
 * Proxmox Backup Server notification mails: job results (garbage collection, verify, sync, prune, tape
 * backup) and informational notices (tape load request, certificate renewal failure, test, updates).
 */
export const proxmoxBackupServerParser: Parser = {
  id: 'proxmox-backup-server',
  software: 'Proxmox Backup Server',
  types: [
    'Garbage Collection', 'Verify Job', 'Sync Job', 'Prune Job', 'Tape Backup Job',
    'Tape Load Request', 'Certificate Renewal', 'Test Notification', 'Package Updates',
  ],
  match: {
    senders: ['author "Proxmox Backup Server - <host>"'],
    subjects: [
      "Garbage Collect Datastore '<store>' successful|failed",
      "Verify Datastore '<store>' successful|failed",
      "Sync remote '<remote>' datastore '<store>' … / Sync local datastore '<store>' …",
      "Pruning datastore '<store>' successful|failed",
      "Tape Backup ['<id>'] datastore '<store>' successful|failed",
      "Load Media '<label>' request for <type> '<device>'",
      'Could not renew certificate',
      'Test notification',
      'New software packages available (<host>)',
    ],
    bodies: ['Please visit the web interface for further details:', '<https://<fqdn>:8007/#…>'],
  },
  informational: false,
  jobNameRule:
    'the Job ID line for verify, sync, prune and tape backup jobs; the datastore for garbage collection and for tape backups without a Job ID; the host for tape load requests and certificate, test and update notices',
  parse(mail: DecodedMessage): ParsedReport | null {
    return parseJobMail(mail) ?? parseNotice(mail);
  },
};

interface Notice {
  type: string;
  subject: RegExp;
  body: RegExp;
  status: ReportStatus;
  /** Generic subjects ("Test notification") are only claimed with the PBS default author. */
  needsAuthor: boolean;
}

const notices: Notice[] = [
  { type: 'Tape Load Request', subject: /Load Media '(.+)' request for (\S+) '(.+)'$/, body: /Please insert the requested media into the/, status: 'warning', needsAuthor: false },
  { type: 'Certificate Renewal', subject: /Could not renew certificate$/, body: /Proxmox Backup Server was not able to renew a TLS certificate/, status: 'failed', needsAuthor: false },
  { type: 'Test Notification', subject: /Test notification$/, body: /This is a test of the notification target/, status: 'success', needsAuthor: true },
  { type: 'Package Updates', subject: /New software packages available \(([^()\s]+)\)$/, body: /Proxmox Backup Server has the following updates available/, status: 'success', needsAuthor: false },
];

/** Notices are informational: shown in the host's history, never counted as runs. */
function parseNotice(mail: DecodedMessage): ParsedReport | null {
  for (const notice of notices) {
    const m = notice.subject.exec(mail.subject);
    if (!m || !notice.body.test(mail.text)) continue;
    const text = readPbsText(mail);
    if (notice.needsAuthor && !text.authorHost) return null;
    const fromSubject = notice.type === 'Package Updates' ? (m[1] ?? null) : null;
    const host = text.linkHost ?? text.authorHost ?? fromSubject;
    const trace = [
      `${notice.type} notice: informational, status ${notice.status}`,
      host ? `host "${host}" (also the job name, as the notice names no job)` : 'host unknown',
    ];
    if (notice.type === 'Tape Load Request') trace.push(`media "${m[1]}" requested for ${m[2]} "${m[3]}"`);
    const error = text.labels.get('Error');
    if (error) trace.push(`error: ${error}`);
    return {
      type: notice.type,
      jobName: host,
      host,
      status: notice.status,
      informational: true,
      startedAt: null,
      endedAt: null,
      objects: [],
      trace,
    };
  }
  return null;
}
