import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Db } from '../db/connect.js';
import { isPostgres } from '../db/migrations/dialect.js';
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

export type JobWithCustomer = JobRow & { customer_name: string; customer_active: number };

/** A job with its customer's name and active flag: what approval needs to link runs and to answer. */
export async function getJobWithCustomer(db: Db, id: number): Promise<JobWithCustomer | undefined> {
  return db
    .selectFrom('jobs')
    .innerJoin('customers', 'customers.id', 'jobs.customer_id')
    .selectAll('jobs')
    .select(['customers.name as customer_name', 'customers.active as customer_active'])
    .where('jobs.id', '=', id)
    .executeTakeFirst();
}


/** Archives (a time) or unarchives (null) a job. */
export async function setJobArchivedAt(db: Db, id: number, archivedAt: string | null): Promise<void> {
  await db.updateTable('jobs').set({ archived_at: archivedAt }).where('id', '=', id).execute();
}

/** What hangs off a job and goes with it when it is deleted (DESIGN §5); aliases are its extra keys. */
export interface JobDependants {
  runs: number;
  objects: number;
  messages: number;
  aliases: number;
  /** Job- and object-level overrides of the job (global ones stay). */
  overrides: number;
  /** Ticket and remark scopes naming the job (the tickets and remarks themselves stay). */
  noteScopes: number;
}

export async function countJobDependants(db: Db, jobId: number): Promise<JobDependants> {
  const count = async (query: { executeTakeFirstOrThrow(): Promise<{ n: string | number | bigint }> }) => Number((await query.executeTakeFirstOrThrow()).n);
  return {
    runs: await count(db.selectFrom('runs').select((eb) => eb.fn.countAll().as('n')).where('job_id', '=', jobId)),
    objects: await count(
      db.selectFrom('run_objects').innerJoin('runs', 'runs.id', 'run_objects.run_id').select((eb) => eb.fn.countAll().as('n')).where('runs.job_id', '=', jobId),
    ),
    messages: await count(db.selectFrom('messages').select((eb) => eb.fn.countAll().as('n')).where('job_id', '=', jobId)),
    aliases: await count(db.selectFrom('job_keys').select((eb) => eb.fn.countAll().as('n')).where('job_id', '=', jobId).where('is_alias', '=', 1)),
    overrides: await count(db.selectFrom('overrides').select((eb) => eb.fn.countAll().as('n')).where('job_id', '=', jobId)),
    noteScopes: await count(db.selectFrom('note_scopes').select((eb) => eb.fn.countAll().as('n')).where('job_id', '=', jobId)),
  };
}

/**
 * Deletes a job and everything of it, children first so foreign keys hold on both dialects without
 * relying on ON DELETE CASCADE. The caller runs it in a transaction with the counts it reports.
 */
export async function deleteJobCascade(db: Db, jobId: number): Promise<void> {
  const runsOfJob = db.selectFrom('runs').select('id').where('job_id', '=', jobId);
  const messagesOfJob = db.selectFrom('messages').select('id').where('job_id', '=', jobId);
  await db.deleteFrom('run_objects').where('run_id', 'in', runsOfJob).execute();
  await db.deleteFrom('note_runs').where('run_id', 'in', runsOfJob).execute();
  await db.deleteFrom('runs').where('job_id', '=', jobId).execute();
  await db.deleteFrom('message_raw').where('message_id', 'in', messagesOfJob).execute();
  await db.deleteFrom('messages').where('job_id', '=', jobId).execute();
  await db.deleteFrom('job_keys').where('job_id', '=', jobId).execute();
  await db.deleteFrom('overrides').where('job_id', '=', jobId).execute();
  await db.deleteFrom('note_scopes').where('job_id', '=', jobId).execute();
  await db.deleteFrom('jobs').where('id', '=', jobId).execute();
}

/**
 * Locks a job's row until the transaction ends (PostgreSQL). SQLite needs nothing: its transactions
 * start with BEGIN IMMEDIATE and so already exclude every other writer.
 */
export async function lockJob(db: Db, jobId: number): Promise<void> {
  if (isPostgres(db)) await db.selectFrom('jobs').select('id').where('id', '=', jobId).forUpdate().execute();
}

/** Changes the stored fields of a job (jobs import: spelling, customer, archived state). */
export async function updateJob(db: Db, id: number, change: Updateable<JobTable>): Promise<void> {
  await db.updateTable('jobs').set(change).where('id', '=', id).execute();
}
