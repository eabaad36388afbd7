import { chmodSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { CompiledQuery, Kysely, PostgresDialect, SqliteDialect, SqliteDriver, type DatabaseConnection, type Driver, type SqliteDialectConfig } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.js';

export type Db = Kysely<Database>;
export type DialectName = 'sqlite' | 'postgres';

export interface OpenOptions {
  /**
   * `full`: every commit is synced to disk before it returns (sources that acknowledge: SMTP 250,
   * IMAP). `batch`: commits survive a crash of the process but not of the machine (bulk CLI ingest).
   */
  durability?: 'full' | 'batch';
  /** How long a writer waits for another one before giving up, in milliseconds. */
  busyTimeoutMs?: number;
}

export interface OpenDatabase {
  db: Db;
  dialect: DialectName;
  close(): Promise<void>;
}

/** Opens the database named by a `DATABASE_URL` (`sqlite:PATH`, `file:PATH` or `postgres://…`). */
export function openDatabase(url: string, options: OpenOptions = {}): OpenDatabase {
  if (/^postgres(ql)?:\/\//.test(url)) return openPostgres(url);
  return openSqlite(url.replace(/^(sqlite|file):(\/\/)?/, ''), options);
}

function openSqlite(path: string, options: OpenOptions): OpenDatabase {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const sqlite = new SQLite(path);
  // The database holds every mail: readable by its owner only (SQLite gives its -wal and -shm files the same mode).
  if (path !== ':memory:') chmodSync(path, 0o600);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 15_000}`);
  sqlite.pragma(`synchronous = ${options.durability === 'batch' ? 'NORMAL' : 'FULL'}`);
  sqlite.pragma('foreign_keys = ON');
  const db = new Kysely<Database>({ dialect: new ImmediateSqliteDialect({ database: withStatementCache(sqlite) }) });
  return { db, dialect: 'sqlite', close: () => db.destroy() };
}

function openPostgres(url: string): OpenDatabase {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // An idle connection closed by the server (restart, failover, terminate) must not crash the process:
  // the pool drops that client and the next query opens a new one.
  pool.on('error', () => undefined);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, dialect: 'postgres', close: () => db.destroy() };
}

/**
 * Kysely prepares every query anew; preparing costs as much as running a small statement. The same
 * few SQL texts repeat for every ingested mail, so prepared statements are kept by SQL text (bounded).
 * Safe because Kysely runs one query at a time on its single SQLite connection.
 */
function withStatementCache(sqlite: SQLite.Database): SqliteDialectConfig['database'] {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sqlText: string) {
      let statement = cache.get(sqlText);
      if (!statement) {
        statement = sqlite.prepare(sqlText);
        if (cache.size >= 500) cache.delete(cache.keys().next().value!);
        cache.set(sqlText, statement);
      }
      return statement;
    },
  };
}

/**
 * SQLite transactions start with BEGIN IMMEDIATE: a deferred transaction that reads first and writes
 * later fails at once with SQLITE_BUSY when another process (a CLI ingest beside the server) wrote in
 * between, instead of waiting for the busy timeout.
 */
class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;
  constructor(config: SqliteDialectConfig) {
    super(config);
    this.#config = config;
  }
  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config);
  }
}

class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}
