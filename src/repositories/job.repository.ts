import type { Insertable, Selectable } from 'kysely';
import type { Db } from '../db/connect.js';
import type { JobTable } from '../db/schema.js';

export type JobRow = Selectable<JobTable>;

export interface JobMatch {
  jobId: number;
  archived: boolean;
  customerActive: boolean;
}

/** The job that owns one of the keys, preferring the earlier key, with what decides how its runs are linked. */
export async function findJobByKeys(db: Db, keys: string[]): Promise<JobMatch | null> {
  if (keys.length === 0) return null;
  const rows = await db
    .selectFrom('job_keys')
    .innerJoin('jobs', 'jobs.id', 'job_keys.job_id')
    .innerJoin('customers', 'customers.id', 'jobs.customer_id')
    .select(['job_keys.key as key', 'jobs.id as jobId', 'jobs.archived_at as archivedAt', 'customers.active as customerActive'])
    .where('job_keys.key', 'in', keys)
    .execute();
  for (const key of keys) {
    const row = rows.find((r) => r.key === key);
    if (row) return { jobId: row.jobId, archived: row.archivedAt !== null, customerActive: row.customerActive === 1 };
  }
  return null;
}

export async function insertJob(db: Db, job: Insertable<JobTable>): Promise<number> {
  const row = await db.insertInto('jobs').values(job).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function insertJobKey(db: Db, key: string, jobId: number, isAlias: boolean, now: string): Promise<void> {
  await db.insertInto('job_keys').values({ key, job_id: jobId, is_alias: isAlias ? 1 : 0, created_at: now }).execute();
}

export async function getJob(db: Db, id: number): Promise<JobRow | undefined> {
  return db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
}
