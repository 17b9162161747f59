import { addDays, addMonths } from '../common/dates';
import { formatDay, formatEuros } from '../common/people-format';
import { CheckedDocument, ChecklistInput, evaluateChecklist, resolveParameters, subtractDuration } from './checklist.engine';
import { catalog, codes, doc, FILING, input, loadCatalog, replace, slot, without } from './checklist.spec-support';

/**
 * The engine against the catalog as shipped (prisma/catalog, the latest version of each
 * procedure), on situations from the seeds: the student permit extension (seed 000 case 2), the
 * ANEF researcher tutorial (seed 004), and the durations every procedure counts. The RECE:
 * checklist.rece.spec.ts, checklist.rece-address.spec.ts, checklist.rece-eligibility.spec.ts;
 * finding parameters and the filing date: checklist.params.spec.ts; the new procedures:
 * student-renewal.engine.spec.ts, employee-change-of-status.engine.spec.ts.
 */

beforeAll(loadCatalog);

describe('student permit extension pending the defence (seed 000 case 2)', () => {
  const documents = () => [doc('student-card'), doc('course-extension-certificate'), doc('prefecture-message')];
  const expiresIn = (days: number) => ({ currentPermit: { kind: 'student' as const, validUntil: addDays(FILING, days) } });
  const extension = (docs = documents(), student: Partial<ChecklistInput['student']> = expiresIn(90)) =>
    evaluateChecklist(input('student-extension', docs, { student }));

  it('finds nothing wrong when filed 90 days before expiry with the defence after it', () => {
    expect(extension().findings).toEqual([]);
  });

  it('is too early more than 120 days before the permit expires', () => {
    const report = extension(documents(), expiresIn(150));
    expect(report.findings).toEqual([expect.objectContaining({ code: 'filing.too-early', severity: 'blocking' })]);
    expect(report.findings[0]!.message.en).toBe(`Too early: filing opens on ${formatDay(addDays(FILING, 30), 'en')} (120 days before the permit expires).`);
    expect(report.findings[0]!.message.fr).toBe("Trop tôt : le dépôt est possible à partir du 23 décembre 2026 (120 jours avant l'expiration du titre).");
  });

  it.each([120, 60])('accepts filing exactly %i days before expiry', (days) => {
    expect(extension(documents(), expiresIn(days)).findings).toEqual([]);
  });

  it('warns of the 180 € regularisation tax when filed less than 60 days before expiry', () => {
    const report = extension(documents(), expiresIn(59));
    expect(report.findings).toEqual([expect.objectContaining({ code: 'filing.late', severity: 'warning' })]);
    expect(report.findings[0]!.message.en).toBe('Late filing: it was due on 22 November 2026 at the latest; a €180 regularisation fee is due.');
    expect(report.findings[0]!.message.fr).toBe(
      `Dépôt tardif : il fallait déposer au plus tard le 22 novembre 2026 ; un droit de visa de régularisation de ${formatEuros(180, 'fr')} est dû.`,
    );
    expect(report.blocking).toBe(0);
  });

  it('is too late once the permit has expired', () => {
    expect(codes(extension(documents(), expiresIn(-1)).findings)).toEqual(['filing.too-late']);
  });

  it('needs no extension when the permit lasts past the defence', () => {
    const report = extension(documents(), { ...expiresIn(90), expectedDefenceDate: addDays(FILING, 60) });
    expect(codes(report.findings)).toEqual(['eligibility.permit-outlasts-course']);
  });

  it('judges by the later of the defence and the end of the internship', () => {
    const report = extension(documents(), { ...expiresIn(90), expectedDefenceDate: addDays(FILING, 60), internshipEndDate: addDays(FILING, 100) });
    expect(report.findings).toEqual([]);
  });

  it('needs the permit on the student record', () => {
    expect(codes(extension(documents(), { currentPermit: null }).findings)).toEqual(['eligibility.no-permit']);
  });

  it('needs the defence or internship end date', () => {
    expect(codes(extension(documents(), { ...expiresIn(90), expectedDefenceDate: null, internshipEndDate: null }).findings)).toEqual([
      'eligibility.course-end-unknown',
    ]);
  });

  it('points to a RECE dossier when the certificate of success is already there', () => {
    const report = extension([...documents(), doc('success-certificate')]);
    expect(report.findings).toEqual([
      expect.objectContaining({ code: 'eligibility.document-present', severity: 'warning', rule: 'extension.no-certificate-yet' }),
    ]);
    expect(report.findings[0]!.message.en).toContain('RECE');
  });

  it('asks for the course extension certificate', () => {
    expect(extension(without(documents(), 'course-extension-certificate')).findings).toEqual([
      expect.objectContaining({ code: 'document.missing', slot: 'course-extension-certificate' }),
    ]);
  });
});

describe('talent – researcher on ANEF (seed 004)', () => {
  const facts = {
    housing: 'tenant',
    diplomaTitle: "Diplôme d'ingénieur",
    diplomaIssuedOn: '2023-09-30',
    diplomaInstitution: 'ENSIMAG',
    hostOrganisation: 'Université Paris-Saclay',
    euMobilityProgramme: false,
    linkNature: 'Contrat doctoral',
  };
  const documents = () => [
    doc('passport', { attributes: { allPages: true, validUntil: '2031-01-01' } }),
    doc('residence-permit', { attributes: { validUntil: addDays(FILING, 90) } }),
    doc('internet-bill', { issuedOn: addMonths(FILING, -5) }),
    doc('e-photo', { attributes: { ePhotoCode: '1PMTVR13' } }),
    doc('hosting-agreement', { attributes: { signed: true } }),
    doc('diploma'),
    doc('cerpr', { attributes: { signed: true } }),
  ];
  const researcher = (
    procedureCase: string | null,
    docs = documents(),
    student: Partial<ChecklistInput['student']> = { level: 'doctorate', currentPermit: { kind: 'talent_researcher', validUntil: addDays(FILING, 90) } },
    extraFacts: Record<string, string | boolean> = {},
  ) => evaluateChecklist(input('talent-researcher', docs, { dossier: { procedureCase, facts: { ...facts, ...extraFacts } }, student }));

  it('finds nothing wrong with a complete renewal', () => {
    expect(researcher('renewal').findings).toEqual([]);
  });

  it('wants to know which of the four cases the application is', () => {
    expect(codes(researcher(null).findings)).toEqual(['facts.case-missing']);
  });

  it.each([
    ['a 7-character code', '1PMTV13', 'document.ephoto-invalid'],
    ['lower case', '1pmtvr13', 'document.ephoto-invalid'],
    ['a code with a dash', '1PMT-R13', 'document.ephoto-invalid'],
  ])('refuses an e-photo code with %s', (_label, code, finding) => {
    const report = researcher('renewal', replace(documents(), 'e-photo', doc('e-photo', { attributes: { ePhotoCode: code } })));
    expect(codes(report.findings)).toEqual([finding]);
  });

  it('asks for the e-photo code when none is recorded', () => {
    expect(codes(researcher('renewal', replace(documents(), 'e-photo', doc('e-photo'))).findings)).toEqual(['document.ephoto-missing']);
  });

  it('takes the certificate of success with the transcript when the diploma is not issued yet', () => {
    const report = researcher('renewal', replace(documents(), 'diploma', doc('success-certificate'), doc('transcript')));
    expect(report.findings).toEqual([]);
    expect(slot(report, 'diploma').option).toBe('certificate-and-transcript');
  });

  it('asks for the transcript that goes with the certificate of success', () => {
    const report = researcher('renewal', replace(documents(), 'diploma', doc('success-certificate')));
    expect(report.findings).toEqual([expect.objectContaining({ code: 'bundle.incomplete', slot: 'diploma' })]);
    expect(report.findings[0]!.message.en).toBe("Last diploma obtained (at least master's) incomplete: missing Transcript.");
  });

  it('refuses an unsigned hosting agreement', () => {
    expect(codes(researcher('renewal', replace(documents(), 'hosting-agreement', doc('hosting-agreement'))).findings)).toEqual(['document.unsigned']);
  });

  it('asks the reason-for-stay fields of the ANEF form', () => {
    const report = evaluateChecklist(
      input('talent-researcher', documents(), {
        dossier: { procedureCase: 'renewal', facts: { housing: 'tenant' } },
        student: { level: 'doctorate', currentPermit: { kind: 'talent_researcher', validUntil: addDays(FILING, 90) } },
      }),
    );
    expect(
      report.findings
        .filter((f) => f.code === 'facts.missing')
        .map((f) => f.fact)
        .sort(),
    ).toEqual(['diplomaInstitution', 'diplomaIssuedOn', 'diplomaTitle', 'euMobilityProgramme', 'hostOrganisation', 'linkNature']);
  });

  describe('renewal after an involuntary loss of employment', () => {
    const jobLoss = (docs: CheckedDocument[]) =>
      researcher(
        'renewal-after-job-loss',
        docs,
        { level: 'doctorate', currentPermit: { kind: 'talent_researcher', validUntil: addDays(FILING, 90) } },
        { hostOrganisation: '', linkNature: '' },
      );

    it('replaces the hosting agreement by the France Travail attestation and situation notice', () => {
      const report = jobLoss([...without(documents(), 'hosting-agreement'), doc('employment-termination-attestation'), doc('france-travail-situation-notice')]);
      expect(report.findings).toEqual([]);
      expect(slot(report, 'hosting-agreement').state).toBe('not_applicable');
    });

    it('reports the missing situation notice', () => {
      const report = jobLoss([...without(documents(), 'hosting-agreement'), doc('employment-termination-attestation')]);
      expect(report.findings).toEqual([expect.objectContaining({ code: 'bundle.incomplete', slot: 'job-loss-evidence' })]);
    });
  });

  it('accepts a change of status from a student permit, and refuses a student permit for a renewal', () => {
    const student = { level: 'doctorate' as const, currentPermit: { kind: 'student' as const, validUntil: addDays(FILING, 90) } };
    expect(researcher('change-of-status', documents(), student).findings).toEqual([]);
    expect(codes(researcher('renewal', documents(), student).findings)).toEqual(['eligibility.permit-kind']);
  });

  it('checks the filing window except for a first application', () => {
    const student = { level: 'doctorate' as const, currentPermit: { kind: 'talent_researcher' as const, validUntil: addDays(FILING, 200) } };
    expect(codes(researcher('renewal', documents(), student).findings)).toEqual(['filing.too-early']);
    expect(researcher('first', documents(), student).findings).toEqual([]);
  });

  it("asks to check the diploma is at least a master's when the record shows another level, without blocking", () => {
    const report = researcher('renewal', documents(), { level: 'other', currentPermit: { kind: 'talent_researcher', validUntil: addDays(FILING, 90) } });
    expect(report.findings).toEqual([expect.objectContaining({ code: 'eligibility.study-level', severity: 'warning' })]);
  });
});

describe('parameters and durations', () => {
  it('subtracts months and days', () => {
    expect(subtractDuration('2026-11-23', { months: 6 })).toBe('2026-05-23');
    expect(subtractDuration('2026-08-31', { months: 6 })).toBe('2026-02-28');
    expect(subtractDuration('2026-11-23', { days: 90 })).toBe('2026-08-25');
  });

  it('reports the 30-day complement delay and the prefecture silence of each procedure', () => {
    for (const code of ['rece', 'student-extension', 'talent-researcher', 'student-renewal', 'employee-change-of-status']) {
      const parameters = resolveParameters(catalog[code]!, '35', FILING);
      expect(parameters.complementDelayDays!.value).toBe(30);
      expect(parameters.complementReminderDays!.value).toEqual([7, 3, 1]);
      expect(parameters.prefectureSilence!.value).toEqual({ days: 90 });
    }
  });
});
