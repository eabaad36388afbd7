/**
 * Times of day at which a job starts, found by clustering start times on the 24-hour circle: a 23:55
 * job that sometimes starts at 00:05 is one cluster around 23:55, not two. The circle is cut at its
 * widest empty gap, then neighbours closer than `linkMinutes` join one cluster (single linkage).
 *
 * - center: the median, rounded to 5 minutes (schedulers are set to round times; jitter is not);
 * - tolerance: 1.5 × the 90th percentile of the distance to the center, rounded up to 5 minutes,
 *   at least 15 and at most 180 minutes;
 * - clusters smaller than 2 runs or 30 % of the largest are manual re-runs and are dropped.
 * Jobs that start more often than about every 40 minutes chain into one wide cluster: the learner
 * then finds too few runs inside the tolerance and calls them irregular.
 */
import { circularDiff } from './local-time.js';

export interface TimeCluster {
  /** Minutes since local midnight, 0..1435, a multiple of 5. */
  center: number;
  size: number;
  toleranceMinutes: number;
}

export const minToleranceMinutes = 15;
export const maxToleranceMinutes = 180;
const linkMinutes = 30;

export function clusterTimes(minutes: readonly number[]): TimeCluster[] {
  const sorted = [...minutes].sort((a, b) => a - b);
  const n = sorted.length;
  if (n === 0) return [];
  // Cut the circle after the widest gap (the wrap-around gap counts), so no cluster straddles the cut.
  let cut = 0;
  let widest = sorted[0]! + 1440 - sorted[n - 1]!;
  for (let i = 1; i < n; i++) {
    const gap = sorted[i]! - sorted[i - 1]!;
    if (gap > widest) [widest, cut] = [gap, i];
  }
  const linear = sorted.map((_, k) => sorted[(cut + k) % n]! + (cut + k >= n ? 1440 : 0));
  const groups: number[][] = [];
  for (const value of linear) {
    const group = groups.at(-1);
    if (group && value - group.at(-1)! <= linkMinutes) group.push(value);
    else groups.push([value]);
  }
  const largest = Math.max(...groups.map((g) => g.length));
  return groups
    .filter((g) => g.length >= Math.max(2, Math.ceil(0.3 * largest)))
    .map((g) => summarise(g))
    .sort((a, b) => a.center - b.center);
}

function summarise(values: number[]): TimeCluster {
  const median = quantile(values, 0.5);
  const center = (((Math.round(median / 5) * 5) % 1440) + 1440) % 1440;
  const distances = values.map((v) => Math.abs(circularDiff(v, center)));
  const raw = Math.ceil((quantile(distances, 0.9) * 1.5) / 5) * 5;
  return { center, size: values.length, toleranceMinutes: Math.min(maxToleranceMinutes, Math.max(minToleranceMinutes, raw)) };
}

/** Linear-interpolated quantile of a list (0.5 = median). */
export function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return 0;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}
