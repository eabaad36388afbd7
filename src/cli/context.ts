import { ConfigError, ensureSecretKey, loadConfig, type Config } from '../config/config.js';
import { openDatabase, type OpenDatabase, type OpenOptions } from '../db/connect.js';
import { migrateToLatest } from '../db/migrate.js';
import { createLogger, type Logger } from '../logger.js';

/** Loads configuration or exits with every problem listed (exit code 2). */
export function configOrExit(): Config {
  try {
    return ensureSecretKey(loadConfig());
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
}

export interface CliContext {
  config: Config;
  logger: Logger;
  database: OpenDatabase;
}

/** Configuration, logger and a migrated database for a command; closes the database afterwards. */
export async function withDatabase<T>(options: OpenOptions, fn: (ctx: CliContext) => Promise<T>): Promise<T> {
  const config = configOrExit();
  const logger = createLogger(config.logLevel);
  const database = openDatabase(config.databaseUrl, options);
  try {
    await migrateToLatest(database.db);
    return await fn({ config, logger, database });
  } finally {
    await database.close();
  }
}
