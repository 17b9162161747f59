import { calendarDateIn, startOfDayIn } from './clock';

describe('office time zone', () => {
  it('says which day it is in Paris, not in UTC', () => {
    expect(calendarDateIn('Europe/Paris', new Date('2026-12-31T23:30:00Z'))).toBe('2027-01-01');
    expect(calendarDateIn('Europe/Paris', new Date('2026-07-14T21:59:59Z'))).toBe('2026-07-14');
    expect(calendarDateIn('Europe/Paris', new Date('2026-07-14T22:00:00Z'))).toBe('2026-07-15');
  });

  it.each([
    ['winter (UTC+1)', '2026-01-15', '2026-01-14T23:00:00.000Z'],
    ['summer (UTC+2)', '2026-07-15', '2026-07-14T22:00:00.000Z'],
    ['the day clocks go forward', '2026-03-29', '2026-03-28T23:00:00.000Z'],
    ['the day after clocks go forward', '2026-03-30', '2026-03-29T22:00:00.000Z'],
    ['the day clocks go back', '2026-10-25', '2026-10-24T22:00:00.000Z'],
    ['the day after clocks go back', '2026-10-26', '2026-10-25T23:00:00.000Z'],
  ])('finds the start of a day in %s', (_label, date, instant) => {
    expect(startOfDayIn('Europe/Paris', date).toISOString()).toBe(instant);
  });

  it('works for other offices', () => {
    expect(startOfDayIn('America/Cayenne', '2026-05-01').toISOString()).toBe('2026-05-01T03:00:00.000Z');
    expect(startOfDayIn('UTC', '2026-05-01').toISOString()).toBe('2026-05-01T00:00:00.000Z');
  });
});
