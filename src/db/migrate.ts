import { Migrator, type Migration, type MigrationProvider } from 'kysely';
import type { Db } from './connect.js';
import * as m0001 from './migrations/20261203_0001_ingest.js';
import * as m0002 from './migrations/20261204_0002_web.js';
import * as m0003 from './migrations/20261204_0003_run_sort_backfill.js';
import * as m0004 from './migrations/20261204_0004_job_last_run.js';
import * as m0005 from './migrations/20261204_0005_job_last_run_backfill.js';
import * as m0006 from './migrations/20261204_0006_schedules.js';
import * as m0007 from './migrations/20261204_0007_overrides.js';
import * as m0008 from './migrations/20261205_0008_notes.js';

/** Every migration, in order. Listed explicitly so a build has no file-system discovery to go wrong. */
const migrations: Record<string, Migration> = {
  '20261203_0001_ingest': m0001,
  '20261204_0002_web': m0002,
  '20261204_0003_run_sort_backfill': m0003,
  '20261204_0004_job_last_run': m0004,
  '20261204_0005_job_last_run_backfill': m0005,
  '20261204_0006_schedules': m0006,
  '20261204_0007_overrides': m0007,
  '20261205_0008_notes': m0008,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

/** Applies every pending migration; throws with the failing migration's name and error. */
export async function migrateToLatest(db: Db): Promise<string[]> {
  const migrator = new Migrator({ db, provider, migrationTableName: 'schema_migrations', migrationLockTableName: 'schema_migrations_lock' });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error && !failed) throw error; // not a migration that failed: the database could not be reached or read
  if (error) throw new Error(`migration ${failed?.migrationName} failed: ${(error as Error).message}`, { cause: error });
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
