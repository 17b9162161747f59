import { decodeCursor, encodeCursor, toPage } from './pagination';
import { ProblemException } from './problem';

const ID = '01a20883-30f3-76ba-96b4-971684812142';

describe('keyset cursors', () => {
  it('round-trips the sort, the key and the id', () => {
    for (const key of ['2026-11-23', 42, null, 'CMI-2026-000001']) {
      expect(decodeCursor(encodeCursor({ sort: '-receivedAt', key, id: ID }), '-receivedAt')).toEqual({ sort: '-receivedAt', key, id: ID });
    }
  });

  it('refuses a cursor made for another sort', () => {
    const cursor = encodeCursor({ sort: 'reference', key: 'CMI-2026-000001', id: ID });
    expect(() => decodeCursor(cursor, '-receivedAt')).toThrow(ProblemException);
  });

  it("refuses a cursor whose key fails the sort's own test of its keys", () => {
    const isDigits = (key: unknown): key is string => typeof key === 'string' && /^\d+$/.test(key);
    expect(decodeCursor(encodeCursor({ sort: 'n', key: '42', id: ID }), 'n', isDigits)).toEqual({ sort: 'n', key: '42', id: ID });
    for (const key of ['4x2', 42, null]) expect(() => decodeCursor(encodeCursor({ sort: 'n', key, id: ID }), 'n', isDigits)).toThrow(ProblemException);
  });

  it.each([
    ['garbage', 'not-a-cursor'],
    ['JSON that is not a cursor', Buffer.from('{"a":1}').toString('base64url')],
    ['an id that is not a UUID', Buffer.from(JSON.stringify(['name', 'x', "1' OR 1=1"])).toString('base64url')],
    ['a key of the wrong type', Buffer.from(JSON.stringify(['name', { $gt: '' }, ID])).toString('base64url')],
  ])('refuses %s as a 400 on the cursor field', (_label, raw) => {
    try {
      decodeCursor(raw, 'name');
      throw new Error('accepted');
    } catch (error) {
      expect(error).toBeInstanceOf(ProblemException);
      expect((error as ProblemException).problem).toMatchObject({ status: 400, errors: [{ field: 'cursor' }] });
    }
  });
});

describe('toPage', () => {
  const rows = [1, 2, 3].map((n) => ({ n, id: `${ID.slice(0, -1)}${n}` }));
  const keyOf = (row: { n: number; id: string }) => ({ key: row.n, id: row.id });

  it('keeps `limit` rows and points the cursor at the last one kept', () => {
    const page = toPage(rows, 2, 'n', keyOf, (row) => row.n);
    expect(page.items).toEqual([1, 2]);
    expect(decodeCursor(page.nextCursor!, 'n')).toEqual({ sort: 'n', key: 2, id: rows[1]!.id });
  });

  it('has no next cursor on the last page', () => {
    expect(toPage(rows, 3, 'n', keyOf, (row) => row.n)).toEqual({ items: [1, 2, 3], nextCursor: null });
    expect(toPage([], 3, 'n', keyOf, (row) => row)).toEqual({ items: [], nextCursor: null });
  });
});
