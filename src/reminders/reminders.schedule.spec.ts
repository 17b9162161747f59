import { startOfDayIn } from '../common/clock';
import { alertThreshold, daysLeft, permitExpiryStage, plannedReminders, reminderAt, reminderPlan } from './reminders.schedule';

const PARIS = 'Europe/Paris';

describe('reminderAt', () => {
  it('stays at 09:00 on the days the clocks change (23- and 25-hour days)', () => {
    // last days 25 Oct 2026 and 28 Mar 2027, the days the clocks change
    expect(reminderAt(new Date('2026-10-25T23:00:00Z'), 1, PARIS).toISOString()).toBe('2026-10-25T08:00:00.000Z'); // 09:00 CET, on the 25-hour day
    expect(reminderAt(new Date('2027-03-28T22:00:00Z'), 1, PARIS).toISOString()).toBe('2027-03-28T07:00:00.000Z'); // 09:00 CEST, on the 23-hour day
  });

  // a complement due on 2026-12-10 (last day) closes at the start of 2026-12-11, Paris time
  const dueAt = startOfDayIn(PARIS, '2026-12-11');

  it('sends the 1-day reminder at 09:00 on the last day', () => {
    expect(reminderAt(dueAt, 1, PARIS).toISOString()).toBe('2026-12-10T08:00:00.000Z');
  });

  it('sends the 7-day reminder a week before the closing day, at 09:00', () => {
    expect(reminderAt(dueAt, 7, PARIS).toISOString()).toBe('2026-12-04T08:00:00.000Z');
  });

  it('keeps 09:00 local across a change of time (summer time ends on 2026-10-25)', () => {
    const due = startOfDayIn(PARIS, '2026-10-28');
    expect(reminderAt(due, 7, PARIS).toISOString()).toBe('2026-10-21T07:00:00.000Z'); // 09:00 CEST
    expect(reminderAt(due, 1, PARIS).toISOString()).toBe('2026-10-27T08:00:00.000Z'); // 09:00 CET
  });

  it('counts short days when rehearsing deadlines fast', () => {
    const due = new Date('2026-11-23T10:00:08.000Z');
    expect(reminderAt(due, 7, PARIS, 1000).toISOString()).toBe('2026-11-23T10:00:01.000Z');
    expect(reminderAt(due, 1, PARIS, 1000).toISOString()).toBe('2026-11-23T10:00:07.000Z');
  });
});

describe('plannedReminders', () => {
  it('orders reminders earliest first and drops duplicates and non-positive days', () => {
    const due = new Date('2026-11-23T10:00:30.000Z');
    expect(plannedReminders(due, [1, 7, 3, 7, 0, -2], PARIS, 1000).map((r) => r.daysBefore)).toEqual([7, 3, 1]);
  });
});

describe('reminderPlan', () => {
  const due = new Date('2026-11-23T10:00:10.000Z');
  const reminders = plannedReminders(due, [7, 3, 1], PARIS, 1000); // at +3 s, +7 s, +9 s
  const setAt = new Date('2026-11-23T10:00:00.000Z');

  it('schedules every reminder still ahead', () => {
    const plan = reminderPlan(reminders, due, setAt, setAt);
    expect(plan.ahead.map((r) => r.daysBefore)).toEqual([7, 3, 1]);
    expect(plan.overdue).toBeNull();
  });

  it('catches up only the latest reminder whose time passed', () => {
    const plan = reminderPlan(reminders, due, new Date('2026-11-23T10:00:08.000Z'), setAt);
    expect(plan.ahead.map((r) => r.daysBefore)).toEqual([1]);
    expect(plan.overdue?.daysBefore).toBe(3);
  });

  it('sends no reminder once the deadline itself has passed', () => {
    const plan = reminderPlan(reminders, due, new Date('2026-11-23T10:00:11.000Z'), setAt);
    expect(plan).toEqual({ ahead: [], overdue: null });
  });

  it('never catches up a reminder that was already past when the deadline was set (7 days before a 2-day deadline)', () => {
    const shortDue = new Date('2026-11-23T10:00:02.000Z');
    const plan = reminderPlan(plannedReminders(shortDue, [7, 3, 1], PARIS, 1000), shortDue, setAt, setAt);
    expect(plan).toEqual({ ahead: [{ daysBefore: 1, at: new Date('2026-11-23T10:00:01.000Z') }], overdue: null });
  });
});

describe('daysLeft', () => {
  const dueAt = startOfDayIn(PARIS, '2026-12-11');

  it('counts today and the last day (calendar days)', () => {
    expect(daysLeft(new Date('2026-12-04T08:00:00Z'), dueAt, '2026-12-10', PARIS)).toBe(7);
    expect(daysLeft(new Date('2026-12-10T08:00:00Z'), dueAt, '2026-12-10', PARIS)).toBe(1);
  });

  it('says what is left when a reminder goes out late (caught up)', () => {
    expect(daysLeft(new Date('2026-12-06T18:00:00Z'), dueAt, '2026-12-10', PARIS)).toBe(5);
  });

  it('counts short days begun when rehearsing deadlines fast', () => {
    const due = new Date('2026-11-23T10:00:08.000Z');
    expect(daysLeft(new Date('2026-11-23T10:00:01.000Z'), due, '2026-12-01', PARIS, 1000)).toBe(7);
    expect(daysLeft(new Date('2026-11-23T10:00:01.050Z'), due, '2026-12-01', PARIS, 1000)).toBe(7);
  });
});

describe('alertThreshold', () => {
  const permit = [120, 90, 60];

  it.each([
    [121, null],
    [120, 120],
    [91, 120],
    [90, 90],
    [61, 90],
    [60, 60],
    [31, 60],
    [30, null],
    [0, null],
  ])('%i days before expiry → the %s-day reminder (floor 30)', (daysLeft, expected) => {
    expect(alertThreshold(daysLeft, permit, 30)).toBe(expected);
  });

  it('does not depend on the order the thresholds are given in', () => {
    expect(alertThreshold(10, [3, 14])).toBe(14);
    expect(alertThreshold(3, [3, 14])).toBe(3);
    expect(alertThreshold(0, [3, 14])).toBeNull();
  });
});

describe('where a student with a permit about to expire stands (the permit-expiry reminder)', () => {
  const window = { opensDays: 120, closesDays: 60, lateTaxEur: 180 };
  it.each([
    [150, 'not_open'],
    [121, 'not_open'],
    [120, 'open'],
    [60, 'open'],
    [59, 'late'],
    [37, 'late'],
    [1, 'late'],
    [0, 'expired'],
    [-3, 'expired'],
  ])('%i days before expiry: %s', (days, stage) => {
    expect(permitExpiryStage('2027-01-09', days, window)).toEqual({ stage, opensOn: '2026-09-11', closesOn: '2026-11-10', lateTaxEur: 180 });
  });
});
