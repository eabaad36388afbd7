import type { ReportObject } from '../../../domain/parse-result.js';
import type { ReportStatus } from '../../../domain/status.js';
import type { DecodedMessage } from '../../mime/decode.js';
import type { ParsedReport } from '../parser.js';
import { toIso } from '../support/time.js';
import { failureText, hasPbsMarks, listAfter, readPbsText, upidStart, type PbsText } from './mail-text.js';

/**
 * PBS job mails (proxmox-backup `templates/default/{gc,verify,sync,prune,tape-backup}-{ok,err}-*.hbs`).
 * The status is binary and ends the subject (`… successful` / `… failed`); the body repeats it as
 * `<What> successful.` or `<What> failed: <error>`. Only garbage collection carries a time (its UPID).
 */
interface JobKind {
  type: string;
  subject: RegExp;
  /** The word that starts the body's completion line. */
  what: string;
}

const jobKinds: JobKind[] = [
  { type: 'Garbage Collection', subject: /Garbage Collect Datastore '(?<store>.+)' (?<result>successful|failed)$/, what: 'Garbage collection' },
  { type: 'Verify Job', subject: /Verify Datastore '(?<store>.+)' (?<result>successful|failed)$/, what: 'Verification' },
  { type: 'Sync Job', subject: /Sync remote '(?<remote>.+)' datastore '(?<source>.+)' (?<result>successful|failed)$/, what: 'Synchronization' },
  { type: 'Sync Job', subject: /Sync local datastore '(?<source>.+)' (?<result>successful|failed)$/, what: 'Synchronization' },
  { type: 'Prune Job', subject: /Pruning datastore '(?<store>.+)' (?<result>successful|failed)$/, what: 'Pruning' },
  { type: 'Tape Backup Job', subject: /Tape Backup (?:'(?<id>.+)' )?datastore '(?<store>.+)' (?<result>successful|failed)$/, what: 'Tape Backup' },
];

export function parseJobMail(mail: DecodedMessage): ParsedReport | null {
  for (const kind of jobKinds) {
    const m = kind.subject.exec(mail.subject);
    if (!m?.groups) continue;
    const text = readPbsText(mail);
    const completion = new RegExp(`^${kind.what} (successful\\.|failed)`);
    if (!hasPbsMarks(text, mail) && !text.lines.some((l) => completion.test(l.trim()))) return null;
    return buildReport(mail, kind, m.groups, text);
  }
  return null;
}

function buildReport(mail: DecodedMessage, kind: JobKind, groups: Record<string, string | undefined>, text: PbsText): ParsedReport {
  const trace: string[] = [`${kind.type} mail: subject "${mail.subject}"`];
  const { labels, lines } = text;

  const store = labels.get('Datastore') ?? groups.store ?? null;
  const jobId = labels.get('Job ID') ?? groups.id ?? null;
  const jobName = jobId ?? store;
  trace.push(
    jobId
      ? `job name "${jobId}" from the Job ID`
      : `job name "${store}": the datastore, as a ${kind.type.toLowerCase()} mail without a Job ID names no job`,
  );
  if (groups.remote) trace.push(`sync from remote "${groups.remote}", store "${groups.source}"`);
  else if (groups.source) trace.push(`local sync from store "${groups.source}"`);

  const host = text.linkHost ?? text.authorHost;
  trace.push(
    host
      ? `host "${host}" from ${text.linkHost ? 'the web-interface link' : 'the author "Proxmox Backup Server - <host>"'}`
      : 'host unknown: no web-interface link and no default author',
  );

  const subjectStatus: ReportStatus = groups.result === 'failed' ? 'failed' : 'success';
  trace.push(`status ${subjectStatus}: subject ends "${groups.result}"`);
  const error = failureText(lines, kind.what);
  const bodySuccess = lines.some((l) => l.trim() === `${kind.what} successful.`);
  let status = subjectStatus;
  if (error !== null) {
    status = 'failed';
    trace.push(`body: "${kind.what} failed": ${error}`);
  } else if (!bodySuccess) {
    trace.push(`body has no "${kind.what} successful." line`);
  }
  if (status !== subjectStatus) trace.push('status failed: the body contradicts the subject');

  const objects = objectsOf(kind, lines, trace);
  let startedAt: string | null = null;
  if (kind.type === 'Garbage Collection') {
    const start = upidStart(labels.get('Task ID'));
    startedAt = start ? toIso(start) : null;
    trace.push(startedAt ? `start ${startedAt} from the Task ID (UPID start time, Unix seconds)` : 'no UPID; start unknown');
  } else {
    trace.push('the mail carries no run times');
  }
  const duration = labels.get('Duration');
  if (duration) trace.push(`duration ${duration}`);

  return { type: kind.type, jobName, host, status, startedAt, endedAt: null, objects, trace };
}

function objectsOf(kind: JobKind, lines: string[], trace: string[]): ReportObject[] {
  if (kind.type === 'Verify Job') {
    const failed = listAfter(lines, /^Verification failed on these snapshots\/groups:$/);
    if (failed.length) trace.push(`${failed.length} snapshot(s)/group(s) failed verification`);
    return failed.map((name) => ({ name, type: snapshotOrGroup(name), status: 'failed' as const, message: 'verification failed' }));
  }
  if (kind.type === 'Tape Backup Job') {
    const tapes = listAfter(lines, /^Used Tapes:$/);
    if (tapes.length) trace.push(`used tapes: ${tapes.join(', ')}`);
    // The list holds the snapshots written to tape; on failure, those written before the error.
    const included = listAfter(lines, /^Snapshots included:$/);
    if (included.length) trace.push(`${included.length} snapshot(s) written to tape`);
    return included.map((name) => ({ name, type: snapshotOrGroup(name), status: 'success' as const, message: null }));
  }
  return [];
}

function snapshotOrGroup(name: string): string {
  return /\/\d{4}-\d{2}-\d{2}T/.test(name) ? 'Snapshot' : 'Group';
}
