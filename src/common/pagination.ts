import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { ProblemException } from './problem';
import { UUID_PATTERN } from './validators';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;

/** Query strings arrive as text: turn digit strings into numbers, leave anything else for the validator to refuse. */
export const toIntegerQuery = ({ value }: { value: unknown }) => (typeof value === 'string' && /^\d{1,9}$/.test(value) ? Number(value) : value);

/** `limit` + `cursor`, shared by every list endpoint. */
export class PageQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE })
  @IsOptional()
  @Transform(toIntegerQuery)
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  @IsInt()
  limit: number = DEFAULT_PAGE_SIZE;

  @ApiPropertyOptional({ description: "Opaque cursor from the previous page's `nextCursor`." })
  @IsOptional()
  @MaxLength(512)
  @IsString()
  cursor?: string;
}

/** A page of a list: the items, and the cursor of the next page (null on the last one). */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export class PageMeta {
  @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor` to get the next page; null on the last page.' })
  nextCursor!: string | null;
}

/**
 * Keyset cursor: the sort key of the last row seen and its id, with the sort it belongs to,
 * so a cursor reused with another sort is refused instead of skipping rows.
 */
export interface Cursor {
  sort: string;
  key: string | number | null;
  id: string;
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.sort, cursor.key, cursor.id])).toString('base64url');
}

/** Reads a cursor back; `keyType` (a type, or a test of the key) refuses cursors whose key cannot belong to this sort. */
export function decodeCursor(raw: string, sort: string, keyType?: 'string' | 'number'): Cursor;
export function decodeCursor<Key extends string | number>(raw: string, sort: string, isKey: (key: unknown) => key is Key): Cursor & { key: Key };
export function decodeCursor(raw: string, sort: string, keyType?: 'string' | 'number' | ((key: unknown) => boolean)): Cursor {
  const invalid = () => ProblemException.validation([{ field: 'cursor', code: 'cursor' }]);
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (!Array.isArray(parsed) || parsed.length !== 3) throw invalid();
  const [cursorSort, key, id] = parsed as unknown[];
  if (cursorSort !== sort || typeof id !== 'string' || !UUID_PATTERN.test(id)) throw invalid();
  if (key !== null && typeof key !== 'string' && typeof key !== 'number') throw invalid();
  if (typeof keyType === 'function' ? !keyType(key) : keyType && typeof key !== keyType) throw invalid();
  // a key is compared with stored values: it must be a value the database can hold (no NUL, no half surrogate, no NaN)
  // eslint-disable-next-line no-control-regex -- a NUL is what this refuses (PostgreSQL takes none in text)
  if (typeof key === 'string' && (key.length > 500 || /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(key)))
    throw invalid();
  if (typeof key === 'number' && !Number.isSafeInteger(key)) throw invalid();
  return { sort, key, id };
}

/** Builds a page from `limit + 1` fetched rows. */
export function toPage<Row, Item>(
  rows: Row[],
  limit: number,
  sort: string,
  keyOf: (row: Row) => { key: string | number | null; id: string },
  present: (row: Row) => Item,
): Page<Item> {
  const hasMore = rows.length > limit;
  const visible = hasMore ? rows.slice(0, limit) : rows;
  const last = visible[visible.length - 1];
  return {
    items: visible.map(present),
    nextCursor: hasMore && last !== undefined ? encodeCursor({ sort, ...keyOf(last) }) : null,
  };
}
