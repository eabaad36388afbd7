import type { Config } from './config/config.js';
import { openDatabase } from './db/connect.js';
import { migrateToLatest } from './db/migrate.js';
import { buildHttpApp } from './http/app.js';
import { startImapPoller } from './ingest/sources/imap.js';
import { startSmtpListener } from './ingest/sources/smtp.js';
import type { Logger } from './logger.js';
import { tasks } from './tasks/registry.js';
import { startTasks } from './tasks/runner.js';
import { issueSetupToken } from './services/setup.service.js';

export interface RunningServer {
  httpPort: number;
  smtpPort: number | null;
  close(): Promise<void>;
}

/** Opens and migrates the database, then serves HTTP, the SMTP listener and the mailbox poller. */
export async function startServer(config: Config, logger: Logger): Promise<RunningServer> {
  const database = openDatabase(config.databaseUrl, { durability: 'full' });
  const stoppers: (() => Promise<void>)[] = [() => database.close()];
  const close = async () => {
    for (const stop of stoppers.reverse()) await stop().catch((error: Error) => logger.warn({ error: error.message }, 'error while stopping'));
  };
  try {
    const applied = await migrateToLatest(database.db);
    if (applied.length > 0) logger.info({ migrations: applied }, 'database migrated');
    // First start: only someone who can read this log can create the first admin (DESIGN §12).
    const setupToken = await issueSetupToken(database.db, new Date());
    const http = buildHttpApp({ db: database.db, logger, config });
    stoppers.push(() => http.close());
    await http.listen({ port: config.port, host: config.host });
    const httpPort = addressPort(http.server.address()) ?? config.port;
    logger.info({ url: config.publicUrl, port: httpPort }, 'web UI and API listening');
    if (setupToken) logger.warn(`no users yet: create the first admin at ${config.publicUrl}/setup?token=${setupToken} (one-time link, valid 24 hours; a restart makes a new one)`);
    let smtpPort: number | null = null;
    // Sources: each hands raw mail to ingestMessage() and acknowledges after commit.
    if (config.smtpPort !== 0) {
      const smtp = await startSmtpListener({ config, db: database.db, logger });
      stoppers.push(() => smtp.close());
      smtpPort = smtp.port;
    }
    const imap = startImapPoller({ db: database.db, config, logger: logger.child({ source: 'imap' }) });
    stoppers.push(() => imap.stop());
    const background = startTasks(tasks, { db: database.db, logger: logger.child({ component: 'tasks' }), defaultTimeZone: config.timeZone });
    stoppers.push(() => background.stop());
    return { httpPort, smtpPort, close };
  } catch (error) {
    // Whatever started is stopped again, so a failed start leaves no half-running server behind.
    await close();
    throw error;
  }
}

function addressPort(address: ReturnType<import('node:net').Server['address']>): number | null {
  return address && typeof address === 'object' ? address.port : null;
}
