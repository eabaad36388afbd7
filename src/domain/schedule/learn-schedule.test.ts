import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors.js';
import { expectedSlots } from './expected-slots.js';
import { learnSchedule } from './learn-schedule.js';
import { addDays, dateInfo, zonedInstant, type DateInfo } from './local-time.js';
import { slotVerdicts } from './slot-verdict.js';

const ams = 'Europe/Amsterdam';

/** Deterministic PRNG (mulberry32), so the "realistic" jitter is the same on every run. */
function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

/** Start times of a job scheduled at `hhmm` in `zone` on the days `on` accepts, ± `jitter` minutes and some seconds. */
function runs(from: string, days: number, hhmm: string, on: (d: DateInfo) => boolean, options: { zone?: string; jitter?: number; seed?: number } = {}): Date[] {
  const random = prng(options.seed ?? 7);
  const [h, m] = hhmm.split(':').map(Number);
  const out: Date[] = [];
  for (let i = 0; i < days; i++) {
    const date = addDays(from, i);
    if (!on(dateInfo(date))) continue;
    const jitterMs = Math.round((random() * 2 - 1) * (options.jitter ?? 5) * 60_000) + Math.floor(random() * 50_000);
    out.push(new Date(zonedInstant(date, h! * 60 + m!, options.zone ?? ams).getTime() + jitterMs));
  }
  return out;
}
const everyDay = () => true;
/** Minutes between a learned "HH:MM" and the true one: the median of jittered starts, rounded to 5 minutes. */
const offBy = (time: string | null, hhmm: string) => Math.abs(Number(time!.slice(0, 2)) * 60 + Number(time!.slice(3)) - (Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3))));

describe('learnSchedule', () => {
  it('learns nothing from fewer than 3 runs', () => {
    expect(learnSchedule(runs('2026-01-01', 2, '22:00', everyDay), ams)).toMatchObject({ kind: 'none', basedOn: 2, confidence: 0, zone: ams });
    expect(learnSchedule([], ams).kind).toBe('none');
  });

  it('learns a daily 02:30 job from jittered times, across the spring-forward night', () => {
    const learned = learnSchedule(runs('2026-02-15', 60, '02:30', everyDay), ams);
    expect(learned).toMatchObject({ kind: 'daily', time: '02:30', times: [], toleranceMinutes: 15, confidence: 1, basedOn: 60, zone: ams, graceMinutes: 120 });
  });

  it('keeps a daily job daily when a night fails in a short history', () => {
    const starts = runs('2026-03-20', 14, '02:30', (d) => d.day !== 29);
    // 13 of 14 slots met.
    expect(learnSchedule(starts, ams)).toMatchObject({ kind: 'daily', time: '02:30', basedOn: 13, confidence: 0.93 });
  });

  it('learns weekdays of a weekly job (Mon, Wed, Fri at 22:00)', () => {
    const learned = learnSchedule(runs('2026-01-05', 84, '22:00', (d) => [1, 3, 5].includes(d.weekday), { jitter: 8 }), ams);
    expect(learned).toMatchObject({ kind: 'weekly', weekdays: [1, 3, 5], zone: ams });
    expect(offBy(learned.time, '22:00')).toBeLessThanOrEqual(5);
    expect(learned.confidence).toBeGreaterThanOrEqual(0.8);
  });

  it('learns a monthly job on the 31st that runs on the last day of shorter months', () => {
    const learned = learnSchedule(runs('2025-05-01', 365, '23:00', (d) => d.day === d.daysInMonth), ams);
    expect(learned).toMatchObject({ kind: 'monthly', monthDays: [31], nthWeekday: null, time: '23:00', confidence: 1 });
  });

  it('learns a monthly job on the last Friday', () => {
    const learned = learnSchedule(runs('2025-05-01', 365, '21:00', (d) => d.weekday === 5 && d.day + 7 > d.daysInMonth, { jitter: 10 }), ams);
    expect(learned).toMatchObject({ kind: 'monthly', monthDays: [], nthWeekday: { n: -1, weekday: 5 }, confidence: 1 });
    expect(offBy(learned.time, '21:00')).toBeLessThanOrEqual(5);
  });

  it('learns a monthly job on the 1st and the 15th', () => {
    const learned = learnSchedule(runs('2025-10-01', 200, '03:00', (d) => d.day === 1 || d.day === 15), ams);
    expect(learned).toMatchObject({ kind: 'monthly', monthDays: [1, 15], time: '03:00' });
  });

  it('learns several times a day', () => {
    const starts = ['06:00', '12:00', '18:00'].flatMap((time, i) => runs('2026-01-01', 30, time, everyDay, { seed: i + 1 }));
    const learned = learnSchedule(starts, ams);
    expect(learned).toMatchObject({ kind: 'daily', time: '06:00', times: ['06:00', '12:00', '18:00'], confidence: 1, basedOn: 90 });
  });

  it('keeps a 23:55 job that sometimes starts after midnight as one daily time', () => {
    const learned = learnSchedule(runs('2026-01-01', 40, '23:55', everyDay, { jitter: 12 }), ams);
    expect(learned).toMatchObject({ kind: 'daily', time: '23:55', times: [], confidence: 1 });
    const slots = expectedSlots(learned, '2026-01-02', '2026-02-08');
    expect(slotVerdicts(slots, runs('2026-01-01', 40, '23:55', everyDay, { jitter: 12 }).map((startedAt) => ({ startedAt })), new Date('2026-02-12T00:00:00Z'))).not.toContain('missed');
  });

  it('follows a changed time and changed weekdays', () => {
    const timeChanged = [...runs('2026-01-01', 50, '22:00', everyDay), ...runs('2026-02-20', 10, '01:30', everyDay)];
    expect(learnSchedule(timeChanged, ams)).toMatchObject({ kind: 'daily', time: '01:30', confidence: 1 });
    const daysChanged = [...runs('2026-01-05', 63, '20:00', (d) => d.weekday === 1), ...runs('2026-03-09', 28, '20:00', (d) => d.weekday === 4)];
    expect(learnSchedule(daysChanged, ams)).toMatchObject({ kind: 'weekly', weekdays: [4], time: '20:00' });
  });

  it('calls random start times irregular', () => {
    const random = prng(99);
    const starts = Array.from({ length: 60 }, () => new Date(Date.UTC(2026, 0, 1) + random() * 60 * 86_400_000));
    expect(learnSchedule(starts, ams)).toMatchObject({ kind: 'irregular', time: null, confidence: 0, basedOn: 60 });
  });

  it('learns the typical duration of a 22:00 full backup that reports at 06:00, so it is never Missed', () => {
    const starts = runs('2026-01-01', 30, '22:00', everyDay);
    const learned = learnSchedule(starts.map((s) => ({ startedAt: s, receivedAt: new Date(s.getTime() + 8 * 3_600_000) })), ams);
    expect(learned.typicalDurationMinutes).toBeGreaterThanOrEqual(475);
    const [slot] = expectedSlots(learned, '2026-02-01', '2026-02-01');
    const run = { startedAt: new Date('2026-02-01T21:03:00Z'), receivedAt: new Date('2026-02-02T05:03:00Z') };
    for (let now = slot!.expectedAt.getTime(); now <= slot!.deadline.getTime() + 3_600_000; now += 15 * 60_000) {
      expect(slotVerdicts([slot!], [run], new Date(now))[0]).not.toBe('missed');
    }
  });

  it('ignores runs after `now` and takes the grace passed in', () => {
    const starts = runs('2026-01-01', 10, '22:00', everyDay);
    expect(learnSchedule(starts, ams, { now: new Date('2026-01-05T00:00:00Z'), graceMinutes: 30 })).toMatchObject({ kind: 'daily', basedOn: 4, confidence: 0.67, graceMinutes: 30 });
  });

  it('refuses a start time that is not an ISO time with a zone', () => {
    expect(() => learnSchedule(['2026-01-01T22:00:00Z', '2026-01-02 22:00', 'x'], ams)).toThrow(ValidationError);
    expect(() => learnSchedule(['2026-01-01T22:00:00Z', '2026-01-02 22:00'], ams)).toThrow(/runs\[1\]/);
  });
});
