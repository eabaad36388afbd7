/**
 * One learning pass: a set of runs read in one zone → a schedule and how well it fits. learnSchedule()
 * calls this for several recent windows and for the customer's zone and UTC, and keeps the best.
 *
 * 1. Times of day: clusters of local start times (time-clusters.ts). Several clusters → `times`;
 *    the tolerance is the widest cluster's, capped below half the gap between neighbouring times
 *    so that windows never overlap.
 * 2. Days: each run inside the tolerance of a time belongs to the slot of that time, and its slot date
 *    is the date of the *expected* start (a 23:55 run that started at 00:05 belongs to the day before).
 *    The slot dates choose the day rule (day-rules.ts). Fewer than 60 % of runs within tolerance, or no
 *    day rule scoring 0.5 → irregular.
 * 3. Confidence: the share of slots from the first to the last run that a run met (below half →
 *    irregular: random times make many small clusters), scaled down below 6 runs (3 runs → 0.5).
 * 4. Typical duration: the 90th percentile of the known durations (endedAt − startedAt, else
 *    receivedAt − startedAt), so weekly long full backups between short incrementals are not Missed.
 * `spread`: the mean distance in minutes of every run from its nearest time — the UTC-clock test.
 */
import { chooseDayRule } from './day-rules.js';
import { expectedSlots } from './expected-slots.js';
import { addDays, circularDiff, dateOfWallMs, formatTimeOfDay, localParts, type LocalDate } from './local-time.js';
import { emptySchedule, type Schedule } from './schedule.js';
import { clusterTimes, quantile } from './time-clusters.js';

export interface LearnRun {
  /** Start time, milliseconds since the epoch. */
  start: number;
  /** Minutes from start to end (or to receipt); null when unknown. */
  durationMinutes: number | null;
}

export interface PatternFit {
  schedule: Schedule;
  /** The share of slots met, before scaling for few runs; 0 when irregular. */
  fit: number;
  spread: number;
}

const minExplained = 0.6;
const minMet = 0.5;
const fullTrustRuns = 6;

/** `runs` sorted by start, at least one. */
export function learnPattern(runs: readonly LearnRun[], zone: string, graceMinutes: number): PatternFit {
  const n = runs.length;
  const parts = runs.map((r) => localParts(r.start, zone));
  const clusters = clusterTimes(parts.map((p) => p.minutes));
  const irregular = (spread: number): PatternFit => ({ schedule: { ...emptySchedule('irregular', zone, n, graceMinutes), typicalDurationMinutes: typicalDuration(runs) }, fit: 0, spread });
  if (clusters.length === 0) return irregular(720);

  const centers = clusters.map((c) => c.center);
  let tolerance = Math.max(...clusters.map((c) => c.toleranceMinutes));
  if (centers.length > 1) {
    const gaps = centers.map((c, i) => (i + 1 < centers.length ? centers[i + 1]! - c : centers[0]! + 1440 - c));
    tolerance = Math.max(1, Math.min(tolerance, Math.floor((Math.min(...gaps) - 1) / 2)));
  }

  const slotDates = new Set<LocalDate>();
  const explained: LearnRun[] = [];
  let distanceSum = 0;
  parts.forEach((p, i) => {
    const dev = centers.map((c) => circularDiff(p.minutes, c)).reduce((a, b) => (Math.abs(b) < Math.abs(a) ? b : a));
    distanceSum += Math.abs(dev);
    if (Math.abs(dev) > tolerance) return;
    slotDates.add(dateOfWallMs(p.wallMs - dev * 60_000));
    explained.push(runs[i]!);
  });
  const spread = distanceSum / n;
  const sortedDates = [...slotDates].sort();
  const rule = explained.length / n >= minExplained ? chooseDayRule(slotDates, sortedDates[0]!, sortedDates.at(-1)!) : null;
  if (!rule) return irregular(spread);

  const times = centers.map(formatTimeOfDay);
  const schedule: Schedule = {
    kind: rule.kind,
    weekdays: rule.weekdays,
    monthDays: rule.monthDays,
    nthWeekday: rule.nthWeekday,
    time: times[0]!,
    times: times.length > 1 ? times : [],
    toleranceMinutes: tolerance,
    typicalDurationMinutes: typicalDuration(explained),
    graceMinutes,
    confidence: 0,
    basedOn: n,
    zone,
  };
  const met = metFraction(schedule, runs, addDays(parts[0]!.date, -1), addDays(parts.at(-1)!.date, 1));
  if (met < minMet) return irregular(spread);
  schedule.confidence = Math.round(met * Math.min(1, n / fullTrustRuns) * 100) / 100;
  return { schedule, fit: met, spread };
}

/** The share of the slots between the first and the last run that a run started in. */
function metFraction(schedule: Schedule, runs: readonly LearnRun[], from: LocalDate, to: LocalDate): number {
  const tol = schedule.toleranceMinutes * 60_000;
  const first = runs[0]!.start - tol;
  const last = runs.at(-1)!.start + tol;
  const slots = expectedSlots(schedule, from, to).filter((s) => s.expectedAt.getTime() >= first && s.expectedAt.getTime() <= last);
  if (slots.length === 0) return 0;
  let met = 0;
  let r = 0;
  for (const slot of slots) {
    while (r < runs.length && runs[r]!.start < slot.windowStart.getTime()) r++;
    if (r < runs.length && runs[r]!.start <= slot.windowEnd.getTime()) met++;
  }
  return met / slots.length;
}

function typicalDuration(runs: readonly LearnRun[]): number {
  const known = runs.map((r) => r.durationMinutes).filter((d): d is number => d !== null && d >= 0);
  return known.length === 0 ? 0 : Math.round(quantile(known, 0.9));
}
