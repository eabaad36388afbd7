import type { DecodedMessage } from '../../mime/decode.js';
import { addSeconds, localToUtc, monthFromName, resolveDayMonth } from '../support/time.js';

/**
 * VBR writes the session start as the server's long date (`Monday, 15 January 2024 22:00:12` in
 * en-GB, `Monday, January 15, 2024 10:00:12 PM` in en-US, `Montag, 15. Januar 2024 22:00:12` in
 * German) and the summary times as bare `HH:MM:SS`, the end with ` (+1)` when it fell on a later day.
 * None carries a zone, so they take the Date header's offset.
 */
interface Day {
  year: number;
  month: number;
  day: number;
}

export function readSessionDay(text: string | null, mail: DecodedMessage, trace: string[]): Day | null {
  if (!text) return null;
  const iso = /(\d{4})-(\d{1,2})-(\d{1,2})/.exec(text);
  if (iso) return { year: +iso[1]!, month: +iso[2]!, day: +iso[3]! };
  const numeric = /(\d{1,2})[./](\d{1,2})[./](\d{4})/.exec(text);
  if (numeric) {
    const year = +numeric[3]!;
    return { year, ...resolveDayMonth(+numeric[1]!, +numeric[2]!, year, mail, trace) };
  }
  const dayFirst = /(\d{1,2})\.?\s+([A-Za-zÀ-ÿ]+)\.?,?\s+(\d{4})/.exec(text);
  const dayFirstMonth = dayFirst ? monthFromName(dayFirst[2]!) : null;
  if (dayFirst && dayFirstMonth) return { year: +dayFirst[3]!, month: dayFirstMonth, day: +dayFirst[1]! };
  const monthFirst = /([A-Za-zÀ-ÿ]+)\.?\s+(\d{1,2}),?\s+(\d{4})/.exec(text);
  const monthFirstMonth = monthFirst ? monthFromName(monthFirst[1]!) : null;
  if (monthFirst && monthFirstMonth) return { year: +monthFirst[3]!, month: monthFirstMonth, day: +monthFirst[2]! };
  trace.push(`session date "${text}" not understood`);
  return null;
}

interface ClockTime {
  hour: number;
  minute: number;
  second: number;
  /** The `(+N)` suffix: the time fell N days after the session date. */
  plusDays: number;
}

export function readClock(text: string | undefined): ClockTime | null {
  const m = /(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(AM|PM)?(?:\s*\(\+(\d+)\))?/i.exec(text ?? '');
  if (!m) return null;
  let hour = +m[1]!;
  const half = m[4]?.toUpperCase();
  if (half === 'PM' && hour < 12) hour += 12;
  if (half === 'AM' && hour === 12) hour = 0;
  return { hour, minute: +m[2]!, second: m[3] ? +m[3] : 0, plusDays: m[5] ? +m[5] : 0 };
}

/** `0:40:51`, with days as a `1.` prefix (`1.02:03:04`). */
export function durationSeconds(text: string | undefined): number | null {
  const m = /^(?:(\d+)\.)?(\d+):(\d{2}):(\d{2})$/.exec(text?.trim() ?? '');
  if (!m) return null;
  return (m[1] ? +m[1] * 86400 : 0) + +m[2]! * 3600 + +m[3]! * 60 + +m[4]!;
}

export interface SessionTimes {
  startedAt: string | null;
  endedAt: string | null;
}

export function sessionTimes(
  sessionDate: string | null,
  summary: Map<string, string>,
  mail: DecodedMessage,
  trace: string[],
): SessionTimes {
  let day = readSessionDay(sessionDate, mail, trace);
  const startClock = readClock(summary.get('Start time')) ?? readClock(sessionDate ?? undefined);
  const endClock = readClock(summary.get('End time'));
  if (!startClock) {
    trace.push('no start time in the report');
    return { startedAt: null, endedAt: null };
  }
  let fromHeader = false;
  if (!day) {
    if (!mail.date) return { startedAt: null, endedAt: null };
    // No session date: the day the mail was sent, in the Date header's own offset.
    day = localDay(mail.date, mail);
    fromHeader = true;
    trace.push('no session date in the report; using the day of the Date header');
  }
  let startedAt = localToUtc({ ...day, ...startClock }, mail, trace, 'start (session date + Start time)');
  if (fromHeader && startedAt && mail.date && new Date(startedAt) > mail.date) {
    startedAt = addSeconds(startedAt, -86_400);
    if (startedAt) day = localDay(new Date(startedAt), mail);
    trace.push(`start moved to the day before the mail: ${startedAt}`);
  }
  let endedAt: string | null = null;
  if (endClock) {
    const sameDay = localToUtc({ ...day, ...endClock }, mail, [], 'end');
    let days = endClock.plusDays;
    if (days === 0 && sameDay && startedAt && sameDay < startedAt) {
      days = 1;
      trace.push('end time is before the start time without a (+1) mark: read as the next day');
    }
    endedAt = addSeconds(sameDay, days * 86_400);
    trace.push(`end ${endedAt}: End time "${summary.get('End time')}" on the start day${days ? ` + ${days} day(s)` : ''}`);
  } else {
    const duration = durationSeconds(summary.get('Duration'));
    endedAt = addSeconds(startedAt, duration);
    trace.push(endedAt ? `end ${endedAt}: start + Duration ${summary.get('Duration')}` : 'no end time in the report');
  }
  return { startedAt, endedAt };
}

/** The calendar day of a point in time, in the Date header's offset. */
function localDay(date: Date, mail: DecodedMessage): Day {
  const local = new Date(date.getTime() + (mail.dateOffsetMinutes ?? 0) * 60_000);
  return { year: local.getUTCFullYear(), month: local.getUTCMonth() + 1, day: local.getUTCDate() };
}
