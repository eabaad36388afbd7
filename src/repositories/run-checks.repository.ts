import { sql } from 'kysely';
import type { Db } from '../db/connect.js';
import type { RunRow } from './job-history.repository.js';

/**
 * Run Checks (DESIGN §10): the runs that still need a look. A run needs review while reviewed_at is
 * null, except a Missed run that a later report resolved (resolved_by_run_id), which needs none.
 * Only jobs that are not archived and whose customer is active are listed.
 */
/** Runs per status, an overridden run counted as `overridden` only, so the buckets add up. */
export interface RunCheckCounts {
  success: number;
  warning: number;
  failed: number;
  missed: number;
  unknown: number;
  overridden: number;
}

export interface RunCheckRow {
  job_id: number;
  customer_id: number;
  customer_name: string;
  backup_software: string;
  backup_type: string;
  job_name: string;
  success: number;
  warning: number;
  failed: number;
  missed: number;
  unknown: number;
  overridden: number;
  unreviewed: number;
  last_received_at: string;
}

/** Per status, counting an overridden run as `overridden` only: the buckets add up to the runs counted. */
const bucket = (status: string) => sql<number>`sum(case when runs.overridden = 0 and runs.status = ${sql.lit(status)} then 1 else 0 end)`;
/** failed > missed > warning/unknown > success (overridden counts as success). */
const worstRank = sql<number>`max(case when runs.overridden = 1 then 0 when runs.status = 'failed' then 3 when runs.status = 'missed' then 2 when runs.status in ('warning', 'unknown') then 1 else 0 end)`;

function checkedRuns(db: Db, includeReviewed: boolean) {
  let query = db
    .selectFrom('runs')
    .innerJoin('jobs', 'jobs.id', 'runs.job_id')
    .innerJoin('customers', 'customers.id', 'jobs.customer_id')
    .where('runs.resolved_by_run_id', 'is', null)
    .where('jobs.archived_at', 'is', null)
    .where('customers.active', '=', 1);
  // The runs_unreviewed index (reviewed_at, job_id) narrows this to the unreviewed runs.
  if (!includeReviewed) query = query.where('runs.reviewed_at', 'is', null);
  return query;
}

/**
 * One grouped query: a row per job with counts, worst first, then most unreviewed, customer, job name.
 * The total comes from a window over the groups, so a page costs one statement (a count follows only
 * for a page past the end).
 */
export async function listRunChecks(db: Db, includeReviewed: boolean, page: number, pageSize: number): Promise<{ rows: RunCheckRow[]; total: number }> {
  const rows = await checkedRuns(db, includeReviewed)
    .select([
      'jobs.id as job_id',
      'jobs.customer_id',
      'customers.name as customer_name',
      'jobs.backup_software',
      'jobs.backup_type',
      'jobs.job_name',
      bucket('success').as('success'),
      bucket('warning').as('warning'),
      bucket('failed').as('failed'),
      bucket('missed').as('missed'),
      bucket('unknown').as('unknown'),
      sql<number>`sum(case when runs.overridden = 1 then 1 else 0 end)`.as('overridden'),
      sql<number>`sum(case when runs.reviewed_at is null then 1 else 0 end)`.as('unreviewed'),
      sql<string>`max(runs.received_at)`.as('last_received_at'),
      worstRank.as('worst'),
      sql<number>`count(*) over ()`.as('total'),
    ])
    .groupBy(['jobs.id', 'customers.id'])
    .orderBy(sql`worst`, 'desc')
    .orderBy(sql`unreviewed`, 'desc')
    .orderBy('customers.name_key')
    .orderBy(sql`lower(jobs.job_name)`)
    .orderBy('jobs.id')
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .execute();
  const numeric = ['success', 'warning', 'failed', 'missed', 'unknown', 'overridden', 'unreviewed'] as const;
  const out = rows.map((row) => {
    const copy = { ...row } as RunCheckRow;
    for (const key of numeric) copy[key] = Number(row[key]);
    return copy;
  });
  if (rows.length > 0) return { rows: out, total: Number(rows[0]!.total) };
  const count = await db
    .selectFrom(checkedRuns(db, includeReviewed).select('runs.job_id').distinct().as('listed'))
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return { rows: out, total: Number(count.n) };
}

/** A job's runs that need review (all of them with includeReviewed), newest first as in the job history. */
export async function runsToCheck(db: Db, jobId: number, includeReviewed: boolean, page: number, pageSize: number): Promise<{ rows: RunRow[]; total: number }> {
  let base = db.selectFrom('runs').where('runs.job_id', '=', jobId).where('runs.resolved_by_run_id', 'is', null);
  if (!includeReviewed) base = base.where('runs.reviewed_at', 'is', null);
  const { n } = await base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  const rows = await base
    .leftJoin('users', 'users.id', 'runs.reviewed_by_user_id')
    .selectAll('runs')
    .select('users.username as reviewed_by')
    .orderBy('runs.sort_at', 'desc')
    .orderBy('runs.id', 'desc')
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .execute();
  return { rows, total: Number(n) };
}

/** Objects of several runs, in one query, in report order. */
export async function objectsOfRuns(db: Db, runIds: number[]) {
  if (runIds.length === 0) return [];
  return db.selectFrom('run_objects').selectAll().where('run_id', 'in', runIds).orderBy('run_id').orderBy('position').orderBy('id').execute();
}

export async function mailsOfRuns(db: Db, messageIds: number[]) {
  if (messageIds.length === 0) return [];
  return db.selectFrom('messages').select(['id', 'subject', 'sender', 'parse_result']).where('id', 'in', messageIds).execute();
}

/**
 * Marks reviewed the runs of the jobs that need review and were received by `until`, in one statement,
 * so a run stored meanwhile is either seen by it (and received before `until`) or left alone.
 * `greenOnly`: only jobs whose such runs are all success or overridden, of listed jobs.
 */
export async function markReviewed(db: Db, args: { jobIds?: number[]; until: string; at: string; userId: number; greenOnly?: boolean }): Promise<{ id: number; job_id: number }[]> {
  let query = db
    .updateTable('runs')
    .set({ reviewed_at: args.at, reviewed_by_user_id: args.userId })
    .where('reviewed_at', 'is', null)
    .where('resolved_by_run_id', 'is', null)
    .where('received_at', '<=', args.until);
  if (args.jobIds) query = query.where('job_id', 'in', args.jobIds);
  if (args.greenOnly) {
    const greenJobs = checkedRuns(db, false)
      .where('runs.received_at', '<=', args.until)
      .select('runs.job_id')
      .groupBy('runs.job_id')
      .having(sql<number>`sum(case when runs.status = 'success' or runs.overridden = 1 then 0 else 1 end)`, '=', 0);
    // Checked again per row: a run that turned non-green meanwhile is never reviewed as green.
    query = query.where('job_id', 'in', greenJobs).where((eb) => eb.or([eb('status', '=', 'success'), eb('overridden', '=', 1)]));
  }
  const rows = await query.returning(['id', 'job_id']).execute();
  return rows.sort((a, b) => a.job_id - b.job_id || a.id - b.id);
}

/** How jobs are named in audit details, so the entry still reads after the job is deleted. */
export async function jobLabels(db: Db, jobIds: number[]) {
  const labels = new Map<number, { customer: string; backupSoftware: string; backupType: string; jobName: string }>();
  if (jobIds.length === 0) return labels;
  const rows = await db
    .selectFrom('jobs')
    .innerJoin('customers', 'customers.id', 'jobs.customer_id')
    .select(['jobs.id', 'customers.name', 'jobs.backup_software', 'jobs.backup_type', 'jobs.job_name'])
    .where('jobs.id', 'in', jobIds)
    .execute();
  for (const r of rows) labels.set(r.id, { customer: r.name, backupSoftware: r.backup_software, backupType: r.backup_type, jobName: r.job_name });
  return labels;
}
