import { addDays, addMonths } from '../common/dates';
import { PERMIT_KINDS, STUDY_LEVELS } from '../students/students.model';
import { evaluateChecklist, Finding } from './checklist.engine';
import { PERMIT_KIND_LABELS, STUDY_LEVEL_LABELS } from './checklist.messages';
import { doc, FILING, input, InputChanges, loadCatalog, rece, receDocuments, replace, versions, without } from './checklist.spec-support';

/**
 * Every finding carries its raw values (`params`: ISO dates, numbers, codes) for a client or a
 * student e-mail to word; its `message` is for agents, with dates and amounts written out and
 * no raw code, in sentences that fit a document name of either gender.
 */

beforeAll(loadCatalog);

const only = (findings: Finding[], code: string) => findings.find((f) => f.code === code)!;

describe('finding parameters', () => {
  it.each([
    ['document.missing', () => rece(without(receDocuments(), 'cerfa-form')), { slot: 'cerfa' }],
    ['alternative.unmet', () => rece(without(receDocuments(), 'success-certificate')), { slot: 'diploma', options: ['diploma', 'success-certificate'] }],
    [
      'bundle.incomplete',
      () => rece(replace(receDocuments(), 'electricity-bill', doc('hotel-attestation')), { dossier: { facts: { housing: 'hotel' } } }),
      { slot: 'proof-of-address', missingKinds: ['hotel-invoice'] },
    ],
    [
      'document.rejected',
      () =>
        rece(replace(receDocuments(), 'student-card', doc('student-card', { status: 'rejected', rejectionReason: 'other', rejectionText: 'photo missing' }))),
      { kind: 'student-card', reason: 'other', text: 'photo missing' },
    ],
    [
      'document.too-old',
      () => rece(replace(receDocuments(), 'electricity-bill', doc('electricity-bill', { issuedOn: addMonths(FILING, -7) }))),
      { kind: 'electricity-bill', issuedOn: '2026-04-23', oldest: '2026-05-23' },
    ],
    [
      'document.issue-date-missing',
      () => rece(replace(receDocuments(), 'electricity-bill', doc('electricity-bill', { issuedOn: null }))),
      { kind: 'electricity-bill' },
    ],
    [
      'document.expired',
      () => rece(replace(receDocuments(), 'passport', doc('passport', { attributes: { allPages: true, validUntil: '2026-11-01' } }))),
      { kind: 'passport', validUntil: '2026-11-01', filingDate: FILING },
    ],
    ['document.validity-missing', () => rece(replace(receDocuments(), 'passport', doc('passport', { attributes: { allPages: true } }))), { kind: 'passport' }],
    // a yes/no left blank is the agent's to record (recorded: false); an explicit "no" is the student's to fix
    ['document.unsigned', () => rece(replace(receDocuments(), 'cerpr', doc('cerpr'))), { kind: 'cerpr', recorded: false }],
    [
      'document.incomplete',
      () => rece(replace(receDocuments(), 'cerfa-form', doc('cerfa-form', { attributes: { signed: true, allPages: false } }))),
      { kind: 'cerfa-form', recorded: true },
    ],
    [
      'document.count',
      () => rece(replace(receDocuments(), 'identity-photo', doc('identity-photo', { quantity: 2 }))),
      { kind: 'identity-photo', got: 2, needed: 3 },
    ],
    [
      'document.no-mobile-number',
      () => rece(replace(receDocuments(), 'request-letter', doc('request-letter', { attributes: { hasEmailAddress: true, hasMobileNumber: false } }))),
      { kind: 'request-letter', recorded: true },
    ],
    [
      'document.no-email-address',
      () => rece(replace(receDocuments(), 'request-letter', doc('request-letter', { attributes: { hasMobileNumber: true } }))),
      { kind: 'request-letter', recorded: false },
    ],
    [
      'document.not-reviewed',
      () => rece(replace(receDocuments(), 'cerpr', doc('cerpr', { status: 'received', attributes: { signed: true } }))),
      { slot: 'cerpr' },
    ],
    ['facts.missing', () => rece(receDocuments(), { dossier: { facts: {} } }), { fact: 'housing' }],
    [
      'eligibility.permit-expired',
      () => rece(receDocuments(), { student: { currentPermit: { kind: 'student', validUntil: '2026-11-20' } } }),
      { validUntil: '2026-11-20', filingDate: FILING },
    ],
    [
      'eligibility.permit-kind',
      () => rece(receDocuments(), { student: { currentPermit: { kind: 'talent_researcher', validUntil: '2027-06-01' } } }),
      { permitKind: 'talent_researcher', allowed: ['vls_ts_student', 'student', 'student_multi_year', 'extension_attestation', 'receipt'] },
    ],
    [
      'eligibility.study-level',
      () => rece(receDocuments(), { student: { level: 'l3' } }),
      { level: 'l3', allowed: ['m2', 'engineering_final_year', 'mastere_specialise', 'msc'] },
    ],
    [
      'eligibility.academic-year',
      () => rece(receDocuments(), { student: { academicYear: '2024-2025' } }),
      { academicYear: '2024-2025', accepted: ['2026-2027', '2025-2026'], filingDate: FILING },
    ],
    ['eligibility.nationality-excluded', () => rece(receDocuments(), { student: { nationality: 'DZ' } }), { nationality: 'DZ' }],
    ['eligibility.nationality-notice', () => rece(receDocuments(), { student: { nationality: 'SN' } }), { nationality: 'SN' }],
    ['eligibility.not-member-institution', () => rece(receDocuments(), { student: { institutionMember: false } }), {}],
    ['eligibility.no-permit', () => rece(receDocuments(), { student: { currentPermit: null } }), {}],
  ])('%s', (code, report, params) => {
    expect(only(report().findings, code).params).toEqual(params);
  });

  describe('of the filing window and the course end (extension pending the defence)', () => {
    const documents = () => [doc('student-card'), doc('course-extension-certificate'), doc('prefecture-message')];
    const extension = (student: InputChanges['student'], docs = documents()) => evaluateChecklist(input('student-extension', docs, { student }));
    const expiresIn = (days: number) => ({ currentPermit: { kind: 'student' as const, validUntil: addDays(FILING, days) } });

    it.each([
      ['filing.too-early', expiresIn(150), { validUntil: addDays(FILING, 150), filingDate: FILING, opensOn: addDays(FILING, 30), opensDaysBefore: 120 }],
      [
        'filing.late',
        expiresIn(59),
        { validUntil: addDays(FILING, 59), filingDate: FILING, dueOn: addDays(FILING, -1), closesDaysBefore: 60, lateTaxEur: 180 },
      ],
      ['filing.too-late', expiresIn(-1), { validUntil: addDays(FILING, -1), filingDate: FILING }],
      [
        'eligibility.permit-outlasts-course',
        { ...expiresIn(90), expectedDefenceDate: addDays(FILING, 60) },
        { validUntil: addDays(FILING, 90), courseEnd: addDays(FILING, 60) },
      ],
      ['eligibility.course-end-unknown', { ...expiresIn(90), expectedDefenceDate: null }, {}],
    ] as const)('%s', (code, student, params) => {
      expect(only(extension(student).findings, code).params).toEqual(params);
    });

    it('eligibility.document-present', () => {
      expect(only(extension(expiresIn(90), [...documents(), doc('diploma')]).findings, 'eligibility.document-present').params).toEqual({ kind: 'diploma' });
    });
  });

  it('facts.case-missing, document.ephoto-missing and document.ephoto-invalid (talent – researcher)', () => {
    const researcher = (procedureCase: string | null, ePhotoCode?: string) =>
      evaluateChecklist(
        input('talent-researcher', [doc('e-photo', { attributes: ePhotoCode ? { ePhotoCode } : {} })], {
          dossier: { procedureCase },
          student: { level: 'doctorate' },
        }),
      );
    expect(only(researcher(null).findings, 'facts.case-missing').params).toEqual({ cases: ['first', 'renewal', 'change-of-status', 'renewal-after-job-loss'] });
    expect(only(researcher('first').findings, 'document.ephoto-missing').params).toEqual({ kind: 'e-photo' });
    expect(only(researcher('first', '1pm').findings, 'document.ephoto-invalid').params).toEqual({ kind: 'e-photo', code: '1pm' });
  });
});

describe('finding messages, for agents', () => {
  const many = () =>
    rece(
      [
        doc('passport', { status: 'rejected', rejectionReason: 'expired' }),
        doc('cerfa-form'),
        doc('identity-photo'),
        doc('electricity-bill', { issuedOn: '2020-01-01' }),
        doc('residence-permit', { attributes: { validUntil: '2026-01-02' } }),
      ],
      {
        student: {
          nationality: 'SN',
          level: 'm1',
          academicYear: '2024-2025',
          institutionMember: false,
          currentPermit: { kind: 'student_multi_year', validUntil: '2026-01-01' },
        },
      },
    );

  it('write no ISO date and no raw code of a permit or a level', () => {
    const findings = [
      ...many().findings,
      ...rece(receDocuments(), { student: { currentPermit: { kind: 'student_multi_year', validUntil: '2027-01-01' }, level: 'engineering_final_year' } })
        .findings,
    ];
    expect(findings.length).toBeGreaterThan(10);
    for (const { message } of findings) {
      for (const text of [message.fr, message.en]) {
        expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}|\d{2}\/\d{2}\/\d{4}/);
        expect(text).not.toMatch(/\b(student_multi_year|vls_ts_student|extension_attestation|engineering_final_year|mastere_specialise|licence_pro|m1|m2)\b/);
      }
    }
  });

  it('write dates as people do', () => {
    const report = many();
    expect(only(report.findings, 'eligibility.permit-expired').message).toEqual({
      fr: 'Le titre de séjour a expiré le 1er janvier 2026 : il doit être valide à la date de dépôt (23 novembre 2026).',
      en: 'The residence permit expired on 1 January 2026: it must be valid on the filing date (23 November 2026).',
    });
    expect(only(report.findings, 'document.expired').message.fr).toBe(
      "Titre de séjour ou VLS-TS en cours de validité : pièce expirée (valable jusqu'au 2 janvier 2026, elle doit l'être à la date de dépôt, le 23 novembre 2026).",
    );
  });

  it('name permits and levels in words', () => {
    const kind = only(
      rece(receDocuments(), { student: { currentPermit: { kind: 'employee', validUntil: '2027-06-01' } } }).findings,
      'eligibility.permit-kind',
    ).message;
    expect(kind.fr).toBe(
      "Titre actuel (Carte salarié) non accepté pour cette démarche (attendu : VLS-TS étudiant, Carte de séjour étudiant, Carte pluriannuelle étudiant, Attestation de prolongation d'instruction ou Récépissé).",
    );
    const level = evaluateChecklist(input('talent-researcher', [], { dossier: { procedureCase: 'first' }, student: { level: 'l3' } })).findings.find(
      (f) => f.code === 'eligibility.study-level',
    )!;
    expect(level.params).toEqual({ level: 'l3', allowed: ['m2', 'engineering_final_year', 'mastere_specialise', 'msc', 'doctorate'] });
    for (const code of STUDY_LEVELS) expect(STUDY_LEVEL_LABELS[code].fr && STUDY_LEVEL_LABELS[code].en).toBeTruthy();
    for (const code of PERMIT_KINDS) expect(PERMIT_KIND_LABELS[code].fr && PERMIT_KIND_LABELS[code].en).toBeTruthy();
    expect(STUDY_LEVEL_LABELS.engineering_final_year.fr).toBe('Dernière année du cycle ingénieur');
  });

  it('fit any document name: no agreement with it in French', () => {
    const feminine = only(
      rece(replace(receDocuments(), 'health-insurance', doc('health-insurance', { status: 'rejected', rejectionReason: 'expired' }))).findings,
      'document.rejected',
    );
    expect(feminine.message).toEqual({
      fr: "Attestation d'assurance maladie : pièce refusée (motif : document périmé).",
      en: 'Health insurance certificate: rejected (reason: expired document).',
    });
    const unsigned = only(
      rece(replace(receDocuments(), 'cerfa-form', doc('cerfa-form', { attributes: { allPages: true, signed: false } }))).findings,
      'document.unsigned',
    );
    expect(unsigned.message.fr).toBe('Formulaire CERFA : signature manquante.');
    const photos = only(rece(replace(receDocuments(), 'identity-photo', doc('identity-photo', { quantity: 1 }))).findings, 'document.count');
    expect(photos.message.fr).toBe("Photos d'identité (35 × 45 mm) : 1 sur 3 exemplaires demandés.");
  });

  it('keep the source public: no internal ref', () => {
    for (const finding of many().findings) expect(finding.source && 'ref' in finding.source).toBe(false);
    // the first version's sources still carry their ref in the database
    const v1 = evaluateChecklist(input('rece', [], {}, versions['rece@1']));
    expect(v1.findings.length).toBeGreaterThan(5);
    for (const finding of v1.findings) expect(finding.source && 'ref' in finding.source).toBe(false);
  });
});
