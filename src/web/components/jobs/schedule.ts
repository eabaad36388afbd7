import type { Schedule } from '../../api/types';

export const weekdayNames = ['', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const nthNames: Record<string, string> = { '1': '1st', '2': '2nd', '3': '3rd', '4': '4th', '5': '5th', '-1': 'last' };

/** A schedule's times of day: `times` when it has several, else `time`. */
export function slotTimes(schedule: Partial<Schedule>): string[] {
  if (schedule.times && schedule.times.length > 0) return schedule.times;
  return schedule.time ? [schedule.time] : [];
}

/** The days part of a schedule: "Every day", "Mon, Wed", "1, 15", "last Fri"; "—" when it has none. */
export function scheduleDays(schedule: Partial<Schedule>): string {
  switch (schedule.kind) {
    case 'daily':
      return 'Every day';
    case 'weekly':
      return (schedule.weekdays ?? []).map((d) => weekdayNames[d] ?? String(d)).join(', ') || '—';
    case 'monthly': {
      const days = (schedule.monthDays ?? []).map(String);
      const nth = schedule.nthWeekday;
      if (nth) days.push(`${nthNames[String(nth.n)] ?? nth.n} ${weekdayNames[nth.weekday] ?? nth.weekday}`);
      return days.length > 0 ? `${days.join(', ')} of the month` : '—';
    }
    default:
      return '—';
  }
}

/**
 * One line describing a schedule for people: the API's `description` when it sent one, else made here
 * from the fields ("Weekly: Mon, Wed at 22:00"); null when there is no schedule.
 */
export function describeSchedule(value: (Partial<Schedule> & { description?: string }) | null | undefined): string | null {
  if (!value || typeof value !== 'object') return null;
  if (value.description) return value.description;
  const times = slotTimes(value);
  const at = times.length > 0 ? ` at ${times.join(', ')}${value.zone === 'UTC' ? ' UTC' : ''}` : '';
  switch (value.kind) {
    case 'daily':
      return `Daily${at}`;
    case 'weekly':
      return `Weekly: ${scheduleDays(value)}${at}`;
    case 'monthly':
      return `Monthly: ${scheduleDays(value).replace(/ of the month$/, '')}${at}`;
    case 'irregular':
      return 'Irregular';
    case 'none':
      return 'No schedule yet (fewer than 3 runs)';
    default:
      return value.kind ? String(value.kind) : null;
  }
}
