import { sql, type Kysely } from 'kysely';

/** Fills jobs.last_run_* (added in 0004) from the newest run of each job: latest sort_at, then highest id. */
export async function up(db: Kysely<any>): Promise<void> {
  await db
    .updateTable('jobs')
    .set({ last_run_id: sql`(select r.id from runs r where r.job_id = jobs.id order by r.sort_at desc, r.id desc limit 1)` })
    .execute();
  await db
    .updateTable('jobs')
    .set({
      last_run_status: sql`(select r.status from runs r where r.id = jobs.last_run_id)`,
      last_run_at: sql`(select r.sort_at from runs r where r.id = jobs.last_run_id)`,
    })
    .where('last_run_id', 'is not', null)
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('migrations are forward-only');
}
