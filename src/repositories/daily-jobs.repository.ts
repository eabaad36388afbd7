import type { Db } from '../db/connect.js';

/** A listed job with what the Daily Jobs page shows of it and its customer. */
export interface DailyJobRow {
  id: number;
  customer_id: number;
  customer_name: string;
  customer_time_zone: string | null;
  backup_software: string;
  backup_type: string;
  job_name: string;
  schedule_learned: string | null;
  schedule_learned_at: string | null;
  schedule_pinned: string | null;
  schedule_pinned_at: string | null;
  last_run_id: number | null;
  last_run_status: string | null;
  last_run_started_at: string | null;
}

/** Jobs that can have slots: not archived, of an active customer, with a schedule (DESIGN §5, §9). */
export async function dailyJobCandidates(db: Db): Promise<DailyJobRow[]> {
  return db
    .selectFrom('jobs')
    .innerJoin('customers', 'customers.id', 'jobs.customer_id')
    .leftJoin('runs as last', 'last.id', 'jobs.last_run_id')
    .select([
      'jobs.id', 'jobs.customer_id', 'customers.name as customer_name', 'customers.time_zone as customer_time_zone',
      'jobs.backup_software', 'jobs.backup_type', 'jobs.job_name',
      'jobs.schedule_learned', 'jobs.schedule_learned_at', 'jobs.schedule_pinned', 'jobs.schedule_pinned_at',
      'jobs.last_run_id', 'jobs.last_run_status', 'last.started_at as last_run_started_at',
    ])
    .where('jobs.archived_at', 'is', null)
    .where('customers.active', '=', 1)
    .where((eb) => eb.or([eb('jobs.schedule_pinned', 'is not', null), eb('jobs.schedule_learned', 'is not', null)]))
    .execute();
}

export interface SlotRunRow {
  id: number;
  job_id: number;
  kind: string;
  status: string;
  started_at: string | null;
  received_at: string;
  missed_slot: string | null;
  resolved_by_run_id: number | null;
  late: number;
  overridden: number;
  reviewed_at: string | null;
  reviewed_by: string | null;
}

/** Runs (mail and Missed) of the jobs that started in [from, to], with who reviewed them. */
const slotRunColumns = [
  'runs.id', 'runs.job_id', 'runs.kind', 'runs.status', 'runs.started_at', 'runs.received_at', 'runs.missed_slot',
  'runs.resolved_by_run_id', 'runs.late', 'runs.overridden', 'runs.reviewed_at', 'users.username as reviewed_by',
] as const;

export async function runsOfJobsBetween(db: Db, jobIds: readonly number[], from: string, to: string): Promise<SlotRunRow[]> {
  if (jobIds.length === 0) return [];
  return db
    .selectFrom('runs')
    .leftJoin('users', 'users.id', 'runs.reviewed_by_user_id')
    .select(slotRunColumns)
    .where('runs.job_id', 'in', jobIds)
    .where('runs.started_at', '>=', from)
    .where('runs.started_at', '<=', to)
    .orderBy('runs.started_at')
    .orderBy('runs.id')
    .execute();
}

/** Runs by id (the late runs that resolved Missed runs, when they fell outside the range read). */
export async function runsByIds(db: Db, ids: readonly number[]): Promise<SlotRunRow[]> {
  if (ids.length === 0) return [];
  return db
    .selectFrom('runs')
    .leftJoin('users', 'users.id', 'runs.reviewed_by_user_id')
    .select(slotRunColumns)
    .where('runs.id', 'in', ids)
    .execute();
}
