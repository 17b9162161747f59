import type { DataProvider, GetListParams, GetListResult, RaRecord } from 'react-admin';
import { api, query } from './http';

/**
 * react-admin's data provider over Passerelle's REST contract:
 * - lists are keyset pages (`limit` + `cursor`, `nextCursor`), not offsets: the cursor of each
 *   page reached is kept, so "next" and "previous" walk the pages (react-admin's `pageInfo`);
 * - sorts are `sort=-receivedAt`, only on the fields each list sorts by;
 * - dossier changes send their version in If-Match (a stale one gets the 412 the page explains);
 * - errors are ApiErrors carrying the problem+json, with the bad fields for the forms.
 */

interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** What each resource's list takes: its path, whether it pages, the sorts the API knows. */
const RESOURCES: Record<string, { path: string; paged: boolean; sorts?: string[]; idField?: string }> = {
  dossiers: { path: '/api/dossiers', paged: true, sorts: ['receivedAt', 'reference', 'deadlineAt', 'updatedAt'] },
  students: { path: '/api/students', paged: true },
  institutions: { path: '/api/institutions', paged: true },
  transmissions: { path: '/api/transmissions', paged: true },
  agents: { path: '/api/agents', paged: false },
  procedures: { path: '/api/procedures', paged: false, idField: 'code' },
};

function resourceOf(name: string) {
  const resource = RESOURCES[name];
  if (!resource) throw new Error(`unknown resource ${name}`);
  return resource;
}

/** Cursors of the pages reached, per list (resource, filters, sort, page size). */
const cursors = new Map<string, (string | null)[]>();

function withId<T extends Record<string, unknown>>(record: T, idField?: string): T & RaRecord {
  return (idField ? { ...record, id: record[idField] } : record) as T & RaRecord;
}

function listParams(resource: string, params: GetListParams): Record<string, unknown> {
  const { sorts } = resourceOf(resource);
  const filter = { ...(params.filter ?? {}) } as Record<string, unknown>;
  const out: Record<string, unknown> = { ...filter };
  const field = params.sort?.field;
  if (sorts && field && sorts.includes(field)) out.sort = `${params.sort!.order === 'DESC' ? '-' : ''}${field}`;
  return out;
}

async function fetchPage(resource: string, params: Record<string, unknown>, limit: number, cursor: string | null) {
  const { path } = resourceOf(resource);
  return (await api<Page<Record<string, unknown>>>(`${path}${query({ ...params, limit, cursor })}`)).json;
}

async function getList(resource: string, params: GetListParams): Promise<GetListResult> {
  const spec = resourceOf(resource);
  const page = params.pagination?.page ?? 1;
  const perPage = params.pagination?.perPage ?? 25;
  if (!spec.paged) {
    const { json } = await api<Record<string, unknown>[]>(spec.path);
    const q = String((params.filter as Record<string, unknown>)?.q ?? '').toLowerCase();
    const rows = json.map((r) => withId(r, spec.idField)).filter((r) => !q || JSON.stringify(r).toLowerCase().includes(q));
    return { data: rows.slice((page - 1) * perPage, page * perPage), total: rows.length };
  }
  const filters = listParams(resource, params);
  const key = JSON.stringify([resource, filters, perPage]);
  const known = cursors.get(key) ?? [null];
  cursors.set(key, known);
  // walk forward from the last page whose cursor is known (a bookmarked page 4 after a reload)
  let reached = Math.min(page, known.length);
  while (reached < page) {
    const cursor = known[reached - 1];
    if (cursor === null && reached > 1) break;
    const result = await fetchPage(resource, filters, perPage, cursor ?? null);
    known[reached] = result.nextCursor;
    if (!result.nextCursor) break;
    reached++;
  }
  const target = Math.min(page, reached);
  const cursor = known[target - 1] ?? null;
  const result = await fetchPage(resource, filters, perPage, target === 1 ? null : cursor);
  known[target] = result.nextCursor;
  known.length = target + 1;
  return {
    data: result.items.map((r) => withId(r, spec.idField)),
    pageInfo: { hasNextPage: result.nextCursor !== null, hasPreviousPage: target > 1 },
  };
}

export const dataProvider: DataProvider = {
  getList,
  async getOne(resource, params) {
    const spec = resourceOf(resource);
    const { json } = await api<Record<string, unknown>>(`${spec.path}/${encodeURIComponent(String(params.id))}`);
    return { data: withId(json, spec.idField) } as never;
  },
  async getMany(resource, params) {
    const spec = resourceOf(resource);
    if (!spec.paged) {
      const { json } = await api<Record<string, unknown>[]>(spec.path);
      const wanted = new Set(params.ids.map(String));
      return { data: json.map((r) => withId(r, spec.idField)).filter((r) => wanted.has(String(r.id))) } as never;
    }
    const rows = await Promise.all(params.ids.map((id) => api<Record<string, unknown>>(`${spec.path}/${encodeURIComponent(String(id))}`).then((r) => r.json).catch(() => null)));
    return { data: rows.filter((r): r is Record<string, unknown> => r !== null).map((r) => withId(r, spec.idField)) } as never;
  },
  async getManyReference(resource, params) {
    const result = await getList(resource, { ...params, filter: { ...params.filter, [params.target]: params.id } });
    return result;
  },
  async create(resource, params) {
    const spec = resourceOf(resource);
    const body = Object.fromEntries(Object.entries(params.data as Record<string, unknown>).map(([k, v]) => [k, emptyToNull(v)]).filter(([, v]) => v !== null && v !== undefined));
    const { json } = await api<Record<string, unknown>>(spec.path, { method: 'POST', body });
    return { data: withId(json, spec.idField) } as never;
  },
  async update(resource, params) {
    const spec = resourceOf(resource);
    const version = (params.previousData as { version?: number } | undefined)?.version;
    const body = changedFields(params.data as Record<string, unknown>, params.previousData as Record<string, unknown>);
    const { json } = await api<Record<string, unknown>>(`${spec.path}/${encodeURIComponent(String(params.id))}`, {
      method: 'PATCH',
      body,
      ...(resource === 'dossiers' && version !== undefined ? { ifMatch: version } : {}),
    });
    return { data: withId(json, spec.idField) } as never;
  },
  async updateMany() {
    throw new Error('not supported');
  },
  async delete() {
    throw new Error('not supported');
  },
  async deleteMany() {
    throw new Error('not supported');
  },
};

/** Read-only fields the API's PATCH refuses as unknown. */
const READ_ONLY = new Set(['id', 'createdAt', 'updatedAt', 'version', 'student', 'reference', 'status']);

/** The fields the form changed (a PATCH sends only those; JSON-equal values are left out). */
export function changedFields(data: Record<string, unknown>, previous: Record<string, unknown> | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data)) {
    if (READ_ONLY.has(key)) continue;
    if (previous && JSON.stringify(previous[key]) === JSON.stringify(value)) continue;
    out[key] = emptyToNull(value);
  }
  return out;
}

/** A form's empty text is null, and a nested object left empty (an address, a permit) is null as a whole: the API refuses half-filled ones. */
function emptyToNull(value: unknown): unknown {
  if (value === '' || value === undefined) return null;
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const entries = Object.entries(value).map(([k, v]) => [k, emptyToNull(v)] as const);
    return entries.every(([, v]) => v === null) ? null : Object.fromEntries(entries);
  }
  return value;
}
