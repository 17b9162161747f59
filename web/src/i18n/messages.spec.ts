import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { enMessages, passerelleEn } from './en';
import { frMessages, passerelleFr } from './fr';
import { DOSSIER_STATUSES, CLOSE_REASONS } from '../../../src/dossiers/dossiers.model';
import { TRANSITIONS } from '../../../src/workflow/workflow.transitions';
import { PERMIT_KINDS as API_PERMIT_KINDS, SEXES as API_SEXES, STUDY_LEVELS } from '../../../src/students/students.model';
import { REQUIRABLE_ATTRIBUTES } from '../../../src/catalog/catalog.model';
import * as offered from '../api/enums';

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
    }
  });
});
