import type { ParseResult, ReportObject } from '../domain/parse-result.js';
import type { ReportStatus } from '../domain/status.js';
import type { DecodedMessage } from '../ingest/mime/decode.js';
import type { InboxListRow } from '../repositories/inbox.repository.js';
import type { MessageRow } from '../repositories/message.repository.js';

/** Presenters of stored messages (docs/api.md: InboxItem, InboxDetail, DeletedMail) and the body page. */

export interface InboxItem {
  id: number;
  from: string | null;
  subject: string | null;
  receivedAt: string;
  backupSoftware: string | null;
  backupType: string | null;
  jobName: string | null;
  host: string | null;
  status: string;
  parseState: 'parsed' | 'unrecognised' | 'error';
  parser: string | null;
  informational: boolean;
  tooLarge: boolean;
}

export interface InboxDetail extends InboxItem {
  objects: ReportObject[];
  trace: string[];
  parseError: string | null;
  startedAt: string | null;
  endedAt: string | null;
  jobKey: string | null;
  canApprove: boolean;
}

export interface DeletedMail extends InboxItem {
  deletedAt: string;
  deletedBy: string | null;
}

export interface MessageJobRef {
  id: number;
  customerId: number;
  customerName: string;
  jobName: string;
  archived: boolean;
}

export interface MessageDetail extends InboxDetail {
  inInbox: boolean;
  deletedAt: string | null;
  deletedBy: string | null;
  job: MessageJobRef | null;
  runId: number | null;
  source: string;
  sizeBytes: number;
  identityConflict: boolean;
}

export function presentInboxItem(row: InboxListRow): InboxItem {
  return {
    id: row.id,
    from: row.sender,
    subject: row.subject,
    receivedAt: row.received_at,
    backupSoftware: row.software,
    backupType: row.backup_type,
    jobName: row.job_name,
    host: row.host,
    status: row.status,
    parseState: row.parse_state as InboxItem['parseState'],
    parser: row.parser,
    informational: row.informational === 1,
    tooLarge: row.too_large === 1,
  };
}

export function presentDeletedMail(row: InboxListRow): DeletedMail {
  return { ...presentInboxItem(row), deletedAt: row.deleted_at ?? '', deletedBy: row.deleted_by };
}

/** Approval builds the job from software, type and job name; a mail without them (or with a parse error) has no key. */
export function canApprove(row: Pick<MessageRow, 'software' | 'backup_type' | 'job_name' | 'job_key'>): boolean {
  return Boolean(row.software && row.backup_type && row.job_name && row.job_key);
}

export function presentInboxDetail(row: MessageRow): InboxDetail {
  const stored = storedResult(row);
  return {
    ...presentInboxItem(row),
    objects: stored.objects,
    trace: stored.trace,
    parseError: row.parse_error,
    startedAt: row.started_at,
    endedAt: row.ended_at,
    jobKey: row.job_key,
    canApprove: row.job_id === null && row.deleted_at === null && canApprove(row),
  };
}

export function presentMessageDetail(row: MessageRow, job: MessageJobRef | null, runId: number | null): MessageDetail {
  return {
    ...presentInboxDetail(row),
    inInbox: row.job_id === null && row.deleted_at === null,
    deletedAt: row.deleted_at,
    deletedBy: row.deleted_by,
    job,
    runId,
    source: row.source,
    sizeBytes: row.size_bytes,
    identityConflict: row.identity_conflict === 1,
  };
}

/**
 * The parse result as stored: the scalar fields live in columns, objects and trace in the
 * parse_result JSON. A damaged JSON value yields no objects rather than an error page.
 */
export function storedResult(row: MessageRow): ParseResult {
  let extra: { objects?: ReportObject[]; trace?: string[] } = {};
  try {
    extra = JSON.parse(row.parse_result) as typeof extra;
  } catch {
    extra = { trace: ['stored parse result could not be read'] };
  }
  return {
    parser: row.parser,
    software: row.software,
    type: row.backup_type,
    jobName: row.job_name,
    host: row.host,
    status: row.status as ReportStatus,
    informational: row.informational === 1,
    startedAt: row.started_at,
    endedAt: row.ended_at,
    sender: row.sender,
    subject: row.subject,
    objects: Array.isArray(extra.objects) ? extra.objects : [],
    confidence: row.confidence === 'high' ? 'high' : 'low',
    trace: Array.isArray(extra.trace) ? extra.trace : [],
    error: row.parse_error,
  };
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The page shown in the Inbox's sandboxed iframe. The mail's HTML is hostile input; the protection
 * is the route's CSP and the iframe sandbox, not cleaning. Only <meta http-equiv> (a refresh could
 * navigate the frame, a CSP meta could confuse) and <base> (it would redirect relative links) are
 * removed, as defence in depth.
 */
export function renderBodyPage(mail: DecodedMessage | Error): string {
  if (mail instanceof Error) return textPage(`The body of this mail could not be decoded: ${mail.message}`);
  if (mail.html) return withoutNavigationTags(mail.html);
  return textPage(mail.text);
}

export function withoutNavigationTags(html: string): string {
  return html.replace(/<meta\b[^>]*\bhttp-equiv\b[^>]*>/gi, '').replace(/<base\b[^>]*>/gi, '');
}

function textPage(text: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"></head><body><pre style="white-space: pre-wrap; font-family: monospace; margin: 0">${escapeHtml(text)}</pre></body></html>`;
}
