import {
  changedFields,
  createBody,
  emptyToNull,
  inTurn,
  keysetPageInfo,
  listQuery,
  pageOfWhole,
  wholeRows,
  realRecord,
  walkToPage,
  withId,
  type KeysetPage,
} from './restContract';

/** A keyset list of `total` rows, `perPage` a page: the cursor of a page is the last row before it. */
function keysetApi(total: number, perPage: number) {
  const rows = Array.from({ length: total }, (_, i) => `row-${i + 1}`);
  const calls: (string | null)[] = [];
  const fetchPage = (cursor: string | null): Promise<KeysetPage<string>> => {
    calls.push(cursor);
    const start = cursor === null ? 0 : rows.indexOf(cursor) + 1;
    const items = rows.slice(start, start + perPage);
    return Promise.resolve({ items, nextCursor: start + perPage < total ? items[items.length - 1]! : null });
  };
  return { fetchPage, calls };
}

describe('walkToPage (keyset pages as react-admin numbers them)', () => {
  it('reads page 1 without a cursor and keeps the cursor of page 2', async () => {
    const { fetchPage, calls } = keysetApi(7, 3);
    const known: (string | null)[] = [null];
    const { page, result } = await walkToPage(known, 1, fetchPage);
    expect(page).toBe(1);
    expect(result.items).toEqual(['row-1', 'row-2', 'row-3']);
    expect(calls).toEqual([null]);
    expect(known).toEqual([null, 'row-3']);
  });

  it('goes to the next page in one call, from the cursor kept', async () => {
    const { fetchPage, calls } = keysetApi(7, 3);
    const known: (string | null)[] = [null, 'row-3'];
    const { page, result } = await walkToPage(known, 2, fetchPage);
    expect(page).toBe(2);
    expect(result.items).toEqual(['row-4', 'row-5', 'row-6']);
    expect(calls).toEqual(['row-3']);
  });

  it('walks forward to a page whose cursor is not known yet (a bookmarked page after a reload)', async () => {
    const { fetchPage, calls } = keysetApi(10, 3);
    const known: (string | null)[] = [null];
    const { page, result } = await walkToPage(known, 3, fetchPage);
    expect(page).toBe(3);
    expect(result.items).toEqual(['row-7', 'row-8', 'row-9']);
    expect(calls).toEqual([null, 'row-3', 'row-6']);
    expect(known).toEqual([null, 'row-3', 'row-6', 'row-9']);
  });

  it('starts the walk from the furthest page whose cursor is known', async () => {
    const { fetchPage, calls } = keysetApi(13, 3);
    const known: (string | null)[] = [null, 'row-3'];
    const { page, result } = await walkToPage(known, 4, fetchPage);
    expect(page).toBe(4);
    expect(result.items).toEqual(['row-10', 'row-11', 'row-12']);
    expect(calls).toEqual(['row-3', 'row-6', 'row-9']);
  });

  it('answers a page past the last with the last, saying there is no next', async () => {
    const { fetchPage } = keysetApi(5, 3);
    const { page, result } = await walkToPage([null], 5, fetchPage);
    expect(page).toBe(2);
    expect(result).toEqual({ items: ['row-4', 'row-5'], nextCursor: null });
  });

  it('never answers the first page for a page past the last whose end is already known', async () => {
    // page 2 was read and was the last: asking page 3 (a bookmark, a changed page size) shows page 2 again
    const { fetchPage, calls } = keysetApi(5, 3);
    const known: (string | null)[] = [null, 'row-3', null];
    const { page, result } = await walkToPage(known, 3, fetchPage);
    expect(page).toBe(2);
    expect(result.items).toEqual(['row-4', 'row-5']);
    expect(calls).toEqual(['row-3']);
  });

  it('forgets the cursors past the page shown, the rows having possibly moved since', async () => {
    const { fetchPage } = keysetApi(13, 3);
    const known: (string | null)[] = [null, 'row-3', 'row-6', 'row-9'];
    await walkToPage(known, 2, fetchPage);
    expect(known).toEqual([null, 'row-3', 'row-6']);
  });
});

describe('keysetPageInfo (the counts under a keyset list)', () => {
  it('counts every row on the last page: 16 rows are "1-16 sur 16", not a page size', async () => {
    const { fetchPage } = keysetApi(16, 25);
    const { page, result } = await walkToPage([null], 1, fetchPage);
    expect(keysetPageInfo(page, 25, result)).toEqual({ total: 16, pageInfo: { hasNextPage: false, hasPreviousPage: false } });
  });

  it('counts the rows of the pages before the last, which were full', async () => {
    const { fetchPage } = keysetApi(41, 25);
    const { page, result } = await walkToPage([null], 2, fetchPage);
    expect(keysetPageInfo(page, 25, result)).toEqual({ total: 41, pageInfo: { hasNextPage: false, hasPreviousPage: true } });
    // a list of exactly one page
    const exact = keysetApi(25, 25);
    expect(keysetPageInfo(1, 25, (await walkToPage([null], 1, exact.fetchPage)).result).total).toBe(25);
  });

  it('says an empty list holds nothing (react-admin then shows no range under "Aucun résultat")', () => {
    expect(keysetPageInfo(1, 25, { items: [], nextCursor: null })).toEqual({ total: 0, pageInfo: { hasNextPage: false, hasPreviousPage: false } });
  });

  it('gives no total before the last page: only that there is more', async () => {
    const { fetchPage } = keysetApi(60, 25);
    const { page, result } = await walkToPage([null], 2, fetchPage);
    const info = keysetPageInfo(page, 25, result);
    expect(info).toEqual({ pageInfo: { hasNextPage: true, hasPreviousPage: true } });
    expect('total' in info).toBe(false);
  });

  it('counts from the page the walk reached, when the page asked was past the last', async () => {
    const { fetchPage } = keysetApi(30, 25);
    const { page, result } = await walkToPage([null], 4, fetchPage);
    expect(keysetPageInfo(page, 25, result).total).toBe(30);
  });
});

describe('wholeRows (lists the API sends whole)', () => {
  it('reads a bare array and a list in items alike', () => {
    const rows = [{ id: 'k1' }, { id: 'k2' }];
    expect(wholeRows(rows)).toEqual(rows);
    expect(wholeRows({ items: rows })).toEqual(rows);
  });
});

describe('pageOfWhole (lists the API sends whole)', () => {
  const agents = [
    { id: 'a1', displayName: 'Awa Diallo', email: 'awa@univ.example' },
    { id: 'a2', displayName: 'Bruno Petit', email: 'bruno@univ.example' },
    { id: 'a3', displayName: 'Chloé Martin', email: 'chloe@univ.example' },
  ];

  it("cuts react-admin's page and counts them all", () => {
    expect(pageOfWhole(agents, undefined, 2, 2)).toEqual({ data: [agents[2]], total: 3 });
  });

  it('searches every field, whatever the case, and counts what it found', () => {
    expect(pageOfWhole(agents, 'BRUNO@', 1, 25)).toEqual({ data: [agents[1]], total: 1 });
    expect(pageOfWhole(agents, '  ', 1, 25).total).toBe(3);
  });
});

describe('listQuery', () => {
  it('sorts by a field the list knows, descending with a minus', () => {
    expect(listQuery({ status: ['verified'] }, { field: 'receivedAt', order: 'DESC' }, ['receivedAt'])).toEqual({ status: ['verified'], sort: '-receivedAt' });
    expect(listQuery(undefined, { field: 'receivedAt', order: 'ASC' }, ['receivedAt'])).toEqual({ sort: 'receivedAt' });
  });

  it("leaves a field the list does not sort by to the API's own order", () => {
    expect(listQuery({ q: 'x' }, { field: 'id', order: 'DESC' }, ['receivedAt'])).toEqual({ q: 'x' });
  });

  it('does not change the filters it was given', () => {
    const filter = { q: 'x' };
    listQuery(filter, { field: 'receivedAt', order: 'DESC' }, ['receivedAt']);
    expect(filter).toEqual({ q: 'x' });
  });
});

describe('withId', () => {
  it('keys a row by the field named as its id, else leaves it', () => {
    expect(withId({ code: 'rece', names: {} }, 'code')).toEqual({ code: 'rece', names: {}, id: 'rece' });
    expect(withId({ id: 'x', name: 'y' })).toEqual({ id: 'x', name: 'y' });
  });
});

describe('realRecord', () => {
  it("is the record answered, and none for react-admin's empty answer to a call that ended the login", () => {
    const dossier = { id: 'd1', reference: 'CMI-2026-000051' };
    expect(realRecord(dossier)).toBe(dossier);
    expect(realRecord({})).toBeUndefined();
    expect(realRecord(undefined)).toBeUndefined();
    expect(realRecord({ id: null })).toBeUndefined();
  });
});

describe('emptyToNull', () => {
  it('makes empty text null and keeps false, zero and lists', () => {
    expect(emptyToNull('')).toBeNull();
    expect(emptyToNull(undefined)).toBeNull();
    expect(emptyToNull(false)).toBe(false);
    expect(emptyToNull(0)).toBe(0);
    expect(emptyToNull([])).toEqual([]);
  });

  it('makes a nested object left empty null as a whole, and a half-filled one keeps its nulls', () => {
    expect(emptyToNull({ street: '', city: undefined, postcode: null })).toBeNull();
    expect(emptyToNull({ street: '1 rue de la Paix', city: '' })).toEqual({ street: '1 rue de la Paix', city: null });
    expect(emptyToNull({ permit: { kind: '', number: '' } })).toBeNull();
  });
});

describe('createBody', () => {
  it('sends what the form filled in, not what it left empty', () => {
    expect(createBody({ birthName: 'OKAFOR', usageName: '', address: { street: '', city: '' }, active: false, count: 0 })).toEqual({
      birthName: 'OKAFOR',
      active: false,
      count: 0,
    });
  });
});

describe('changedFields (the body of a PATCH)', () => {
  const previous = { id: 's1', version: 3, birthName: 'OKAFOR', usageName: 'OKA', address: { street: '1 rue', city: 'Rennes' }, createdAt: '2026-01-01' };

  it('sends only the fields changed, never the read-only ones', () => {
    expect(changedFields({ ...previous, birthName: 'OKAFOR-ADE', version: 4, createdAt: 'x' }, previous)).toEqual({ birthName: 'OKAFOR-ADE' });
  });

  it('sends a field emptied as null, and an address emptied as null as a whole', () => {
    expect(changedFields({ ...previous, usageName: '', address: { street: '', city: '' } }, previous)).toEqual({ usageName: null, address: null });
  });

  it('sends every writable field when there is nothing to compare with', () => {
    expect(changedFields({ id: 's1', birthName: 'A' }, undefined)).toEqual({ birthName: 'A' });
  });
});

describe('inTurn (changes sent one after the other)', () => {
  it('sends each change with the version the previous one left, and stops at the first refusal', async () => {
    const seen: number[] = [];
    const step = (fails?: boolean) => async (version: number) => {
      seen.push(version);
      if (fails) throw new Error('412');
      return version;
    };
    await expect(inTurn(7, [step(), step(), step()])).resolves.toEqual([7, 8, 9]);
    seen.length = 0;
    await expect(inTurn(3, [step(), step(true), step()])).rejects.toThrow('412');
    expect(seen).toEqual([3, 4]);
  });
});
