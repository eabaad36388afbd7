import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { openDatabase, type DialectName, type OpenDatabase } from '../../src/db/connect.js';
import { migrateToLatest } from '../../src/db/migrate.js';

export const dialects: DialectName[] = ['sqlite', 'postgres'];

export interface TestDatabase extends OpenDatabase {
  url: string;
  /** Removes the database (file or PostgreSQL database). */
  drop(): Promise<void>;
}

let counter = 0;

/** A new, empty, migrated database of the dialect: a SQLite file in a temp folder, or a new PostgreSQL database. */
export async function createTestDatabase(dialect: DialectName, options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  let url: string;
  let cleanup: () => Promise<void>;
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'bc-sqlite-'));
    url = `sqlite:${join(dir, 'test.sqlite')}`;
    cleanup = async () => rmSync(dir, { recursive: true, force: true });
  } else {
    const serverUrl = inject('postgresUrl');
    const name = `bc_test_${process.pid}_${Date.now()}_${counter++}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    url = serverUrl.replace(/\/postgres$/, `/${name}`);
    cleanup = async () => {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    };
  }
  const opened = openDatabase(url);
  if (options.migrate !== false) await migrateToLatest(opened.db);
  return {
    ...opened,
    url,
    async drop() {
      await opened.close();
      await cleanup();
    },
  };
}
