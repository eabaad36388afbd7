import { gunzipSync } from 'node:zlib';
import type { Insertable, Selectable } from 'kysely';
import type { Db } from '../db/connect.js';
import type { MessageTable } from '../db/schema.js';

export type MessageRow = Selectable<MessageTable>;
export type NewMessage = Insertable<MessageTable>;

/** Inserts a message unless one with the same identity and content exists; returns its id, or null for a duplicate. */
export async function insertMessageOnce(db: Db, message: NewMessage): Promise<number | null> {
  const row = await db
    .insertInto('messages')
    .values(message)
    .onConflict((oc) => oc.columns(['identity_key', 'content_hash']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id ?? null;
}

/** The stored messages that share an identity: their ids and content hashes (usually none, rarely one). */
export async function findByIdentity(db: Db, identityKey: string): Promise<{ id: number; content_hash: string }[]> {
  return db.selectFrom('messages').select(['id', 'content_hash']).where('identity_key', '=', identityKey).execute();
}

export async function insertRaw(db: Db, messageId: number, compression: string, data: Uint8Array): Promise<void> {
  await db.insertInto('message_raw').values({ message_id: messageId, compression, data }).execute();
}

export async function getRaw(db: Db, messageId: number): Promise<{ compression: string; data: Uint8Array } | undefined> {
  return db.selectFrom('message_raw').select(['compression', 'data']).where('message_id', '=', messageId).executeTakeFirst();
}

export async function setMessageJob(db: Db, messageId: number, jobId: number): Promise<void> {
  await db.updateTable('messages').set({ job_id: jobId }).where('id', '=', messageId).execute();
}

export async function getMessage(db: Db, id: number): Promise<MessageRow | undefined> {
  return db.selectFrom('messages').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The stored raw mail, decompressed: exactly the bytes that arrived (or their truncated start for a too-large mail). */
export async function readRawMail(db: Db, messageId: number): Promise<Buffer | undefined> {
  const raw = await getRaw(db, messageId);
  if (!raw) return undefined;
  return raw.compression === 'gzip' ? gunzipSync(raw.data) : Buffer.from(raw.data);
}

/** The columns a parse fills; re-parsing rewrites exactly these. */
export type ParseFields = Pick<
  NewMessage,
  | 'parse_state' | 'parse_error' | 'parser' | 'software' | 'backup_type' | 'job_name' | 'host' | 'status'
  | 'informational' | 'started_at' | 'ended_at' | 'confidence' | 'parse_result' | 'job_key' | 'parsed_at'
>;

export async function updateParseFields(db: Db, messageId: number, fields: ParseFields): Promise<void> {
  await db.updateTable('messages').set(fields).where('id', '=', messageId).execute();
}
