import type { Config } from './config/config.js';
import { openDatabase } from './db/connect.js';
import { migrateToLatest } from './db/migrate.js';
import { buildHttpApp } from './http/app.js';
import { startImapPoller } from './ingest/sources/imap.js';
import { startSmtpListener } from './ingest/sources/smtp.js';
import type { Logger } from './logger.js';

export interface RunningServer {
  httpPort: number;
  smtpPort: number | null;
  close(): Promise<void>;
}

/** Opens and migrates the database, then serves HTTP, the SMTP listener and the mailbox poller. */
export async function startServer(config: Config, logger: Logger): Promise<RunningServer> {
  const database = openDatabase(config.databaseUrl, { durability: 'full' });
  const applied = await migrateToLatest(database.db);
  if (applied.length > 0) logger.info({ migrations: applied }, 'database migrated');
  const http = buildHttpApp({ db: database.db, logger, trustProxy: config.trustProxy });
  await http.listen({ port: config.port, host: config.host });
  const httpPort = addressPort(http.server.address()) ?? config.port;
  logger.info({ url: config.publicUrl, port: httpPort }, 'web UI and API listening');
  const stoppers: (() => Promise<void>)[] = [];
  let smtpPort: number | null = null;
  // Sources are wired below: each hands raw mail to ingestMessage() and acknowledges after commit.
  if (config.smtpPort !== 0) {
    const smtp = await startSmtpListener({ config, db: database.db, logger });
    stoppers.push(() => smtp.close());
    smtpPort = smtp.port;
  }
  const imap = startImapPoller({ db: database.db, config, logger: logger.child({ source: 'imap' }) });
  stoppers.push(() => imap.stop());
  return {
    httpPort,
    smtpPort,
    async close() {
      for (const stop of stoppers.reverse()) await stop();
      await http.close();
      await database.close();
    },
  };
}

function addressPort(address: ReturnType<import('node:net').Server['address']>): number | null {
  return address && typeof address === 'object' ? address.port : null;
}
