import type { Selectable } from 'kysely';
import type { Db } from '../db/connect.js';
import type { CustomerTable } from '../db/schema.js';
import type { MessageRow } from './message.repository.js';

/**
 * The Inbox is the messages linked to no job and not deleted (DESIGN §5); Deleted mails are the ones
 * linked to no job and soft-deleted. Job-linked messages are never in either.
 */

/** The columns a list row shows; parse_result (objects and trace) is left out, it can be large. */
const listColumns = [
  'id', 'sender', 'subject', 'received_at', 'software', 'backup_type', 'job_name', 'host', 'status',
  'parse_state', 'parser', 'informational', 'too_large', 'deleted_at', 'deleted_by',
] as const;

export type InboxListRow = Pick<MessageRow, (typeof listColumns)[number]>;

export interface Page {
  page: number;
  pageSize: number;
}

/** Newest first (by id, which follows arrival and is what the messages_inbox index covers). */
export async function listInbox(db: Db, page: Page): Promise<{ rows: InboxListRow[]; total: number }> {
  const base = db.selectFrom('messages').where('job_id', 'is', null).where('deleted_at', 'is', null);
  const { n } = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await base.select(listColumns).orderBy('id', 'desc').limit(page.pageSize).offset((page.page - 1) * page.pageSize).execute();
  return { rows, total: Number(n) };
}

/** Most recently deleted first. */
export async function listDeleted(db: Db, page: Page): Promise<{ rows: InboxListRow[]; total: number }> {
  const base = db.selectFrom('messages').where('job_id', 'is', null).where('deleted_at', 'is not', null);
  const { n } = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await base
    .select(listColumns)
    .orderBy('deleted_at', 'desc')
    .orderBy('id', 'desc')
    .limit(page.pageSize)
    .offset((page.page - 1) * page.pageSize)
    .execute();
  return { rows, total: Number(n) };
}

export async function getInboxMessage(db: Db, id: number): Promise<MessageRow | undefined> {
  return db.selectFrom('messages').selectAll().where('id', '=', id).where('job_id', 'is', null).where('deleted_at', 'is', null).executeTakeFirst();
}

export async function getDeletedMessage(db: Db, id: number): Promise<MessageRow | undefined> {
  return db.selectFrom('messages').selectAll().where('id', '=', id).where('job_id', 'is', null).where('deleted_at', 'is not', null).executeTakeFirst();
}

export async function getInboxMessages(db: Db, ids: number[]): Promise<MessageRow[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('messages').selectAll().where('id', 'in', ids).where('job_id', 'is', null).where('deleted_at', 'is', null).execute();
}

/** Inbox messages of one job key in the order they arrived: the order their runs are created in. */
export async function inboxMessagesWithKey(db: Db, key: string): Promise<MessageRow[]> {
  return db
    .selectFrom('messages')
    .selectAll()
    .where('job_key', '=', key)
    .where('job_id', 'is', null)
    .where('deleted_at', 'is', null)
    .orderBy('received_at')
    .orderBy('id')
    .execute();
}

/** Ids of Inbox messages above an id, ascending: walks a large Inbox in batches. */
export async function inboxIdsAfter(db: Db, afterId: number, limit: number): Promise<number[]> {
  const rows = await db
    .selectFrom('messages')
    .select('id')
    .where('job_id', 'is', null)
    .where('deleted_at', 'is', null)
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

/**
 * Links an Inbox message to a job, only if it is still in the Inbox: a concurrent approval or
 * delete of the same message makes this return false instead of linking it twice.
 */
export async function claimInboxMessage(db: Db, id: number, jobId: number): Promise<boolean> {
  const result = await db.updateTable('messages').set({ job_id: jobId }).where('id', '=', id).where('job_id', 'is', null).where('deleted_at', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function softDeleteInboxMessage(db: Db, id: number, by: string, at: string): Promise<boolean> {
  const result = await db.updateTable('messages').set({ deleted_at: at, deleted_by: by }).where('id', '=', id).where('job_id', 'is', null).where('deleted_at', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function restoreDeletedMessage(db: Db, id: number): Promise<boolean> {
  const result = await db.updateTable('messages').set({ deleted_at: null, deleted_by: null }).where('id', '=', id).where('job_id', 'is', null).where('deleted_at', 'is not', null).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Removes a deleted mail for good: its raw bytes, then the message. No run refers to it (it has no job). */
export async function purgeDeletedMessage(db: Db, id: number): Promise<void> {
  await db.deleteFrom('message_raw').where('message_id', '=', id).execute();
  await db.deleteFrom('messages').where('id', '=', id).where('job_id', 'is', null).where('deleted_at', 'is not', null).execute();
}

export type CustomerRow = Selectable<CustomerTable>;

/** The customer an approval names (the customer repository has no reader yet). */
export async function findCustomer(db: Db, id: number): Promise<CustomerRow | undefined> {
  return db.selectFrom('customers').selectAll().where('id', '=', id).executeTakeFirst();
}
