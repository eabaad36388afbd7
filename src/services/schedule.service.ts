/**
 * Stored schedules (DESIGN §9): learning a job's schedule from its runs into jobs.schedule_learned, and
 * pinning one by hand into jobs.schedule_pinned. Which one counts: src/services/schedule-view.ts.
 */
import { sql } from 'kysely';
import type { Db } from '../db/connect.js';
import { NotFoundError, ValidationError, type Problem } from '../domain/errors.js';
import { learnSchedule } from '../domain/schedule/learn-schedule.js';
import { parseSchedule, scheduleSchema, type Schedule } from '../domain/schedule/schedule.js';
import { auditWho, recordAudit } from '../repositories/audit.repository.js';
import { getJobListRow } from '../repositories/job-list.repository.js';
import type { Who } from './customer.service.js';
import { getJobView, jobLabel, type JobView } from './job.service.js';
import { storedSchedule } from './schedule-view.js';
import { graceMinutes, jobZone } from './time-zone.service.js';

const dayMs = 86_400_000;
/** What the learner looks at: the newest runs of the last 400 days, at most 2,000 (DESIGN §9). */
export const learnDays = 400;
export const learnMaxRuns = 2000;

/** Re-learns one job's schedule from its mail runs and stores it; null for an unknown job. */
export async function relearnJobSchedule(db: Db, jobId: number, defaultZone: string, now: Date): Promise<Schedule | null> {
  const job = await db.selectFrom('jobs').select('id').where('id', '=', jobId).executeTakeFirst();
  if (!job) return null;
  const zone = await jobZone(db, jobId, defaultZone);
  const grace = await graceMinutes(db);
  const runs = await db
    .selectFrom('runs')
    .select(['started_at', 'ended_at', 'received_at'])
    .where('job_id', '=', jobId)
    .where('kind', '=', 'mail')
    .where('informational', '=', 0)
    .where('started_at', 'is not', null)
    .where('started_at', '>=', new Date(now.getTime() - learnDays * dayMs).toISOString())
    .orderBy('started_at', 'desc')
    .limit(learnMaxRuns)
    .execute();
  const schedule = learnSchedule(
    runs.map((r) => ({ startedAt: r.started_at!, endedAt: r.ended_at, receivedAt: r.received_at })),
    zone,
    { now, graceMinutes: grace },
  );
  await db.updateTable('jobs').set({ schedule_learned: JSON.stringify(schedule), schedule_learned_at: now.toISOString() }).where('id', '=', jobId).execute();
  return schedule;
}

export interface RelearnOptions {
  /** At most this many jobs per call (a task run); default 200. */
  limit?: number;
  /** Jobs learned longer ago than this are re-learned even without new runs (late reports, zone changes); default 1 day. */
  refreshAfterMs?: number;
}

/**
 * Re-learns the jobs that need it, those with new runs first: jobs (not archived, of active customers)
 * never learned, or whose newest run started or was stored after their learning; then those learned
 * over a day ago (a late report of an older run does not become the newest run). Returns
 * how many were re-learned; the learning task calls it every 5 minutes.
 */
export async function relearnDueSchedules(db: Db, defaultZone: string, now: Date, options: RelearnOptions = {}): Promise<number> {
  const limit = options.limit ?? 200;
  const staleBefore = new Date(now.getTime() - (options.refreshAfterMs ?? dayMs)).toISOString();
  const visible = db
    .selectFrom('jobs')
    .innerJoin('customers', 'customers.id', 'jobs.customer_id')
    .select('jobs.id')
    .where('jobs.archived_at', 'is', null)
    .where('customers.active', '=', 1);
  const fresh = await visible
    .where((eb) =>
      eb.or([
        eb('jobs.schedule_learned_at', 'is', null),
        // The newest run is a report that started, or was stored, after the learning (a late report
        // too). A Missed run is not something to learn from, so it does not queue the job again.
        eb.exists(
          eb
            .selectFrom('runs')
            .select('runs.id')
            .whereRef('runs.id', '=', 'jobs.last_run_id')
            .where('runs.kind', '=', 'mail')
            .where((inner) => inner.or([inner('runs.sort_at', '>', inner.ref('jobs.schedule_learned_at')), inner('runs.created_at', '>', inner.ref('jobs.schedule_learned_at'))])),
        ),
      ]),
    )
    .orderBy('jobs.id')
    .limit(limit)
    .execute();
  const ids = fresh.map((r) => r.id);
  if (ids.length < limit) {
    const stale = await visible
      .where('jobs.schedule_learned_at', '<', staleBefore)
      .$if(ids.length > 0, (q) => q.where('jobs.id', 'not in', ids))
      .orderBy('jobs.schedule_learned_at')
      .orderBy('jobs.id')
      .limit(limit - ids.length)
      .execute();
    ids.push(...stale.map((r) => r.id));
  }
  for (const id of ids) await relearnJobSchedule(db, id, defaultZone, now);
  return ids.length;
}

/** Re-learns every job, archived ones included (CLI and tests). Returns how many. */
export async function relearnAllSchedules(db: Db, defaultZone: string, now: Date): Promise<number> {
  const jobs = await db.selectFrom('jobs').select('id').orderBy('id').execute();
  for (const job of jobs) await relearnJobSchedule(db, job.id, defaultZone, now);
  return jobs.length;
}

/** Makes the jobs' schedules due for re-learning (after a time zone or grace change): all jobs, or one customer's. */
export async function markSchedulesForRelearning(db: Db, customerId?: number): Promise<void> {
  await db
    .updateTable('jobs')
    .set({ schedule_learned_at: sql<string | null>`null` })
    .$if(customerId !== undefined, (q) => q.where('customer_id', '=', customerId!))
    .execute();
}

function scheduleProblems(input: unknown, root: string): Problem[] {
  const parsed = scheduleSchema.safeParse(input);
  if (parsed.success) return [];
  return parsed.error.issues.map((issue) => ({
    path: issue.path.reduce<string>((out, key) => (typeof key === 'number' ? `${out}[${key}]` : `${out}.${String(key)}`), root),
    message: issue.message,
  }));
}

/**
 * Pins a schedule by hand (the Schedule shape; `zone` defaults to the job's zone). A bad schedule is a
 * 400 listing every field (`$.time`), checked before the job is looked up (404).
 */
export async function pinJobSchedule(db: Db, who: Who, jobId: number, input: Record<string, unknown>, defaultZone: string, now: Date): Promise<JobView> {
  const withZone = (zone: string) => (input.zone === undefined || input.zone === null ? { ...input, zone } : input);
  const problems = scheduleProblems(withZone('UTC'), '$');
  if (problems.length > 0) throw new ValidationError('invalid schedule', problems);
  const at = now.toISOString();
  await db.transaction().execute(async (trx) => {
    const row = await getJobListRow(trx, jobId);
    if (!row) throw new NotFoundError('job', jobId);
    const schedule = parseSchedule(withZone(await jobZone(trx, jobId, defaultZone)));
    const json = JSON.stringify(schedule);
    if (json === row.schedule_pinned) return;
    await trx.updateTable('jobs').set({ schedule_pinned: json, schedule_pinned_at: at }).where('id', '=', jobId).execute();
    await recordAudit(trx, {
      at,
      ...auditWho(who),
      action: 'job.schedule-pin',
      entityType: 'job',
      entityId: jobId,
      details: { job: jobLabel(row), before: storedSchedule(row.schedule_pinned), after: schedule },
    });
  });
  return getJobView(db, jobId);
}

/** Unpins: the learned schedule counts again. Unpinning a job without a pin changes and records nothing. */
export async function unpinJobSchedule(db: Db, who: Who, jobId: number, now: Date): Promise<void> {
  const at = now.toISOString();
  await db.transaction().execute(async (trx) => {
    const row = await getJobListRow(trx, jobId);
    if (!row) throw new NotFoundError('job', jobId);
    if (row.schedule_pinned === null) return;
    await trx.updateTable('jobs').set({ schedule_pinned: null, schedule_pinned_at: null }).where('id', '=', jobId).execute();
    await recordAudit(trx, {
      at,
      ...auditWho(who),
      action: 'job.schedule-unpin',
      entityType: 'job',
      entityId: jobId,
      details: { job: jobLabel(row), before: storedSchedule(row.schedule_pinned), after: null },
    });
  });
}
