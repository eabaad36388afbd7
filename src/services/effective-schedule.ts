/**
 * Which schedule a job is judged by (DESIGN §9): the pinned one, else the learned one when its
 * confidence is at least 0.8. Anything else (no schedule, irregular, a learned guess below 0.8, JSON
 * that no longer parses) produces no slots, so no Missed runs and no Daily Jobs row.
 */
import { parseSchedule, slotTimes, type Schedule } from '../domain/schedule/schedule.js';

export const minLearnedConfidence = 0.8;

export interface ScheduleColumns {
  schedule_learned: string | null;
  schedule_learned_at: string | null;
  schedule_pinned: string | null;
  schedule_pinned_at: string | null;
}

export interface EffectiveSchedule {
  schedule: Schedule;
  pinned: boolean;
  /** When the schedule was stored: slots before it are never Missed. */
  storedAt: string | null;
}

/**
 * `grace` (the installation setting) replaces the grace of a learned schedule, which was fixed when it
 * was learned and would otherwise lag a changed setting; a pinned schedule keeps its own grace, because
 * whoever pinned it may have chosen it.
 */
export function effectiveSchedule(row: ScheduleColumns, grace: number): EffectiveSchedule | null {
  const pinned = read(row.schedule_pinned);
  if (pinned && slotted(pinned)) return { schedule: pinned, pinned: true, storedAt: row.schedule_pinned_at };
  if (pinned) return null;
  const learned = read(row.schedule_learned);
  if (!learned || !slotted(learned) || learned.confidence < minLearnedConfidence) return null;
  return { schedule: { ...learned, graceMinutes: grace }, pinned: false, storedAt: row.schedule_learned_at };
}

function slotted(schedule: Schedule): boolean {
  return (schedule.kind === 'daily' || schedule.kind === 'weekly' || schedule.kind === 'monthly') && slotTimes(schedule).length > 0;
}

// The Missed-runs task reads every job's schedule each minute; the same JSON is parsed (zod) once.
const parsed = new Map<string, Schedule | null>();

function read(json: string | null): Schedule | null {
  if (!json) return null;
  const cached = parsed.get(json);
  if (cached !== undefined) return cached;
  let schedule: Schedule | null;
  try {
    schedule = parseSchedule(JSON.parse(json));
  } catch {
    // A stored schedule that no longer validates is treated as none rather than stopping the task.
    schedule = null;
  }
  if (parsed.size >= 20_000) parsed.delete(parsed.keys().next().value!);
  parsed.set(json, schedule);
  return schedule;
}
