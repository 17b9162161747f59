import { searchText, searchWords } from './search-text';

describe('searchText', () => {
  it.each([
    ['HERNÁNDEZ', 'hernandez'],
    ['Gómez Rodríguez', 'gomez rodriguez'],
    ["N'DIAYE", 'n diaye'],
    ['EL-AMRANI', 'el amrani'],
    ['Nguyễn Thị Mai', 'nguyen thi mai'],
    ['Œuvray Æsa Straße Søren Łukasz', 'oeuvray aesa strasse soren lukasz'],
    ['  TRAORÉ   Aya ', 'traore aya'],
    ['CMI-2026-000123', 'cmi 2026 000123'],
  ])('%s → %s', (input, expected) => {
    expect(searchText(input)).toBe(expected);
  });

  it('keeps at most five words of a query, normalised', () => {
    expect(searchWords(' Hernández  Fernanda a b c d e ')).toEqual(['hernandez', 'fernanda', 'a', 'b', 'c']);
    expect(searchWords(undefined)).toEqual([]);
    expect(searchWords('%_')).toEqual([]);
  });
});
