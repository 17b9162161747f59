import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { enMessages, passerelleEn } from './en';
import { frMessages, passerelleFr } from './fr';
import { DOSSIER_STATUSES, CLOSE_REASONS } from '../../../src/dossiers/dossiers.model';
import { TRANSITIONS } from '../../../src/workflow/workflow.transitions';
import { PERMIT_KINDS as API_PERMIT_KINDS, SEXES as API_SEXES, STUDY_LEVELS } from '../../../src/students/students.model';
import { REQUIRABLE_ATTRIBUTES } from '../../../src/catalog/catalog.model';
import * as offered from '../api/enums';
import { ENUM_LABELS } from '../common/labels';

/** Every key of a message tree, as dotted paths. */
function keys(tree: object, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([key, value]) => (value && typeof value === 'object' ? keys(value, `${prefix}${key}.`) : [`${prefix}${key}`]));
}

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.tsx?$/.test(name) && !name.endsWith('.spec.ts') ? [readFileSync(path, 'utf8')] : [];
  });
}

function has(messages: object, key: string): boolean {
  return (
    key.split('.').reduce<unknown>((node, part) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined), messages) !==
    undefined
  );
}

describe('interface messages', () => {
  it('has the same keys in French and in English', () => {
    expect(keys(passerelleFr).sort()).toEqual(keys(passerelleEn).sort());
    expect(keys(frMessages.resources).sort()).toEqual(keys(enMessages.resources).sort());
  });

  it('has every key the screens ask for, in both languages', () => {
    // (api/ names localStorage keys "passerelle.session…", not messages)
    const screens = readdirSync(join(__dirname, '..')).filter((name) => name !== 'api' && statSync(join(__dirname, '..', name)).isDirectory());
    const used = new Set(
      screens
        .flatMap((name) => sources(join(__dirname, '..', name)))
        .flatMap((text) => [...text.matchAll(/['"`]((?:passerelle|resources)\.[a-zA-Z_.]+[a-zA-Z_])['"`]/g)].map((m) => m[1]!)),
    );
    expect(used.size).toBeGreaterThan(100);
    const missing = [...used].filter((key) => !has(frMessages, key) || !has(enMessages, key));
    expect(missing).toEqual([]);
  });

  it('names every status, close reason and move of the workflow', () => {
    for (const messages of [passerelleFr, passerelleEn]) {
      for (const status of DOSSIER_STATUSES) expect(messages.status[status]).toBeTruthy();
      for (const reason of CLOSE_REASONS) expect(messages.close_reason[reason]).toBeTruthy();
      for (const move of TRANSITIONS) expect(messages.workflow.move[move.event as keyof typeof messages.workflow.move]).toBeTruthy();
    }
  });

  it('offers every study level, permit kind and sex of the API, each named in both languages', () => {
    // the forms' lists are the OpenAPI document's (npm run api:types): these fail on a stale one
    expect(offered.STUDY_LEVELS).toEqual([...STUDY_LEVELS]);
    expect(offered.PERMIT_KINDS).toEqual([...API_PERMIT_KINDS]);
    expect(offered.SEXES).toEqual([...API_SEXES]);
    for (const messages of [passerelleFr, passerelleEn]) {
      for (const level of STUDY_LEVELS) expect(messages.level[level]).toBeTruthy();
      for (const kind of API_PERMIT_KINDS) expect(messages.permit_kind[kind]).toBeTruthy();
      for (const sex of API_SEXES) expect(messages.sex[sex]).toBeTruthy();
      for (const attribute of REQUIRABLE_ATTRIBUTES) expect(messages.catalog.requires[attribute]).toBeTruthy();
      for (const reason of offered.SUMMONS_REASONS) expect(messages.prefecture.reasons[reason]).toBeTruthy();
      for (const decision of offered.DECISIONS) expect(messages.decision[decision]).toBeTruthy();
    }
  });

  it('names every value of every enumeration the API declares, in French and in English', () => {
    // a new enumeration in api/enums.ts needs its place in common/labels.ts ENUM_LABELS, and a label for each value
    expect(Object.keys(ENUM_LABELS).sort()).toEqual(Object.keys(offered).sort());
    const missing: string[] = [];
    for (const [name, path] of Object.entries(ENUM_LABELS)) {
      for (const value of offered[name as keyof typeof offered] as readonly string[]) {
        for (const [language, messages] of [
          ['fr', passerelleFr],
          ['en', passerelleEn],
        ] as const) {
          const label = `${path}.${value}`.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], messages);
          if (typeof label !== 'string' || !label.trim() || label === value) missing.push(`${language} passerelle.${path}.${value}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });
});

/** Every message of a tree, with its dotted path. */
function strings(tree: object, prefix = ''): [string, string][] {
  return Object.entries(tree).flatMap(([key, value]): [string, string][] =>
    value && typeof value === 'object' ? strings(value, `${prefix}${key}.`) : typeof value === 'string' ? [[`${prefix}${key}`, value]] : [],
  );
}

/** What French typography asks of a message, as faults: an empty list when it is well written. */
function typographyFaults(text: string): string[] {
  const faults: string[] = [];
  // the placeholders are not words: "%{date} :" is checked, "%{smart_count}" itself is not
  const words = text.replace(/%\{[^}]+\}/g, 'X');
  for (const m of words.matchAll(/(.)?([:;?!])/g)) {
    if (m[1] !== '\u00a0' && m[1] !== '\u202f')
      faults.push(`« ${m[2]} » without a no-break space before it (${m[1] === ' ' ? 'an ordinary space' : 'no space'})`);
  }
  for (const m of words.matchAll(/«(.)?/g)) if (m[1] !== '\u00a0' && m[1] !== '\u202f') faults.push('« without a no-break space after it');
  for (const m of words.matchAll(/(.)?»/g)) if (m[1] !== '\u00a0' && m[1] !== '\u202f') faults.push('» without a no-break space before it');
  if (/"/.test(words)) faults.push('English quotes: French quotes with « »');
  if (/\(s\)/.test(words)) faults.push('"(s)": write the plural (%{smart_count} … |||| …)');
  return faults;
}

describe('French typography of the interface', () => {
  it('finds what it is meant to find', () => {
    expect(typographyFaults('Motif\u00a0: «\u00a0reçu\u00a0» ; fini\u00a0?')).toEqual(['« ; » without a no-break space before it (an ordinary space)']);
    expect(typographyFaults('Motif: oui')).toHaveLength(1);
    expect(typographyFaults('« reçu »')).toHaveLength(2);
    expect(typographyFaults('2 point(s) bloquant(s)')).toContain('"(s)": write the plural (%{smart_count} … |||| …)');
    expect(typographyFaults("L'étudiant(e)\u00a0: %{date}\u202f!")).toEqual([]);
  });

  it('writes every French message as French typography asks (no-break spaces before : ; ? ! and inside « », no "(s)")', () => {
    expect(strings(frMessages).length).toBeGreaterThan(500);
    // react-admin's own French included: the interface shows it too
    const faults = strings(frMessages).flatMap(([path, text]) => typographyFaults(text).map((fault) => `${path}: ${fault} — ${JSON.stringify(text)}`));
    expect(faults).toEqual([]);
  });
});
