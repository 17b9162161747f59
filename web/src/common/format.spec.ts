import { colon, formatDate, formatDateTime, frenchSpacing, localized, withFrenchSpacing } from './format';

const NBSP = '\u00a0';

describe('French as the screens write it', () => {
  it('puts a no-break space before « : ; ? ! » and inside « », and leaves times, URLs and what is right alone', () => {
    expect(frenchSpacing('Passeport : pièce reçue ; à valider ?')).toBe(`Passeport${NBSP}: pièce reçue${NBSP}; à valider${NBSP}?`);
    expect(frenchSpacing('Doit être au choix: %{options}')).toBe(`Doit être au choix${NBSP}: %{options}`);
    expect(frenchSpacing('le statut « reçu »')).toBe(`le statut «${NBSP}reçu${NBSP}»`);
    expect(frenchSpacing('à 9:30, voir https://www.service-public.fr/x')).toBe('à 9:30, voir https://www.service-public.fr/x');
    expect(frenchSpacing(`Motif${NBSP}: illisible`)).toBe(`Motif${NBSP}: illisible`);
    expect(withFrenchSpacing({ a: 'Lignes par page :', b: { c: 'Supprimer ?' }, n: 2 })).toEqual({
      a: `Lignes par page${NBSP}:`,
      b: { c: `Supprimer${NBSP}?` },
      n: 2,
    });
  });

  it('gives the API’s French text its spacing, and its English as written', () => {
    const text = { fr: 'Pièce manquante : Passeport.', en: 'Missing document: Passport.' };
    expect(localized(text, 'fr')).toBe(`Pièce manquante${NBSP}: Passeport.`);
    expect(localized(text, 'en')).toBe('Missing document: Passport.');
    expect(localized({ fr: '', en: 'Only English' }, 'fr')).toBe('Only English');
    expect(colon('fr')).toBe(`${NBSP}:`);
    expect(colon('en')).toBe(':');
  });

  it('writes the first of the month as French does', () => {
    expect(formatDate('2026-01-01', 'fr')).toBe('1er janv. 2026');
    expect(formatDate('2026-01-11', 'fr')).toBe('11 janv. 2026');
    expect(formatDate('2026-01-01', 'en')).toBe('1 Jan 2026');
  });
});

describe.each(['UTC', 'America/Los_Angeles', 'Asia/Tokyo'])('dates as they are at the office, in a browser on %s', (zone) => {
  const browserZone = process.env.TZ;
  beforeAll(() => (process.env.TZ = zone));
  afterAll(() => (process.env.TZ = browserZone));
  // 7 December 2026 at 00:30 in Paris: still the 6th in UTC and in Los Angeles
  const justAfterMidnightInParis = '2026-12-06T23:30:00.000Z';

  it('shows an instant as the day it is at the office', () => {
    expect(formatDate(justAfterMidnightInParis, 'fr')).toBe('7 déc. 2026');
    expect(formatDate(justAfterMidnightInParis, 'en')).toBe('7 Dec 2026');
    expect(formatDateTime(justAfterMidnightInParis, 'fr')).toBe('7 déc. 2026, 00:30');
    // summer time: 1 July at 00:15 in Paris is 22:15 UTC the day before
    expect(formatDate('2026-06-30T22:15:00.000Z', 'fr')).toBe('1er juil. 2026');
  });

  it('shows a calendar day as that day', () => {
    expect(formatDate('2026-12-07', 'fr')).toBe('7 déc. 2026');
    expect(formatDate('2026-12-31', 'en')).toBe('31 Dec 2026');
  });
});
