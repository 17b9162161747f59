/** Calendar arithmetic on YYYY-MM-DD strings (no time, no zone). */

const DAY_MS = 86_400_000;
const utc = (date: string) => Date.parse(`${date}T00:00:00.000Z`);
const format = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export function addDays(date: string, days: number): string {
  return format(utc(date) + days * DAY_MS);
}

/** Adds calendar months; a day the target month lacks becomes its last day (31 Jan + 1 month = 28/29 Feb). */
export function addMonths(date: string, months: number): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(year, month - 1 + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(day, lastDay));
  return format(target.getTime());
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((utc(to) - utc(from)) / DAY_MS);
}

/** The academic year a day belongs to (September to August): 2026-11-23 → 2026-2027. */
export function academicYearOf(date: string): string {
  const year = Number(date.slice(0, 4));
  const start = Number(date.slice(5, 7)) >= 9 ? year : year - 1;
  return `${start}-${start + 1}`;
}

/** The day a duration after `date` falls on. */
export function addDuration(date: string, duration: { days: number } | { months: number }): string {
  return 'days' in duration ? addDays(date, duration.days) : addMonths(date, duration.months);
}
