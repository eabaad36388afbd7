import type { JobScheduleInfo, SchedulePin } from '../../api/types';
import { slotTimes } from './schedule';

export type PinKind = 'daily' | 'weekly' | 'monthly';
export type MonthlyBy = 'days' | 'nth';

/** What the pin form edits; numbers as strings where the user types them. */
export interface ScheduleFormValues {
  kind: PinKind;
  weekdays: string[];
  monthlyBy: MonthlyBy;
  monthDays: string;
  nthN: string;
  nthWeekday: string;
  time: string;
  toleranceMinutes: number | string;
  typicalDurationMinutes: number | string;
  graceMinutes: number | string;
  zone: string;
}

/** The form prefilled from the job's current schedule (pinned or learned), or sensible defaults. */
export function formFromSchedule(schedule: JobScheduleInfo | null): ScheduleFormValues {
  const s = schedule;
  const kind: PinKind = s && (s.kind === 'daily' || s.kind === 'weekly' || s.kind === 'monthly') ? s.kind : 'daily';
  return {
    kind,
    weekdays: (s?.weekdays ?? []).map(String),
    monthlyBy: s?.nthWeekday && (s.monthDays ?? []).length === 0 ? 'nth' : 'days',
    monthDays: (s?.monthDays ?? []).join(', '),
    nthN: String(s?.nthWeekday?.n ?? 1),
    nthWeekday: String(s?.nthWeekday?.weekday ?? 1),
    time: s ? slotTimes(s).join(', ') : '',
    toleranceMinutes: s && s.toleranceMinutes > 0 ? s.toleranceMinutes : 30,
    typicalDurationMinutes: s?.typicalDurationMinutes ?? 0,
    graceMinutes: s?.graceMinutes ?? 120,
    zone: s?.zone ?? '',
  };
}

function minutes(value: number | string, fallback: number): number {
  if (value === '' || value === null || value === undefined) return fallback;
  return typeof value === 'number' ? value : Number(value);
}

/** Comma or space separated numbers; null when something in it is not a whole number. */
function numbers(text: string): number[] | null {
  const parts = text.split(/[\s,;]+/).filter(Boolean);
  const values = parts.map(Number);
  return values.every((n) => Number.isInteger(n)) ? values : null;
}

/**
 * The body of PUT /jobs/:id/schedule, or a message for what cannot even be sent (a month day that is
 * not a number). Anything else (a bad time, an unknown zone, a missing weekday) the API answers with
 * its problems.
 */
export function pinFromForm(v: ScheduleFormValues): { pin: SchedulePin } | { error: string } {
  const times = v.time.split(/[\s,;]+/).filter(Boolean);
  const pin: SchedulePin = {
    kind: v.kind,
    time: times[0] ?? null,
    times: times.length > 1 ? times : [],
    weekdays: [],
    monthDays: [],
    nthWeekday: null,
    toleranceMinutes: minutes(v.toleranceMinutes, 30),
    typicalDurationMinutes: minutes(v.typicalDurationMinutes, 0),
    graceMinutes: minutes(v.graceMinutes, 120),
  };
  // No zone: the API uses the job's (its customer's, else the installation's).
  if (v.zone.trim()) pin.zone = v.zone.trim();
  if (v.kind === 'weekly') pin.weekdays = v.weekdays.map(Number).sort((a, b) => a - b);
  if (v.kind === 'monthly' && v.monthlyBy === 'days') {
    const days = numbers(v.monthDays);
    if (!days) return { error: 'Month days: give day numbers 1 to 31, separated by commas (e.g. 1, 15).' };
    pin.monthDays = days;
  }
  if (v.kind === 'monthly' && v.monthlyBy === 'nth') pin.nthWeekday = { n: Number(v.nthN), weekday: Number(v.nthWeekday) };
  return { pin };
}
