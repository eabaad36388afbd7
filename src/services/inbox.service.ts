import type { Db } from '../db/connect.js';
import type { Actor } from '../domain/actor.js';
import { NotFoundError } from '../domain/errors.js';
import { can } from '../domain/roles.js';
import { jobKeysOf } from '../ingest/pipeline.js';
import { decodeMessage } from '../ingest/mime/decode.js';
import { auditWho, recordAudit } from '../repositories/audit.repository.js';
import {
  getDeletedMessage, getInboxMessage, listDeleted, listInbox, purgeDeletedMessage, restoreDeletedMessage, softDeleteInboxMessage, type Page,
} from '../repositories/inbox.repository.js';
import { findJobByKeys, getJobWithCustomer } from '../repositories/job.repository.js';
import { getMessage, readRawMail, type MessageRow } from '../repositories/message.repository.js';
import { runIdOfMessage } from '../repositories/run.repository.js';
import { linkAsRuns } from './inbox-link.js';
import {
  presentDeletedMail, presentInboxDetail, presentInboxItem, presentMessageDetail, renderBodyPage,
  storedResult, type DeletedMail, type InboxDetail, type InboxItem, type MessageDetail,
} from './message-view.js';

/** The Inbox (DESIGN §5), Deleted mails (Admins), and reading one stored message. Approval is in inbox-approve.service.ts. */

export async function inboxPage(db: Db, page: Page): Promise<{ items: InboxItem[]; total: number }> {
  const { rows, total } = await listInbox(db, page);
  return { items: rows.map(presentInboxItem), total };
}

export async function inboxDetail(db: Db, id: number): Promise<InboxDetail> {
  const row = await getInboxMessage(db, id);
  if (!row) throw new NotFoundError('Inbox message', id);
  return presentInboxDetail(row);
}

/** Soft delete: the mail leaves the Inbox and waits in Deleted mails, where an Admin restores or purges it. */
export async function deleteFromInbox(db: Db, id: number, actor: Actor, now: Date): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const row = await getInboxMessage(trx, id);
    if (!row || !(await softDeleteInboxMessage(trx, id, actor.username, now.toISOString()))) throw new NotFoundError('Inbox message', id);
    await recordAudit(trx, { at: now.toISOString(), ...auditWho(actor), action: 'inbox.delete', entityType: 'message', entityId: id, details: summaryOf(row) });
  });
}

export async function deletedPage(db: Db, page: Page): Promise<{ items: DeletedMail[]; total: number }> {
  const { rows, total } = await listDeleted(db, page);
  return { items: rows.map(presentDeletedMail), total };
}

/**
 * Puts a deleted mail back. If a job was approved for its key while it was deleted, it becomes a run
 * of that job instead, as a new mail would: a message whose key belongs to a job is never in the Inbox.
 */
export async function restoreDeleted(db: Db, id: number, actor: Actor, now: Date): Promise<{ jobId: number | null }> {
  return db.transaction().execute(async (trx) => {
    const row = await getDeletedMessage(trx, id);
    if (!row || !(await restoreDeletedMessage(trx, id))) throw new NotFoundError('deleted mail', id);
    const match = await findJobByKeys(trx, jobKeysOf(storedResult(row)));
    if (match) await linkAsRuns(trx, [{ ...row, deleted_at: null, deleted_by: null }], match, now);
    await recordAudit(trx, {
      at: now.toISOString(), ...auditWho(actor), action: 'inbox.restore', entityType: 'message', entityId: id,
      details: { ...summaryOf(row), linkedToJob: match?.jobId ?? null },
    });
    return { jobId: match?.jobId ?? null };
  });
}

/** Removes a deleted mail and its raw bytes for good; the audit event keeps what it was. */
export async function purgeDeleted(db: Db, id: number, actor: Actor, now: Date): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const row = await getDeletedMessage(trx, id);
    if (!row) throw new NotFoundError('deleted mail', id);
    await purgeDeletedMessage(trx, id);
    await recordAudit(trx, { at: now.toISOString(), ...auditWho(actor), action: 'inbox.purge', entityType: 'message', entityId: id, details: summaryOf(row) });
  });
}

/**
 * A stored message as the actor may read it: Inbox and job-linked messages for every role with
 * 'inbox.view', deleted mails only for those who manage them (Admins); others get 404, as if it were gone.
 */
export async function readableMessage(db: Db, id: number, actor: Actor): Promise<MessageRow> {
  const row = await getMessage(db, id);
  if (!row || (row.deleted_at !== null && !can(actor.role, 'deleted-mail.manage'))) throw new NotFoundError('message', id);
  return row;
}

export async function messageDetail(db: Db, id: number, actor: Actor): Promise<MessageDetail> {
  const row = await readableMessage(db, id, actor);
  const job = row.job_id === null ? undefined : await getJobWithCustomer(db, row.job_id);
  const ref = job ? { id: job.id, customerId: job.customer_id, customerName: job.customer_name, jobName: job.job_name, archived: job.archived_at !== null } : null;
  return presentMessageDetail(row, ref, row.job_id === null ? null : await runIdOfMessage(db, id));
}

/** The raw mail as it arrived, for the .eml download. */
export async function messageEml(db: Db, id: number, actor: Actor): Promise<Buffer> {
  await readableMessage(db, id, actor);
  const raw = await readRawMail(db, id);
  if (!raw) throw new NotFoundError('raw mail of message', id);
  return raw;
}

/** The mail's body as an HTML page for the sandboxed iframe, decoded from the raw mail like ingest does. */
export async function messageBodyPage(db: Db, id: number, actor: Actor): Promise<string> {
  const raw = await messageEml(db, id, actor);
  const decoded = await decodeMessage(raw).catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))));
  return renderBodyPage(decoded);
}

function summaryOf(row: MessageRow) {
  return { subject: row.subject, sender: row.sender, receivedAt: row.received_at, jobKey: row.job_key };
}
