/**
 * Keyset pagination: the Prisma condition for rows strictly after the cursor row in
 * (sort key, id) order. Nullable keys sort last: once the cursor is among the nulls only
 * nulls with a further id follow; before that, every null still does.
 */
export function keysetAfter(
  field: string,
  cursor: { key: unknown; id: string },
  options: { descending?: boolean; nullable?: boolean } = {},
): Record<string, unknown> {
  const beyond = options.descending ? 'lt' : 'gt';
  const idBeyond = { id: { [beyond]: cursor.id } };
  if (cursor.key === null) return { [field]: null, ...idBeyond };
  const conditions: Record<string, unknown>[] = [{ [field]: { [beyond]: cursor.key } }, { [field]: cursor.key, ...idBeyond }];
  if (options.nullable) conditions.push({ [field]: null });
  return { OR: conditions };
}
