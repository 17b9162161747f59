import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config';

/**
 * The time, and "today" where the office is. Injected everywhere time matters, so tests
 * can move it instead of sleeping.
 */
@Injectable()
export class Clock {
  constructor(private readonly config: AppConfig) {}

  now(): Date {
    return new Date();
  }

  /** Today's date (YYYY-MM-DD) in the office's time zone. */
  today(): string {
    return calendarDateIn(this.config.OFFICE_TIMEZONE, this.now());
  }

  /** The instant a calendar day starts in the office's time zone. */
  startOfDay(date: string): Date {
    return startOfDayIn(this.config.OFFICE_TIMEZONE, date);
  }
}

export function calendarDateIn(timeZone: string, instant: Date): string {
  // en-CA formats as YYYY-MM-DD
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);
}

/** Offset of the zone from UTC at an instant, in milliseconds (Paris in summer: +2 h). */
function zoneOffset(timeZone: string, instant: Date): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(instant);
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
