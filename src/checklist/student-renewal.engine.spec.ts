import { addDays, addMonths } from '../common/dates';
import { formatEuros } from '../common/people-format';
import { CheckedDocument, evaluateChecklist, FactValue, resolveParameters } from './checklist.engine';
import { blocking, catalog, codes, doc, FILING, input, InputChanges, loadCatalog, replace, slot, without } from './checklist.spec-support';

/**
 * The ordinary renewal of a student permit on ANEF (prisma/catalog/student-renewal.v1.yaml), on
 * the rules of service-public F17279 (resources of at least 615 € a month, enrolment for the
 * coming year, progress of studies) and CESEDA R. 431-5 / L. 436-5 (120-60 days, 180 €).
 */

beforeAll(loadCatalog);

const FACTS = { housing: 'tenant', monthlyResourcesEur: 700, resourcesOrigin: 'own-funds', courseChange: false };

/** A renewal as it should be filed: a tenant living on their own funds, 90 days before the permit expires. */
const documents = (): CheckedDocument[] => [
  doc('passport', { attributes: { allPages: true, validUntil: '2030-01-01' } }),
  doc('residence-permit', { attributes: { validUntil: addDays(FILING, 90) } }),
  doc('electricity-bill', { issuedOn: addDays(FILING, -30) }),
  doc('e-photo', { attributes: { ePhotoCode: '1PMTVR13' } }),
  doc('enrolment-certificate'),
  doc('bank-statement', { issuedOn: addDays(FILING, -10) }),
  doc('transcript'),
  doc('cerpr', { attributes: { signed: true } }),
];

function renewal(docs = documents(), facts: Record<string, FactValue> = {}, changes: InputChanges = {}) {
  return evaluateChecklist(input('student-renewal', docs, { ...changes, dossier: { facts: { ...FACTS, ...facts }, ...changes.dossier } }));
}
const expiresIn = (days: number) => ({ student: { currentPermit: { kind: 'student' as const, validUntil: addDays(FILING, days) } } });

describe('student permit renewal on ANEF (service-public F17279)', () => {
  it('finds nothing wrong with a complete renewal filed 90 days before expiry', () => {
    const report = renewal();
    expect(report.findings).toEqual([]);
    expect(slot(report, 'course-change-letter').state).toBe('not_applicable');
  });

  it('is judged on the day it is filed on ANEF', () => {
    expect(catalog['student-renewal']!.filingDate).toEqual({ default: 'filed' });
  });

  describe('resources of at least 615 € a month', () => {
    it('blocks resources below the minimum, with the amounts written in euros', () => {
      const report = renewal(documents(), { monthlyResourcesEur: 600 });
      expect(report.findings).toEqual([
        expect.objectContaining({
          code: 'eligibility.below-minimum',
          severity: 'blocking',
          rule: 'renewal.resources',
          fact: 'monthlyResourcesEur',
          params: { fact: 'monthlyResourcesEur', value: 600, minimum: 615 },
        }),
      ]);
      expect(report.findings[0]!.message.en).toBe('Monthly resources shown: €600, below the required minimum (€615).');
      expect(report.findings[0]!.message.fr).toBe(
        `Ressources mensuelles justifiées : ${formatEuros(600, 'fr')}, en dessous du minimum requis (${formatEuros(615, 'fr')}).`,
      );
    });

    it('accepts exactly 615 €', () => {
      expect(renewal(documents(), { monthlyResourcesEur: 615 }).findings).toEqual([]);
    });

    it('asks for the amount once when it is not recorded', () => {
      const report = renewal(documents(), { monthlyResourcesEur: '' });
      expect(report.findings).toEqual([expect.objectContaining({ code: 'facts.missing', fact: 'monthlyResourcesEur' })]);
    });

    it('takes the minimum from its source', () => {
      expect(resolveParameters(catalog['student-renewal']!, '35', FILING).minimumMonthlyResourcesEur).toEqual({
        value: 615,
        source: 'sp-f17279',
        override: null,
      });
    });
  });

  describe('proof of resources, by where they come from', () => {
    it('wants a recent bank attestation from a student living on own funds (3 months at most, the office policy)', () => {
      const old = renewal(replace(documents(), 'bank-statement', doc('bank-statement', { issuedOn: addMonths(FILING, -4) })));
      expect(codes(old.findings)).toEqual(['document.too-old']);
      expect(old.findings[0]!.params).toEqual({ kind: 'bank-statement', issuedOn: addMonths(FILING, -4), oldest: addMonths(FILING, -3) });
    });

    it('takes a scholarship certificate from a scholarship holder, and not a bank attestation', () => {
      expect(renewal(replace(documents(), 'bank-statement', doc('scholarship-attestation')), { resourcesOrigin: 'scholarship' }).findings).toEqual([]);
      expect(renewal(documents(), { resourcesOrigin: 'scholarship' }).findings).toEqual([
        expect.objectContaining({ code: 'document.missing', slot: 'resources' }),
      ]);
    });

    it('wants the last 3 payslips and the signed work contract from a working student', () => {
      const facts = { resourcesOrigin: 'employment' };
      const payslips = (n: number) => Array.from({ length: n }, () => doc('payslip', { issuedOn: addDays(FILING, -15) }));
      expect(
        renewal([...without(documents(), 'bank-statement'), ...payslips(3), doc('work-contract', { attributes: { signed: true } })], facts).findings,
      ).toEqual([]);
      const two = renewal([...without(documents(), 'bank-statement'), ...payslips(2), doc('work-contract', { attributes: { signed: true } })], facts);
      expect(two.findings).toEqual([expect.objectContaining({ code: 'document.count', params: { kind: 'payslip', got: 2, needed: 3 } })]);
      const unsigned = renewal([...without(documents(), 'bank-statement'), ...payslips(3), doc('work-contract')], facts);
      expect(codes(unsigned.findings)).toEqual(['document.unsigned']);
    });

    it("wants the guarantor's signed and dated attestation, ID and proof of income together", () => {
      const facts = { resourcesOrigin: 'guarantor' };
      const attestation = doc('guarantor-attestation', { attributes: { signed: true, dated: true } });
      expect(renewal([...without(documents(), 'bank-statement'), attestation, doc('guarantor-identity'), doc('guarantor-income')], facts).findings).toEqual([]);
      const partial = renewal([...without(documents(), 'bank-statement'), attestation, doc('guarantor-identity')], facts);
      expect(partial.findings).toEqual([
        expect.objectContaining({ code: 'bundle.incomplete', slot: 'resources', params: { slot: 'resources', missingKinds: ['guarantor-income'] } }),
      ]);
    });

    it('asks where the resources come from, taking any proof meanwhile', () => {
      const report = renewal(documents(), { resourcesOrigin: '' });
      expect(report.findings).toEqual([expect.objectContaining({ code: 'facts.missing', fact: 'resourcesOrigin' })]);
      expect(slot(report, 'resources')).toMatchObject({ state: 'satisfied', option: 'own-funds' });
    });
  });

  describe('enrolment and progress of studies', () => {
    it('takes a pre-enrolment certificate while enrolment is not open', () => {
      const report = renewal(replace(documents(), 'enrolment-certificate', doc('pre-enrolment-certificate')));
      expect(report.findings).toEqual([]);
      expect(slot(report, 'enrolment').option).toBe('pre-enrolment');
    });

    it('does not take the student card for the enrolment certificate', () => {
      const report = renewal(replace(documents(), 'enrolment-certificate', doc('student-card')));
      expect(report.findings).toEqual([
        expect.objectContaining({ code: 'alternative.unmet', slot: 'enrolment', params: { slot: 'enrolment', options: ['enrolment', 'pre-enrolment'] } }),
      ]);
    });

    it('wants the transcripts', () => {
      expect(renewal(without(documents(), 'transcript')).findings).toEqual([expect.objectContaining({ code: 'document.missing', slot: 'studies-progress' })]);
    });

    it('asks for a letter explaining a change of course or a repeated year', () => {
      expect(renewal(documents(), { courseChange: true }).findings).toEqual([
        expect.objectContaining({ code: 'document.missing', slot: 'course-change-letter' }),
      ]);
      expect(renewal([...documents(), doc('explanation-letter')], { courseChange: true }).findings).toEqual([]);
    });
  });

  describe('the filing window (CESEDA R. 431-5) and the permit', () => {
    it('is too early more than 120 days before the permit expires', () => {
      expect(codes(renewal(documents(), {}, expiresIn(121)).findings)).toEqual(['filing.too-early']);
    });

    it('warns of the 180 € regularisation fee less than 60 days before, without blocking', () => {
      const report = renewal(documents(), {}, expiresIn(45));
      expect(report.findings).toEqual([
        expect.objectContaining({ code: 'filing.late', severity: 'warning', params: expect.objectContaining({ lateTaxEur: 180, closesDaysBefore: 60 }) }),
      ]);
      expect(report.blocking).toBe(0);
    });

    it('is too late once the permit has expired', () => {
      expect(codes(blocking(renewal(documents(), {}, expiresIn(-3)).findings))).toEqual(['filing.too-late']);
    });

    it('wants a student permit, and one on the record', () => {
      expect(codes(renewal(documents(), {}, { student: { currentPermit: { kind: 'rece', validUntil: addDays(FILING, 90) } } }).findings)).toEqual([
        'eligibility.permit-kind',
      ]);
      expect(codes(renewal(documents(), {}, { student: { currentPermit: null } }).findings)).toEqual(['eligibility.no-permit']);
    });

    it('sends Algerian nationals to their own procedure (Franco-Algerian agreement)', () => {
      const report = renewal(documents(), {}, { student: { nationality: 'DZ' } });
      expect(report.findings).toEqual([
        expect.objectContaining({ code: 'eligibility.nationality-excluded', severity: 'blocking', params: { nationality: 'DZ' } }),
      ]);
    });
  });

  it('checks the e-photo code and the signed CERPR, like every ANEF procedure', () => {
    expect(codes(renewal(replace(documents(), 'e-photo', doc('e-photo', { attributes: { ePhotoCode: 'ABC' } }))).findings)).toEqual([
      'document.ephoto-invalid',
    ]);
    expect(codes(renewal(replace(documents(), 'cerpr', doc('cerpr'))).findings)).toEqual(['document.unsigned']);
  });

  it('asks a hosted student for the host bundle', () => {
    const report = renewal(replace(documents(), 'electricity-bill', doc('host-attestation', { attributes: { signed: true, dated: true } })), {
      housing: 'hosted',
      hostIdAddressOutdated: false,
    });
    expect(report.findings).toEqual([
      expect.objectContaining({ code: 'bundle.incomplete', slot: 'proof-of-address', params: { slot: 'proof-of-address', missingKinds: ['host-identity'] } }),
    ]);
  });
});
