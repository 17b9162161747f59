import { addDays } from '../common/dates';
import { blocking, codes, doc, FILING, loadCatalog, rece, receDocuments, replace, slot, without } from './checklist.spec-support';

/**
 * Who may file a RECE (seed 000), as shipped: the permit, the nationality, the level and year of
 * studies, the member institution; the readers' questions of seed 001.
 */

beforeAll(loadCatalog);

describe('RECE (seed 000: CMI 2-step by post)', () => {
  describe('eligibility', () => {
    it('refuses a permit that expired before the filing date (seed 001: "APS can\'t be applied once the student visa is expired")', () => {
      const report = rece(receDocuments(), { student: { currentPermit: { kind: 'student', validUntil: addDays(FILING, -1) } } });
      expect(codes(report.findings)).toEqual(['eligibility.permit-expired']);
      expect(report.findings[0]).toMatchObject({
        rule: 'rece.permit-valid',
        source: expect.objectContaining({ id: 'sp-f17319', url: 'https://www.service-public.fr/particuliers/vosdroits/F17319' }),
      });
    });

    it('accepts filing on the last day of validity of the permit (seed 001)', () => {
      expect(rece(receDocuments(), { student: { currentPermit: { kind: 'student', validUntil: FILING } } }).findings).toEqual([]);
    });

    it('needs a current permit on the student record', () => {
      expect(codes(rece(receDocuments(), { student: { currentPermit: null } }).findings)).toEqual(['eligibility.no-permit']);
    });

    it('wants a student permit, or the extension attestation of seed 000 case 2', () => {
      expect(codes(rece(receDocuments(), { student: { currentPermit: { kind: 'talent_researcher', validUntil: '2027-06-01' } } }).findings)).toEqual([
        'eligibility.permit-kind',
      ]);
      expect(rece(receDocuments(), { student: { currentPermit: { kind: 'extension_attestation', validUntil: '2027-01-15' } } }).findings).toEqual([]);
    });

    it('excludes Algerian nationals (bilateral agreement)', () => {
      const report = rece(receDocuments(), { student: { nationality: 'DZ' } });
      expect(report.findings).toEqual([expect.objectContaining({ code: 'eligibility.nationality-excluded', severity: 'blocking', rule: 'rece.algeria' })]);
      expect(report.findings[0]!.message.fr).toContain('accord franco-algérien');
    });

    it('warns, without blocking, for nationalities with a special agreement (seed 001)', () => {
      const report = rece(receDocuments(), { student: { nationality: 'SN' } });
      expect(report.findings).toEqual([expect.objectContaining({ code: 'eligibility.nationality-notice', severity: 'warning' })]);
      expect(report.blocking).toBe(0);
    });

    it('refuses a first-year master student (final year only)', () => {
      const report = rece(receDocuments(), { student: { level: 'm1' } });
      expect(report.findings).toEqual([expect.objectContaining({ code: 'eligibility.study-level', rule: 'rece.final-year', severity: 'blocking' })]);
      expect(report.findings[0]!.message.en).toContain('registered in their final year');
    });

    it('keeps the 2-step channel to registered final-year students: not doctoral students (seed 000)', () => {
      expect(rece(receDocuments(), { student: { level: 'doctorate' } }).findings).toEqual([
        expect.objectContaining({ rule: 'rece.final-year', severity: 'blocking' }),
      ]);
    });

    it('accepts the last year of an engineering cycle as the M2', () => {
      expect(rece(receDocuments(), { student: { level: 'engineering_final_year' } }).findings).toEqual([]);
    });

    it.each(['mastere_specialise', 'msc'] as const)(
      'accepts a %s, asking to check its label on the list of equivalents (seed 001: a diploma not on the recognised list)',
      (level) => {
        const report = rece(receDocuments(), { student: { level } });
        expect(report.findings).toEqual([expect.objectContaining({ code: 'eligibility.study-level', rule: 'rece.diploma-on-list', severity: 'warning' })]);
        expect(report.findings[0]!.message.en).toContain('Conférence des grandes écoles');
        expect(report.blocking).toBe(0);
      },
    );

    it.each(['preparatory', 'l1', 'l2', 'l3', 'licence_pro', 'bachelor', 'engineering_1', 'engineering_2', 'du', 'other'] as const)(
      'refuses a student registered in %s: the 2-step channel is for final-year master-level students (seed 000)',
      (level) => {
        const report = rece(receDocuments(), { student: { level } });
        expect(blocking(report.findings)).toEqual([
          expect.objectContaining({
            code: 'eligibility.study-level',
            rule: 'rece.final-year',
            params: { level, allowed: ['m2', 'engineering_final_year', 'mastere_specialise', 'msc'] },
          }),
        ]);
        expect(report.warnings).toBe(0);
      },
    );

    it('wants the enrolment of the current academic year (seed 001: an application a year late was refused)', () => {
      const report = rece(receDocuments(), { student: { academicYear: '2024-2025' } });
      expect(report.findings).toEqual([expect.objectContaining({ code: 'eligibility.academic-year' })]);
      expect(report.findings[0]!.message.en).toBe('Enrolled for 2024-2025: the enrolment must be for the current year (2026-2027 / 2025-2026).');
    });

    it("still counts last year's enrolment until the end of December, after the defences, and not after", () => {
      const lastYear = { academicYear: '2025-2026', currentPermit: { kind: 'student' as const, validUntil: '2027-02-28' } };
      expect(rece(receDocuments(), { dossier: { filingDate: '2026-12-31', facts: { housing: 'tenant' } }, student: lastYear }).blocking).toBe(0);
      expect(codes(rece(receDocuments(), { dossier: { filingDate: '2027-01-02', facts: { housing: 'tenant' } }, student: lastYear }).findings)).toContain(
        'eligibility.academic-year',
      );
    });

    it('only serves students of member institutions', () => {
      expect(codes(rece(receDocuments(), { student: { institutionMember: false } }).findings)).toEqual(['eligibility.not-member-institution']);
    });

    it('judges a student who left France and came back on the permit alone: valid on the filing date or not (seed 001)', () => {
      const returned = (filingDate: string) =>
        rece(receDocuments(), {
          dossier: { filingDate, facts: { housing: 'tenant' } },
          student: { currentPermit: { kind: 'student', validUntil: '2026-09-30' }, academicYear: '2025-2026' },
        });
      expect(returned('2026-09-29').blocking).toBe(0);
      expect(codes(blocking(returned('2026-10-01').findings))).toEqual(['eligibility.permit-expired']);
    });

    it('takes the certificate of success alone when the transcripts have not arrived (seed 001: a student on a CDD), unlike the researcher card', () => {
      const documents = replace(receDocuments(), 'success-certificate', doc('success-certificate'));
      expect(rece(documents).findings).toEqual([]);
      expect(slot(rece(documents), 'diploma').option).toBe('success-certificate');
    });

    it('adds up several faults, each once', () => {
      const report = rece(without(receDocuments(), 'cerpr'), { student: { nationality: 'DZ', institutionMember: false } });
      expect(codes(report.findings)).toEqual(['document.missing', 'eligibility.nationality-excluded', 'eligibility.not-member-institution']);
    });
  });
});
