/** Letters that do not decompose into a base letter and an accent. */
const LIGATURES: Record<string, string> = { œ: 'oe', æ: 'ae', ß: 'ss', ø: 'o', đ: 'd', ł: 'l', ı: 'i' };

/**
 * Text as search compares it: lower case, without accents, punctuation as spaces.
 * "HERNÁNDEZ", "Hernandez" and "hernández" all become "hernandez"; "N'DIAYE" becomes "n diaye".
 */
export function searchText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[œæßøđłı]/g, (c) => LIGATURES[c] ?? c)
    .replace(/[^\p{L}\p{N}@.]+/gu, ' ')
    .trim();
}

/** The search words of a query: normalised, at most `max` of them. */
export function searchWords(query: string | undefined, max = 5): string[] {
  return searchText(query ?? '')
    .split(' ')
    .filter(Boolean)
    .slice(0, max);
}
