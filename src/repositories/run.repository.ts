import type { Insertable } from 'kysely';
import type { Db } from '../db/connect.js';
import type { RunTable } from '../db/schema.js';
import type { ReportObject } from '../domain/parse-result.js';

export async function insertRun(db: Db, run: Insertable<RunTable>, objects: ReportObject[]): Promise<number> {
  const sortAt = run.started_at ?? run.received_at;
  const { id } = await db.insertInto('runs').values({ ...run, sort_at: sortAt }).returning('id').executeTakeFirstOrThrow();
  if (objects.length > 0) {
    await db
      .insertInto('run_objects')
      .values(objects.map((o, position) => ({ run_id: id, position, name: o.name, type: o.type, status: o.status, message: o.message })))
      .execute();
  }
  await advanceJobLastRun(db, run.job_id, { id, status: run.status, sortAt });
  return id;
}

/**
 * Makes the run the job's last run if it comes after the current one in history order (sort_at, then
 * id). A late mail about an older backup leaves the last run alone. The condition is in the UPDATE, so
 * two instances inserting runs of one job at once on PostgreSQL end with the right one.
 */
async function advanceJobLastRun(db: Db, jobId: number, run: { id: number; status: string; sortAt: string }): Promise<void> {
  await db
    .updateTable('jobs')
    .set({ last_run_id: run.id, last_run_status: run.status, last_run_at: run.sortAt })
    .where('id', '=', jobId)
    .where((eb) =>
      eb.or([eb('last_run_at', 'is', null), eb('last_run_at', '<', run.sortAt), eb.and([eb('last_run_at', '=', run.sortAt), eb('last_run_id', '<', run.id)])]),
    )
    .execute();
}

/** The run a message became, if it is linked to a job. */
export async function runIdOfMessage(db: Db, messageId: number): Promise<number | null> {
  const row = await db.selectFrom('runs').select('id').where('message_id', '=', messageId).executeTakeFirst();
  return row?.id ?? null;
}

/**
 * Recomputes a job's last run from its runs: after runs are deleted, or when the status of its last run
 * changes (overrides). Everything that deletes runs or changes runs.status calls this.
 */
export async function refreshJobLastRun(db: Db, jobId: number): Promise<void> {
  const last = await db
    .selectFrom('runs')
    .select(['id', 'status', 'sort_at'])
    .where('job_id', '=', jobId)
    .orderBy('sort_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  await db
    .updateTable('jobs')
    .set({ last_run_id: last?.id ?? null, last_run_status: last?.status ?? null, last_run_at: last?.sort_at ?? null })
    .where('id', '=', jobId)
    .execute();
}
