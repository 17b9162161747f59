import { applyDecorators } from '@nestjs/common';
import { Matches, registerDecorator, ValidateIf, ValidationArguments, ValidationOptions } from 'class-validator';

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar day written YYYY-MM-DD (2026-02-30 is not one). */
export function isCalendarDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = DATE_PATTERN.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return year >= 1900 && year <= 2200 && date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** An ISO-8601 calendar date (`2026-09-30`), checked for existence. */
export function IsCalendarDate(options?: ValidationOptions): PropertyDecorator {
  return function (target: object, propertyName: string | symbol) {
    registerDecorator({
      name: 'isCalendarDate',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: 'must be a real date written YYYY-MM-DD, between 1900 and 2200', ...options },
      validator: { validate: (value: unknown) => isCalendarDate(value) },
    });
  };
}

/** The date must not be before the date in another property of the same object. */
export function IsNotBefore(otherProperty: string, options?: ValidationOptions): PropertyDecorator {
  return function (target: object, propertyName: string | symbol) {
    registerDecorator({
      name: 'isNotBefore',
      target: target.constructor,
      propertyName: propertyName as string,
      constraints: [otherProperty],
      options: { message: `must not be before ${otherProperty}`, ...options },
      validator: {
        validate(value: unknown, args: ValidationArguments) {
          const other = (args.object as Record<string, unknown>)[otherProperty];
          if (!isCalendarDate(value) || !isCalendarDate(other)) return true;
          return value >= other;
        },
      },
    });
  };
}

/** A resource id (UUID). */
export function IsId(options?: ValidationOptions): PropertyDecorator {
  return applyDecorators(Matches(UUID_PATTERN, { message: 'must be a UUID', ...options }));
}

/** Turns `YYYY-MM-DD` into a Date at UTC midnight (the form Prisma stores in DATE columns). */
export function toDbDate(value: string): Date;
export function toDbDate(value: string | null | undefined): Date | null | undefined;
export function toDbDate(value: string | null | undefined): Date | null | undefined {
  if (value === null || value === undefined) return value;
  return new Date(`${value}T00:00:00.000Z`);
}

/** Turns a DATE column back into `YYYY-MM-DD`. */
export function fromDbDate(value: Date): string;
export function fromDbDate(value: Date | null): string | null;
export function fromDbDate(value: Date | null): string | null {
  return value === null ? null : value.toISOString().slice(0, 10);
}

/** The field may be left out, but not sent as null (for columns that cannot be empty). */
export function IsOmittable(): PropertyDecorator {
  return ValidateIf((_object, value) => value !== undefined);
}

/** An academic year written `2026-2027` (two consecutive years). */
export function IsAcademicYear(options?: ValidationOptions): PropertyDecorator {
  return function (target: object, propertyName: string | symbol) {
    registerDecorator({
      name: 'isAcademicYear',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: 'must be two consecutive years written YYYY-YYYY (2026-2027)', ...options },
      validator: {
        validate(value: unknown) {
          const match = typeof value === 'string' ? /^(\d{4})-(\d{4})$/.exec(value) : null;
          return match !== null && Number(match[2]) === Number(match[1]) + 1;
        },
      },
    });
  };
}

/** class-transformer helper: surrounding spaces are not part of a name. */
export const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/** Escapes LIKE wildcards so a search for "%" or "_" finds those characters, not everything. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

const ISO_INSTANT = /^(\d{4})-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** An instant as this API writes it in cursors (`toISOString()`), in years PostgreSQL and the office use (1900-2200). */
export function isCursorInstant(key: unknown): key is string {
  if (typeof key !== 'string') return false;
  const match = ISO_INSTANT.exec(key);
  if (!match) return false;
  const year = Number(match[1]);
  const time = Date.parse(key);
  return year >= 1900 && year <= 2200 && !Number.isNaN(time) && new Date(time).toISOString() === key;
}
