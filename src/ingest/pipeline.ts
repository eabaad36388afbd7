import { gzipSync } from 'node:zlib';
import type { Insertable } from 'kysely';
import type { Db } from '../db/connect.js';
import type { RunTable } from '../db/schema.js';
import { anyHostJobKey, jobKey } from '../domain/job-key.js';
import type { ParseResult } from '../domain/parse-result.js';
import { findJobByKeys } from '../repositories/job.repository.js';
import { findByIdentity, insertMessageOnce, insertRaw, setMessageJob, type ParseFields } from '../repositories/message.repository.js';
import { insertRun } from '../repositories/run.repository.js';
import { withOverrides } from '../services/override-apply.service.js';
import { contentHash, identityKey } from './identity.js';
import { decodeMessage, UndecodableMessageError, type DecodedMessage } from './mime/decode.js';
import { parseMessage, undecodableResult } from './parsers/parse-message.js';

export type SourceName = 'smtp' | 'imap' | 'graph' | 'upload' | 'cli';

export interface SourceInfo {
  source: SourceName;
  /** What the source knows of the delivery: SMTP peer, HELO and envelope; IMAP mailbox, folder, UID; CLI file. */
  detail?: Record<string, unknown>;
  /** The raw mail was cut to headers plus the start of its body because it exceeded the size limit. */
  tooLarge?: { originalBytes: number };
}

export type ParseState = 'parsed' | 'unrecognised' | 'error';

export interface IngestOutcome {
  outcome: 'stored' | 'duplicate';
  messageId: number;
  parseState: ParseState;
  jobId: number | null;
  runId: number | null;
  identityConflict: boolean;
  result: ParseResult;
}

/** Everything ingest computes before it touches the database: pure, so it can run outside the transaction. */
export interface PreparedMessage {
  raw: Uint8Array;
  identityKey: string;
  contentHash: string;
  mail: DecodedMessage | null;
  result: ParseResult;
  parseState: ParseState;
  keys: string[];
}

export function prepareMessage(raw: Uint8Array, decoded: DecodedMessage | Error): PreparedMessage {
  const hash = contentHash(raw);
  const mail = decoded instanceof Error ? null : decoded;
  const result = mail ? parseMessage(mail) : undecodableResult(decoded instanceof Error ? decoded.message : 'unknown');
  return {
    raw,
    contentHash: hash,
    identityKey: identityKey({ messageId: mail?.messageId ?? null, sender: mail?.fromAddress ?? null, dateHeader: mail?.dateHeader ?? null }, hash),
    mail,
    result,
    parseState: parseStateOf(result),
    keys: jobKeysOf(result),
  };
}

/**
 * The one entry point for every source (DESIGN §3–§4): decode, parse, then in one transaction store
 * the message with its raw mail (deduplicated by identity), and link it to its job as a run or leave
 * it in the Inbox. The caller acknowledges its source only after this resolves.
 */
export async function ingestMessage(db: Db, raw: Uint8Array, source: SourceInfo, now: Date = new Date()): Promise<IngestOutcome> {
  return storeMessage(db, prepareMessage(raw, await decodeSafely(raw)), source, now);
}

/** Decodes a mail; whatever breaks while decoding is returned as the reason, never thrown. */
export async function decodeSafely(raw: Uint8Array): Promise<DecodedMessage | Error> {
  try {
    return await decodeMessage(raw);
  } catch (error) {
    // Whatever breaks while decoding (a bug in a library included) must not keep the mail out: it is
    // stored with the reason, as a parse error, and can be re-parsed once the cause is fixed.
    return error instanceof UndecodableMessageError ? error : new Error(`decoding failed: ${(error as Error)?.message ?? String(error)}`);
  }
}

export interface RunSource {
  jobId: number;
  messageId: number;
  status: ParseResult['status'];
  informational: boolean;
  /** The report's start time, else the mail's Date header. */
  startedAt: string | null;
  endedAt: string | null;
  receivedAt: string;
  /** Runs of archived jobs and inactive customers are reviewed by the system at once (DESIGN §5). */
  quiet: boolean;
  now: string;
}

/** The run row of a mail linked to its job: the same for a new mail, an approval and a re-parse. */
export function mailRunRow(run: RunSource): Insertable<RunTable> {
  return {
    job_id: run.jobId,
    message_id: run.messageId,
    kind: 'mail',
    status: run.status,
    original_status: run.status,
    overridden: 0,
    informational: run.informational ? 1 : 0,
    started_at: run.startedAt,
    ended_at: run.endedAt,
    received_at: run.receivedAt,
    reviewed_at: run.quiet ? run.now : null,
    reviewed_by_user_id: null,
    created_at: run.now,
  };
}

/** Upserts the source's last mail time (the Dashboard's per-source list); an IMAP mailbox is a source of its own. */
async function recordSourceActivity(db: Db, source: SourceInfo, receivedAt: string): Promise<void> {
  const mailboxId = source.source === 'imap' ? source.detail?.mailboxId : undefined;
  const key = typeof mailboxId === 'number' ? `imap:${mailboxId}` : source.source;
  const label = typeof mailboxId === 'number' ? String(source.detail?.mailbox ?? key) : source.source;
  await db
    .insertInto('source_activity')
    .values({ source_key: key, source: source.source, label, last_received_at: receivedAt })
    .onConflict((oc) => oc.column('source_key').doUpdateSet({ label, last_received_at: receivedAt }).where('source_activity.last_received_at', '<', receivedAt))
    .execute();
}

export async function storeMessage(db: Db, prepared: PreparedMessage, source: SourceInfo, now: Date): Promise<IngestOutcome> {
  const { result, mail } = prepared;
  const receivedAt = now.toISOString();
  const compressed = gzipSync(prepared.raw);
  if (source.tooLarge) result.trace.unshift(`stored truncated: the mail had ${source.tooLarge.originalBytes} bytes, over the size limit`);
  const duplicate = (messageId: number): IngestOutcome => ({
    outcome: 'duplicate', messageId, parseState: prepared.parseState, jobId: null, runId: null, identityConflict: false, result,
  });
  return db.transaction().execute(async (trx) => {
    const sameIdentity = await findByIdentity(trx, prepared.identityKey);
    const stored = sameIdentity.find((m) => m.content_hash === prepared.contentHash);
    if (stored) return duplicate(stored.id);
    const conflict = sameIdentity.length > 0;
    const messageId = await insertMessageOnce(trx, {
      identity_key: prepared.identityKey,
      content_hash: prepared.contentHash,
      message_id_header: mail?.messageId ?? null,
      sender: result.sender,
      subject: result.subject,
      date_header: mail?.dateHeader ?? null,
      sent_at: mail?.date?.toISOString() ?? null,
      received_at: receivedAt,
      source: source.source,
      source_detail: source.detail ? JSON.stringify(source.detail) : null,
      size_bytes: source.tooLarge?.originalBytes ?? prepared.raw.byteLength,
      too_large: source.tooLarge ? 1 : 0,
      identity_conflict: conflict ? 1 : 0,
      ...parseFieldsOf(prepared, receivedAt),
      job_id: null,
      deleted_at: null,
    });
    if (messageId === null) {
      // Another writer (a second instance on PostgreSQL) stored the same mail between our read and insert.
      const raced = (await findByIdentity(trx, prepared.identityKey)).find((m) => m.content_hash === prepared.contentHash);
      return duplicate(raced?.id ?? 0);
    }
    await insertRaw(trx, messageId, 'gzip', compressed);
    await recordSourceActivity(trx, source, receivedAt);
    const match = await findJobByKeys(trx, prepared.keys);
    let runId: number | null = null;
    if (match) {
      // Mails of archived jobs and inactive customers are kept as runs already reviewed by the system,
      // so that unarchiving does not flood Run Checks (DESIGN §5).
      const quiet = match.archived || !match.customerActive;
      const stored = await withOverrides(
        trx,
        mailRunRow({
          jobId: match.jobId,
          messageId,
          status: result.status,
          informational: result.informational,
          startedAt: result.startedAt ?? mail?.date?.toISOString() ?? null,
          endedAt: result.endedAt,
          receivedAt,
          quiet,
          now: receivedAt,
        }),
        result.subject,
        result.objects,
        now,
      );
      runId = await insertRun(trx, stored.run, stored.objects);
      await setMessageJob(trx, messageId, match.jobId);
    }
    return { outcome: 'stored', messageId, parseState: prepared.parseState, jobId: match?.jobId ?? null, runId, identityConflict: conflict, result };
  });
}

function parseStateOf(result: ParseResult): ParseState {
  if (result.error) return 'error';
  if (result.parser === null || (result.parser === 'generic' && result.status === 'unknown')) return 'unrecognised';
  return 'parsed';
}

/** The message columns that come from parsing: written on ingest, rewritten by a re-parse. */
export function parseFieldsOf(prepared: PreparedMessage, parsedAt: string): ParseFields {
  const { result } = prepared;
  return {
    parse_state: prepared.parseState,
    parse_error: result.error,
    parser: result.parser,
    software: result.software,
    backup_type: result.type,
    job_name: result.jobName,
    host: result.host,
    status: result.status,
    informational: result.informational ? 1 : 0,
    started_at: result.startedAt,
    ended_at: result.endedAt,
    confidence: result.confidence,
    parse_result: JSON.stringify({ objects: result.objects, trace: result.trace }),
    job_key: prepared.keys[0] ?? null,
    parsed_at: parsedAt,
  };
}

/** The job keys a result can match, most specific first: its own host, then "any host". */
export function jobKeysOf(result: ParseResult): string[] {
  if (result.error || !result.software || !result.type || !result.jobName) return [];
  const parts = { sender: result.sender ?? '', host: result.host, software: result.software, type: result.type, jobName: result.jobName };
  const exact = jobKey(parts);
  const anyHost = anyHostJobKey(parts);
  return exact === anyHost ? [exact] : [exact, anyHost];
}
