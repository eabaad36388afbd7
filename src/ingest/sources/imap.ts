import { ImapFlow } from 'imapflow';
import type { Config } from '../../config/config.js';
import type { Db } from '../../db/connect.js';
import type { Logger } from '../../logger.js';
import { claimMailbox, extendMailboxLease, listDueMailboxes, recordPollFailure, recordPollSuccess, type MailboxRow } from '../../repositories/mailbox.repository.js';
import { mailboxPasswordBox } from '../../services/secret-box.js';
import { importFolder, type FolderCounts } from './imap-folder.js';

/**
 * The IMAP source: polls every enabled mailbox's folders and hands each new mail to ingestMessage()
 * (through importFolder). Safe to run on several instances sharing a database: a mailbox is claimed
 * with a lease before it is polled, so only one instance reads it at a time.
 */
export interface ImapPollerOptions {
  db: Db;
  config: Pick<Config, 'secretKey' | 'maxMessageBytes'>;
  logger: Logger;
  /** Time between polls of a mailbox that works; failing mailboxes back off from this. Default 60 s. */
  intervalMs?: number;
  /** False: no timer, polls happen only through pollOnce() (tests, the CLI). */
  autoPoll?: boolean;
  /** Network timeouts for connecting and for a server that stops answering. Default 30 s. */
  timeoutMs?: number;
  now?: () => Date;
}

export interface PollSummary extends FolderCounts {
  /** Mailboxes polled (due and claimed by this instance). */
  mailboxes: number;
  /** Mailboxes whose poll failed and now back off. */
  failed: number;
}

export interface ImapPoller {
  /** Polls every due mailbox once; calls are queued, never run side by side. */
  pollOnce(): Promise<PollSummary>;
  /** Stops the timer and waits for the mail being imported, if any. */
  stop(): Promise<void>;
}

const defaultIntervalMs = 60_000;
/** A claimed mailbox is left alone by other instances this long, renewed while a long import runs. */
const leaseMs = 10 * 60_000;
const maxBackoffMs = 60 * 60_000;

/** Delay before the next attempt after `failures` consecutive failures: 1, 2, 4, … intervals, at most an hour. */
export function backoffMs(failures: number, intervalMs: number = defaultIntervalMs): number {
  return Math.min(maxBackoffMs, intervalMs * 2 ** Math.max(0, Math.min(failures - 1, 20)));
}

export function startImapPoller(options: ImapPollerOptions): ImapPoller {
  const intervalMs = options.intervalMs ?? defaultIntervalMs;
  const now = options.now ?? (() => new Date());
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let queue: Promise<unknown> = Promise.resolve();

  const pollOnce = (): Promise<PollSummary> => {
    const run = queue.then(() => pollDue({ ...options, intervalMs, now, stopping: () => stopped }));
    queue = run.catch(() => undefined);
    return run;
  };

  const schedule = () => {
    if (stopped || options.autoPoll === false) return;
    timer = setTimeout(() => {
      pollOnce()
        .catch((error: unknown) => options.logger.error({ error: errorText(error) }, 'mailbox polling failed'))
        .finally(schedule);
    }, intervalMs);
    timer.unref();
  };
  // The first poll comes soon after start rather than one whole interval later.
  if (options.autoPoll !== false) {
    timer = setTimeout(() => void pollOnce().catch(() => undefined).finally(schedule), Math.min(intervalMs, 1_000));
    timer.unref();
  }

  return {
    pollOnce,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await queue;
    },
  };
}

interface PollContext extends ImapPollerOptions {
  intervalMs: number;
  now: () => Date;
  stopping: () => boolean;
}

async function pollDue(ctx: PollContext): Promise<PollSummary> {
  const summary: PollSummary = { mailboxes: 0, failed: 0, fetched: 0, stored: 0, duplicates: 0 };
  if (ctx.stopping()) return summary;
  const due = await listDueMailboxes(ctx.db, ctx.now().toISOString());
  for (const mailbox of due) {
    if (ctx.stopping()) break;
    const start = ctx.now();
    if (!(await claimMailbox(ctx.db, mailbox.id, start.toISOString(), leaseUntil(start)))) continue;
    summary.mailboxes += 1;
    const logger = ctx.logger.child({ mailboxId: mailbox.id, mailbox: mailbox.name });
    try {
      const counts = await pollMailbox(ctx, mailbox, logger);
      summary.fetched += counts.fetched;
      summary.stored += counts.stored;
      summary.duplicates += counts.duplicates;
      await recordPollSuccess(ctx.db, mailbox.id, ctx.now().toISOString());
      if (counts.fetched > 0) logger.info(counts, 'mailbox polled');
    } catch (error) {
      summary.failed += 1;
      const failures = mailbox.failures + 1;
      const at = ctx.now();
      const retryAt = new Date(at.getTime() + backoffMs(failures, ctx.intervalMs)).toISOString();
      const message = errorText(error);
      await recordPollFailure(ctx.db, mailbox.id, { at: at.toISOString(), error: message, failures, nextPollAt: retryAt });
      // Only the message text is logged: error objects of IMAP clients can carry the commands sent.
      logger.warn({ failures, retryAt, error: message }, 'mailbox poll failed; backing off');
    }
  }
  return summary;
}

async function pollMailbox(ctx: PollContext, mailbox: MailboxRow, logger: Logger): Promise<FolderCounts> {
  const password = mailboxPasswordBox(ctx.config.secretKey).open(mailbox.password_enc);
  const timeout = ctx.timeoutMs ?? 30_000;
  const client = new ImapFlow({
    host: mailbox.host,
    port: mailbox.port,
    secure: mailbox.tls === 'implicit',
    // `starttls` insists on the upgrade, so a server (or a man in the middle) that drops STARTTLS from its
    // capabilities cannot make us send the password in clear text; `none` never upgrades.
    doSTARTTLS: mailbox.tls === 'starttls',
    auth: { user: mailbox.username, pass: password },
    logger: false,
    disableAutoIdle: true,
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: Math.max(timeout, 60_000),
    clientInfo: { name: 'BackupChecks' },
  });
  // A dropped connection is reported by the pending command as well; without a listener the 'error'
  // event would crash the process.
  client.on('error', (error: unknown) => logger.debug({ error: errorText(error) }, 'IMAP connection error'));
  const total: FolderCounts = { fetched: 0, stored: 0, duplicates: 0 };
  const folderErrors: string[] = [];
  let leaseRenewedAt = Date.now();
  await client.connect();
  try {
    // MOVE into a folder that does not exist fails on most servers (TRYCREATE). A server that refuses
    // CREATE for an existing folder with another code than ALREADYEXISTS is fine too: a folder that is
    // really missing makes the MOVE fail, with that error recorded.
    if (mailbox.processed_folder) await client.mailboxCreate(mailbox.processed_folder).catch(() => undefined);
    for (const folder of JSON.parse(mailbox.folders) as string[]) {
      if (ctx.stopping()) break;
      try {
        const counts = await importFolder(
          {
            db: ctx.db,
            client,
            mailbox,
            maxMessageBytes: ctx.config.maxMessageBytes,
            logger: logger.child({ folder }),
            now: ctx.now,
            stopping: ctx.stopping,
            onProgress: async () => {
              if (Date.now() - leaseRenewedAt < leaseMs / 3) return;
              leaseRenewedAt = Date.now();
              await extendMailboxLease(ctx.db, mailbox.id, leaseUntil(ctx.now()));
            },
          },
          folder,
        );
        total.fetched += counts.fetched;
        total.stored += counts.stored;
        total.duplicates += counts.duplicates;
      } catch (error) {
        // One broken folder (renamed, no permission) must not stop the others of the same account.
        if (!client.usable) throw error;
        folderErrors.push(`${folder}: ${errorText(error)}`);
      }
    }
  } finally {
    await client.logout().catch(() => client.close());
  }
  if (folderErrors.length > 0) throw new Error(folderErrors.join('; '));
  return total;
}

function leaseUntil(from: Date): string {
  return new Date(from.getTime() + leaseMs).toISOString();
}

/** A short, password-free description of an error, for logs and the mailbox's last_error. */
export function errorText(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const extra = error as Error & { responseText?: string; code?: string };
  const parts = [error.message];
  if (extra.responseText && !error.message.includes(extra.responseText)) parts.push(extra.responseText);
  if (extra.code && !parts.some((p) => p.includes(String(extra.code)))) parts.push(`(${extra.code})`);
  return parts.join(': ').slice(0, 1000);
}
