import type { Schedule } from './types';

const weekdayNames = ['', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const nthNames: Record<string, string> = { '1': 'first', '2': 'second', '3': 'third', '4': 'fourth', '5': 'fifth', '-1': 'last' };

function times(schedule: Schedule): string {
  const list = schedule.times && schedule.times.length > 0 ? schedule.times : schedule.time ? [schedule.time] : [];
  return list.length > 0 ? ` at ${list.join(', ')}` : '';
}

/** One line describing a schedule for people ("Weekly Mon, Wed at 22:00"); only formats what the API sent. */
export function describeSchedule(value: unknown): string | null {
  if (!value || typeof value !== 'object') return null;
  const schedule = value as Schedule;
  switch (schedule.kind) {
    case 'daily':
      return `Daily${times(schedule)}`;
    case 'weekly':
      return `Weekly ${(schedule.weekdays ?? []).map((d) => weekdayNames[d] ?? String(d)).join(', ')}${times(schedule)}`.replace(/ {2,}/g, ' ');
    case 'monthly':
      if (schedule.nthWeekday) {
        const { n, weekday } = schedule.nthWeekday;
        return `Monthly on the ${nthNames[String(n)] ?? n} ${weekdayNames[weekday] ?? weekday}${times(schedule)}`;
      }
      return `Monthly on day ${(schedule.monthDays ?? []).join(', ')}${times(schedule)}`;
    case 'irregular':
      return 'Irregular';
    case 'none':
      return 'Not enough runs yet';
    default:
      return schedule.kind ? String(schedule.kind) : null;
  }
}
