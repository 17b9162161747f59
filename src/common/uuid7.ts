import { randomUUID } from 'node:crypto';

let lastMs = 0;
let sequence = 0;

/**
 * A UUIDv7 (RFC 9562) made in the process, for rows written by hand-written statements that
 * Prisma's `@default(uuid(7))` does not fill: 48 bits of milliseconds, then a 12-bit counter
 * within the millisecond (so ids made in one process sort in the order they were made), then
 * 62 random bits.
 */
export function uuid7(now: number = Date.now()): string {
  if (now > lastMs) {
    lastMs = now;
    sequence = 0;
  } else if (++sequence > 0xfff) {
    // more than 4,096 in one millisecond: borrow the next one rather than lose the order
    lastMs += 1;
    sequence = 0;
  }
  const time = lastMs.toString(16).padStart(12, '0');
  const counter = sequence.toString(16).padStart(3, '0');
  // randomUUID's last 17 characters: the variant (10xx) and 62 random bits, from Node's pooled source
  return `${time.slice(0, 8)}-${time.slice(8)}-7${counter}-${randomUUID().slice(19)}`;
}
