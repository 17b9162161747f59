import { DEPARTEMENT_CODES, DEPARTEMENTS, departementName } from './departements';
import { PREFECTURE_PATTERN } from './vocabulary';

describe('départements by name', () => {
  it('names each one with its number, and leaves a code it does not know as it is', () => {
    expect(departementName('35')).toBe('Ille-et-Vilaine (35)');
    expect(departementName('2A')).toBe('Corse-du-Sud (2A)');
    expect(departementName('974')).toBe('La Réunion (974)');
    expect(departementName('99')).toBe('99');
    expect(departementName(null)).toBe('');
  });

  it('names every code a prefecture may have, and only those', () => {
    const codes = [
      ...Array.from({ length: 95 }, (_, i) => String(i + 1).padStart(2, '0')).filter((code) => code !== '20'),
      '2A',
      '2B',
      ...['971', '972', '973', '974', '975', '976'],
    ];
    expect(codes.every((code) => PREFECTURE_PATTERN.test(code))).toBe(true);
    expect(Object.keys(DEPARTEMENTS).sort()).toEqual(codes.sort());
    expect(new Set(Object.values(DEPARTEMENTS)).size).toBe(codes.length);
  });

  it('lists them in the order of their numbers', () => {
    expect(DEPARTEMENT_CODES.slice(0, 3)).toEqual(['01', '02', '03']);
    expect(DEPARTEMENT_CODES.slice(18, 22)).toEqual(['19', '2A', '2B', '21']);
    expect(DEPARTEMENT_CODES.slice(-2)).toEqual(['975', '976']);
  });
});
