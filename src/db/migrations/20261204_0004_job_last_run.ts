import type { Kysely } from 'kysely';

/**
 * The newest run of each job, copied onto the job: the Jobs list shows, filters and sorts by the last
 * run of 10,000 jobs, which must not look into a million runs per request. Kept right by insertRun and
 * by the code that deletes runs; filled for existing runs by the next migration.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('jobs').addColumn('last_run_id', 'integer').execute();
  await db.schema.alterTable('jobs').addColumn('last_run_status', 'text').execute();
  // The run's sort_at (start time, else receipt time): the order of the job history.
  await db.schema.alterTable('jobs').addColumn('last_run_at', 'text').execute();
}

export async function down(): Promise<void> {
  throw new Error('migrations are forward-only');
}
