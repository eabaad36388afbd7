import { describe, expect, it } from 'vitest';
import { expectedSlots } from './expected-slots.js';
import { learnSchedule } from './learn-schedule.js';
import { addDays, zonedInstant } from './local-time.js';
import { slotVerdicts } from './slot-verdict.js';

const ams = 'Europe/Amsterdam';

/** Daily start times at `minutes` past midnight in `clockZone`, with deterministic jitter of up to ±6 minutes. */
function dailyRuns(from: string, days: number, minutes: number, clockZone: string): Date[] {
  let seed = 12345;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  return Array.from({ length: days }, (_, i) => new Date(zonedInstant(addDays(from, i), minutes, clockZone).getTime() + Math.round((random() * 12 - 6) * 60_000)));
}

/**
 * Re-learns every week from the runs so far, as the service will, and checks the next week's slots
 * (in the customer's days) against the runs: a schedule that drifted an hour at a DST change would
 * show Missed or late slots right after it.
 */
function verdictsWhenRelearnedWeekly(starts: Date[], from: string, weeks: number) {
  const verdicts: string[] = [];
  const zones = new Set<string>();
  for (let w = 0; w < weeks; w++) {
    const day = addDays(from, w * 7);
    const cut = zonedInstant(day, 0, ams);
    const learned = learnSchedule(starts, ams, { now: cut });
    zones.add(learned.zone);
    const slots = expectedSlots(learned, day, addDays(day, 6), { zone: ams });
    expect(slots).toHaveLength(7);
    verdicts.push(...slotVerdicts(slots, starts.map((startedAt) => ({ startedAt })), zonedInstant(addDays(day, 9), 0, ams)));
  }
  return { verdicts, zones };
}

describe('learnSchedule with devices whose clock runs in UTC', () => {
  it('learns a device that starts at 21:00 UTC in UTC, without drifting an hour at either DST change of 2026', () => {
    // From September 2025, so the history always holds a DST change (26 October 2025) by November.
    const starts = dailyRuns('2025-09-01', 500, 21 * 60, 'UTC');
    const { verdicts, zones } = verdictsWhenRelearnedWeekly(starts, '2025-11-03', 56);
    expect(zones).toEqual(new Set(['UTC']));
    expect(verdicts.filter((v) => v !== 'met')).toEqual([]);
    expect(learnSchedule(starts, ams, { now: new Date('2026-04-15T00:00:00Z') })).toMatchObject({ kind: 'daily', time: '21:00', zone: 'UTC', confidence: 1 });
  });

  it('keeps a device whose clock follows Amsterdam in Amsterdam, through both DST changes', () => {
    const starts = dailyRuns('2025-09-01', 500, 2 * 60 + 30, ams);
    const { verdicts, zones } = verdictsWhenRelearnedWeekly(starts, '2025-11-03', 56);
    expect(zones).toEqual(new Set([ams]));
    expect(verdicts.filter((v) => v !== 'met')).toEqual([]);
  });

  it('keeps the customer zone while the history holds no DST change (both zones fit equally)', () => {
    const starts = dailyRuns('2026-01-05', 30, 21 * 60, 'UTC');
    expect(learnSchedule(starts, ams)).toMatchObject({ kind: 'daily', time: '22:00', zone: ams });
  });

  it('switches to UTC within days of the first DST change it sees', () => {
    const starts = dailyRuns('2026-01-05', 90, 21 * 60, 'UTC');
    expect(learnSchedule(starts, ams, { now: new Date('2026-04-02T00:00:00Z') })).toMatchObject({ kind: 'daily', time: '21:00', zone: 'UTC' });
  });
});
