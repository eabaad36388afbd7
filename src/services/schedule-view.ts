/**
 * How a job's schedule is read from its row and shown (DESIGN §9): the pinned schedule wins over the
 * learned one. Both are JSON of the Schedule shape on the jobs row, so a page of jobs needs no extra
 * query; only the rows shown are parsed.
 */
import { describeSchedule } from '../domain/schedule/describe-schedule.js';
import { scheduleSchema, type Schedule } from '../domain/schedule/schedule.js';
import { minLearnedConfidence } from './effective-schedule.js';

export interface ScheduleView extends Schedule {
  /** True when an Admin or Operator pinned it; false when it was learned from the runs. */
  pinned: boolean;
  /** "Weekly: Mon, Wed, Fri at 22:00". */
  description: string;
  /** Whether the schedule creates Missed runs and Daily Jobs rows: pinned, or learned with confidence ≥ 0.8. */
  enforced: boolean;
}

/** A stored schedule column as a Schedule; null when empty or not a valid schedule (never throws). */
export function storedSchedule(json: string | null | undefined): Schedule | null {
  if (!json) return null;
  try {
    const parsed = scheduleSchema.safeParse(JSON.parse(json));
    return parsed.success ? (parsed.data as Schedule) : null;
  } catch {
    return null;
  }
}

/** The schedule that counts for a job: the pinned one, else the learned one, else null. */
export function effectiveSchedule(row: { schedule_pinned: string | null; schedule_learned: string | null }): { schedule: Schedule; pinned: boolean } | null {
  const pinned = storedSchedule(row.schedule_pinned);
  if (pinned) return { schedule: pinned, pinned: true };
  // A pin that no longer validates still means "not learned" for the Missed-runs task (effective-schedule.ts).
  if (row.schedule_pinned) return null;
  const learned = storedSchedule(row.schedule_learned);
  return learned ? { schedule: learned, pinned: false } : null;
}

/** JobView.schedule. */
export function presentSchedule(row: { schedule_pinned: string | null; schedule_learned: string | null }): ScheduleView | null {
  const effective = effectiveSchedule(row);
  if (!effective) return null;
  const { schedule, pinned } = effective;
  const slotted = schedule.kind === 'daily' || schedule.kind === 'weekly' || schedule.kind === 'monthly';
  return { ...schedule, pinned, description: describeSchedule(schedule), enforced: slotted && (pinned || schedule.confidence >= minLearnedConfidence) };
}
