import { registerDecorator } from 'class-validator';

/** Environment values are strings: these give the numbers and booleans back (anything else is left for the validator to refuse). */
export const toInt = ({ value }: { value: unknown }) => (typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value);
export const toBool = ({ value }: { value: unknown }) => (value === 'true' || value === '1' ? true : value === 'false' || value === '0' ? false : value);

/** A cron pattern of 5 fields, or 6 with seconds (BullMQ's job schedulers). */
export const CRON_PATTERN = /^\S+( \S+){4,5}$/;

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

export function IsTimeZone(): PropertyDecorator {
  return function (target: object, propertyName: string | symbol) {
    registerDecorator({
      name: 'isTimeZone',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: 'must be an IANA time zone such as Europe/Paris' },
      validator: { validate: (value: unknown) => typeof value === 'string' && isTimeZone(value) },
    });
  };
}
