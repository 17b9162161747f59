import { fromDbDate, isCalendarDate, toDbDate } from './validators';

describe('isCalendarDate', () => {
  it.each(['2026-09-30', '2024-02-29', '2000-02-29', '1900-01-01', '2200-12-31'])('accepts %s', (value) => {
    expect(isCalendarDate(value)).toBe(true);
  });

  it.each([
    ['a day that does not exist', '2026-02-30'],
    ['29 February of a common year', '2026-02-29'],
    ['29 February 1900 (not a leap year)', '1900-02-29'],
    ['month 13', '2026-13-01'],
    ['day 0', '2026-01-00'],
    ['a date-time', '2026-09-30T10:00:00Z'],
    ['French order', '30/09/2026'],
    ['missing zero padding', '2026-9-30'],
    ['the year 1899', '1899-12-31'],
    ['an empty string', ''],
  ])('refuses %s (%s)', (_label, value) => {
    expect(isCalendarDate(value)).toBe(false);
  });

  it.each([null, undefined, 20260930, {}, ['2026-09-30']])('refuses non-strings (%p)', (value) => {
    expect(isCalendarDate(value)).toBe(false);
  });
});

describe('DATE columns', () => {
  it('round-trips a calendar day through the UTC-midnight Date Prisma stores', () => {
    expect(toDbDate('2026-03-29').toISOString()).toBe('2026-03-29T00:00:00.000Z');
    expect(fromDbDate(toDbDate('2026-03-29'))).toBe('2026-03-29');
    expect(toDbDate(null)).toBeNull();
    expect(fromDbDate(null)).toBeNull();
  });
});
