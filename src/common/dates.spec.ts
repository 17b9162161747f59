import { academicYearOf, addDays, addMonths, daysBetween } from './dates';

describe('calendar dates', () => {
  it('adds days across months and leap years', () => {
    expect(addDays('2026-02-27', 2)).toBe('2026-03-01');
    expect(addDays('2028-02-27', 2)).toBe('2028-02-29');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
  });

  it('adds months, keeping to the last day of shorter months', () => {
    expect(addMonths('2026-11-23', -6)).toBe('2026-05-23');
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2028-01-31', 1)).toBe('2028-02-29');
    expect(addMonths('2026-08-31', -6)).toBe('2026-02-28');
    expect(addMonths('2026-12-15', 1)).toBe('2027-01-15');
  });

  it('counts days between dates', () => {
    expect(daysBetween('2026-11-23', '2027-03-23')).toBe(120);
    expect(daysBetween('2026-03-28', '2026-03-30')).toBe(2);
    expect(daysBetween('2026-12-01', '2026-11-30')).toBe(-1);
  });

  it('knows which academic year a day falls in', () => {
    expect(academicYearOf('2026-11-23')).toBe('2026-2027');
    expect(academicYearOf('2027-08-31')).toBe('2026-2027');
    expect(academicYearOf('2027-09-01')).toBe('2027-2028');
  });
});
