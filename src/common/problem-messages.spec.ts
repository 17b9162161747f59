import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { getMetadataStorage } from 'class-validator';
import {
  FIELD_MESSAGES,
  fieldCodeOfMessage,
  fieldTextOf,
  frenchDate,
  isFieldCode,
  languageOf,
  PROBLEM_MESSAGES,
  problemTextOf,
  type FieldCode,
  type ProblemCode,
} from './problem-messages';
import { AppConfig } from '../config/app-config';
import { problemBody, ProblemException } from './problem';

/**
 * Params every sentence of the catalog is rendered with: the shapes the throw sites send, and
 * the edge cases a sentence branches on (none, one, several).
 */
const SAMPLES: Record<string, unknown[]> = {
  fields: [['email'], ['studentNumber', 'foreignerNumber'], []],
  down: [['database'], ['database', 'redis']],
  allowed: [[], ['verified', 'incomplete', 'closed']],
  references: [['CMI-2026-000001'], ['CMI-2026-000001', 'CMI-2026-000002']],
  names: [
    [{ fr: 'Passeport', en: 'Passport' }],
    [
      { fr: 'Passeport', en: 'Passport' },
      { fr: 'Photo d’identité', en: 'Identity photo' },
    ],
  ],
  dossiers: [[{ reference: 'CMI-2026-000007', status: 'received', receivedAt: '2026-03-01' }]],
  accepted: [['pdf', 'jpg', 'png']],
  known: [['passport', 'photo'], []],
  values: [['received', 'filed']],
  prefectures: [['35', '56']],
  channels: [['postal', 'anef']],
  detected: ['exe', null],
  name: ['virus.pdf', null],
  closeReason: ['withdrawn', null],
  channel: ['postal', undefined],
  total: [4, undefined],
  each: [true, undefined],
  count: [1, 2],
  seconds: [42, 900],
  event: ['ready', 'handed_over'],
  required: ['supervisor', 'admin'],
  role: ['agent', 'supervisor'],
  status: ['received', 'failed'],
  from: ['received'],
  to: ['verified', 'closed'],
  current: ['forwarded'],
  what: ['source', 'document kind'],
  kind: ['number', 'duration'],
};
const SCALARS: Record<string, unknown> = {
  id: '0b7f6c1e-2f1a-4c3e-9d0a-5e8f7a6b4c3d',
  reference: 'CMI-2026-000040',
  dossierId: '0b7f6c1e-2f1a-4c3e-9d0a-5e8f7a6b4c3d',
  currentVersion: 3,
  version: 2,
  max: 3,
  days: 730,
  min: 1,
  maxMb: 10,
  type: 'stale-version',
  date: '2026-03-01',
  earliest: '2026-03-01',
  latest: '2028-03-01',
  effectiveFrom: '2026-09-01',
  on: '2026-05-04',
  email: 'claire@example.org',
  code: 'rece',
  method: 'GET',
  path: '/nope',
  file: 'index.html',
  after: '1 minute',
  reason: 'unexpected token',
  summary: 'body names recipient.prenom',
  template: 'agent_digest',
  other: 'validFrom',
  opens: 30,
  closes: 60,
  fact: 'monthlyResourcesEur',
  value: '"615"',
};

/** The params a sentence reads, found by rendering it with a recording proxy. */
function paramsRead(render: (params: Record<string, unknown>) => string): string[] {
  const read = new Set<string>();
  const recorder = new Proxy(
    {},
    {
      get(_target, key) {
        if (typeof key === 'string') read.add(key);
        return typeof key === 'string' ? (SAMPLES[key]?.[0] ?? SCALARS[key]) : undefined;
      },
    },
  );
  render(recorder);
  return [...read];
}

/** Every combination of the samples of the params a sentence reads. */
function variants(keys: string[]): Record<string, unknown>[] {
  return keys.reduce<Record<string, unknown>[]>(
    (all, key) => {
      const options = SAMPLES[key] ?? (key in SCALARS ? [SCALARS[key]] : [undefined]);
      return all.flatMap((partial) => options.map((value) => ({ ...partial, [key]: value })));
    },
    [{}],
  );
}

type Sentences = { fr: (p: Record<string, unknown>) => string; en: (p: Record<string, unknown>) => string };
const catalogs: [string, Record<string, Sentences>][] = [
  ['problem', PROBLEM_MESSAGES as unknown as Record<string, Sentences>],
  ['field', FIELD_MESSAGES as unknown as Record<string, Sentences>],
];

describe('the catalog of problem messages', () => {
  it.each(catalogs)('gives every %s code a sentence in French and in English, rendered from its params without holes', (_kind, catalog) => {
    for (const [code, message] of Object.entries(catalog)) {
      const keys = [...new Set([...paramsRead(message.fr), ...paramsRead(message.en)])];
      for (const unknown of keys.filter((key) => !(key in SAMPLES) && !(key in SCALARS))) throw new Error(`${code}: no sample for param ${unknown}`);
      for (const params of variants(keys)) {
        for (const language of ['fr', 'en'] as const) {
          const text = message[language](params);
          expect({ code, language, text }).toEqual({ code, language, text: expect.stringMatching(/\S/) });
          expect({ code, language, text }).not.toEqual({ code, language, text: expect.stringMatching(/undefined|NaN|\[object /) });
        }
      }
    }
  });

  it.each(catalogs)('writes every French %s sentence as an office does: espace insécable before : ; ? ! and inside « », no English quote', (_kind, catalog) => {
    for (const [code, message] of Object.entries(catalog)) {
      const keys = [...new Set(paramsRead(message.fr))];
      for (const params of variants(keys)) {
        const text = message.fr(params);
        // `Content-Type: application/json`, `Bearer <…>`: headers are quoted as they are written
        // paths, URLs and content types are written as they are
        const prose = text
          .replace(/`[^`]*`/g, '')
          .replace(/[A-Za-z-]+: [a-z]+\/[a-z]+/g, '')
          .replace(/\S*\/\S*/g, '');
        expect({ code, text: prose }).not.toEqual({ code, text: expect.stringMatching(/ [:;?!]|\S[;?!»]|«\S|[^\u00a0\d]:(?!\/\/)/) });
        expect({ code, text }).not.toEqual({ code, text: expect.stringMatching(/'/) });
      }
    }
  });

  it('says the French examples of the issue as an office writes them', () => {
    const problem = (code: ProblemCode, params: object) => problemBody(code, 'fr', params as never).detail;
    expect(problem('workflow.blocking-findings', { to: 'verified', count: 1 })).toBe('Le dossier ne peut pas être vérifié\u00a0: 1\u00a0point bloquant.');
    expect(problem('workflow.blocking-findings', { to: 'forwarded', count: 3 })).toBe('Le dossier ne peut pas être transmis\u00a0: 3\u00a0points bloquants.');
    expect(problem('dossier.open-exists', { reference: 'CMI-2026-000040', dossierId: 'x' })).toBe(
      'L’étudiant(e) a déjà le dossier CMI-2026-000040 ouvert pour cette démarche.',
    );
    expect(problem('documents.file-type-refused', { name: 'virus.pdf', detected: 'exe', accepted: ['pdf', 'jpg', 'png'] })).toBe(
      'virus.pdf est un fichier EXE\u00a0; acceptés\u00a0: PDF, JPEG, PNG.',
    );
    expect(problem('workflow.transition-not-allowed', { from: 'received', to: 'forwarded', allowed: ['verified', 'incomplete'] })).toBe(
      'Un dossier reçu ne peut pas passer au statut «\u00a0transmis\u00a0»\u00a0; il peut passer à «\u00a0vérifié\u00a0» ou «\u00a0incomplet\u00a0».',
    );
    expect(frenchDate('2026-03-01')).toBe('1er mars 2026');
    expect(frenchDate('2026-12-15')).toBe('15 décembre 2026');
  });

  it('keeps the English the API has always answered', () => {
    expect(problemBody('dossier.not-found', 'en', { id: 'abc' }).detail).toBe('No dossier with id abc.');
    expect(problemBody('workflow.blocking-findings', 'en', { to: 'verified', count: 2 }).detail).toBe('The dossier cannot be verified: 2 blocking finding(s).');
    expect(problemBody('documents.file-type-refused', 'en', { name: null, detected: null, accepted: ['pdf'] }).detail).toBe(
      'The file is not a file type this office reads; accepted: pdf.',
    );
  });

  it('renders a problem off the wire, and falls back (undefined) on a code it does not know or params that do not fit', () => {
    expect(problemTextOf('dossier.stale', { currentVersion: 4 }, 'fr')).toBe(
      'Le dossier a été modifié entre-temps (il en est à la version 4)\u00a0: rechargez-le et recommencez.',
    );
    expect(problemTextOf('no.such-code', {}, 'fr')).toBeUndefined();
    expect(problemTextOf('workflow.transition-not-allowed', {}, 'fr')).toBeUndefined();
    expect(fieldTextOf('maxLength', { max: 200 }, 'fr')).toBe('doit compter au plus 200\u00a0caractères');
    expect(fieldTextOf('maxLength', {}, 'fr')).toBeUndefined();
    expect(fieldTextOf('toString', {}, 'fr')).toBeUndefined();
  });

  it('reads the language of a request from Accept-Language, English by default', () => {
    expect(languageOf('fr')).toBe('fr');
    expect(languageOf('fr-FR,fr;q=0.9,en;q=0.8')).toBe('fr');
    expect(languageOf('en-GB,fr;q=0.5')).toBe('en');
    expect(languageOf('de-DE,fr;q=0.7,en;q=0.3')).toBe('fr');
    expect(languageOf('de')).toBe('en');
    expect(languageOf('fr;q=0')).toBe('en');
    expect(languageOf(undefined)).toBe('en');
  });

  it('puts code, params and the sentence of every field in the body, each in the language asked for', () => {
    const refusal = ProblemException.of(
      'procedure.version-too-early',
      { version: 2, effectiveFrom: '2026-09-01' },
      {
        errors: [{ field: 'effectiveFrom', code: 'notBefore', params: { date: '2026-09-01' } }],
      },
    );
    expect(refusal.render('fr')).toMatchObject({
      status: 422,
      code: 'procedure.version-too-early',
      params: { version: 2, effectiveFrom: '2026-09-01' },
      detail: 'La version 2 prend effet le 1er septembre 2026\u00a0: une nouvelle version ne peut pas prendre effet avant elle.',
      errors: [{ field: 'effectiveFrom', code: 'notBefore', params: { date: '2026-09-01' }, message: 'ne doit pas précéder le 1er septembre 2026' }],
    });
    expect(refusal.problem.errors).toEqual([
      { field: 'effectiveFrom', code: 'notBefore', params: { date: '2026-09-01' }, message: 'must not be before 2026-09-01' },
    ]);
  });
});

describe('the field codes of the DTOs', () => {
  /** Every DTO of the API, loaded so that class-validator's metadata holds their rules. */
  async function loadDtos(dir: string): Promise<void> {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) await loadDtos(path);
      else if (name.endsWith('.dto.ts')) await import(path);
    }
  }

  it('has a code for every rule a DTO states, and for every message a DTO writes itself', async () => {
    await loadDtos(join(__dirname, '..'));
    const metadata = (
      getMetadataStorage() as unknown as { validationMetadatas: Map<object, { name?: string; type: string; message?: unknown; propertyName: string }[]> }
    ).validationMetadatas;
    // the environment's config class (AppConfig and the classes it extends) is no request: a bad variable stops the process
    // by name: jest may hold the module twice (a DTO's import and this one), each with its own classes
    const configClasses = new Set<string>();
    for (let c: unknown = AppConfig; typeof c === 'function' && c.name; c = Object.getPrototypeOf(c)) configClasses.add(c.name);
    const rules = [...metadata.entries()].filter(([target]) => !configClasses.has((target as { name?: string }).name ?? '')).flatMap(([, list]) => list);
    expect(rules.length).toBeGreaterThan(100);
    const missing: string[] = [];
    for (const rule of rules) {
      const name = rule.name ?? rule.type;
      if (rule.type === 'conditionalValidation' || (['nestedValidation', 'whitelistValidation', 'customValidation'].includes(rule.type) && !rule.name))
        continue;
      // a custom message of a generic rule (a pattern) must name a format of the catalog
      const own = typeof rule.message === 'string' ? rule.message.replace(new RegExp(`^${rule.propertyName} `), '') : undefined;
      if (own !== undefined && name === 'matches') {
        if (!fieldCodeOfMessage(own)) missing.push(`matches: ${own}`);
      } else if (!isFieldCode(name) && !(own !== undefined && fieldCodeOfMessage(own))) {
        missing.push(name);
      }
    }
    expect(missing).toEqual([]);
  });

  it('knows the field codes it indexes by message', () => {
    const indexed: FieldCode[] = ['postalCode', 'isUuid', 'procedureCode', 'cursor'];
    for (const code of indexed) expect(fieldCodeOfMessage(FIELD_MESSAGES[code].en({} as never))).toBe(code);
    expect(fieldCodeOfMessage('must be a procedure code')).toBe('procedureCode');
    expect(fieldCodeOfMessage('is not a cursor returned by this list')).toBe('cursor');
  });
});
