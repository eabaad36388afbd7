/**
 * Missed runs (DESIGN §9): every slot of a job whose deadline passed unmet gets one synthetic run of
 * kind `missed`. Run by the `missed-runs` task every minute, with the time passed in.
 *
 * Evaluation range, per job: slots whose deadline lies in (missed_evaluated_until, now], but never
 * more than 7 days back (after downtime the service catches up on a week, not on years). On a job's
 * first evaluation (mark still empty), and whenever the schedule is pinned, only slots expected at or
 * after the time the schedule was stored count: never a Missed run for a slot before the schedule
 * existed. The mark is then moved to `now`. Jobs that can have none (archived, inactive customer, no
 * or unconfident schedule) have their mark moved too, so unarchiving or a schedule that becomes
 * confident starts from that moment instead of producing a week of Missed runs.
 *
 * Two instances: each job is decided in its own transaction that first locks the job row (PostgreSQL)
 * and re-reads the mark, and the insert is `on conflict (job_id, missed_slot) do nothing`.
 */
import type { Db } from '../db/connect.js';
import { expectedSlots, type Slot } from '../domain/schedule/expected-slots.js';
import { localParts } from '../domain/schedule/local-time.js';
import { slotVerdict } from '../domain/schedule/slot-verdict.js';
import { windowsOverlapping } from '../repositories/maintenance-window.repository.js';
import {
  jobsWithSchedules,
  mailRunsStartedBetween,
  markEvaluated,
  markIneligibleEvaluated,
  markRunLate,
  missedRunJob,
  type MissedRunJob,
} from '../repositories/missed-run.repository.js';
import { insertMissedRun, lockJobRuns } from '../repositories/run.repository.js';
import { effectiveSchedule, type EffectiveSchedule } from './effective-schedule.js';
import { graceMinutes } from './time-zone.service.js';

export const maxCatchUpMs = 7 * 24 * 3_600_000;
const minuteMs = 60_000;
const dayMs = 86_400_000;

export interface MissedRunsOptions {
  /** The installation's zone (TZ). Schedules carry their own zone; kept for the task's signature. */
  defaultZone: string;
  now: Date;
}

export interface MissedRunsResult {
  /** Jobs with at least one slot whose deadline fell in their range. */
  jobsEvaluated: number;
  created: number;
}

export async function evaluateMissedRuns(db: Db, options: MissedRunsOptions): Promise<MissedRunsResult> {
  const { now } = options;
  const at = now.toISOString();
  const grace = await graceMinutes(db);
  await markIneligibleEvaluated(db, at);
  const nothingDue: number[] = [];
  let jobsEvaluated = 0;
  let created = 0;
  for (const job of await jobsWithSchedules(db)) {
    const effective = effectiveSchedule(job, grace);
    if (!effective || dueSlots(effective, job, now).length === 0) {
      nothingDue.push(job.id);
      continue;
    }
    jobsEvaluated++;
    created += await evaluateJob(db, job.id, grace, now);
  }
  await markEvaluated(db, nothingDue, at);
  return { jobsEvaluated, created };
}

interface DueSlot {
  slot: Slot;
  /** The next slot's window start: a run before it is late for this slot, after it belongs to the next. */
  nextWindowStart: Date | null;
}

/** The slots of a job whose deadline lies in its evaluation range, each with the next slot's window start. */
export function dueSlots(effective: EffectiveSchedule, job: Pick<MissedRunJob, 'missed_evaluated_until'>, now: Date): DueSlot[] {
  const { schedule } = effective;
  const t = now.getTime();
  const until = job.missed_evaluated_until ? Date.parse(job.missed_evaluated_until) : null;
  const after = Math.max(until ?? Number.NEGATIVE_INFINITY, t - maxCatchUpMs);
  const storedAt = effective.storedAt ? Date.parse(effective.storedAt) : t;
  const notBefore = until === null || effective.pinned ? storedAt : Number.NEGATIVE_INFINITY;
  if (after >= t) return [];
  // A slot whose deadline is after `after` was expected at most duration + grace + tolerance earlier.
  const reach = (schedule.typicalDurationMinutes + schedule.graceMinutes + schedule.toleranceMinutes) * minuteMs;
  const from = localParts(after - reach - dayMs, schedule.zone).date;
  // Up to a day past now, so that the last due slot knows its next slot.
  const slots = expectedSlots(schedule, from, localParts(t + dayMs, schedule.zone).date);
  const due: DueSlot[] = [];
  slots.forEach((slot, i) => {
    const deadline = slot.deadline.getTime();
    if (deadline > after && deadline <= t && slot.expectedAt.getTime() >= notBefore) {
      due.push({ slot, nextWindowStart: slots[i + 1]?.windowStart ?? null });
    }
  });
  return due;
}

/** Decides one job's due slots in one transaction; answers the number of Missed runs created. */
async function evaluateJob(db: Db, jobId: number, grace: number, now: Date): Promise<number> {
  const at = now.toISOString();
  return db.transaction().execute(async (trx) => {
    // The lock makes a second instance (and a mail being linked) wait; the mark read after it is current.
    await lockJobRuns(trx, jobId);
    const job = await missedRunJob(trx, jobId);
    if (!job) return 0; // deleted meanwhile
    const effective = effectiveSchedule(job, grace);
    const due = effective ? dueSlots(effective, job, now) : [];
    let created = 0;
    if (due.length > 0) {
      const first = due[0]!.slot;
      const last = due[due.length - 1]!.slot;
      const runs = (await mailRunsStartedBetween(trx, jobId, first.windowStart.toISOString(), at)).map((r) => ({
        id: r.id,
        startedAt: new Date(r.started_at),
        receivedAt: new Date(r.received_at),
      }));
      const windows = await windowsOverlapping(trx, job.customer_id, first.expectedAt.toISOString(), new Date(last.expectedAt.getTime() + 1).toISOString());
      for (const { slot, nextWindowStart } of due) {
        const verdict = slotVerdict(slot, runs, now, nextWindowStart ? { windowStart: nextWindowStart } : null);
        if (verdict === 'late') {
          // Arrived before the deadline but after the window: no Missed run, the run is shown as late.
          const late = runs.find((r) => r.startedAt > slot.windowEnd && r.receivedAt <= now && (!nextWindowStart || r.startedAt < nextWindowStart));
          if (late) await markRunLate(trx, late.id);
          continue;
        }
        if (verdict !== 'missed') continue;
        const expected = slot.expectedAt.toISOString();
        if (windows.some((w) => w.starts_at <= expected && expected < w.ends_at)) continue;
        if (await insertMissedRun(trx, jobId, expected, at)) created++;
      }
    }
    await markEvaluated(trx, [jobId], at);
    return created;
  });
}
