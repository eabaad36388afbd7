import type { Db } from '../db/connect.js';
import type { Actor } from '../domain/actor.js';
import { NotFoundError } from '../domain/errors.js';
import { decodeSafely, parseFieldsOf, prepareMessage } from '../ingest/pipeline.js';
import { auditWho, recordAudit } from '../repositories/audit.repository.js';
import { getInboxMessage, getInboxMessages, inboxIdsAfter } from '../repositories/inbox.repository.js';
import { findJobByKeys } from '../repositories/job.repository.js';
import { readRawMail, updateParseFields, type MessageRow, type ParseFields } from '../repositories/message.repository.js';
import { linkAsRuns } from './inbox-link.js';

/**
 * Re-parse of Inbox messages after a parser change (DESIGN §4): decode and parse the stored raw mail
 * again with the same code as ingest (prepareMessage), rewrite the message's parse fields and job key,
 * and link it as a run when its new key belongs to a job, as the pipeline would have.
 * Re-parsing job-linked messages (runs updated in place) is a separate, Admin-only feature.
 */

export interface ReparseSummary {
  reparsed: number;
  changed: number;
  linked: number;
}

const batchSize = 100;

/** Re-parses the given Inbox messages, or the whole Inbox when no ids are given. */
export async function reparseInbox(db: Db, messageIds: number[] | undefined, who: Actor | 'cli', now: Date): Promise<ReparseSummary> {
  const summary: ReparseSummary = { reparsed: 0, changed: 0, linked: 0 };
  if (messageIds) {
    const ids = [...new Set(messageIds)];
    const found = new Set((await getInboxMessages(db, ids)).map((r) => r.id));
    const missing = ids.filter((id) => !found.has(id));
    if (missing.length > 0) throw new NotFoundError(missing.length === 1 ? 'Inbox message' : 'Inbox messages', missing.join(', '));
    for (const id of ids) await reparseOne(db, id, now, summary);
  } else {
    // In batches by id: a message linked by this run leaves the Inbox, so the walk goes by id, not offset.
    let after = 0;
    for (;;) {
      const ids = await inboxIdsAfter(db, after, batchSize);
      if (ids.length === 0) break;
      for (const id of ids) await reparseOne(db, id, now, summary);
      after = ids[ids.length - 1]!;
    }
  }
  if (summary.reparsed > 0) {
    await recordAudit(db, {
      at: now.toISOString(), ...auditWho(who), action: 'inbox.reparse', entityType: 'message', entityId: null,
      details: { ...summary, messageIds: messageIds ?? 'all' },
    });
  }
  return summary;
}

async function reparseOne(db: Db, id: number, now: Date, summary: ReparseSummary): Promise<void> {
  const raw = await readRawMail(db, id);
  if (!raw) return;
  // Decoding and parsing are pure and can be slow: done before the transaction, like ingest.
  const prepared = prepareMessage(raw, await decodeSafely(raw));
  await db.transaction().execute(async (trx) => {
    // Re-read inside the transaction: the message may have been approved or deleted meanwhile.
    const row = await getInboxMessage(trx, id);
    if (!row) return;
    if (row.too_large === 1) prepared.result.trace.unshift(`stored truncated: the mail had ${row.size_bytes} bytes, over the size limit`);
    const fields = parseFieldsOf(prepared, now.toISOString());
    await updateParseFields(trx, id, fields);
    summary.reparsed += 1;
    if (differs(row, fields)) summary.changed += 1;
    const match = await findJobByKeys(trx, prepared.keys);
    if (match && (await linkAsRuns(trx, [{ ...row, ...fields } as MessageRow], match, now)).length > 0) summary.linked += 1;
  });
}

function differs(row: MessageRow, fields: ParseFields): boolean {
  return (Object.keys(fields) as (keyof ParseFields)[]).some((name) => name !== 'parsed_at' && row[name] !== fields[name]);
}

