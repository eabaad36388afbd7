/**
 * learnSchedule(runs, zone, options) → Schedule (DESIGN §9). Pure: no database, no clock.
 *
 * - Input: start times (Date or ISO string), or `{startedAt, endedAt?, receivedAt?}`; the durations
 *   feed typicalDurationMinutes (see learn-pattern.ts). `now`, when given, drops runs that start after
 *   it; the learning is anchored at the latest run, not at `now`, so a job that stopped keeps its
 *   schedule (and gets Missed runs) instead of slowly forgetting it.
 * - Fewer than 3 runs in the last 400 days → kind `none`.
 * - A changed pattern is followed: the pattern is learned over recent windows (the last 7, 10, 14, …
 *   400 days before the latest run) and the longest window whose fit (share of its slots met, not yet
 *   scaled down for few runs) is within 0.05 of the best wins. A change of time or weekdays wins once the new pattern has enough runs to fill a window on
 *   its own (about a week for a daily job, three weeks for a weekly one).
 * - Devices whose clock runs in UTC: the same is done in the customer's zone and in UTC. Both are then
 *   compared over the same runs (the longer of the two chosen windows): a fit higher by over 0.05
 *   wins, else a spread smaller by more than a minute, else the customer's zone. A UTC device seen in
 *   Amsterdam starts an hour apart in summer and winter, so UTC wins as soon as its history crosses a
 *   DST change; before that both zones fit equally and the customer's zone is kept.
 * - A window stops growing past 2,000 runs (a few months of an hourly job is enough).
 */
import { ValidationError } from '../errors.js';
import { learnPattern, type LearnRun, type PatternFit } from './learn-pattern.js';
import { defaultGraceMinutes, emptySchedule, type Schedule } from './schedule.js';

export type RunInput = Date | string | { startedAt: Date | string; endedAt?: Date | string | null; receivedAt?: Date | string | null };

export interface LearnOptions {
  now?: Date;
  graceMinutes?: number;
}

export const minRuns = 3;
const windowDays = [7, 10, 14, 21, 30, 45, 60, 90, 120, 180, 270, 400];
const maxWindowRuns = 2000;
const fitSlack = 0.05;
const dayMs = 86_400_000;

export function learnSchedule(input: readonly RunInput[], zone: string, options: LearnOptions = {}): Schedule {
  const grace = options.graceMinutes ?? defaultGraceMinutes;
  const now = options.now?.getTime() ?? Number.POSITIVE_INFINITY;
  const all = input
    .map((run, i) => toLearnRun(run, i))
    .filter((r) => r.start <= now)
    .sort((a, b) => a.start - b.start);
  const anchor = all.at(-1)?.start ?? 0;
  const recent = all.filter((r) => r.start > anchor - windowDays.at(-1)! * dayMs);
  if (recent.length < minRuns) return emptySchedule('none', zone, recent.length, grace);

  const windows: LearnRun[][] = [];
  for (const days of windowDays) {
    const runs = recent.filter((r) => r.start > anchor - days * dayMs);
    if (runs.length >= minRuns && runs.length !== windows.at(-1)?.length) windows.push(runs);
    if (runs.length > maxWindowRuns) break;
  }
  if (windows.length === 0) windows.push(recent.slice(-maxWindowRuns));

  const local = windows.map((runs) => learnPattern(runs, zone, grace));
  if (zone === 'UTC') return local[bestWindow(local)]!.schedule;
  const utc = windows.map((runs) => learnPattern(runs, 'UTC', grace));
  const [l, u] = [bestWindow(local), bestWindow(utc)];
  const common = Math.max(l, u);
  return prefersUtc(local[common]!, utc[common]!) ? utc[u]!.schedule : local[l]!.schedule;
}

/** The longest window whose fit is within the slack of the best one. */
function bestWindow(fits: readonly PatternFit[]): number {
  const best = Math.max(...fits.map((f) => f.fit));
  let chosen = 0;
  fits.forEach((f, i) => {
    if (f.fit >= best - fitSlack) chosen = i;
  });
  return chosen;
}

function prefersUtc(local: PatternFit, utc: PatternFit): boolean {
  const diff = utc.fit - local.fit;
  if (Math.abs(diff) > fitSlack) return diff > 0;
  return utc.spread < local.spread - 1;
}

function toLearnRun(run: RunInput, index: number): LearnRun {
  const start = typeof run === 'string' || run instanceof Date ? instant(run, `runs[${index}]`) : instant(run?.startedAt, `runs[${index}].startedAt`);
  if (typeof run === 'string' || run instanceof Date) return { start, durationMinutes: null };
  const end = run.endedAt ?? run.receivedAt;
  const field = run.endedAt ? 'endedAt' : 'receivedAt';
  const duration = end === undefined || end === null ? null : (instant(end, `runs[${index}].${field}`) - start) / 60_000;
  return { start, durationMinutes: duration !== null && duration >= 0 ? duration : null };
}

function instant(value: unknown, path: string): number {
  // A string without an offset would be read in the process's own zone: not pure, so refused.
  const at = value instanceof Date ? value.getTime() : typeof value === 'string' && /(Z|[+-]\d{2}:?\d{2})$/i.test(value.trim()) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(at)) throw new ValidationError(`${path}: expected an ISO 8601 time with Z or an offset, got ${JSON.stringify(value) ?? String(value)}`, [{ path, message: 'expected an ISO 8601 time with Z or an offset' }]);
  return at;
}
