import polyglotI18nProvider from 'ra-i18n-polyglot';
import { readCatalogFiles, type CatalogFile } from '../../../src/catalog/catalog.files';
import { REQUIRABLE_ATTRIBUTES, type Condition, type EligibilityRule } from '../../../src/catalog/catalog.model';
import { enMessages, passerelleEn } from '../i18n/en';
import { frMessages, passerelleFr } from '../i18n/fr';
import type { ProcedureDefinition } from '../dossiers/types';
import { catalogText, FRENCH_OF_CATALOG } from './catalogTexts';
import { conditionWords, factAnswers, fileLimits, itemWords, parameterWords, ruleWords, valueWords, whenWords, type Reader } from './catalogWords';

const NB = '\u00a0';
const i18n = (locale: 'fr' | 'en') => polyglotI18nProvider(() => (locale === 'en' ? enMessages : frMessages), locale, [], { allowMissing: true });
const readerOf = (definition: ProcedureDefinition, locale: 'fr' | 'en' = 'fr'): Reader => ({ definition, translate: i18n(locale).translate as never, locale });

let files: CatalogFile[];
const definitions = () => files.map((f) => ({ name: `${f.code} v${f.version}`, definition: f.definition as ProcedureDefinition }));
const latest = (code: string) => files.filter((f) => f.code === code).sort((a, b) => b.version - a.version)[0]!.definition as ProcedureDefinition;
const rule = (code: string, id: string): EligibilityRule => latest(code).eligibility.find((r) => r.code === id)!;

beforeAll(async () => {
  files = await readCatalogFiles();
});

/** Words of English a French screen must not show (the catalog's notes were written in English). */
const ENGLISH = /\b(the|of|and|with|since|found|after|before|must|should|to|by|at|is|are|for|your|their|not|or)\b/i;

/** The app's French: a code it writes too (« code e-photo ») is a word there. */
const FRENCH_WORDS = JSON.stringify(passerelleFr);

/** Every text the catalog page writes of a version, in French: names, conditions, rules, parameters, documents, sources. */
function everything(definition: ProcedureDefinition, locale: 'fr' | 'en' = 'fr'): string[] {
  const reader = readerOf(definition, locale);
  const conditions: (Condition | undefined)[] = [
    ...definition.slots.flatMap((s) => [s.when, ...s.options.flatMap((o) => [o.when, ...o.items.map((i) => i.when)])]),
    ...definition.facts.map((f) => f.when),
  ];
  return [
    ...Object.keys(definition.parameters).flatMap((name) => Object.values(parameterWords(name, reader))),
    ...definition.eligibility.flatMap((r) => {
      const words = ruleWords(r, reader);
      return [words.checks, ...words.lines];
    }),
    ...conditions.map((c) => whenWords(c, reader) ?? ''),
    ...definition.slots.flatMap((s) => s.options.flatMap((o) => o.items.flatMap((item) => Object.values(itemWords(item, reader)).map((w) => w ?? '')))),
    ...definition.facts.map((f) => factAnswers(f, reader)),
    ...fileLimits(reader).flatMap((l) => [l.channel, l.limits]),
    ...definition.sources.flatMap((s) => [catalogText(s.title, locale), catalogText(s.note, locale)]),
    ...Object.values(definition.parameters).map((p) => catalogText(p.note, locale)),
  ];
}

describe('the labels of the shipped catalog', () => {
  it('names every parameter of every version shipped, in both languages, by a label of the app', () => {
    const names = new Set(definitions().flatMap(({ definition }) => Object.keys(definition.parameters)));
    expect(names.size).toBeGreaterThanOrEqual(15);
    const unnamed = [...names].filter((name) => {
      const fr = (passerelleFr.catalog.parameter as Record<string, { label?: string }>)[name]?.label;
      const en = (passerelleEn.catalog.parameter as Record<string, { label?: string }>)[name]?.label;
      return !fr || !en;
    });
    expect(unnamed).toEqual([]);
  });

  it('names every requirement a document can carry, and every one the catalog uses', () => {
    const used = new Set(
      definitions().flatMap(({ definition }) => definition.slots.flatMap((s) => s.options.flatMap((o) => o.items.flatMap((i) => i.requires ?? [])))),
    );
    for (const attribute of [...REQUIRABLE_ATTRIBUTES, ...used]) {
      expect({ attribute, fr: passerelleFr.catalog.requires[attribute] }).toEqual({ attribute, fr: expect.any(String) });
      expect({ attribute, en: passerelleEn.catalog.requires[attribute] }).toEqual({ attribute, en: expect.any(String) });
    }
  });

  it('has the French of every note and every English title of the shipped catalog', () => {
    const texts = definitions().flatMap(({ definition }) => [
      ...definition.sources.flatMap((s) => [s.note, ENGLISH.test(s.title) ? s.title : undefined]),
      ...Object.values(definition.parameters).map((p) => p.note),
      ...definition.overrides.flatMap((o) => Object.values(o.parameters).map((p) => p.note)),
    ]);
    const missing = [...new Set(texts.filter((t): t is string => !!t))].filter((t) => !FRENCH_OF_CATALOG[t]);
    expect(missing).toEqual([]);
    // and the French is French
    expect(Object.values(FRENCH_OF_CATALOG).filter((t) => ENGLISH.test(t.replace(/service-public\.fr/g, '')))).toEqual([]);
  });

  it('writes every version shipped without a code of the catalog and without English, in French', () => {
    for (const { name, definition } of definitions()) {
      const codes = [
        ...definition.eligibility.map((r) => r.code),
        ...Object.keys(definition.parameters),
        ...definition.facts.map((f) => f.code),
        ...definition.slots.flatMap((s) => [s.code, ...s.options.map((o) => o.code)]),
        ...(definition.cases ?? []).map((c) => c.code),
        ...Object.keys(definition.documentKinds),
      ].filter((c) => /[-_.A-Z]/.test(c) && !FRENCH_WORDS.includes(c));
      const written = everything(definition).join('\n');
      const found = codes.filter((code) => new RegExp(`(?<![\\p{L}\\d.-])${code.replace(/[.]/g, '\\.')}(?![\\p{L}\\d-])`, 'u').test(written));
      expect({ name, codes: found }).toEqual({ name, codes: [] });
      const english = written.split('\n').filter((line) => ENGLISH.test(line.replace(/service-public\.fr|Service-public\.fr/g, '')));
      expect({ name, english }).toEqual({ name, english: [] });
      expect({ name, faults: written.split('\n').filter((line) => / [:;?!»]|« /.test(line)) }).toEqual({ name, faults: [] });
    }
  });
});

describe('the words of a procedure', () => {
  it('says a parameter by its label and its value with its unit', () => {
    const rece = readerOf(latest('rece'));
    expect(parameterWords('complementDelayDays', rece)).toEqual({ label: 'Délai pour compléter le dossier', value: `30${NB}jours` });
    expect(parameterWords('proofOfAddressMaxAge', rece).value).toBe(`6${NB}mois`);
    expect(parameterWords('complementReminderDays', rece).value).toBe(`7, 3 et 1 jours avant`);
    expect(parameterWords('prefectureSilence', rece).value).toBe(`au bout de 90${NB}jours`);
    expect(parameterWords('complementReminderDays', readerOf(latest('rece'), 'en'))).toEqual({
      label: 'Reminders before the complement deadline',
      value: '7, 3 and 1 days before',
    });
    const employee = readerOf(latest('employee-change-of-status'));
    expect(parameterWords('minimumGrossMonthlySalaryEur', employee).value).toBe(`2${'\u202f'}734,55${NB}€ par mois`);
    // a parameter the app does not know yet is said by the catalog's own description
    const unknown = {
      ...latest('rece'),
      parameters: { newDelayDays: { value: 1, description: { fr: 'Un délai nouveau', en: 'A new delay' }, source: 'office-policy' } },
    };
    expect(parameterWords('newDelayDays', readerOf(unknown))).toEqual({ label: 'Un délai nouveau', value: `1${NB}jour` });
    expect(valueWords('x', [1], readerOf(unknown))).toBe('1 jour');
  });

  it('says a condition in words', () => {
    const researcher = readerOf(latest('talent-researcher'));
    expect(whenWords({ not: { case: ['first'] } }, researcher)).toBe(`Sauf si${NB}: cas «${NB}Première demande${NB}»`);
    expect(whenWords({ case: ['renewal', 'renewal-after-job-loss'] }, researcher)).toBe(
      `Seulement si${NB}: cas «${NB}Renouvellement${NB}» ou «${NB}Renouvellement après perte involontaire d'emploi${NB}»`,
    );
    expect(conditionWords({ fact: 'housing', in: ['tenant', 'owner'] }, researcher)).toBe(
      `Situation de logement «${NB}Locataire${NB}» ou «${NB}Propriétaire${NB}»`,
    );
    expect(conditionWords({ fact: 'hostIdAddressOutdated', equals: true }, researcher)).toBe(
      "L'adresse sur la pièce d'identité de l'hébergeant n'est plus à jour",
    );
    expect(conditionWords({ all: [{ channel: ['anef'] }, { fact: 'euMobilityProgramme', equals: false }] }, researcher)).toBe(
      `canal «${NB}ANEF (en ligne)${NB}» et Programme de mobilité dans l'Union européenne${NB}: non`,
    );
    expect(whenWords(undefined, researcher)).toBeNull();
  });

  it('says what a rule checks, by its parameters and names, and what the dossier then shows', () => {
    const rece = readerOf(latest('rece'));
    expect(ruleWords(rule('rece', 'rece.diploma-on-list'), rece).checks).toBe(`Avertissement pour${NB}: Mastère spécialisé et MSc.`);
    expect(ruleWords(rule('rece', 'rece.final-year'), rece).checks).toBe(
      `Niveaux acceptés${NB}: Master 2, Dernière année du cycle ingénieur, Mastère spécialisé ou MSc.`,
    );
    expect(ruleWords(rule('rece', 'rece.current-year'), rece).checks).toBe(
      `L'inscription doit porter sur l'année universitaire en cours${NB}; celle de l'année écoulée compte encore 122${NB}jours après le 31 août.`,
    );
    expect(ruleWords(rule('rece', 'rece.algeria'), rece)).toEqual({
      checks: `Pays concernés${NB}: Algérie.`,
      lines: [`Les ressortissants algériens relèvent de l'accord franco-algérien${NB}: la carte RECE ne leur est pas délivrée.`],
    });
    const renewal = readerOf(latest('student-renewal'));
    expect(ruleWords(rule('student-renewal', 'renewal.filing-window'), renewal)).toEqual({
      checks: `Dépôt entre 120${NB}jours et 60${NB}jours avant l'expiration du titre actuel.`,
      lines: [`En cas de dépôt tardif${NB}: droit de visa de régularisation de 180${NB}€.`],
    });
    expect(ruleWords(rule('student-renewal', 'renewal.resources'), renewal).checks).toBe(`Ressources mensuelles justifiées${NB}: au moins 615${NB}€.`);
    const researcher = readerOf(latest('talent-researcher'));
    expect(ruleWords(rule('talent-researcher', 'researcher.filing-window'), researcher).lines).toContain(`Sauf si${NB}: cas «${NB}Première demande${NB}»`);
  });

  it('says a document by its name, how many, and what is checked on it', () => {
    const rece = readerOf(latest('rece'));
    const item = (slot: string) => latest('rece').slots.find((s) => s.code === slot)!.options[0]!.items[0]!;
    expect(itemWords(item('cerfa'), rece)).toEqual({ what: 'Formulaire CERFA', checks: `à vérifier${NB}: signature et toutes les pages` });
    expect(itemWords(item('identity-photos'), rece)).toEqual({ what: 'Photos d’identité (35 × 45 mm), 3 exemplaires'.replace('’', "'"), checks: null });
    expect(itemWords(item('passport'), rece).checks).toBe(`à vérifier${NB}: toutes les pages et validité au jour du dépôt`);
    const hosted = latest('rece')
      .slots.find((s) => s.code === 'proof-of-address')!
      .options.find((o) => o.code === 'hosted')!;
    expect(itemWords(hosted.items[0]!, rece).checks).toBe(`à vérifier${NB}: signature, date et ancienneté de 6${NB}mois au plus`);
    expect(itemWords(hosted.items[0]!, readerOf(latest('rece'), 'en')).checks).toBe('to check: signature, date and issued 6 months ago at most');
  });

  it('says the file limits of the procedure’s channel first, then of the others', () => {
    expect(fileLimits(readerOf(latest('talent-researcher')))).toEqual([
      { channel: 'ANEF (en ligne)', limits: `JPEG, PDF, PNG, BMP ou TIFF — 10\u202fMo au plus par fichier, 3 fichiers au plus par pièce` },
      { channel: 'Autres canaux', limits: `PDF, JPEG, PNG ou TIFF — 20\u202fMo au plus par fichier, 10 fichiers au plus par pièce` },
    ]);
  });

  it('shows an English note in French, and a French text with French spacing', () => {
    expect(catalogText('For the length of the hosting agreement, up to 4 years; renewable.', 'fr')).toBe(
      `Pour la durée de la convention d’accueil, 4 ans au plus${NB}; renouvelable.`,
    );
    expect(catalogText('For the length of the hosting agreement, up to 4 years; renewable.', 'en')).toBe(
      'For the length of the hosting agreement, up to 4 years; renewable.',
    );
    expect(catalogText('Tutoriel : première demande', 'fr')).toBe(`Tutoriel${NB}: première demande`);
    expect(catalogText(undefined, 'fr')).toBe('');
  });
});
