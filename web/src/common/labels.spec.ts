import { prefectureName } from '../../../src/common/departements';
import { countryName, languageName, sourceTitle } from './labels';

describe('codes by their names', () => {
  it('names countries and nationalities by their country, in the interface’s language', () => {
    expect(countryName('MX', 'fr')).toBe('Mexique');
    expect(countryName('ci', 'fr')).toBe('Côte d’Ivoire');
    expect(countryName('MA', 'en')).toBe('Morocco');
    // a code Intl cannot read stays as recorded rather than breaking the page
    expect(countryName('not a code', 'fr')).toBe('NOT A CODE');
    expect(countryName(null, 'fr')).toBe('—');
  });

  it('names languages as a label starts', () => {
    expect(languageName('fr', 'fr')).toBe('Français');
    expect(languageName('en', 'fr')).toBe('Anglais');
    expect(languageName('fr', 'en')).toBe('French');
  });

  it('names prefectures as they sign their letters, with the article each département takes', () => {
    expect(prefectureName('35', 'fr')).toBe('Préfecture d’Ille-et-Vilaine');
    expect(prefectureName('59', 'fr')).toBe('Préfecture du Nord');
    expect(prefectureName('13', 'fr')).toBe('Préfecture des Bouches-du-Rhône');
    expect(prefectureName('33', 'fr')).toBe('Préfecture de la Gironde');
    expect(prefectureName('01', 'fr')).toBe('Préfecture de l’Ain');
    expect(prefectureName('49', 'fr')).toBe('Préfecture de Maine-et-Loire');
    expect(prefectureName('2a', 'fr')).toBe('Préfecture de la Corse-du-Sud');
    expect(prefectureName('974', 'fr')).toBe('Préfecture de La Réunion');
    expect(prefectureName('75', 'fr')).toBe('Préfecture de police de Paris');
    expect(prefectureName('35', 'en')).toBe('Ille-et-Vilaine prefecture');
    expect(prefectureName('99', 'fr')).toBe('99');
  });

  it('names a source by its title, and the office’s own policy by what it is', () => {
    const translate = (key: string) => `«${key}»`;
    const title = 'Demande de carte de séjour : quel justificatif de domicile ?';
    expect(sourceTitle({ id: 'sp-f33052', title }, translate, 'en')).toBe(title);
    expect(sourceTitle({ id: 'sp-f33052', title }, translate, 'fr')).toBe('Demande de carte de séjour\u00a0: quel justificatif de domicile\u00a0?');
    expect(sourceTitle({ id: 'office-policy', title: 'Office policy (set by the office)' }, translate, 'fr')).toBe('«passerelle.sources.office_policy»');
  });
});
