/**
 * When reminders and alerts fall: pure date arithmetic, no framework, unit-tested.
 */
import { startOfDayIn, calendarDateIn } from '../common/clock';
import { cachedFormat } from '../common/intl-formats';
import { addDays, daysBetween } from '../common/dates';
import type { PermitExpiryStage } from '../email-templates/email-templates.model';

const HOUR_MS = 3_600_000;
/** Reminders reach students in the morning, office time. */
const REMINDER_HOUR = 9;

/**
 * The moment of the reminder `daysBefore` days before a deadline due at `dueAt` (the start of
 * the day after the last day given). In calendar days: 09:00 office time, `daysBefore` days
 * before that day — so the "1 day left" reminder arrives on the morning of the last day.
 * With `dayMs` (rehearsing deadlines fast), a day is that many milliseconds.
 */
export function reminderAt(dueAt: Date, daysBefore: number, timeZone: string, dayMs?: number): Date {
  if (dayMs) return new Date(dueAt.getTime() - daysBefore * dayMs);
  const dueDay = calendarDateIn(timeZone, new Date(dueAt.getTime() + 1));
  return atHourIn(timeZone, addDays(dueDay, -daysBefore), REMINDER_HOUR);
}

/** `hour`:00 on `date` at the office — also on the days the clocks change (the day is then 23 or 25 hours long). */
function atHourIn(timeZone: string, date: string, hour: number): Date {
  const guess = new Date(startOfDayIn(timeZone, date).getTime() + hour * HOUR_MS);
  const hourFormat = cachedFormat(`hour:${timeZone}`, () => new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', hourCycle: 'h23' }));
  const shownHour = Number(hourFormat.format(guess));
  return new Date(guess.getTime() + (hour - shownHour) * HOUR_MS);
}

export interface PlannedReminder {
  daysBefore: number;
  at: Date;
}

/** The reminders of a deadline, earliest first (duplicates and non-positive days dropped). */
export function plannedReminders(dueAt: Date, days: readonly number[], timeZone: string, dayMs?: number): PlannedReminder[] {
  return [...new Set(days.filter((d) => Number.isInteger(d) && d > 0))]
    .sort((a, b) => b - a)
    .map((daysBefore) => ({ daysBefore, at: reminderAt(dueAt, daysBefore, timeZone, dayMs) }));
}

/**
 * What to do with a deadline's reminders at `now`: the ones ahead are scheduled; of those
 * whose time has passed since the deadline was set (`since`), only the latest is still worth
 * sending (a worker down for a week sends one reminder, not three), and only before the
 * deadline itself. A reminder already past when the deadline was set (7 days before a
 * 2-day deadline) was never due.
 */
export function reminderPlan(
  reminders: readonly PlannedReminder[],
  dueAt: Date,
  now: Date,
  since: Date,
): { ahead: PlannedReminder[]; overdue: PlannedReminder | null } {
  const ahead = reminders.filter((r) => r.at > now);
  const passed = reminders.filter((r) => r.at <= now && r.at > since);
  const overdue = now < dueAt ? (passed.at(-1) ?? null) : null;
  return { ahead, overdue };
}

/**
 * Days the student still has, as a reminder sent at `now` says it: in calendar days, the days
 * from today to the last day given, both counted; rehearsing with `dayMs`, short days begun.
 */
export function daysLeft(now: Date, dueAt: Date, lastDay: string | null, timeZone: string, dayMs?: number): number {
  if (dayMs || !lastDay) return Math.max(1, Math.ceil((dueAt.getTime() - now.getTime()) / (dayMs ?? 86_400_000)));
  return Math.max(1, daysBetween(calendarDateIn(timeZone, now), lastDay) + 1);
}

/**
 * Which alert of a series applies `daysLeft` days before a date: the thresholds, in days
 * before, each cover the days down to the next one (120 covers 120..91, 90 covers 90..61...),
 * the last down to `floor` (excluded). Null outside. A watch that missed a night still sends
 * the alert of the threshold just crossed — and only that one.
 */
export function alertThreshold(daysLeft: number, thresholds: readonly number[], floor = 0): number | null {
  const sorted = [...thresholds].sort((a, b) => b - a);
  for (let i = 0; i < sorted.length; i++) {
    const lower = sorted[i + 1] ?? floor;
    if (daysLeft <= sorted[i]! && daysLeft > lower) return sorted[i]!;
  }
  return null;
}

/** Permit expiry: the filing window opens 120 days before expiry and closes at 60; reminders at 120, 90 and 60. */
export const PERMIT_EXPIRY_THRESHOLDS = [120, 90, 60] as const;
/** After 60 days a late filing costs the regularisation tax: the last reminder still goes out until 30 days before. */
export const PERMIT_EXPIRY_FLOOR = 30;
/** The assignee hears of the implicit rejection two weeks, then three days, before it. */
export const SILENCE_ALERT_THRESHOLDS = [14, 3] as const;
/** An extension attestation (valid up to 3 months) is to be renewed: three weeks, then one week, before it lapses. */
export const ATTESTATION_THRESHOLDS = [21, 7] as const;

/** The procedure whose filing window the permit-expiry reminder tells of: the ordinary renewal. */
export const RENEWAL_PROCEDURE = 'student-renewal';

export interface FilingWindow {
  opensDays: number;
  closesDays: number;
  /** The regularisation fee of a late filing, when the catalog gives it. */
  lateTaxEur: number | null;
}

/**
 * Where a student whose permit expires on `validUntil` stands, `daysLeft` days before: the
 * window not open yet, open, past its last day (a late filing costs the regularisation tax), or
 * the permit expired — with the window's dates.
 */
export function permitExpiryStage(
  validUntil: string,
  daysLeft: number,
  window: FilingWindow,
): { stage: PermitExpiryStage; opensOn: string; closesOn: string; lateTaxEur: number | null } {
  const stage: PermitExpiryStage = daysLeft <= 0 ? 'expired' : daysLeft > window.opensDays ? 'not_open' : daysLeft >= window.closesDays ? 'open' : 'late';
  return { stage, opensOn: addDays(validUntil, -window.opensDays), closesOn: addDays(validUntil, -window.closesDays), lateTaxEur: window.lateTaxEur };
}

/** `fn` over the items one after the other (renderings share caches; no need to race them). */
export async function mapInOrder<T, R>(items: readonly T[], fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (const item of items) out.push(await fn(item));
  return out;
}
