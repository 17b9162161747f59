import { createHash } from 'node:crypto';
import { CatalogFile, readCatalogFiles } from './catalog.files';
import { ProcedureDefinition, publicDefinition, publicSource } from './catalog.model';
import { fieldText, type FieldProblem } from '../common/problem-messages';
import { validateDefinition as definitionProblems, validateFacts as factProblems } from './catalog.schema';

/** The problems as an API client reads them in English. */
const english = (problems: FieldProblem[]) => problems.map((p) => ({ field: p.field, message: fieldText(p, 'en') }));
const validateDefinition = (...args: Parameters<typeof definitionProblems>) => english(definitionProblems(...args));
const validateFacts = (...args: Parameters<typeof factProblems>) => english(factProblems(...args));
import { inEffect } from './catalog.service';

/**
 * The catalog as shipped in prisma/catalog. Published versions never change (catalog.sync.ts
 * refuses a shipped file that differs from its published version): the published versions are
 * pinned here by the SHA-256 of what they resolve to, `_shared.yaml` included, so that an edit
 * of a shared key they use fails here rather than at a deployment. Add a line for each version
 * once it is published; never change a line.
 */
const PUBLISHED: Record<string, string> = {
  'rece v1': '4343007f8c39bba523318d4ac39eb8ea454d5555a266ab47b332b8398aeb5524',
  'student-extension v1': '65aa80b4b97c3038c20d4c82d00a5290e44156c40eedcea5f86d80cac71fedce',
  'talent-researcher v1': 'fdc3c6c602fde73153f640c6d2d8225bb7fff2deae9ea71eeedb9447cdd500fb',
};

/** JSON with keys sorted: what a version resolves to, whatever the order of its YAML keys (the database keeps no order either). */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, canonical((value as Record<string, unknown>)[key])]),
    );
  return value;
}
const fingerprint = (file: CatalogFile) =>
  createHash('sha256')
    .update(JSON.stringify(canonical({ effectiveFrom: file.effectiveFrom, definition: file.definition })))
    .digest('hex');

let files: CatalogFile[];
const latest = (code: string) => files.filter((f) => f.code === code).sort((a, b) => b.version - a.version)[0]!;
const definitionOf = (code: string) => structuredClone(latest(code).definition) as ProcedureDefinition;

beforeAll(async () => {
  files = await readCatalogFiles();
});

describe('the shipped catalog', () => {
  it.each(Object.keys(PUBLISHED))('still resolves %s to exactly what was published', (name) => {
    const file = files.find((f) => `${f.code} v${f.version}` === name);
    expect(file).toBeDefined();
    expect(fingerprint(file!)).toBe(PUBLISHED[name]);
  });

  it('ships five procedures, each version publishable', () => {
    expect([...new Set(files.map((f) => f.code))].sort()).toEqual([
      'employee-change-of-status',
      'rece',
      'student-extension',
      'student-renewal',
      'talent-researcher',
    ]);
    for (const file of files) expect({ file: file.file, problems: validateDefinition(file.definition) }).toEqual({ file: file.file, problems: [] });
  });

  it('ships the corrected editions on the day of the first versions, with a note saying what changed', () => {
    for (const code of ['rece', 'student-extension', 'talent-researcher']) {
      const v2 = files.find((f) => f.code === code && f.version === 2)!;
      expect(v2).toMatchObject({ effectiveFrom: '2024-07-17', note: expect.stringContaining('Corrected edition of version 1') });
    }
  });

  it('says, in every version shipped after the first ones, what the student must send for each slot, and which date the rules are judged on', () => {
    for (const code of ['rece', 'student-extension', 'talent-researcher', 'student-renewal', 'employee-change-of-status']) {
      const definition = definitionOf(code);
      for (const slot of definition.slots)
        expect({ code, slot: slot.code, ask: slot.ask }).toEqual({
          code,
          slot: slot.code,
          ask: { fr: expect.stringMatching(/vos?|votre/i), en: expect.stringMatching(/you/i) },
        });
      expect(definition.filingDate).toBeDefined();
    }
    expect(definitionOf('rece').filingDate).toEqual({ anef: 'filed', default: 'received' });
    expect(definitionOf('student-renewal').filingDate).toEqual({ default: 'filed' });
  });

  it('cites public references in the new versions: a URL or an article, or a note saying why there is none', () => {
    for (const code of ['rece', 'student-extension', 'talent-researcher', 'student-renewal', 'employee-change-of-status']) {
      for (const source of definitionOf(code).sources) {
        expect({ code, source: source.id, readable: Boolean(source.url || source.article || source.note) }).toEqual({
          code,
          source: source.id,
          readable: true,
        });
        if (source.url || source.article) expect(source.readOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        expect(source.id).not.toMatch(/^seed-|^domain$|^regulation-/);
      }
    }
  });
});

describe('versions in effect', () => {
  const v = (version: number, effectiveFrom: string) => ({ id: `v${version}`, code: 'rece', version, effectiveFrom });

  it('picks the highest of the versions taking effect the same day (a corrected edition)', () => {
    expect(inEffect([v(1, '2024-07-17'), v(2, '2024-07-17')], '2026-12-03')!.version).toBe(2);
    expect(inEffect([v(1, '2024-07-17'), v(2, '2024-07-17'), v(3, '2027-01-01')], '2026-12-03')!.version).toBe(2);
    expect(inEffect([v(1, '2024-07-17'), v(2, '2024-07-17'), v(3, '2027-01-01')], '2027-01-01')!.version).toBe(3);
  });

  it('gives the first version to a date before any takes effect', () => {
    expect(inEffect([v(1, '2024-07-17'), v(2, '2024-07-17')], '2023-01-01')!.version).toBe(1);
  });
});

describe('sources as they leave the API', () => {
  it('never carry the internal ref', () => {
    const source = { id: 'x', title: 'A title', url: 'https://example.org', ref: 'shared/seeds/000.txt', note: 'n' };
    expect(publicSource(source)).toEqual({ id: 'x', title: 'A title', url: 'https://example.org', note: 'n' });
    for (const file of files) {
      const served = publicDefinition(file.definition as ProcedureDefinition);
      expect(served.sources.some((s) => 'ref' in s)).toBe(false);
    }
    expect((files.find((f) => f.code === 'rece' && f.version === 1)!.definition as ProcedureDefinition).sources.some((s) => s.ref)).toBe(true);
  });
});

describe('number facts, fact-minimum rules and the filing date basis', () => {
  it('accepts a fact-minimum rule on a number fact with a number parameter', () => {
    expect(validateDefinition(definitionOf('student-renewal'))).toEqual([]);
  });

  it('refuses a fact-minimum rule naming an unknown fact, a fact that is not a number, or a parameter that is not a number', () => {
    const definition = definitionOf('student-renewal');
    const rule = definition.eligibility.findIndex((r) => r.kind === 'fact-minimum');
    const broken = structuredClone(definition);
    Object.assign(broken.eligibility[rule]!, { fact: 'nowhere', minimum: 'proofOfAddressMaxAge' });
    expect(validateDefinition(broken)).toEqual([
      { field: `definition.eligibility.${rule}.fact`, message: 'names fact nowhere, which is not in facts' },
      { field: `definition.eligibility.${rule}.minimum`, message: 'needs parameter proofOfAddressMaxAge to be a number' },
    ]);
    Object.assign(broken.eligibility[rule]!, { fact: 'courseChange', minimum: 'minimumMonthlyResourcesEur' });
    expect(validateDefinition(broken)).toEqual([{ field: `definition.eligibility.${rule}.fact`, message: 'needs fact courseChange to be of type number' }]);
    const incomplete = structuredClone(definition);
    delete (incomplete.eligibility[rule] as { minimum?: string }).minimum;
    expect(validateDefinition(incomplete)).toContainEqual({ field: `definition.eligibility.${rule}.minimum`, message: 'is required' });
  });

  it('refuses a condition on a number fact and a unit on a fact that is not a number', () => {
    const definition = definitionOf('student-renewal');
    definition.slots[0]!.when = { fact: 'monthlyResourcesEur', equals: '615' };
    const courseChange = definition.facts.find((f) => f.code === 'courseChange')!;
    courseChange.unit = 'eur';
    expect(validateDefinition(definition).map((p) => p.message)).toEqual([
      'only a number fact has a unit',
      'compares fact monthlyResourcesEur with "615", which it cannot take',
    ]);
  });

  it('takes a number for a number fact, and nothing else', () => {
    const definition = definitionOf('student-renewal');
    expect(validateFacts(definition, { monthlyResourcesEur: 615.5 })).toEqual([]);
    expect(validateFacts(definition, { monthlyResourcesEur: null })).toEqual([]);
    for (const bad of ['615', true, Number.NaN, 1e12])
      expect(validateFacts(definition, { monthlyResourcesEur: bad })).toEqual([{ field: 'facts.monthlyResourcesEur', message: 'must be a number' }]);
  });

  it('wants the filing date basis of a channel to be received or filed, with a default', () => {
    const definition = definitionOf('rece');
    expect(validateDefinition({ ...definition, filingDate: { postal: 'received' } })).toEqual([
      { field: 'definition.filingDate.default', message: 'is required' },
    ]);
    expect(validateDefinition({ ...definition, filingDate: { default: 'sent' } })).toEqual([
      { field: 'definition.filingDate.default', message: 'must be one of received, filed' },
    ]);
    expect(validateDefinition({ ...definition, filingDate: { default: 'received', fax: 'filed' } }).map((p) => p.field)).toEqual(['definition.filingDate']);
  });

  it('takes the public fields of a source and refuses a malformed reading date', () => {
    const definition = definitionOf('rece');
    definition.sources[0] = { ...definition.sources[0]!, readOn: '3 December 2026' };
    expect(validateDefinition(definition).map((p) => p.field)).toEqual(['definition.sources.0.readOn']);
  });
});
