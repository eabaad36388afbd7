import type { Insertable, Selectable } from 'kysely';
import type { Db } from '../db/connect.js';
import type { MailboxFolderTable, MailboxTable } from '../db/schema.js';

export type MailboxRow = Selectable<MailboxTable>;
export type NewMailbox = Insertable<MailboxTable>;
export type MailboxFolderRow = Selectable<MailboxFolderTable>;

export async function insertMailbox(db: Db, mailbox: NewMailbox): Promise<number> {
  const row = await db.insertInto('mailboxes').values(mailbox).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function listMailboxes(db: Db): Promise<MailboxRow[]> {
  return db.selectFrom('mailboxes').selectAll().orderBy('name').orderBy('id').execute();
}

export async function findMailboxById(db: Db, id: number): Promise<MailboxRow | undefined> {
  return db.selectFrom('mailboxes').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findMailboxByName(db: Db, name: string): Promise<MailboxRow | undefined> {
  return db.selectFrom('mailboxes').selectAll().where('name', '=', name).executeTakeFirst();
}

/** Deletes a mailbox and its folder progress; the messages it imported stay. */
export async function deleteMailbox(db: Db, id: number): Promise<boolean> {
  // Deleted explicitly rather than relying on ON DELETE CASCADE, which SQLite only honours with foreign_keys on.
  await db.deleteFrom('mailbox_folders').where('mailbox_id', '=', id).execute();
  const result = await db.deleteFrom('mailboxes').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Enabled mailboxes whose next poll is due: never polled, polled successfully, or past their back-off or lease. */
export async function listDueMailboxes(db: Db, now: string): Promise<MailboxRow[]> {
  return db
    .selectFrom('mailboxes')
    .selectAll()
    .where('enabled', '=', 1)
    .where((eb) => eb.or([eb('next_poll_at', 'is', null), eb('next_poll_at', '<=', now)]))
    .orderBy('id')
    .execute();
}

/**
 * Takes the mailbox for one poll by moving its next_poll_at to the end of a lease, only if it is still
 * due. Two instances sharing a database both see a mailbox as due; only one of them wins this update.
 */
export async function claimMailbox(db: Db, id: number, now: string, leaseUntil: string): Promise<boolean> {
  const result = await db
    .updateTable('mailboxes')
    .set({ next_poll_at: leaseUntil })
    .where('id', '=', id)
    .where('enabled', '=', 1)
    .where((eb) => eb.or([eb('next_poll_at', 'is', null), eb('next_poll_at', '<=', now)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function extendMailboxLease(db: Db, id: number, leaseUntil: string): Promise<void> {
  await db.updateTable('mailboxes').set({ next_poll_at: leaseUntil }).where('id', '=', id).execute();
}

/** A poll that worked: clears the back-off and releases the lease, so the next poll is due at once. */
export async function recordPollSuccess(db: Db, id: number, at: string): Promise<void> {
  await db.updateTable('mailboxes').set({ last_polled_at: at, last_error: null, failures: 0, next_poll_at: null }).where('id', '=', id).execute();
}

export async function recordPollFailure(db: Db, id: number, failure: { at: string; error: string; failures: number; nextPollAt: string }): Promise<void> {
  await db
    .updateTable('mailboxes')
    .set({ last_polled_at: failure.at, last_error: failure.error, failures: failure.failures, next_poll_at: failure.nextPollAt })
    .where('id', '=', id)
    .execute();
}

export async function getFolderProgress(db: Db, mailboxId: number, folder: string): Promise<MailboxFolderRow | undefined> {
  return db.selectFrom('mailbox_folders').selectAll().where('mailbox_id', '=', mailboxId).where('folder', '=', folder).executeTakeFirst();
}

export async function listFolderProgress(db: Db, mailboxId: number): Promise<MailboxFolderRow[]> {
  return db.selectFrom('mailbox_folders').selectAll().where('mailbox_id', '=', mailboxId).orderBy('folder').execute();
}

/** Records the highest UID of a folder that is committed, under the folder's current UIDVALIDITY. */
export async function saveFolderProgress(db: Db, progress: { mailboxId: number; folder: string; uidValidity: string; lastUid: number; at: string }): Promise<void> {
  await db
    .insertInto('mailbox_folders')
    .values({ mailbox_id: progress.mailboxId, folder: progress.folder, uid_validity: progress.uidValidity, last_uid: progress.lastUid, updated_at: progress.at })
    .onConflict((oc) => oc.columns(['mailbox_id', 'folder']).doUpdateSet({ uid_validity: progress.uidValidity, last_uid: progress.lastUid, updated_at: progress.at }))
    .execute();
}
