import type { EligibilityRule, Override, ProcedureDefinition, Slot } from '../catalog/catalog.model';
import { addDays, addMonths } from '../common/dates';
import { CheckedDocument, ChecklistInput, evaluateChecklist, resolveParameters } from './checklist.engine';
import { codes, doc, FILING, input, InputChanges, slot } from './checklist.spec-support';

/**
 * The engine's edges, on a procedure made up for each of them (no shipped procedure decides
 * these tests): a fact that is not a word held against an `in` list, the day the course ends,
 * which option of a slot the report shows when none works, and an override taking effect on
 * the filing date itself.
 */

const words = (en: string) => ({ fr: en, en });
const letterSlot: Slot = {
  code: 'letter',
  names: words('Letter'),
  options: [{ code: 'letter', names: words('Letter'), items: [{ kinds: ['letter'] }] }],
  source: 'text',
};

function procedure(changes: Partial<ProcedureDefinition> = {}): ProcedureDefinition {
  return {
    code: 'made-up',
    names: words('Made-up procedure'),
    summary: words('For the tests.'),
    channel: 'postal',
    facts: [{ code: 'situation', names: words('Situation'), type: 'text' }],
    documentKinds: { letter: { names: words('Letter') } },
    slots: [letterSlot],
    eligibility: [],
    parameters: {
      proofMaxAge: { value: { months: 6 }, description: words('Proof of address age'), source: 'text' },
      complementDelayDays: { value: 30, description: words('Delay'), source: 'text' },
      complementReminderDays: { value: [7, 1], description: words('Reminders'), source: 'text' },
      prefectureSilence: { value: { months: 4 }, description: words('Silence'), source: 'text' },
    },
    overrides: [],
    fileConstraints: { default: { types: ['pdf'], maxFileBytes: 1048576, maxFilesPerDocument: 1, source: 'text' } },
    result: { description: words('Nothing'), source: 'text' },
    sources: [{ id: 'text', title: 'A public text' }],
    ...changes,
  };
}

const check = (definition: ProcedureDefinition, documents: CheckedDocument[], changes: InputChanges = {}) =>
  evaluateChecklist(input('made-up', documents, changes, definition));

describe('an `in` condition on a fact that is not a word', () => {
  // a slot asked for only in some situations: applicable, and empty, it is missing
  const situationalSlot: Slot = {
    code: 'situational',
    names: words('Situational proof'),
    when: { fact: 'situation', in: ['true', '3'] },
    options: [{ code: 'proof', names: words('Proof'), items: [{ kinds: ['proof'] }] }],
    source: 'text',
  };
  const definition = procedure({ slots: [letterSlot, situationalSlot] });
  const situational = (facts: ChecklistInput['dossier']['facts']) => slot(check(definition, [doc('letter')], { dossier: { facts } }), 'situational').state;

  it('holds for a word of the list, and not for a fact left unrecorded', () => {
    expect(situational({ situation: '3' })).toBe('missing');
    expect(situational({ situation: 'other' })).toBe('not_applicable');
    expect(situational({})).toBe('not_applicable');
  });

  it('matches a yes/no or a number fact on its written form, as the list can only hold words', () => {
    expect(situational({ situation: true })).toBe('missing');
    expect(situational({ situation: false })).toBe('not_applicable');
    expect(situational({ situation: 3 })).toBe('missing');
    expect(situational({ situation: 3.5 })).toBe('not_applicable');
    expect(situational({ situation: 30 })).toBe('not_applicable');
  });
});

describe('the permit against the end of the course', () => {
  const rule: EligibilityRule = { code: 'test.course-end', kind: 'permit-ends-before-course-end', source: 'text' };
  const definition = procedure({ eligibility: [rule] });
  const COURSE_END = addDays(FILING, 100);
  const judged = (validUntil: string, course: Partial<ChecklistInput['student']> = { expectedDefenceDate: COURSE_END }) =>
    check(definition, [doc('letter')], { student: { currentPermit: { kind: 'student', validUntil }, internshipEndDate: null, ...course } }).findings;

  it('lets a permit that ends the day before the course ends through: it does not cover the course', () => {
    expect(judged(addDays(COURSE_END, -1))).toEqual([]);
  });

  it('finds that a permit valid on the day the course ends, or the day after, outlasts the course', () => {
    expect(judged(COURSE_END)).toEqual([
      expect.objectContaining({ code: 'eligibility.permit-outlasts-course', params: { validUntil: COURSE_END, courseEnd: COURSE_END } }),
    ]);
    expect(codes(judged(addDays(COURSE_END, 1)))).toEqual(['eligibility.permit-outlasts-course']);
  });

  it('takes the later of the defence and the internship as the end, to the day', () => {
    expect(judged(COURSE_END, { expectedDefenceDate: COURSE_END, internshipEndDate: addDays(COURSE_END, 1) })).toEqual([]);
    expect(judged(COURSE_END, { expectedDefenceDate: addDays(COURSE_END, -30), internshipEndDate: COURSE_END })).toHaveLength(1);
  });
});

describe('the option shown when no option of a slot works', () => {
  const option = (code: string, kinds: string[]) => ({ code, names: words(code), items: kinds.map((kind) => ({ kinds: [kind] })) });
  const proofSlot = (...options: Slot['options']): Slot => ({ code: 'proof', names: words('Proof'), options, source: 'text' });
  const rejected = (kind: string) => doc(kind, { status: 'rejected', rejectionReason: 'illegible' });
  // a usable document scores 2 more than a received one (3 in all), a received but unusable one scores 1
  const halfBundle = option('half-bundle', ['certificate', 'transcript']);
  const unusablePair = option('unusable-pair', ['form-a', 'form-b']);
  const unusableThree = option('unusable-three', ['form-a', 'form-b', 'form-c']);
  const documents = [rejected('form-a'), rejected('form-b'), rejected('form-c'), doc('certificate')];
  const shown = (...options: Slot['options']) => slot(check(procedure({ slots: [proofSlot(...options)] }), documents), 'proof');

  it('prefers one usable document of a bundle to two received ones that cannot be used, whatever their order', () => {
    expect(shown(unusablePair, halfBundle)).toMatchObject({
      state: 'incomplete',
      option: 'half-bundle',
      findings: [expect.objectContaining({ code: 'bundle.incomplete', params: { slot: 'proof', missingKinds: ['transcript'] } })],
    });
    expect(shown(halfBundle, unusablePair)).toMatchObject({ state: 'incomplete', option: 'half-bundle' });
  });

  it('weighs three received documents that cannot be used as one usable one, the catalog order then deciding', () => {
    expect(shown(unusableThree, halfBundle)).toMatchObject({ state: 'rejected', option: 'unusable-three' });
    expect(codes(shown(unusableThree, halfBundle).findings)).toEqual(['document.rejected', 'document.rejected', 'document.rejected']);
    expect(shown(halfBundle, unusableThree)).toMatchObject({ state: 'incomplete', option: 'half-bundle' });
  });
});

describe('a prefecture override on the filing date itself', () => {
  const proofSlot: Slot = {
    code: 'proof-of-address',
    names: words('Proof of address'),
    options: [{ code: 'bill', names: words('Bill'), items: [{ kinds: ['bill'], maxAge: { parameter: 'proofMaxAge' } }] }],
    source: 'text',
  };
  const override = (effectiveFrom: string): Override => ({
    prefecture: '35',
    effectiveFrom,
    parameters: { proofMaxAge: { value: { months: 3 }, source: 'text' } },
  });
  const withOverride = (effectiveFrom: string) =>
    procedure({ slots: [proofSlot], documentKinds: { bill: { names: words('Bill') } }, overrides: [override(effectiveFrom)] });
  // 4 months old: good under the procedure's 6 months, too old under the prefecture's 3
  const bill = () => [doc('bill', { issuedOn: addMonths(FILING, -4) })];

  it('applies from the day it takes effect: a dossier filed that day is judged by it', () => {
    expect(resolveParameters(withOverride(FILING), '35', FILING).proofMaxAge).toEqual({
      value: { months: 3 },
      source: 'text',
      override: { prefecture: '35', effectiveFrom: FILING },
    });
    expect(codes(check(withOverride(FILING), bill()).findings)).toEqual(['document.too-old']);
    expect(codes(check(withOverride(addDays(FILING, -1)), bill()).findings)).toEqual(['document.too-old']);
  });

  it('does not apply to a dossier filed the day before it takes effect', () => {
    expect(resolveParameters(withOverride(addDays(FILING, 1)), '35', FILING).proofMaxAge).toEqual({ value: { months: 6 }, source: 'text', override: null });
    expect(check(withOverride(addDays(FILING, 1)), bill()).findings).toEqual([]);
  });
});
