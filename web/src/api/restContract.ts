/**
 * How react-admin's calls map onto Passerelle's REST contract, as plain functions (no React, no
 * fetch) so that the data provider's rules are unit-tested: keyset pages walked by cursor, lists
 * the API sends whole, the sorts each list knows, and the bodies of a create and of a PATCH.
 */

/** A keyset page of a list: its rows and the cursor of the next page (null on the last). */
export interface KeysetPage<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * Reaches the page asked for by cursor. `known[n]` is the cursor of page n + 1 (page 1 needs
 * none), as earlier calls found them: the walk starts from the furthest page whose cursor is
 * known, not past the one asked for, and fetches forward — "next" costs one call, a bookmarked
 * page 4 after a reload four. Past the last page, the last is answered. `known` is updated in
 * place and cut after the page shown: rows may have moved since the cursors further on were read.
 */
export async function walkToPage<T>(
  known: (string | null)[],
  page: number,
  fetchPage: (cursor: string | null) => Promise<KeysetPage<T>>,
): Promise<{ page: number; result: KeysetPage<T> }> {
  let reached = 1;
  while (reached < page && typeof known[reached] === 'string') reached++;
  let result = await fetchPage(reached === 1 ? null : (known[reached - 1] ?? null));
  known[reached] = result.nextCursor;
  while (reached < page && result.nextCursor !== null) {
    result = await fetchPage(result.nextCursor);
    reached++;
    known[reached] = result.nextCursor;
  }
  known.length = reached + 1;
  return { page: reached, result };
}

/**
 * What react-admin is told of a keyset page beside its rows. The API counts nothing, but on the
 * last page (no next cursor) the total is known — every page before it held `perPage` rows — so
 * the list reads "1-16 sur 16" and an empty one shows no range at all. Before the last page the
 * total is left unknown: react-admin then writes "1-25 sur plus de 25", never a made-up count.
 */
export function keysetPageInfo(
  page: number,
  perPage: number,
  result: KeysetPage<unknown>,
): { total?: number; pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean } } {
  const pageInfo = { hasNextPage: result.nextCursor !== null, hasPreviousPage: page > 1 };
  return result.nextCursor === null ? { total: (page - 1) * perPage + result.items.length, pageInfo } : { pageInfo };
}

/** A list the API sends whole: searched (`q`, in any field, any case) and cut into react-admin's page. */
export function pageOfWhole<T>(rows: T[], q: unknown, page: number, perPage: number): { data: T[]; total: number } {
  const needle = typeof q === 'string' ? q.trim().toLowerCase() : '';
  const found = needle ? rows.filter((row) => JSON.stringify(row).toLowerCase().includes(needle)) : rows;
  return { data: found.slice((page - 1) * perPage, page * perPage), total: found.length };
}

/** The rows of a list the API sends whole: a bare array (agents), or in `items` without a cursor (webhooks). */
export function wholeRows<T>(json: T[] | { items: T[] }): T[] {
  return Array.isArray(json) ? json : json.items;
}

/** The query of a list: its filters, and `sort=-field` only when the list sorts by that field (else the API's own order). */
export function listQuery(
  filter: Record<string, unknown> | undefined,
  sort: { field?: string; order?: string } | undefined,
  sorts: readonly string[] = [],
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...(filter ?? {}) };
  if (sort?.field && sorts.includes(sort.field)) out.sort = `${sort.order === 'DESC' ? '-' : ''}${sort.field}`;
  return out;
}

/** A row as react-admin keys it: its `id`, or another field named as the id (a procedure's `code`). */
export function withId<T extends Record<string, unknown>>(record: T, idField?: string): T & { id: unknown } {
  return idField ? { ...record, id: record[idField] } : (record as T & { id: unknown });
}

/**
 * The record answered, or none. When a call ends the login (401), react-admin's data provider
 * hook answers it in the provider's place with an empty record (`{ data: {} }`) while it goes to
 * the login page: that is no record, and a screen must not try to show it (or report a change).
 */
export function realRecord<T extends object>(record: T | undefined | null): T | undefined {
  return record && 'id' in record && record.id !== undefined && record.id !== null ? record : undefined;
}

/** A form's empty text is null, and a nested object left empty (an address, a permit) is null as a whole: the API refuses half-filled ones. */
export function emptyToNull(value: unknown): unknown {
  if (value === '' || value === undefined) return null;
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const entries = Object.entries(value).map(([k, v]) => [k, emptyToNull(v)] as const);
    return entries.every(([, v]) => v === null) ? null : Object.fromEntries(entries);
  }
  return value;
}

/** The body of a create: what the form filled in; what it left empty is not sent (the API's defaults apply). */
export function createBody(data: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(data)
      .map(([key, value]) => [key, emptyToNull(value)] as const)
      .filter(([, value]) => value !== null),
  );
}

/** Read-only fields the API's PATCH refuses as unknown. */
const READ_ONLY = new Set(['id', 'createdAt', 'updatedAt', 'version', 'student', 'reference', 'status']);

/** The fields the form changed (a PATCH sends only those; JSON-equal values are left out), emptied ones as null. */
export function changedFields(data: Record<string, unknown>, previous: Record<string, unknown> | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data)) {
    if (READ_ONLY.has(key)) continue;
    if (previous && JSON.stringify(previous[key]) === JSON.stringify(value)) continue;
    out[key] = emptyToNull(value);
  }
  return out;
}

/**
 * Changes sent one after the other to one dossier, each of which bumps its version by one (its
 * documents accepted in turn): the first carries the version the page read, each next one the
 * version the previous left, so that a change by anyone else in between stops the run (412)
 * instead of being overwritten. Resolves with every answer, in order; a refusal stops the rest.
 */
export async function inTurn<T>(version: number, steps: readonly ((version: number) => Promise<T>)[]): Promise<T[]> {
  const answers: T[] = [];
  for (const step of steps) answers.push(await step(version + answers.length));
  return answers;
}
