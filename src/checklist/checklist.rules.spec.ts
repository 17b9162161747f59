import type { EligibilityRule, FactDefinition, ProcedureDefinition } from '../catalog/catalog.model';
import { validateDefinition } from '../catalog/catalog.schema';
import { evaluateChecklist, filingDateOf } from './checklist.engine';
import { codes, doc, FILING, input } from './checklist.spec-support';

/**
 * The general rules, on a procedure made up for the purpose (no code names a procedure): a
 * number fact at least a parameter (`fact-minimum`), and the date a dossier is judged on.
 */

const fact = (overrides: Partial<FactDefinition> = {}): FactDefinition => ({
  code: 'weeklyHours',
  names: { fr: 'Heures par semaine', en: 'Hours a week' },
  type: 'number',
  source: 'text',
  ...overrides,
});
const rule = (overrides: Partial<EligibilityRule> = {}) =>
  ({ code: 'test.hours', kind: 'fact-minimum', fact: 'weeklyHours', minimum: 'minimumWeeklyHours', source: 'text', ...overrides }) as EligibilityRule;

function procedure(
  changes: { facts?: FactDefinition[]; eligibility?: EligibilityRule[]; filingDate?: ProcedureDefinition['filingDate'] } = {},
): ProcedureDefinition {
  return {
    code: 'made-up',
    names: { fr: 'Démarche inventée', en: 'Made-up procedure' },
    summary: { fr: 'Pour les tests.', en: 'For the tests.' },
    channel: 'postal',
    ...(changes.filingDate ? { filingDate: changes.filingDate } : {}),
    facts: changes.facts ?? [fact()],
    documentKinds: { letter: { names: { fr: 'Lettre', en: 'Letter' } } },
    slots: [
      {
        code: 'letter',
        names: { fr: 'Lettre', en: 'Letter' },
        options: [{ code: 'letter', names: { fr: 'Lettre', en: 'Letter' }, items: [{ kinds: ['letter'] }] }],
        source: 'text',
      },
    ],
    eligibility: changes.eligibility ?? [rule()],
    parameters: {
      minimumWeeklyHours: { value: 17.5, description: { fr: 'Heures minimales', en: 'Minimum hours' }, source: 'text' },
      minimumAmountEur: { value: 2734.55, description: { fr: 'Montant minimal', en: 'Minimum amount' }, source: 'text' },
      complementDelayDays: { value: 30, description: { fr: 'Délai', en: 'Delay' }, source: 'text' },
      complementReminderDays: { value: [7, 1], description: { fr: 'Relances', en: 'Reminders' }, source: 'text' },
      prefectureSilence: { value: { months: 4 }, description: { fr: 'Silence', en: 'Silence' }, source: 'text' },
    },
    overrides: [],
    fileConstraints: { default: { types: ['pdf'], maxFileBytes: 1048576, maxFilesPerDocument: 1, source: 'text' } },
    result: { description: { fr: 'Rien', en: 'Nothing' }, source: 'text' },
    sources: [
      {
        id: 'text',
        title: 'A public text',
        publisher: 'Légifrance',
        article: 'Code, art. 1',
        url: 'https://www.legifrance.gouv.fr/',
        readOn: '2026-12-03',
        ref: 'internal/file.txt',
      },
    ],
  };
}

const check = (definition: ProcedureDefinition, facts: Record<string, string | boolean | number>) =>
  evaluateChecklist(input('made-up', [doc('letter')], { dossier: { facts } }, definition));

describe('fact-minimum: a number fact at least a parameter', () => {
  it('is a publishable rule', () => {
    expect(validateDefinition(procedure())).toEqual([]);
  });

  it('passes a value above the minimum, and the minimum itself', () => {
    expect(check(procedure(), { weeklyHours: 20 }).findings).toEqual([]);
    expect(check(procedure(), { weeklyHours: 17.5 }).findings).toEqual([]);
  });

  it('blocks a value below the minimum, with the fact, the value and the minimum as parameters', () => {
    const report = check(procedure(), { weeklyHours: 12 });
    expect(report.findings).toEqual([
      {
        code: 'eligibility.below-minimum',
        severity: 'blocking',
        rule: 'test.hours',
        fact: 'weeklyHours',
        params: { fact: 'weeklyHours', value: 12, minimum: 17.5 },
        message: { fr: 'Heures par semaine : 12, en dessous du minimum requis (17,5).', en: 'Hours a week: 12, below the required minimum (17.5).' },
        source: {
          id: 'text',
          title: 'A public text',
          publisher: 'Légifrance',
          article: 'Code, art. 1',
          url: 'https://www.legifrance.gouv.fr/',
          readOn: '2026-12-03',
        },
      },
    ]);
    expect(report.blocking).toBe(1);
  });

  it('writes amounts in euros when the fact is one', () => {
    const definition = procedure({
      facts: [fact({ code: 'salaryEur', names: { fr: 'Salaire brut', en: 'Gross salary' }, unit: 'eur' })],
      eligibility: [rule({ fact: 'salaryEur', minimum: 'minimumAmountEur' })],
    });
    const { message } = check(definition, { salaryEur: 2500 }).findings[0]!;
    expect(message.fr.replace(/\s/g, ' ')).toBe('Salaire brut : 2 500 €, en dessous du minimum requis (2 734,55 €).');
    expect(message.en).toBe('Gross salary: €2,500, below the required minimum (€2,734.55).');
  });

  it('asks for the fact when it is not recorded (facts.missing), once even when the fact is required', () => {
    expect(check(procedure(), {}).findings).toEqual([
      expect.objectContaining({ code: 'facts.missing', severity: 'blocking', rule: 'test.hours', fact: 'weeklyHours', params: { fact: 'weeklyHours' } }),
    ]);
    const required = check(procedure({ facts: [fact({ required: true })] }), {});
    expect(required.findings).toEqual([expect.objectContaining({ code: 'facts.missing', fact: 'weeklyHours' })]);
    expect(required.findings[0]!.rule).toBeUndefined();
  });

  it('takes the severity and the message of the rule', () => {
    const definition = procedure({ eligibility: [rule({ severity: 'warning', message: { fr: "Peu d'heures.", en: 'Few hours.' } })] });
    expect(check(definition, { weeklyHours: 3 }).findings).toEqual([
      expect.objectContaining({ code: 'eligibility.below-minimum', severity: 'warning', message: { fr: "Peu d'heures.", en: 'Few hours.' } }),
    ]);
    expect(check(definition, {}).findings).toEqual([expect.objectContaining({ code: 'facts.missing', severity: 'warning' })]);
  });

  it('applies only when its condition holds', () => {
    const definition = procedure({
      facts: [fact(), { code: 'partTime', names: { fr: 'Temps partiel', en: 'Part time' }, type: 'boolean' }],
      eligibility: [rule({ when: { fact: 'partTime', equals: false } })],
    });
    expect(check(definition, { weeklyHours: 3, partTime: true }).findings).toEqual([]);
    expect(codes(check(definition, { weeklyHours: 3, partTime: false }).findings)).toEqual(['eligibility.below-minimum']);
  });

  it('follows a prefecture override of the minimum', () => {
    const definition = {
      ...procedure(),
      overrides: [{ prefecture: '35', effectiveFrom: '2026-01-01', parameters: { minimumWeeklyHours: { value: 10, source: 'text' } } }],
    };
    expect(check(definition, { weeklyHours: 12 }).findings).toEqual([]);
    expect(check({ ...definition, overrides: [{ ...definition.overrides[0]!, prefecture: '75' }] }, { weeklyHours: 12 }).findings).toHaveLength(1);
  });

  it('refuses to publish a rule on a fact that is not a number, or against a parameter that is not a number', () => {
    expect(validateDefinition(procedure({ facts: [fact({ type: 'text' })] }))).toEqual([
      { field: 'definition.eligibility.0.fact', code: 'factNotNumber', params: { fact: 'weeklyHours' } },
    ]);
    expect(validateDefinition(procedure({ eligibility: [rule({ minimum: 'prefectureSilence' })] }))).toEqual([
      { field: 'definition.eligibility.0.minimum', code: 'parameterType', params: { name: 'prefectureSilence', kind: 'number' } },
    ]);
  });
});

describe('the date a dossier is judged on', () => {
  const dossier = (channel: 'postal' | 'anef', filedAt: string | null) => ({ channel, receivedAt: '2026-11-02', filedAt });

  it('is the filing with the prefecture when the procedure says nothing, the receipt while not filed', () => {
    expect(filingDateOf({}, dossier('postal', '2026-11-09'))).toBe('2026-11-09');
    expect(filingDateOf({}, dossier('postal', null))).toBe('2026-11-02');
  });

  it("is the office's receipt on a channel whose basis is received", () => {
    const definition = { filingDate: { anef: 'filed', default: 'received' } as const };
    expect(filingDateOf(definition, dossier('postal', '2026-11-09'))).toBe('2026-11-02');
    expect(filingDateOf(definition, dossier('anef', '2026-11-09'))).toBe('2026-11-09');
    expect(filingDateOf(definition, dossier('anef', null))).toBe('2026-11-02');
  });

  it('falls back on the default for the channels not listed', () => {
    expect(filingDateOf({ filingDate: { default: 'filed' } }, dossier('postal', '2026-11-09'))).toBe('2026-11-09');
    expect(filingDateOf({ filingDate: { postal: 'received', default: 'filed' } }, dossier('postal', '2026-11-09'))).toBe('2026-11-02');
  });

  it('judges eligibility and document ages on it', () => {
    const definition = {
      ...procedure({ facts: [], eligibility: [{ code: 'test.permit', kind: 'permit-valid-on-filing-date', source: 'text' }] }),
      filingDate: { default: 'received' as const },
    };
    const filingDate = filingDateOf(definition, { channel: 'postal', receivedAt: FILING, filedAt: '2026-12-01' });
    const report = evaluateChecklist(
      input('made-up', [doc('letter')], { dossier: { filingDate }, student: { currentPermit: { kind: 'student', validUntil: '2026-11-25' } } }, definition),
    );
    expect(report).toMatchObject({ filingDate: FILING, blocking: 0 });
  });
});
