import { describe, expect, it } from 'vitest';
import { expectedSlots } from './expected-slots.js';
import { parseSchedule, type Schedule } from './schedule.js';

const ams = 'Europe/Amsterdam';
const schedule = (fields: Partial<Schedule>): Schedule => parseSchedule({ kind: 'daily', time: '02:30', toleranceMinutes: 15, zone: ams, ...fields });
const starts = (s: Schedule, from: string, to: string, zone?: string) => expectedSlots(s, from, to, zone ? { zone } : {}).map((slot) => slot.expectedAt.toISOString());

describe('expectedSlots', () => {
  it('gives a daily 02:30 job one slot on the spring-forward night, moved to 03:30 CEST', () => {
    expect(starts(schedule({}), '2026-03-28', '2026-03-30')).toEqual(['2026-03-28T01:30:00.000Z', '2026-03-29T01:30:00.000Z', '2026-03-30T00:30:00.000Z']);
  });

  it('gives a daily 02:30 job one slot on the fall-back night, at the first 02:30', () => {
    expect(starts(schedule({}), '2026-10-24', '2026-10-26')).toEqual(['2026-10-24T00:30:00.000Z', '2026-10-25T00:30:00.000Z', '2026-10-26T01:30:00.000Z']);
  });

  it('makes 02:00 and 03:00 one slot when the spring-forward gap moves 02:00 onto 03:00', () => {
    expect(starts(schedule({ time: '02:00', times: ['02:00', '03:00'] }), '2026-03-29', '2026-03-29')).toEqual(['2026-03-29T01:00:00.000Z']);
  });

  it('puts the window and deadline around the expected start', () => {
    const [slot] = expectedSlots(schedule({ time: '22:00', typicalDurationMinutes: 480, graceMinutes: 120 }), '2026-01-05', '2026-01-05');
    expect(slot).toEqual({
      expectedAt: new Date('2026-01-05T21:00:00Z'),
      windowStart: new Date('2026-01-05T20:45:00Z'),
      windowEnd: new Date('2026-01-05T21:15:00Z'),
      deadline: new Date('2026-01-06T07:00:00Z'),
    });
  });

  it('never puts the deadline before the window closes', () => {
    const [slot] = expectedSlots(schedule({ toleranceMinutes: 180, graceMinutes: 60 }), '2026-01-05', '2026-01-05');
    expect(slot!.deadline).toEqual(slot!.windowEnd);
  });

  it('lists weekly slots on ISO weekdays only', () => {
    const weekly = schedule({ kind: 'weekly', weekdays: [1, 3, 5], time: '22:00' });
    expect(starts(weekly, '2026-03-23', '2026-03-29')).toEqual(['2026-03-23T21:00:00.000Z', '2026-03-25T21:00:00.000Z', '2026-03-27T21:00:00.000Z']);
  });

  it('reads monthDays 31 as the last day in shorter months', () => {
    const monthly = schedule({ kind: 'monthly', monthDays: [31], time: '23:00' });
    expect(starts(monthly, '2026-01-01', '2026-04-30')).toEqual(['2026-01-31T22:00:00.000Z', '2026-02-28T22:00:00.000Z', '2026-03-31T21:00:00.000Z', '2026-04-30T21:00:00.000Z']);
  });

  it('finds the last Friday, and no slot in a month without a 5th Friday', () => {
    const lastFriday = schedule({ kind: 'monthly', nthWeekday: { n: -1, weekday: 5 }, time: '21:00' });
    expect(starts(lastFriday, '2026-01-01', '2026-03-31').map((s) => s.slice(0, 10))).toEqual(['2026-01-30', '2026-02-27', '2026-03-27']);
    const fifthFriday = schedule({ kind: 'monthly', nthWeekday: { n: 5, weekday: 5 }, time: '21:00' });
    expect(starts(fifthFriday, '2026-01-01', '2026-03-31').map((s) => s.slice(0, 10))).toEqual(['2026-01-30']);
  });

  it('reads --from/--to in another zone than a schedule kept in UTC', () => {
    const utc = schedule({ time: '23:30', zone: 'UTC' });
    // 23:30 UTC is already the next day in Amsterdam, so the Amsterdam day 2026-01-05 holds the slot of UTC 01-04.
    expect(starts(utc, '2026-01-05', '2026-01-05', ams)).toEqual(['2026-01-04T23:30:00.000Z']);
  });

  it('expects nothing for irregular and none', () => {
    expect(expectedSlots(parseSchedule({ kind: 'irregular', zone: ams }), '2026-01-01', '2026-01-31')).toEqual([]);
    expect(expectedSlots(parseSchedule({ kind: 'none', zone: ams }), '2026-01-01', '2026-01-31')).toEqual([]);
  });
});
