/**
 * The slots a schedule expects between two local dates (DESIGN §9). Each slot is one local date × one
 * time of day in the schedule's zone, resolved by the DST rules of local-time.ts; two slots that land
 * on the same instant are one (03:00 and the shifted 02:30 on the spring-forward night), and the
 * fall-back night yields each time once because an ambiguous time means its first occurrence.
 *
 * - window: expectedAt ± toleranceMinutes; a run that starts inside it meets the slot.
 * - deadline: expectedAt + typicalDurationMinutes + graceMinutes, and never before the window closes
 *   (otherwise a slot could be Missed and then met by a run inside its own window).
 */
import { addDays, dateInfo, parseTimeOfDay, zonedInstant, type LocalDate } from './local-time.js';
import { slotTimes, type Schedule } from './schedule.js';

export interface Slot {
  expectedAt: Date;
  deadline: Date;
  windowStart: Date;
  windowEnd: Date;
}

type SlotRules = Pick<Schedule, 'kind' | 'weekdays' | 'monthDays' | 'nthWeekday' | 'time' | 'times' | 'zone' | 'toleranceMinutes' | 'typicalDurationMinutes' | 'graceMinutes'>;

/** Whether the schedule has slots on this local date (in the schedule's zone). */
export function dayMatches(schedule: Pick<Schedule, 'kind' | 'weekdays' | 'monthDays' | 'nthWeekday'>, date: LocalDate): boolean {
  const d = dateInfo(date);
  switch (schedule.kind) {
    case 'daily':
      return true;
    case 'weekly':
      return schedule.weekdays.includes(d.weekday);
    case 'monthly': {
      // A day the month does not have means its last day: [31] is the 30th in April, the 28th/29th in February.
      const byDay = schedule.monthDays.some((m) => m === d.day || (m > d.daysInMonth && d.day === d.daysInMonth));
      const nth = schedule.nthWeekday;
      const byNth = nth !== null && nth.weekday === d.weekday && (nth.n === -1 ? d.day + 7 > d.daysInMonth : Math.ceil(d.day / 7) === nth.n);
      return byDay || byNth;
    }
    default:
      return false;
  }
}

/** The slot expected at an instant, with its window and deadline. */
export function slotAt(schedule: Pick<Schedule, 'toleranceMinutes' | 'typicalDurationMinutes' | 'graceMinutes'>, expectedAt: Date): Slot {
  const at = expectedAt.getTime();
  const tolerance = schedule.toleranceMinutes * 60_000;
  const deadline = Math.max(at + tolerance, at + (schedule.typicalDurationMinutes + schedule.graceMinutes) * 60_000);
  return { expectedAt: new Date(at), deadline: new Date(deadline), windowStart: new Date(at - tolerance), windowEnd: new Date(at + tolerance) };
}

export interface ExpectedSlotsOptions {
  /** The zone of `from`/`to` when it is not the schedule's (a schedule in UTC shown for a customer's days). */
  zone?: string;
}

/** Slots whose expected start falls on the local dates `from`..`to` (inclusive), in order of time. */
export function expectedSlots(schedule: SlotRules, from: LocalDate, to: LocalDate, options: ExpectedSlotsOptions = {}): Slot[] {
  const times = slotTimes(schedule).map(parseTimeOfDay);
  if (times.length === 0 || from > to) return [];
  const rangeZone = options.zone ?? schedule.zone;
  const rangeStart = zonedInstant(from, 0, rangeZone).getTime();
  const rangeEnd = zonedInstant(addDays(to, 1), 0, rangeZone).getTime();
  const seen = new Set<number>();
  const slots: Slot[] = [];
  // One day either side: with another range zone, a slot of the schedule's neighbouring date may fall inside.
  for (let date = addDays(from, -1), last = addDays(to, 1); date <= last; date = addDays(date, 1)) {
    if (!dayMatches(schedule, date)) continue;
    for (const minutes of times) {
      const at = zonedInstant(date, minutes, schedule.zone).getTime();
      if (at < rangeStart || at >= rangeEnd || seen.has(at)) continue;
      seen.add(at);
      slots.push(slotAt(schedule, new Date(at)));
    }
  }
  return slots.sort((a, b) => a.expectedAt.getTime() - b.expectedAt.getTime());
}
