import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors.js';
import { describeSchedule } from './describe-schedule.js';
import { parseSchedule } from './schedule.js';

const ams = 'Europe/Amsterdam';

describe('parseSchedule (pinned schedules and --schedule files)', () => {
  it('fills in defaults and keeps time and times consistent', () => {
    expect(parseSchedule({ kind: 'daily', time: '02:30', zone: ams })).toEqual({
      kind: 'daily', weekdays: [], monthDays: [], nthWeekday: null, time: '02:30', times: [],
      toleranceMinutes: 30, typicalDurationMinutes: 0, graceMinutes: 120, confidence: 1, basedOn: 0, zone: ams,
    });
    expect(parseSchedule({ kind: 'daily', times: ['18:00', '06:00'], zone: ams })).toMatchObject({ time: '06:00', times: ['06:00', '18:00'] });
  });

  it('names every bad field in one line', () => {
    const bad = () => parseSchedule({ kind: 'weekly', weekdays: [0], time: '24:00', nthWeekday: { n: 0, weekday: 5 }, zone: 'Mars/Base' });
    expect(bad).toThrow(ValidationError);
    expect(bad).toThrow(/weekdays\.0: .*; nthWeekday\.n: must be 1\.\.5, or -1 for the last; time: must be a time "HH:MM".*zone: must be an IANA time zone/);
  });

  it('requires the fields a kind needs', () => {
    expect(() => parseSchedule({ kind: 'weekly', time: '22:00', zone: ams })).toThrow(/weekdays: must name at least one weekday/);
    expect(() => parseSchedule({ kind: 'monthly', time: '22:00', zone: ams })).toThrow(/monthDays: or nthWeekday is required/);
    expect(() => parseSchedule({ kind: 'daily', zone: ams })).toThrow(/time: is required for a daily schedule/);
    expect(() => parseSchedule('daily')).toThrow(/invalid schedule/);
  });
});

describe('describeSchedule', () => {
  it('says the schedule in words', () => {
    const s = (fields: object) => describeSchedule(parseSchedule({ zone: ams, ...fields }));
    expect(s({ kind: 'daily', time: '02:30' })).toBe('Daily at 02:30');
    expect(s({ kind: 'daily', times: ['06:00', '18:00'] })).toBe('Daily at 06:00, 18:00');
    expect(s({ kind: 'weekly', weekdays: [1, 3, 5], time: '22:00' })).toBe('Weekly: Mon, Wed, Fri at 22:00');
    expect(s({ kind: 'monthly', monthDays: [1, 31], time: '23:00' })).toBe('Monthly: 1st, 31st (or last day) at 23:00');
    expect(s({ kind: 'monthly', nthWeekday: { n: -1, weekday: 5 }, time: '21:00' })).toBe('Monthly: last Fri at 21:00');
    expect(s({ kind: 'monthly', nthWeekday: { n: 2, weekday: 2 }, time: '21:00' })).toBe('Monthly: 2nd Tue at 21:00');
    expect(s({ kind: 'daily', time: '21:00', zone: 'UTC' })).toBe('Daily at 21:00 UTC');
    expect(s({ kind: 'irregular' })).toBe('Irregular');
    expect(s({ kind: 'none' })).toBe('No schedule yet (fewer than 3 runs)');
  });
});
