/**
 * The shape of a job's schedule (DESIGN §9), learned from run start times or pinned by hand. The same
 * zod schema validates a pinned schedule and the `--schedule` file of `backupchecks schedule expected`.
 *
 * - `weekdays`: ISO 1 = Monday … 7 = Sunday, only for `weekly`.
 * - `monthDays`: 1..31 for `monthly`; a day the month does not have means its last day, so `[31]` is
 *   "the 31st, or the last day in shorter months" (and `[30]` is the 28th/29th in February).
 * - `nthWeekday`: `{n: 1..5 | -1, weekday}` for `monthly`; -1 is the last one; a month without a 5th
 *   such weekday has no slot for n = 5.
 * - `time`: the first (or only) "HH:MM"; `times`: every time of day for jobs that run several times a
 *   day (empty when there is one). Slots are every matching day × every time.
 * - `zone`: the zone the times are in: the customer's, or `UTC` for devices whose clock runs in UTC.
 */
import { IANAZone } from 'luxon';
import { z } from 'zod';
import { ValidationError, type Problem } from '../errors.js';

export const scheduleKinds = ['daily', 'weekly', 'monthly', 'irregular', 'none'] as const;
export type ScheduleKind = (typeof scheduleKinds)[number];

export interface NthWeekday {
  /** 1..5, or -1 for the last one in the month. */
  n: number;
  /** ISO weekday, 1 = Monday … 7 = Sunday. */
  weekday: number;
}

export interface Schedule {
  kind: ScheduleKind;
  weekdays: number[];
  monthDays: number[];
  nthWeekday: NthWeekday | null;
  time: string | null;
  times: string[];
  toleranceMinutes: number;
  typicalDurationMinutes: number;
  graceMinutes: number;
  confidence: number;
  basedOn: number;
  zone: string;
}

/** DESIGN §9: a slot's deadline is expected start + typical duration + grace, grace 2 hours by default. */
export const defaultGraceMinutes = 120;

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time "HH:MM" (00:00 to 23:59)');
const minutes = (max: number) => z.number().int().min(0).max(max);
const isoWeekday = z.number().int().min(1).max(7);

export const scheduleSchema = z
  .object({
    kind: z.enum(scheduleKinds),
    weekdays: z.array(isoWeekday).default([]),
    monthDays: z.array(z.number().int().min(1).max(31)).default([]),
    nthWeekday: z
      .object({ n: z.number().int().refine((n) => n === -1 || (n >= 1 && n <= 5), 'must be 1..5, or -1 for the last'), weekday: isoWeekday })
      .nullable()
      .default(null),
    time: hhmm.nullable().default(null),
    times: z.array(hhmm).default([]),
    toleranceMinutes: minutes(12 * 60).default(30),
    typicalDurationMinutes: minutes(7 * 24 * 60).default(0),
    graceMinutes: minutes(7 * 24 * 60).default(defaultGraceMinutes),
    confidence: z.number().min(0).max(1).default(1),
    basedOn: z.number().int().min(0).default(0),
    zone: z.string().refine((zone) => isValidZone(zone), 'must be an IANA time zone such as Europe/Amsterdam or UTC'),
  })
  .superRefine((s, ctx) => {
    const slotted = s.kind === 'daily' || s.kind === 'weekly' || s.kind === 'monthly';
    if (slotted && s.time === null && s.times.length === 0) ctx.addIssue({ code: 'custom', path: ['time'], message: `is required for a ${s.kind} schedule` });
    if (s.kind === 'weekly' && s.weekdays.length === 0) ctx.addIssue({ code: 'custom', path: ['weekdays'], message: 'must name at least one weekday for a weekly schedule' });
    if (s.kind === 'monthly' && s.monthDays.length === 0 && s.nthWeekday === null) {
      ctx.addIssue({ code: 'custom', path: ['monthDays'], message: 'or nthWeekday is required for a monthly schedule' });
    }
  });

export function isValidZone(zone: string): boolean {
  return typeof zone === 'string' && zone.length > 0 && IANAZone.isValidZone(zone);
}

/**
 * A schedule from untrusted JSON, with defaults filled in and `time`/`times` made consistent; throws a
 * ValidationError whose message names every bad field (`toleranceMinutes: Too big: …`).
 */
export function parseSchedule(input: unknown): Schedule {
  const parsed = scheduleSchema.safeParse(input);
  if (!parsed.success) {
    const problems: Problem[] = parsed.error.issues.map((issue) => ({ path: issue.path.length ? issue.path.join('.') : '(schedule)', message: issue.message }));
    throw new ValidationError(`invalid schedule: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`, problems);
  }
  const s = parsed.data;
  const times = [...new Set([...(s.time ? [s.time] : []), ...s.times])].sort();
  return { ...s, time: times[0] ?? null, times: times.length > 1 ? times : [] };
}

/** The times of day of a schedule's slots: `times` when several, else `time`. */
export function slotTimes(schedule: Pick<Schedule, 'time' | 'times'>): string[] {
  if (schedule.times.length > 0) return schedule.times;
  return schedule.time ? [schedule.time] : [];
}

export function emptySchedule(kind: 'irregular' | 'none', zone: string, basedOn: number, graceMinutes: number): Schedule {
  return {
    kind,
    weekdays: [],
    monthDays: [],
    nthWeekday: null,
    time: null,
    times: [],
    toleranceMinutes: 0,
    typicalDurationMinutes: 0,
    graceMinutes,
    confidence: 0,
    basedOn,
    zone,
  };
}
