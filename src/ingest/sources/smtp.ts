import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerError, type SMTPServerSession } from 'smtp-server';
import type { Config } from '../../config/config.js';
import { isAllowed } from '../../config/networks.js';
import type { Db } from '../../db/connect.js';
import type { Logger } from '../../logger.js';
import { ingestMessage } from '../pipeline.js';
import { MessageSpool, prepareSpoolDir } from './smtp-spool.js';

/** Mails above this size are spooled to a temp file in DATA_DIR while they arrive. */
export const defaultSpoolThresholdBytes = 1024 * 1024;

export interface SmtpListenerOptions {
  config: Config;
  db: Db;
  logger: Logger;
  spoolThresholdBytes?: number;
  /** Longest a session may last, DATA included; a sender dripping bytes must not hold a slot forever. */
  maxSessionMs?: number;
}

/** Ten minutes carry a 25 MB mail over a slow line many times over. */
export const defaultMaxSessionMs = 10 * 60 * 1000;
/** A report goes to one or a few addresses; more only bloats the recorded envelope. */
export const maxRecipients = 100;

export interface SmtpListener {
  port: number;
  close(): Promise<void>;
}

/**
 * The SMTP source (DESIGN §4 "SMTP listener safety"): it receives backup reports and stores them with
 * ingestMessage(); it never relays, whatever the recipient, because nothing here forwards mail.
 *
 * - Peers outside SMTP_ALLOWED_NETWORKS are refused at connect with 554.
 * - STARTTLS is offered only with SMTP_TLS_CERT_FILE/KEY. Without them it is disabled, so the
 *   library's built-in test certificate (whose private key is public) is never presented.
 * - AUTH is never required and never offered or accepted over plain text. After STARTTLS it is
 *   offered and any credentials are accepted without checking: there is no store of sender accounts
 *   yet, many devices refuse to send over TLS without authenticating, and AUTH grants nothing an
 *   allowed peer does not already have. Access is the network allowlist, not AUTH. The user name is
 *   recorded with the mail; the password is neither logged nor kept.
 * - `250` only after the mail is committed; `451` when storing failed, so the sender retries.
 */
export async function startSmtpListener({
  config, db, logger, spoolThresholdBytes = defaultSpoolThresholdBytes, maxSessionMs = defaultMaxSessionMs,
}: SmtpListenerOptions): Promise<SmtpListener> {
  const log = logger.child({ source: 'smtp' });
  const tls = config.smtpTlsCertFile && config.smtpTlsKeyFile ? { cert: readFileSync(config.smtpTlsCertFile), key: readFileSync(config.smtpTlsKeyFile) } : null;
  const spoolDir = join(config.dataDir, 'tmp', 'smtp');
  prepareSpoolDir(spoolDir);
  const inFlight = new Set<Promise<void>>();
  // Without a certificate there is no TLS, so no STARTTLS, and then no AUTH at all.
  const disabledCommands = tls ? [] : ['STARTTLS', 'AUTH'];

  async function receive(stream: SMTPServerDataStream, session: SMTPServerSession): Promise<string> {
    const spool = new MessageSpool({ dir: spoolDir, thresholdBytes: spoolThresholdBytes, limitBytes: config.maxMessageBytes });
    const detail = deliveryDetail(session);
    try {
      await pipeline(stream, spool);
      if (spool.overLimit || stream.sizeExceeded) {
        log.info({ ...detail, bytes: spool.bytes, limit: config.maxMessageBytes }, 'smtp mail refused: over the size limit');
        throw smtpError(552, `5.3.4 Message too big: ${spool.bytes} bytes, the limit is ${config.maxMessageBytes} bytes (MAX_MESSAGE_BYTES); nothing was stored`);
      }
      const raw = await spool.contents();
      let outcome;
      try {
        outcome = await ingestMessage(db, raw, { source: 'smtp', detail });
      } catch (error) {
        log.error({ ...detail, bytes: raw.length, error: (error as Error).message }, 'smtp mail not stored: storage failed');
        throw smtpError(451, '4.3.0 Storage failed, nothing was stored; please retry later');
      }
      log.info({ messageId: outcome.messageId, outcome: outcome.outcome, parseState: outcome.parseState, bytes: raw.length, spooled: spool.onDisk, peer: detail.peer, helo: detail.helo }, 'smtp mail stored');
      return outcome.outcome === 'stored' ? `OK: stored as message ${outcome.messageId}` : `OK: already stored as message ${outcome.messageId}`;
    } catch (error) {
      if ((error as SMTPServerError).responseCode) throw error;
      // The client left mid-DATA (nobody reads the reply), or the spool could not write to disk.
      log.warn({ ...detail, error: (error as Error).message }, 'smtp mail not received');
      throw smtpError(451, '4.3.0 The mail could not be received, nothing was stored; please retry later');
    } finally {
      await spool.discard();
    }
  }

  const server = new SMTPServer({
    banner: 'BackupChecks (receive only)',
    size: config.maxMessageBytes,
    maxClients: config.smtpMaxClients,
    // The peer address is what we record and check; a reverse lookup would only delay the greeting.
    disableReverseLookup: true,
    // Enough time for a mail in progress to finish at shutdown; anything cut off is retried by its sender.
    closeTimeout: 10_000,
    logger: false,
    authOptional: true,
    disabledCommands,
    ...(tls ? { cert: tls.cert, key: tls.key, minVersion: 'TLSv1.2' as const } : {}),
    onConnect(session, callback) {
      sessionStarts.set(session, Date.now());
      if (isAllowed(session.remoteAddress, config.smtpAllowedNetworks)) {
        // Per-session rule, lifted in onSecure: no AUTH before STARTTLS (not even advertised).
        session.disabledCommands = [...disabledCommands, 'AUTH'];
        return callback();
      }
      const peer = plainAddress(session.remoteAddress);
      log.warn({ peer }, 'smtp connection refused: address not in SMTP_ALLOWED_NETWORKS');
      callback(smtpError(554, `5.7.1 connection from ${peer} not allowed`));
    },
    onSecure(_socket, session, callback) {
      session.disabledCommands = undefined;
      callback();
    },
    onAuth(auth, session, callback) {
      // Unreachable while AUTH is disabled before TLS; kept so that a change there cannot open plain-text AUTH.
      if (!session.secure) return callback(smtpError(538, '5.7.11 Encryption required: use STARTTLS before AUTH'));
      callback(null, { user: auth.username ?? auth.method });
    },
    onRcptTo(_address, session, callback) {
      if (session.envelope.rcptTo.length >= maxRecipients) return callback(smtpError(452, `4.5.3 Too many recipients (at most ${maxRecipients})`));
      callback();
    },
    onData(stream, session, callback) {
      const work: Promise<void> = receive(stream, session)
        .then(
          (reply) => callback(null, reply),
          (error: Error) => callback(error),
        )
        .catch((error: Error) => log.error({ error: error.message }, 'smtp reply failed'))
        .finally(() => inFlight.delete(work));
      inFlight.add(work);
    },
  });
  // smtp-server limits idle time between commands, not a whole session: close sessions past their time.
  const sessionStarts = new WeakMap<SMTPServerSession, number>();
  const sweep = setInterval(() => {
    for (const connection of server.connections as Set<{ session: SMTPServerSession; send(code: number, text: string): void; close(): void }>) {
      const started = sessionStarts.get(connection.session);
      if (started === undefined || Date.now() - started <= maxSessionMs) continue;
      log.warn({ peer: plainAddress(connection.session.remoteAddress) }, 'smtp session closed: time limit reached');
      connection.send(421, '4.4.2 Session time limit reached, closing connection');
      connection.close();
    }
  }, Math.min(15_000, Math.max(100, Math.floor(maxSessionMs / 4))));
  sweep.unref();
  server.on('error', (error: NodeJS.ErrnoException) => log.info({ error: error.message, code: error.code }, 'smtp connection error'));

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.smtpPort, config.smtpHost, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.server.address();
  const port = address && typeof address === 'object' ? address.port : config.smtpPort;
  log.info({ port, host: config.smtpHost, starttls: tls !== null, maxClients: config.smtpMaxClients, maxMessageBytes: config.maxMessageBytes }, 'smtp listener ready');

  return {
    port,
    async close() {
      clearInterval(sweep);
      await new Promise<void>((resolve) => server.close(() => resolve()));
      // A mail whose DATA was complete may still be committing: let it finish before the database closes.
      await Promise.allSettled([...inFlight]);
    },
  };
}

/** What the source detail records of a delivery (DESIGN §4): peer, HELO name and envelope. */
function deliveryDetail(session: SMTPServerSession) {
  const { mailFrom, rcptTo } = session.envelope;
  return {
    peer: plainAddress(session.remoteAddress),
    helo: session.hostNameAppearsAs || null,
    mailFrom: mailFrom ? mailFrom.address : null,
    rcptTo: rcptTo.map((r) => r.address),
    tls: session.secure,
    ...(session.user ? { authUser: String(session.user) } : {}),
  };
}

/** A dual-stack listener reports IPv4 peers as `::ffff:a.b.c.d`; people know them as `a.b.c.d`. */
function plainAddress(address: string): string {
  return /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1] ?? address;
}

function smtpError(responseCode: number, message: string): SMTPServerError {
  return Object.assign(new Error(message), { responseCode });
}
