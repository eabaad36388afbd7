import { DateTime, FixedOffsetZone } from 'luxon';
import type { DecodedMessage } from '../../mime/decode.js';

export interface LocalDateTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second?: number;
}

/**
 * A body time without a zone takes the Date header's offset (DESIGN §4); without a Date header it is
 * read as UTC. Returns an ISO string in UTC with `Z` and notes the rule in the trace.
 */
export function localToUtc(local: LocalDateTime, mail: DecodedMessage, trace: string[], label: string): string | null {
  const offset = mail.dateOffsetMinutes ?? 0;
  const dt = DateTime.fromObject(
    { year: local.year, month: local.month, day: local.day, hour: local.hour, minute: local.minute, second: local.second ?? 0 },
    { zone: FixedOffsetZone.instance(offset) },
  );
  if (!dt.isValid) {
    trace.push(`${label}: ${JSON.stringify(local)} is not a valid date, ignored`);
    return null;
  }
  const iso = toIso(dt.toJSDate());
  const from = mail.dateOffsetMinutes === null ? 'read as UTC (no Date header offset)' : `offset ${formatSigned(offset)} of the Date header`;
  trace.push(`${label}: ${iso} (body time without zone, ${from})`);
  return iso;
}

/** A time that carries its own zone or offset, e.g. ISO 8601 with Z or an RFC 2822 date. */
export function absoluteToUtc(text: string, trace: string[], label: string): string | null {
  const date = new Date(text);
  if (Number.isNaN(date.getTime())) {
    trace.push(`${label}: "${text}" could not be read as a time`);
    return null;
  }
  const iso = toIso(date);
  trace.push(`${label}: ${iso} (time with its own zone)`);
  return iso;
}

export function toIso(date: Date): string {
  return date.toISOString().replace(/\.000Z$/, 'Z');
}

/** Adds seconds to an ISO time; used when a mail gives a start and a duration. */
export function addSeconds(iso: string | null, seconds: number | null): string | null {
  if (!iso || seconds === null || !Number.isFinite(seconds)) return null;
  return toIso(new Date(new Date(iso).getTime() + seconds * 1000));
}

const monthNames: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12,
  // German, Dutch, French, Italian, Spanish, Portuguese abbreviations that differ from English
  mär: 3, mrt: 3, mai: 5, okt: 10, dez: 12, mei: 5, janv: 1, févr: 2, fév: 2, avr: 4, juil: 7, déc: 12,
  gen: 1, mag: 5, giu: 6, lug: 7, ago: 8, set: 9, ott: 10, dic: 12, ene: 1, abr: 4, dezembro: 12,
};

export function monthFromName(name: string): number | null {
  const key = name.toLowerCase().replace(/\.$/, '');
  return monthNames[key] ?? monthNames[key.slice(0, 3)] ?? null;
}

/**
 * A numeric date whose day/month order is not known (01/02/2024): the reading nearest the Date header
 * wins (DESIGN §4); without a Date header, day-first.
 */
export function resolveDayMonth(a: number, b: number, year: number, mail: DecodedMessage, trace: string[]): { day: number; month: number } {
  if (a > 12) return { day: a, month: b };
  if (b > 12) return { day: b, month: a };
  if (a === b || !mail.date) return { day: a, month: b };
  const reference = mail.date.getTime();
  const dayFirst = Math.abs(Date.UTC(year, b - 1, a) - reference);
  const monthFirst = Math.abs(Date.UTC(year, a - 1, b) - reference);
  const pick = monthFirst < dayFirst ? { day: b, month: a } : { day: a, month: b };
  trace.push(`date ${a}/${b}/${year} is ambiguous; read as day ${pick.day} month ${pick.month}, nearest the Date header`);
  return pick;
}

function formatSigned(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}${String(abs % 60).padStart(2, '0')}`;
}
