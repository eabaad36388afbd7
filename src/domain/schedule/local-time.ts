/**
 * Wall-clock arithmetic in a time zone, with the DST rules of DESIGN §9:
 * - a local time that does not exist that day moves forward by the gap (02:30 → 03:30 in
 *   Europe/Amsterdam on the spring-forward night);
 * - an ambiguous local time (the fall-back night) means its first occurrence.
 * Luxon's own `fromObject` resolves ambiguous times to the *second* occurrence, so the instant is
 * worked out here from the zone's offsets directly. Local dates are plain `YYYY-MM-DD` strings.
 */
import { IANAZone } from 'luxon';

export type LocalDate = string;

const minuteMs = 60_000;
const dayMs = 86_400_000;
const zoneCache = new Map<string, IANAZone>();

function zoneOf(name: string): IANAZone {
  let zone = zoneCache.get(name);
  if (!zone) {
    zone = IANAZone.create(name);
    if (!zone.isValid) throw new RangeError(`unknown time zone "${name}"`);
    zoneCache.set(name, zone);
  }
  return zone;
}

/** The zone's offset from UTC in minutes at an instant (+60 for Amsterdam in winter). */
export function offsetMinutes(zone: string, at: number): number {
  return zoneOf(zone).offset(at);
}

export interface LocalParts {
  date: LocalDate;
  /** Minutes since local midnight, 0..1439. */
  minutes: number;
  /** The local wall-clock time as milliseconds, read as if it were UTC (handy for date arithmetic). */
  wallMs: number;
}

export function localParts(instant: Date | number, zone: string): LocalParts {
  const at = typeof instant === 'number' ? instant : instant.getTime();
  const wallMs = at + offsetMinutes(zone, at) * minuteMs;
  const wall = new Date(wallMs);
  return { date: wall.toISOString().slice(0, 10), minutes: wall.getUTCHours() * 60 + wall.getUTCMinutes(), wallMs };
}

export function dateOfWallMs(wallMs: number): LocalDate {
  return new Date(wallMs).toISOString().slice(0, 10);
}

/** `YYYY-MM-DD` that is a real calendar date, else null. */
export function parseLocalDate(text: string): LocalDate | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return null;
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text ? text : null;
}

function dateMs(date: LocalDate): number {
  return Date.parse(`${date}T00:00:00Z`);
}

export function addDays(date: LocalDate, days: number): LocalDate {
  return dateOfWallMs(dateMs(date) + days * dayMs);
}

/** Whole days from `a` to `b` (b − a). */
export function daysBetween(a: LocalDate, b: LocalDate): number {
  return Math.round((dateMs(b) - dateMs(a)) / dayMs);
}

export interface DateInfo {
  year: number;
  month: number;
  day: number;
  /** ISO weekday, 1 = Monday … 7 = Sunday. */
  weekday: number;
  daysInMonth: number;
}

export function dateInfo(date: LocalDate): DateInfo {
  const d = new Date(dateMs(date));
  const year = d.getUTCFullYear();
  const month = d.getUTCMonth() + 1;
  return {
    year,
    month,
    day: d.getUTCDate(),
    weekday: ((d.getUTCDay() + 6) % 7) + 1,
    daysInMonth: new Date(Date.UTC(year, month, 0)).getUTCDate(),
  };
}

export function parseTimeOfDay(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

export function formatTimeOfDay(minutes: number): string {
  const m = ((Math.round(minutes) % 1440) + 1440) % 1440;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

/** Signed difference a − b on the 24-hour circle, in (−720, 720]: 00:05 − 23:55 is +10. */
export function circularDiff(a: number, b: number): number {
  const d = (((a - b) % 1440) + 1440) % 1440;
  return d > 720 ? d - 1440 : d;
}

const instantCache = new Map<string, number>();

/** The instant of a local date and time of day in a zone, by the DST rules above. */
export function zonedInstant(date: LocalDate, minutesOfDay: number, zone: string): Date {
  const key = `${zone}|${date}|${minutesOfDay}`;
  let at = instantCache.get(key);
  if (at === undefined) {
    at = resolveWallTime(dateMs(date) + minutesOfDay * minuteMs, zone);
    if (instantCache.size > 100_000) instantCache.clear();
    instantCache.set(key, at);
  }
  return new Date(at);
}

function resolveWallTime(wallMs: number, zone: string): number {
  const before = offsetMinutes(zone, wallMs - dayMs);
  const offsets = new Set([before, offsetMinutes(zone, wallMs), offsetMinutes(zone, wallMs + dayMs)]);
  // An instant is a reading of the wall time when the zone's offset at that instant is the one used.
  const readings = [...offsets].map((o) => wallMs - o * minuteMs).filter((t) => offsetMinutes(zone, t) * minuteMs === wallMs - t);
  if (readings.length > 0) return Math.min(...readings);
  // In the gap: read with the offset from before the change, which lands the length of the gap later.
  return wallMs - before * minuteMs;
}
