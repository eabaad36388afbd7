import type { Selectable } from 'kysely';
import type { Db } from '../db/connect.js';
import type { RunObjectTable, RunTable } from '../db/schema.js';

export type RunRow = Selectable<RunTable> & { reviewed_by: string | null };
export type RunObjectRow = Selectable<RunObjectTable>;

export interface ObjectCounts {
  success: number;
  warning: number;
  failed: number;
  unknown: number;
  total: number;
}

/**
 * A job's history, newest first: start time, else receipt time (runs.sort_at), then id. One walk of
 * the runs_job_sort index (job_id, sort_at, id) backwards, so page 1 costs the same at any history
 * length; a deep page skips its offset in that index, which grows with the page number.
 */
export async function listRunsOfJob(db: Db, jobId: number, pageNo: number, pageSize: number): Promise<{ rows: RunRow[]; total: number }> {
  const { total } = await db.selectFrom('runs').select((eb) => eb.fn.countAll().as('total')).where('job_id', '=', jobId).executeTakeFirstOrThrow();
  const rows = await db
    .selectFrom('runs')
    .leftJoin('users', 'users.id', 'runs.reviewed_by_user_id')
    .selectAll('runs')
    .select('users.username as reviewed_by')
    .where('runs.job_id', '=', jobId)
    .orderBy('runs.sort_at', 'desc')
    .orderBy('runs.id', 'desc')
    .limit(pageSize)
    .offset((pageNo - 1) * pageSize)
    .execute();
  return { rows, total: Number(total) };
}

export async function getRunWithReviewer(db: Db, id: number): Promise<RunRow | undefined> {
  return db
    .selectFrom('runs')
    .leftJoin('users', 'users.id', 'runs.reviewed_by_user_id')
    .selectAll('runs')
    .select('users.username as reviewed_by')
    .where('runs.id', '=', id)
    .executeTakeFirst();
}

/** Objects per status for a page of runs, in one grouped query over the run_objects_run index. */
export async function objectCountsOf(db: Db, runIds: number[]): Promise<Map<number, ObjectCounts>> {
  const counts = new Map<number, ObjectCounts>();
  if (runIds.length === 0) return counts;
  const rows = await db
    .selectFrom('run_objects')
    .select((eb) => ['run_id', 'status', eb.fn.countAll().as('n')])
    .where('run_id', 'in', runIds)
    .groupBy(['run_id', 'status'])
    .execute();
  for (const row of rows) {
    const entry = counts.get(row.run_id) ?? { success: 0, warning: 0, failed: 0, unknown: 0, total: 0 };
    const n = Number(row.n);
    if (row.status === 'success' || row.status === 'warning' || row.status === 'failed' || row.status === 'unknown') entry[row.status] += n;
    entry.total += n;
    counts.set(row.run_id, entry);
  }
  return counts;
}

export async function objectsOfRun(db: Db, runId: number): Promise<RunObjectRow[]> {
  return db.selectFrom('run_objects').selectAll().where('run_id', '=', runId).orderBy('position').orderBy('id').execute();
}

/** The mail a run came from: what the run detail shows of it (subject, sender, the parse trace). */
export async function mailOfRun(db: Db, messageId: number): Promise<{ subject: string | null; sender: string | null; parse_result: string } | undefined> {
  return db.selectFrom('messages').select(['subject', 'sender', 'parse_result']).where('id', '=', messageId).executeTakeFirst();
}
