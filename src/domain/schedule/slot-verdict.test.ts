import { describe, expect, it } from 'vitest';
import { expectedSlots, slotAt } from './expected-slots.js';
import { parseSchedule } from './schedule.js';
import { slotVerdict, slotVerdicts } from './slot-verdict.js';

const ams = 'Europe/Amsterdam';
const minute = 60_000;
const t = (iso: string, plusMinutes = 0) => new Date(Date.parse(iso) + plusMinutes * minute);
// 22:00 in Amsterdam in January is 21:00 UTC; window ±15 min; deadline = +0 duration +120 grace = 23:00 UTC.
const schedule = parseSchedule({ kind: 'daily', time: '22:00', toleranceMinutes: 15, graceMinutes: 120, zone: ams });
const slot = slotAt(schedule, t('2026-01-05T21:00:00Z'));
const next = slotAt(schedule, t('2026-01-06T21:00:00Z'));

describe('slotVerdict at the exact boundaries (time passed in)', () => {
  it('is pending at deadline − 1 minute, missed at the deadline and after it', () => {
    expect(slotVerdict(slot, [], t('2026-01-05T23:00:00Z', -1))).toBe('pending');
    expect(slotVerdict(slot, [], t('2026-01-05T23:00:00Z'))).toBe('missed');
    expect(slotVerdict(slot, [], t('2026-01-05T23:00:00Z', 60))).toBe('missed');
  });

  it('is met by a run starting on either edge of the window, not a minute outside', () => {
    expect(slotVerdict(slot, [{ startedAt: t('2026-01-05T20:45:00Z') }], t('2026-01-05T23:00:00Z'))).toBe('met');
    expect(slotVerdict(slot, [{ startedAt: t('2026-01-05T21:15:00Z') }], t('2026-01-05T23:00:00Z'))).toBe('met');
    expect(slotVerdict(slot, [{ startedAt: t('2026-01-05T20:44:00Z') }], t('2026-01-05T23:00:00Z'))).toBe('missed');
  });

  it('calls a run that started after the window and before the next slot late, before and after the deadline', () => {
    const late = [{ startedAt: t('2026-01-05T21:16:00Z') }];
    expect(slotVerdict(slot, late, t('2026-01-05T21:30:00Z'), next)).toBe('late');
    expect(slotVerdict(slot, [{ startedAt: t('2026-01-06T03:00:00Z') }], t('2026-01-06T04:00:00Z'), next)).toBe('late');
    // A run inside the next slot's window belongs to the next slot.
    expect(slotVerdict(slot, [{ startedAt: t('2026-01-06T20:50:00Z') }], t('2026-01-06T21:00:00Z'), next)).toBe('missed');
  });

  it('does not count a run before its report was received', () => {
    const run = { startedAt: t('2026-01-05T21:02:00Z'), receivedAt: t('2026-01-05T23:30:00Z') };
    expect(slotVerdict(slot, [run], t('2026-01-05T22:59:00Z'))).toBe('pending');
    expect(slotVerdict(slot, [run], t('2026-01-05T23:00:00Z'))).toBe('missed');
    expect(slotVerdict(slot, [run], t('2026-01-05T23:30:00Z'))).toBe('met');
  });

  it('does not call a 22:00 full backup that reports at 06:00 missed when its typical duration is known', () => {
    const full = parseSchedule({ kind: 'daily', time: '22:00', toleranceMinutes: 15, typicalDurationMinutes: 480, graceMinutes: 120, zone: ams });
    const night = slotAt(full, t('2026-01-05T21:00:00Z'));
    const run = { startedAt: t('2026-01-05T21:01:00Z'), receivedAt: t('2026-01-06T05:00:00Z') };
    expect(night.deadline).toEqual(t('2026-01-06T07:00:00Z'));
    for (const now of ['2026-01-05T23:00:00Z', '2026-01-06T04:59:00Z']) expect(slotVerdict(night, [run], t(now))).toBe('pending');
    expect(slotVerdict(night, [run], t('2026-01-06T05:00:00Z'))).toBe('met');
    expect(slotVerdict(night, [run], t('2026-01-06T07:00:00Z'))).toBe('met');
  });
});

describe('slotVerdicts across the DST nights (daily 02:30 in Amsterdam)', () => {
  const daily = parseSchedule({ kind: 'daily', time: '02:30', toleranceMinutes: 15, graceMinutes: 120, zone: ams });

  it('has no false Missed run and no double slot on the spring-forward night (the job runs at 03:30 CEST)', () => {
    const slots = expectedSlots(daily, '2026-03-28', '2026-03-30');
    const runs = ['2026-03-28T01:32:00Z', '2026-03-29T01:31:00Z', '2026-03-30T00:33:00Z'].map((s) => ({ startedAt: t(s) }));
    expect(slots).toHaveLength(3);
    expect(slotVerdicts(slots, runs, t('2026-03-31T00:00:00Z'))).toEqual(['met', 'met', 'met']);
  });

  it('has no false Missed run and no double slot on the fall-back night', () => {
    const slots = expectedSlots(daily, '2026-10-24', '2026-10-26');
    expect(slots).toHaveLength(3);
    const first = ['2026-10-24T00:31:00Z', '2026-10-25T00:31:00Z', '2026-10-26T01:31:00Z'].map((s) => ({ startedAt: t(s) }));
    expect(slotVerdicts(slots, first, t('2026-10-27T00:00:00Z'))).toEqual(['met', 'met', 'met']);
    // A scheduler that fires at the second 02:30 (CET) is an hour late: shown late, never Missed.
    const second = ['2026-10-24T00:31:00Z', '2026-10-25T01:31:00Z', '2026-10-26T01:31:00Z'].map((s) => ({ startedAt: t(s) }));
    expect(slotVerdicts(slots, second, t('2026-10-27T00:00:00Z'))).toEqual(['met', 'late', 'met']);
  });
});
