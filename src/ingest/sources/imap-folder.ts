import type { ImapFlow } from 'imapflow';
import type { Db } from '../../db/connect.js';
import type { Logger } from '../../logger.js';
import { getFolderProgress, saveFolderProgress, type MailboxRow } from '../../repositories/mailbox.repository.js';
import { ingestMessage, type SourceInfo } from '../pipeline.js';

/**
 * Imports the new mails of one IMAP folder (DESIGN §4 "IMAP safety", "Acknowledge after commit").
 *
 * Progress is the folder's UIDVALIDITY and the highest UID whose mail is committed, kept in
 * `mailbox_folders`; the \Seen flag is never read or written, because people read report mailboxes too.
 * Every fetch is a BODY.PEEK, and a folder without a processed folder is opened read-only (EXAMINE), so
 * the server cannot set \Seen even if a fetch were not a peek.
 */
export interface FolderContext {
  db: Db;
  client: ImapFlow;
  mailbox: MailboxRow;
  maxMessageBytes: number;
  logger: Logger;
  now: () => Date;
  /** True once the poller is stopping: the folder stops between mails, never inside one. */
  stopping: () => boolean;
  /** Called after each committed mail, so a long first import keeps its lease on the mailbox. */
  onProgress: () => Promise<void>;
}

export interface FolderCounts {
  fetched: number;
  stored: number;
  duplicates: number;
}

/** How much of the body of an over-size mail is kept after its complete header. */
export const truncatedBodyBytes = 64 * 1024;
/** UIDs whose sizes are asked for in one FETCH; the mails themselves are fetched one at a time. */
const sizeBatch = 200;

export async function importFolder(ctx: FolderContext, folder: string): Promise<FolderCounts> {
  const { db, client, mailbox, logger } = ctx;
  const counts: FolderCounts = { fetched: 0, stored: 0, duplicates: 0 };
  const opened = await client.mailboxOpen(folder, { readOnly: !mailbox.processed_folder });
  const uidValidity = opened.uidValidity.toString();
  let progress = await getFolderProgress(db, mailbox.id, folder);
  if (progress && progress.uid_validity !== uidValidity) {
    // The server renumbered the folder (recreated, restored, migrated): old UIDs mean nothing now.
    // Reading it again from the start is safe because ingest deduplicates by the mail's identity.
    logger.info({ folder, previous: progress.uid_validity, uidValidity }, 'UIDVALIDITY changed; reading the folder again from the start');
    progress = undefined;
  }
  let lastUid = progress?.last_uid ?? 0;
  const save = async (uid: number) => {
    lastUid = uid;
    await saveFolderProgress(db, { mailboxId: mailbox.id, folder, uidValidity, lastUid: uid, at: ctx.now().toISOString() });
  };

  const moveFailures: { uid: number; reason: string }[] = [];
  let uids: number[] = [];
  if (opened.exists > 0) {
    // The start date is part of every search, not only the first: a first import interrupted by a
    // restart then still never reaches back before it, and later mail is newer anyway. (A mail copied in
    // later keeps its old INTERNALDATE; being older than the start date, it is history too.)
    const query = { uid: `${lastUid + 1}:*`, ...(mailbox.start_date ? { since: mailbox.start_date } : {}) };
    const found = await client.search(query, { uid: true });
    // `UID n:*` also answers the highest UID when it is below n (RFC 3501 §6.4.8), hence the filter.
    uids = (found || []).filter((uid) => uid > lastUid).sort((a, b) => a - b);
  }

  for (let i = 0; i < uids.length && !ctx.stopping(); i += sizeBatch) {
    const batch = uids.slice(i, i + sizeBatch);
    const sizes = new Map<number, number>();
    for (const row of await client.fetchAll(batch.join(','), { uid: true, size: true }, { uid: true })) sizes.set(row.uid, row.size ?? 0);
    for (const uid of batch) {
      if (ctx.stopping()) break;
      const size = sizes.get(uid);
      const raw = size === undefined ? null : await fetchMail(ctx, uid, size);
      if (!raw || size === undefined) {
        // Expunged between SEARCH and FETCH (someone moved or deleted it): there is nothing to import.
        await save(uid);
        continue;
      }
      counts.fetched += 1;
      const source: SourceInfo = {
        source: 'imap',
        detail: { mailboxId: mailbox.id, mailbox: mailbox.name, folder, uid, uidValidity },
        ...(raw.truncated ? { tooLarge: { originalBytes: size } } : {}),
      };
      const outcome = await ingestMessage(db, raw.bytes, source, ctx.now());
      // Only now is the mail safely stored: advance the progress, then acknowledge by moving it.
      await save(uid);
      if (outcome.outcome === 'stored') counts.stored += 1;
      else counts.duplicates += 1;
      if (raw.truncated) logger.warn({ folder, uid, bytes: size, limit: ctx.maxMessageBytes, messageId: outcome.messageId }, 'mail over the size limit stored truncated');
      if (mailbox.processed_folder) {
        // A failed move loses nothing (the mail is stored, and its UID is behind the progress), so the
        // import goes on and the failure is reported once the folder is done.
        const moved = await client.messageMove(String(uid), mailbox.processed_folder, { uid: true }).catch((error: Error) => error);
        if (moved === false || moved instanceof Error) moveFailures.push({ uid, reason: moved ? moved.message : 'refused' });
      }
      await ctx.onProgress();
    }
  }
  // A folder seen for the first time (or renumbered) gets its row even when it had nothing to import,
  // so that a later UIDVALIDITY change is noticed.
  if (!progress) await save(lastUid);
  if (moveFailures.length > 0) {
    const uidList = moveFailures.map((f) => f.uid).join(', ');
    throw new Error(`stored but could not move to "${mailbox.processed_folder}": UID ${uidList} (${moveFailures[0]!.reason})`);
  }
  return counts;
}

async function fetchMail(ctx: FolderContext, uid: number, size: number): Promise<{ bytes: Buffer; truncated: boolean } | null> {
  if (size <= ctx.maxMessageBytes) {
    const message = await ctx.client.fetchOne(String(uid), { uid: true, source: true }, { uid: true });
    return message && message.source ? { bytes: message.source, truncated: false } : null;
  }
  // Over the limit: the whole header (identity, sender, subject) plus the start of the body, so the mail
  // is still listed, parsed as far as possible and acknowledged instead of failing on every poll.
  const message = await ctx.client.fetchOne(
    String(uid),
    { uid: true, headers: true, bodyParts: [{ key: 'TEXT', start: 0, maxLength: Math.min(truncatedBodyBytes, ctx.maxMessageBytes) }] },
    { uid: true },
  );
  if (!message || !message.headers) return null;
  const header = message.headers.subarray(0, ctx.maxMessageBytes);
  const body = message.bodyParts ? ([...message.bodyParts.values()][0] ?? Buffer.alloc(0)) : Buffer.alloc(0);
  const end = header.subarray(-4).toString('latin1');
  // The header may have been cut by the limit: close it with the blank line that separates the body.
  const separator = Buffer.from(end === '\r\n\r\n' ? '' : end.endsWith('\r\n') ? '\r\n' : '\r\n\r\n');
  return { bytes: Buffer.concat([header, separator, body]), truncated: true };
}
