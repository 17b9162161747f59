import { TestClock } from '../../test/support/test-clock';
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

describe('Clock', () => {
  const paris = { OFFICE_TIMEZONE: 'Europe/Paris' };

  it("gives the office's day of an instant, which is not its UTC day around midnight", () => {
    const clock = new TestClock(paris);
    expect(clock.dayOf(new Date('2027-01-08T23:30:00Z'))).toBe('2027-01-09');
    expect(clock.dayOf(new Date('2027-01-08T22:59:59Z'))).toBe('2027-01-08');
    expect(clock.freeze('2026-03-01T23:30:00Z').today()).toBe('2026-03-02');
  });

  it('says how long until an instant by its own time, never less than nothing (the delay of a job)', () => {
    const clock = new TestClock(paris).freeze('2026-06-01T08:00:00Z');
    expect(clock.msUntil(new Date('2026-06-01T08:00:01.500Z'))).toBe(1500);
    expect(clock.msUntil(new Date('2026-06-01T07:00:00Z'))).toBe(0);
    // a clock moved a day on: the same due time is a day nearer
    expect(clock.advance({ days: 1 }).msUntil(new Date('2026-06-03T08:00:00Z'))).toBe(86_400_000);
  });
});

describe('TestClock', () => {
  const paris = { OFFICE_TIMEZONE: 'Europe/Paris' };

  it('runs with the wall clock until moved, then runs on from where it was put', () => {
    const clock = new TestClock(paris);
    expect(Math.abs(clock.now().getTime() - Date.now())).toBeLessThan(1000);
    clock.advance({ days: 30, hours: 2 });
    expect(clock.now().getTime() - Date.now()).toBeGreaterThan(30 * 86_400_000 + 2 * 3_600_000 - 1000);
    clock.set('2030-01-01T00:00:00Z');
    expect(Math.abs(clock.now().getTime() - Date.parse('2030-01-01T00:00:00Z'))).toBeLessThan(1000);
    expect(clock.reset().now().getFullYear()).toBe(new Date().getFullYear());
  });

  it('stands still once frozen, and moves only when told', () => {
    const clock = new TestClock(paris).freeze('2026-10-24T22:30:00Z');
    expect(clock.now().toISOString()).toBe('2026-10-24T22:30:00.000Z');
    expect(clock.today()).toBe('2026-10-25');
    // the day the clocks go back is 25 hours long at the office
    expect(clock.advance({ hours: 25 }).now().toISOString()).toBe('2026-10-25T23:30:00.000Z');
    expect(clock.today()).toBe('2026-10-26');
    expect(() => clock.set('not a date')).toThrow(/not an instant/);
  });
});
