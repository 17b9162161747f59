/**
 * The integrations' rules without React: a key's state as the list says it, the expiry a form's
 * day stands for (the end of that day at the office, as an instant with its offset, which the API
 * asks for) and the default expiry (in a year).
 */
import { addDays, OFFICE_TIME_ZONE } from '../common/format';

export type KeyState = 'active' | 'expired' | 'revoked';

/** Revoked whatever its expiry; else expired once its expiry has passed; else active. */
export function keyState(key: { revokedAt: string | null; expiresAt: string }, now: Date = new Date()): KeyState {
  if (key.revokedAt) return 'revoked';
  return new Date(key.expiresAt).getTime() <= now.getTime() ? 'expired' : 'active';
}

/** The office's offset from UTC on that day at that hour ("+01:00" in winter, "+02:00" in summer). */
function officeOffset(day: string, time: string): string {
  const probe = new Date(`${day}T${time}Z`);
  const name = new Intl.DateTimeFormat('en-GB', { timeZone: OFFICE_TIME_ZONE, timeZoneName: 'longOffset' })
    .formatToParts(probe)
    .find((part) => part.type === 'timeZoneName')?.value;
  const offset = name?.replace('GMT', '') ?? '';
  return offset === '' ? '+00:00' : offset;
}

/** A day of the form (YYYY-MM-DD) as the instant the key stops: the end of that day at the office. */
export function endOfOfficeDay(day: string): string {
  return `${day}T23:59:59${officeOffset(day, '23:59:59')}`;
}

/** The expiry a new key is offered: the same day next year. */
export function defaultExpiry(today: string): string {
  return addDays(today, 365);
}
