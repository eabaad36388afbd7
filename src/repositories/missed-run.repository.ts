import type { Db } from '../db/connect.js';

/** What the Missed-runs task needs of a job: its schedules, how far it was evaluated, its customer. */
export interface MissedRunJob {
  id: number;
  customer_id: number;
  schedule_learned: string | null;
  schedule_learned_at: string | null;
  schedule_pinned: string | null;
  schedule_pinned_at: string | null;
  missed_evaluated_until: string | null;
}

const jobColumns = ['jobs.id', 'jobs.customer_id', 'jobs.schedule_learned', 'jobs.schedule_learned_at', 'jobs.schedule_pinned', 'jobs.schedule_pinned_at', 'jobs.missed_evaluated_until'] as const;

/** Jobs that may get Missed runs: not archived, of an active customer, with a learned or pinned schedule. */
export async function jobsWithSchedules(db: Db): Promise<MissedRunJob[]> {
  return db
    .selectFrom('jobs')
    .innerJoin('customers', 'customers.id', 'jobs.customer_id')
    .select(jobColumns)
    .where('jobs.archived_at', 'is', null)
    .where('customers.active', '=', 1)
    .where((eb) => eb.or([eb('jobs.schedule_pinned', 'is not', null), eb('jobs.schedule_learned', 'is not', null)]))
    .orderBy('jobs.id')
    .execute();
}

/** One job as it is now, read inside the transaction that evaluates it (after its lock). */
export async function missedRunJob(db: Db, jobId: number): Promise<MissedRunJob | undefined> {
  return db.selectFrom('jobs').select(jobColumns).where('jobs.id', '=', jobId).executeTakeFirst();
}

/**
 * Jobs that can have no Missed runs (archived, inactive customer, no schedule) are evaluated up to now
 * without looking at them: unarchiving or a first schedule must not produce Missed runs for the time
 * before. One statement; never moves the mark backwards (a slower instance with an older `now`).
 */
export async function markIneligibleEvaluated(db: Db, now: string): Promise<void> {
  await db
    .updateTable('jobs')
    .set({ missed_evaluated_until: now })
    .where((eb) =>
      eb.and([
        eb.or([
          eb('archived_at', 'is not', null),
          eb('customer_id', 'in', eb.selectFrom('customers').select('id').where('active', '=', 0)),
          eb.and([eb('schedule_pinned', 'is', null), eb('schedule_learned', 'is', null)]),
        ]),
        eb.or([eb('missed_evaluated_until', 'is', null), eb('missed_evaluated_until', '<', now)]),
      ]),
    )
    .execute();
}

/** Moves the evaluation mark of jobs forward to `now` (never backwards), in chunks. */
export async function markEvaluated(db: Db, jobIds: readonly number[], now: string): Promise<void> {
  for (let i = 0; i < jobIds.length; i += 500) {
    await db
      .updateTable('jobs')
      .set({ missed_evaluated_until: now })
      .where('id', 'in', jobIds.slice(i, i + 500))
      .where((eb) => eb.or([eb('missed_evaluated_until', 'is', null), eb('missed_evaluated_until', '<', now)]))
      .execute();
  }
}

export interface MailRunTimes {
  id: number;
  started_at: string;
  received_at: string;
}

/** The job's mail runs that started in [from, to] (the runs_job_started index). */
export async function mailRunsStartedBetween(db: Db, jobId: number, from: string, to: string): Promise<MailRunTimes[]> {
  const rows = await db
    .selectFrom('runs')
    .select(['id', 'started_at', 'received_at'])
    .where('job_id', '=', jobId)
    .where('started_at', '>=', from)
    .where('started_at', '<=', to)
    .where('kind', '=', 'mail')
    .orderBy('started_at')
    .execute();
  return rows as MailRunTimes[];
}

export async function markRunLate(db: Db, runId: number): Promise<void> {
  await db.updateTable('runs').set({ late: 1 }).where('id', '=', runId).where('late', '=', 0).execute();
}
