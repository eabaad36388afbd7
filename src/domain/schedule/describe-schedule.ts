/**
 * A schedule in words for lists and the Daily Jobs page: "Daily at 02:30", "Weekly: Mon, Wed, Fri at
 * 22:00", "Monthly: 31st (or last day) at 23:00", "Monthly: last Fri at 21:00". A schedule kept in UTC
 * (a device whose clock runs in UTC) says so: "Daily at 21:00 UTC".
 */
import { slotTimes, type Schedule } from './schedule.js';

const weekdayNames = ['', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

export function describeSchedule(schedule: Schedule): string {
  const at = `at ${slotTimes(schedule).join(', ')}${schedule.zone === 'UTC' ? ' UTC' : ''}`;
  switch (schedule.kind) {
    case 'none':
      return 'No schedule yet (fewer than 3 runs)';
    case 'irregular':
      return 'Irregular';
    case 'daily':
      return `Daily ${at}`;
    case 'weekly':
      return `Weekly: ${schedule.weekdays.map((w) => weekdayNames[w]).join(', ')} ${at}`;
    case 'monthly': {
      const days = schedule.monthDays.map((d) => (d >= 29 ? `${ordinal(d)} (or last day)` : ordinal(d)));
      const nth = schedule.nthWeekday;
      if (nth) days.push(`${nth.n === -1 ? 'last' : ordinal(nth.n)} ${weekdayNames[nth.weekday]}`);
      return `Monthly: ${days.join(', ')} ${at}`;
    }
  }
}

function ordinal(n: number): string {
  const suffix = n % 10 === 1 && n !== 11 ? 'st' : n % 10 === 2 && n !== 12 ? 'nd' : n % 10 === 3 && n !== 13 ? 'rd' : 'th';
  return `${n}${suffix}`;
}
