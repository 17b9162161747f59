import { addDays } from '../common/dates';
import { formatEuros } from '../common/people-format';
import { CheckedDocument, evaluateChecklist, FactValue, resolveParameters } from './checklist.engine';
import { catalog, codes, doc, FILING, input, InputChanges, loadCatalog, replace, slot, without } from './checklist.spec-support';

/**
 * The change of status to employee on ANEF (prisma/catalog/employee-change-of-status.v1.yaml):
 * from a student permit or the RECE card, a job paid at least 1.5 × SMIC (Code du travail
 * D. 5221-21-1: 2 734,55 € gross a month from 1 January 2026), the work authorisation the
 * employer obtained, a master-level diploma.
 */

beforeAll(loadCatalog);

const FACTS = { housing: 'tenant', grossMonthlySalaryEur: 3000, contractType: 'permanent' };

/** A graduate's change of status as it should be filed: hired on a permanent contract, the permit valid 200 more days. */
const documents = (): CheckedDocument[] => [
  doc('passport', { attributes: { allPages: true, validUntil: '2030-01-01' } }),
  doc('residence-permit', { attributes: { validUntil: addDays(FILING, 200) } }),
  doc('electricity-bill', { issuedOn: addDays(FILING, -30) }),
  doc('e-photo', { attributes: { ePhotoCode: '1PMTVR13' } }),
  doc('work-contract', { attributes: { signed: true } }),
  doc('work-authorisation'),
  doc('diploma'),
  doc('cerpr', { attributes: { signed: true } }),
];

function changeOfStatus(docs = documents(), facts: Record<string, FactValue> = {}, changes: InputChanges = {}, procedureCase: string | null = 'from-student') {
  return evaluateChecklist(
    input('employee-change-of-status', docs, {
      ...changes,
      dossier: { procedureCase, facts: { ...FACTS, ...facts }, ...changes.dossier },
      student: { level: 'm2', currentPermit: { kind: 'student', validUntil: addDays(FILING, 200) }, ...changes.student },
    }),
  );
}
const holding = (kind: 'student' | 'rece' | 'receipt', days = 200) => ({ student: { currentPermit: { kind, validUntil: addDays(FILING, days) } } });

describe('change of status to employee on ANEF', () => {
  it('finds nothing wrong with a complete change of status from a student permit', () => {
    expect(changeOfStatus().findings).toEqual([]);
  });

  it('does not judge a change of status by the renewal window: it can be filed months before the permit expires', () => {
    expect(changeOfStatus(documents(), {}, holding('student', 300)).findings).toEqual([]);
  });

  it('wants to know whether the student comes from a student permit or the RECE card', () => {
    expect(codes(changeOfStatus(documents(), {}, {}, null).findings)).toEqual(['facts.case-missing']);
  });

  describe('a gross monthly salary of at least 1.5 × SMIC', () => {
    it('holds the threshold of 1 January 2026, with its source', () => {
      expect(resolveParameters(catalog['employee-change-of-status']!, '35', FILING).minimumGrossMonthlySalaryEur).toEqual({
        value: 2734.55,
        source: 'ctrav-d5221-21-1',
        override: null,
      });
      expect(Math.round(1.5 * 1823.03 * 100) / 100).toBe(2734.55);
    });

    it('blocks a salary below the threshold, with the values as parameters and the rule of the catalog as message', () => {
      const report = changeOfStatus(documents(), { grossMonthlySalaryEur: 2700 });
      expect(report.findings).toEqual([
        expect.objectContaining({
          code: 'eligibility.below-minimum',
          severity: 'blocking',
          rule: 'employee.salary',
          params: { fact: 'grossMonthlySalaryEur', value: 2700, minimum: 2734.55 },
        }),
      ]);
      expect(report.findings[0]!.message.en).toContain('below 1.5 times the SMIC');
      expect(report.findings[0]!.source).toMatchObject({ id: 'ctrav-d5221-21-1', article: 'Code du travail, art. D. 5221-21-1' });
    });

    it('accepts the threshold itself', () => {
      expect(changeOfStatus(documents(), { grossMonthlySalaryEur: 2734.55 }).findings).toEqual([]);
    });

    it('asks for the salary when it is not recorded', () => {
      expect(changeOfStatus(documents(), { grossMonthlySalaryEur: '' }).findings).toEqual([
        expect.objectContaining({ code: 'facts.missing', fact: 'grossMonthlySalaryEur' }),
      ]);
    });

    it('writes the amounts in euros where the rule has no message of its own', () => {
      const definition = structuredClone(catalog['employee-change-of-status']!);
      delete definition.eligibility.find((r) => r.code === 'employee.salary')!.message;
      const report = evaluateChecklist(
        input(
          'employee-change-of-status',
          documents(),
          { dossier: { procedureCase: 'from-student', facts: { ...FACTS, grossMonthlySalaryEur: 2500 } } },
          definition,
        ),
      );
      expect(report.findings[0]!.message.fr).toBe(
        `Salaire mensuel brut prévu au contrat : ${formatEuros(2500, 'fr')}, en dessous du minimum requis (${formatEuros(2734.55, 'fr')}).`,
      );
    });
  });

  describe('the permit held', () => {
    it('takes the RECE card in the RECE case, and refuses it in the student case', () => {
      expect(changeOfStatus(documents(), {}, holding('rece'), 'from-rece').findings).toEqual([]);
      expect(codes(changeOfStatus(documents(), {}, holding('rece'), 'from-student').findings)).toEqual(['eligibility.permit-kind']);
    });

    it('refuses a student permit in the RECE case', () => {
      expect(changeOfStatus(documents(), {}, holding('student'), 'from-rece').findings).toEqual([
        expect.objectContaining({
          code: 'eligibility.permit-kind',
          rule: 'employee.rece-permit',
          params: { permitKind: 'student', allowed: ['rece', 'receipt'] },
        }),
      ]);
    });

    it('wants the permit still valid on the filing date', () => {
      const report = changeOfStatus(
        replace(documents(), 'residence-permit', doc('residence-permit', { attributes: { validUntil: addDays(FILING, -1) } })),
        {},
        holding('student', -1),
      );
      expect(codes(report.findings)).toEqual(['document.expired', 'eligibility.permit-expired']);
    });
  });

  describe('the job', () => {
    it('takes a signed promise of employment in place of the contract', () => {
      const report = changeOfStatus(replace(documents(), 'work-contract', doc('employment-promise', { attributes: { signed: true } })));
      expect(report.findings).toEqual([]);
      expect(slot(report, 'work-contract').option).toBe('promise');
    });

    it('refuses an unsigned contract', () => {
      expect(changeOfStatus(replace(documents(), 'work-contract', doc('work-contract'))).findings).toEqual([
        expect.objectContaining({ code: 'document.unsigned', params: { kind: 'work-contract', recorded: false } }),
      ]);
    });

    it('wants the work authorisation the employer obtained', () => {
      expect(changeOfStatus(without(documents(), 'work-authorisation')).findings).toEqual([
        expect.objectContaining({ code: 'document.missing', slot: 'work-authorisation' }),
      ]);
    });

    it('asks the type of contract', () => {
      expect(changeOfStatus(documents(), { contractType: '' }).findings).toEqual([expect.objectContaining({ code: 'facts.missing', fact: 'contractType' })]);
    });
  });

  describe('the diploma', () => {
    it('takes the certificate of success while the diploma is not issued', () => {
      expect(changeOfStatus(replace(documents(), 'diploma', doc('success-certificate'))).findings).toEqual([]);
    });

    it('asks to check the diploma of a student recorded below master level, without blocking, and not for a RECE holder', () => {
      const student = changeOfStatus(documents(), {}, { student: { level: 'l3' } });
      expect(student.findings).toEqual([expect.objectContaining({ code: 'eligibility.study-level', severity: 'warning', rule: 'employee.master-level' })]);
      expect(student.blocking).toBe(0);
      expect(
        changeOfStatus(documents(), {}, { student: { level: 'l3', currentPermit: { kind: 'rece', validUntil: addDays(FILING, 200) } } }, 'from-rece').findings,
      ).toEqual([]);
    });
  });

  it('checks the passport, the e-photo and the CERPR like every ANEF procedure', () => {
    expect(
      codes(changeOfStatus(replace(documents(), 'passport', doc('passport', { attributes: { allPages: true, validUntil: '2026-01-01' } }))).findings),
    ).toEqual(['document.expired']);
    expect(codes(changeOfStatus(replace(documents(), 'e-photo', doc('e-photo'))).findings)).toEqual(['document.ephoto-missing']);
    expect(codes(changeOfStatus(without(documents(), 'cerpr')).findings)).toEqual(['document.missing']);
  });

  it('keeps the 15-day advice after the contract as an office policy parameter', () => {
    expect(resolveParameters(catalog['employee-change-of-status']!, '35', FILING).changeOfStatusDays).toEqual({
      value: 15,
      source: 'office-policy',
      override: null,
    });
  });
});
