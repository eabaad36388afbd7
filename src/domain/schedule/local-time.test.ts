import { describe, expect, it } from 'vitest';
import { addDays, circularDiff, dateInfo, localParts, parseLocalDate, zonedInstant } from './local-time.js';

const ams = 'Europe/Amsterdam';
const at = (date: string, hhmm: string, zone = ams) => {
  const [h, m] = hhmm.split(':').map(Number);
  return zonedInstant(date, h! * 60 + m!, zone).toISOString();
};

describe('zonedInstant (DESIGN §9 DST rules)', () => {
  it('reads an ordinary local time with the offset of that day', () => {
    expect(at('2026-01-15', '22:00')).toBe('2026-01-15T21:00:00.000Z');
    expect(at('2026-07-15', '22:00')).toBe('2026-07-15T20:00:00.000Z');
  });

  it('moves a local time that does not exist forward by the gap (02:30 → 03:30 on the spring-forward night)', () => {
    expect(at('2026-03-29', '02:30')).toBe('2026-03-29T01:30:00.000Z');
    expect(localParts(new Date('2026-03-29T01:30:00Z'), ams)).toMatchObject({ date: '2026-03-29', minutes: 3 * 60 + 30 });
    expect(at('2026-03-29', '02:00')).toBe(at('2026-03-29', '03:00'));
  });

  it('takes the first occurrence of an ambiguous local time (02:30 CEST on the fall-back night)', () => {
    expect(at('2026-10-25', '02:30')).toBe('2026-10-25T00:30:00.000Z');
    expect(at('2026-10-25', '03:00')).toBe('2026-10-25T02:00:00.000Z');
  });

  it('works for zones with other rules and for UTC', () => {
    expect(at('2026-03-08', '02:30', 'America/New_York')).toBe('2026-03-08T07:30:00.000Z');
    expect(at('2026-11-01', '01:30', 'America/New_York')).toBe('2026-11-01T05:30:00.000Z');
    expect(at('2026-03-29', '02:30', 'UTC')).toBe('2026-03-29T02:30:00.000Z');
  });
});

describe('calendar helpers', () => {
  it('accepts only real YYYY-MM-DD dates', () => {
    expect(parseLocalDate('2028-02-29')).toBe('2028-02-29');
    expect(parseLocalDate('2026-02-29')).toBeNull();
    expect(parseLocalDate('27-03-2026')).toBeNull();
  });

  it('knows weekdays (ISO) and month lengths', () => {
    expect(dateInfo('2026-03-27')).toMatchObject({ weekday: 5, daysInMonth: 31 });
    expect(dateInfo('2026-02-01')).toMatchObject({ weekday: 7, daysInMonth: 28 });
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
  });

  it('measures time-of-day differences around midnight', () => {
    expect(circularDiff(5, 1435)).toBe(10);
    expect(circularDiff(1435, 5)).toBe(-10);
  });
});
