import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { cachedFormat } from './intl-formats';

/**
 * The time, and "today" where the office is: every "now" of the application comes from here
 * (services inject it, pure functions take `now`/`today` as parameters), so tests replace it
 * with a clock they move instead of sleeping (test/support/test-clock.ts).
 */
@Injectable()
export class Clock {
  constructor(private readonly config: AppConfig) {}

  now(): Date {
    // the one reading of the wall clock
    return new Date();
  }

  /** Today's date (YYYY-MM-DD) in the office's time zone. */
  today(): string {
    return this.dayOf(this.now());
  }

  /** The office's calendar day at an instant (an appointment, a receipt) — not the UTC day. */
  dayOf(instant: Date): string {
    return calendarDateIn(this.config.OFFICE_TIMEZONE, instant);
  }

  /** How long from now until `at` by this clock, never negative: the delay of a job due at `at`. */
  msUntil(at: Date): number {
    return Math.max(0, at.getTime() - this.now().getTime());
  }

  /** The instant a calendar day starts in the office's time zone. */
  startOfDay(date: string): Date {
    return startOfDayIn(this.config.OFFICE_TIMEZONE, date);
  }
}

export function calendarDateIn(timeZone: string, instant: Date): string {
  // en-CA formats as YYYY-MM-DD
  const build = () => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  return cachedFormat(`day:${timeZone}`, build).format(instant);
}

/** Offset of the zone from UTC at an instant, in milliseconds (Paris in summer: +2 h). */
function zoneOffset(timeZone: string, instant: Date): number {
  const parts = cachedFormat(
    `parts:${timeZone}`,
    () =>
      new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      }),
  ).formatToParts(instant);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return asUtc - Math.floor(instant.getTime() / 1000) * 1000;
}

export function startOfDayIn(timeZone: string, date: string): Date {
  const midnightUtc = Date.parse(`${date}T00:00:00.000Z`);
  const first = midnightUtc - zoneOffset(timeZone, new Date(midnightUtc));
  // a second pass settles days where the offset changes (DST) between the guess and the answer
  return new Date(midnightUtc - zoneOffset(timeZone, new Date(first)));
}
