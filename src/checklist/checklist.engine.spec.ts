import type { Override } from '../catalog/catalog.model';
import { addDays, addMonths } from '../common/dates';
import { formatDay, formatEuros } from '../common/people-format';
import { CheckedDocument, ChecklistInput, evaluateChecklist, resolveParameters, subtractDuration } from './checklist.engine';
import { blocking, catalog, codes, doc, FILING, input, InputChanges, loadCatalog, replace, slot, without } from './checklist.spec-support';

/**
 * The engine against the catalog as shipped (prisma/catalog, the latest version of each
 * procedure), on situations from the seeds: the CMI's RECE list (seed 000), the readers'
 * questions of seed 001, the 3-month proof of address of seeds 002-003, the ANEF researcher
 * tutorial (seed 004). Finding parameters and the filing date: checklist.params.spec.ts; the
 * new procedures: student-renewal.engine.spec.ts, employee-change-of-status.engine.spec.ts.
 */

beforeAll(loadCatalog);

/** A RECE dossier as the CMI wants it (seed 000), every document accepted. */
function receDocuments(): CheckedDocument[] {
  return [
    doc('request-letter', { attributes: { hasMobileNumber: true, hasEmailAddress: true } }),
    doc('passport', { attributes: { allPages: true, validUntil: '2030-01-01' } }),
    doc('residence-permit', { attributes: { validUntil: addDays(FILING, 90) } }),
    doc('electricity-bill', { issuedOn: addDays(FILING, -30) }),
    doc('identity-photo', { quantity: 3 }),
    doc('success-certificate'),
    doc('cerfa-form', { attributes: { signed: true, allPages: true } }),
    doc('student-card'),
    doc('health-insurance'),
    doc('cerpr', { attributes: { signed: true } }),
  ];
}

function rece(documents = receDocuments(), changes: InputChanges = {}) {
  return evaluateChecklist(input('rece', documents, { ...changes, dossier: { facts: { housing: 'tenant' }, ...changes.dossier } }));
}

describe('RECE (seed 000: CMI 2-step by post)', () => {
  it('finds nothing wrong with a complete dossier whose documents are all accepted', () => {
    const report = rece();
    expect(report.findings).toEqual([]);
    expect(report.blocking).toBe(0);
    expect(report.slots.filter((s) => s.state !== 'not_applicable').every((s) => s.state === 'satisfied')).toBe(true);
    expect(slot(report, 'business-project').state).toBe('not_applicable');
  });

  it('has no blocking finding when the documents are received but not reviewed yet, only a note per slot', () => {
    const report = rece(receDocuments().map((d) => ({ ...d, status: 'received' as const })));
    expect(report.blocking).toBe(0);
    expect(new Set(codes(report.findings))).toEqual(new Set(['document.not-reviewed']));
    expect(slot(report, 'passport').state).toBe('to_review');
  });

  it.each([
    ['request-letter', 'request-letter'],
    ['passport', 'passport'],
    ['residence-permit', 'residence-permit'],
    ['cerfa', 'cerfa-form'],
    ['student-card', 'student-card'],
    ['health-insurance', 'health-insurance'],
    ['cerpr', 'cerpr'],
    ['identity-photos', 'identity-photo'],
  ])('reports exactly one missing document when the %s slot is empty', (slotCode, kind) => {
    const report = rece(without(receDocuments(), kind));
    expect(report.findings).toHaveLength(1);
    expect(report.findings[0]).toMatchObject({ code: 'document.missing', severity: 'blocking', slot: slotCode });
    expect(slot(report, slotCode).state).toBe('missing');
  });

  it('asks for the diploma or the certificate of success when neither is there', () => {
    const report = rece(without(receDocuments(), 'success-certificate'));
    expect(report.findings).toEqual([expect.objectContaining({ code: 'alternative.unmet', slot: 'diploma' })]);
    expect(report.findings[0]!.message.en).toBe('Missing document: Diploma or certificate of success (Diploma or Certificate of success).');
    expect(report.findings[0]!.message.fr).toContain('Diplôme ou Attestation de réussite');
  });

  it('takes the diploma in place of the certificate of success', () => {
    const report = rece(replace(receDocuments(), 'success-certificate', doc('diploma')));
    expect(report.findings).toEqual([]);
    expect(slot(report, 'diploma')).toMatchObject({ state: 'satisfied', option: 'diploma' });
  });

  it('refuses a passport that expires before the filing date', () => {
    const report = rece(replace(receDocuments(), 'passport', doc('passport', { attributes: { allPages: true, validUntil: addDays(FILING, -1) } })));
    expect(codes(report.findings)).toEqual(['document.expired']);
    expect(slot(report, 'passport').state).toBe('invalid');
  });

  it('accepts a passport valid until the filing date itself', () => {
    expect(rece(replace(receDocuments(), 'passport', doc('passport', { attributes: { allPages: true, validUntil: FILING } }))).findings).toEqual([]);
  });

  it('wants every passport page (identity, validity, entry stamps, visas)', () => {
    const report = rece(replace(receDocuments(), 'passport', doc('passport', { attributes: { validUntil: '2030-01-01' } })));
    expect(codes(report.findings)).toEqual(['document.incomplete']);
  });

  it('needs the end of validity of the passport to judge it', () => {
    const report = rece(replace(receDocuments(), 'passport', doc('passport', { attributes: { allPages: true } })));
    expect(codes(report.findings)).toEqual(['document.validity-missing']);
  });

  it('refuses an unsigned CERFA', () => {
    const report = rece(replace(receDocuments(), 'cerfa-form', doc('cerfa-form', { attributes: { allPages: true } })));
    expect(report.findings).toEqual([expect.objectContaining({ code: 'document.unsigned', slot: 'cerfa', severity: 'blocking' })]);
  });

  it('refuses a CERFA without its 2nd page (seed 000: "Do not miss out the 2nd page")', () => {
    const report = rece(replace(receDocuments(), 'cerfa-form', doc('cerfa-form', { attributes: { signed: true, allPages: false } })));
    expect(codes(report.findings)).toEqual(['document.incomplete']);
    expect(report.findings[0]!.message.fr).toContain('2e page');
  });

  it('wants the request letter to give the mobile number and the e-mail address (seed 000)', () => {
    const report = rece(replace(receDocuments(), 'request-letter', doc('request-letter', { attributes: { hasEmailAddress: true, hasMobileNumber: false } })));
    expect(report.findings).toEqual([
      expect.objectContaining({
        code: 'document.no-mobile-number',
        slot: 'request-letter',
        severity: 'blocking',
        params: { kind: 'request-letter', recorded: true },
      }),
    ]);
    expect(report.findings[0]!.message).toEqual({
      fr: "Lettre de demande : le numéro de téléphone mobile n'y figure pas.",
      en: 'Request letter: the mobile phone number is not on it.',
    });
    const neither = rece(replace(receDocuments(), 'request-letter', doc('request-letter')));
    expect(codes(neither.findings)).toEqual(['document.no-email-address', 'document.no-mobile-number']);
    expect(slot(neither, 'request-letter').state).toBe('invalid');
    // not ticked either way: the agent is asked to record it, in the agent's words
    expect(neither.findings.find((f) => f.code === 'document.no-mobile-number')!.message.fr).toBe(
      'Lettre de demande : indiquer si le numéro de mobile y figure.',
    );
  });

  it('reports both faults of a CERFA that is unsigned and incomplete', () => {
    const report = rece(replace(receDocuments(), 'cerfa-form', doc('cerfa-form')));
    expect(codes(report.findings)).toEqual(['document.incomplete', 'document.unsigned']);
  });

  it('counts identity photos: 2 of 3 is not enough', () => {
    const report = rece(replace(receDocuments(), 'identity-photo', doc('identity-photo', { quantity: 2 })));
    expect(report.findings).toEqual([expect.objectContaining({ code: 'document.count', slot: 'identity-photos' })]);
    expect(report.findings[0]!.message.en).toBe('Identity photos (35 × 45 mm): 2 of 3 required.');
  });

  it('adds up photos received in two envelopes', () => {
    const report = rece(replace(receDocuments(), 'identity-photo', doc('identity-photo', { quantity: 2 }), doc('identity-photo', { quantity: 1 })));
    expect(report.findings).toEqual([]);
    expect(slot(report, 'identity-photos').documentIds).toHaveLength(2);
  });

  it('refuses an unsigned CERPR (required since 17 July 2024)', () => {
    const report = rece(replace(receDocuments(), 'cerpr', doc('cerpr')));
    expect(report.findings).toEqual([
      expect.objectContaining({
        code: 'document.unsigned',
        slot: 'cerpr',
        source: expect.objectContaining({ id: 'ceseda-l412-7', article: 'CESEDA, art. L. 412-7' }),
      }),
    ]);
  });

  it('reports a rejected document with its reason in both languages', () => {
    const rejected = doc('passport', { status: 'rejected', rejectionReason: 'illegible', attributes: { allPages: true, validUntil: '2030-01-01' } });
    const report = rece(replace(receDocuments(), 'passport', rejected));
    expect(report.findings).toEqual([expect.objectContaining({ code: 'document.rejected', slot: 'passport', documentId: rejected.id })]);
    expect(report.findings[0]!.message).toEqual({
      fr: 'Passeport : pièce refusée (motif : document illisible).',
      en: 'Passport: rejected (reason: illegible document).',
    });
    expect(slot(report, 'passport').state).toBe('rejected');
  });

  it("quotes the agent's words when a document is rejected for another reason", () => {
    const rejected = doc('student-card', { status: 'rejected', rejectionReason: 'other', rejectionText: 'photo missing' });
    const report = rece(replace(receDocuments(), 'student-card', rejected));
    expect(report.findings[0]!.message).toEqual({
      fr: "Carte d'étudiant : pièce refusée (motif : « photo missing »).",
      en: 'Student card: rejected (reason: "photo missing").',
    });
  });

  it('forgets a rejected document once a good one replaces it', () => {
    const rejected = doc('passport', { status: 'rejected', rejectionReason: 'expired' });
    const report = rece([...receDocuments(), rejected]);
    expect(report.findings).toEqual([]);
  });

  it('shows the option whose documents are reviewed when two would do', () => {
    const report = rece([...receDocuments(), doc('diploma', { status: 'received' })]);
    expect(report.findings).toEqual([]);
    expect(slot(report, 'diploma')).toMatchObject({ state: 'satisfied', option: 'success-certificate' });
    expect(report.allReviewed).toBe(true);
  });

  it('says when documents are still to review', () => {
    expect(rece(replace(receDocuments(), 'cerpr', doc('cerpr', { status: 'received', attributes: { signed: true } }))).allReviewed).toBe(false);
  });

  it('notes that a slot awaits review when a replacement is received but not yet accepted', () => {
    const documents = replace(
      receDocuments(),
      'cerpr',
      doc('cerpr', { status: 'rejected', rejectionReason: 'unsigned' }),
      doc('cerpr', { status: 'received', attributes: { signed: true } }),
    );
    const report = rece(documents);
    expect(report.findings).toEqual([expect.objectContaining({ code: 'document.not-reviewed', severity: 'warning', slot: 'cerpr' })]);
  });

  describe('proof of address', () => {
    const bill = (monthsOld: number, extra: Partial<CheckedDocument> = {}) => doc('electricity-bill', { issuedOn: addMonths(FILING, -monthsOld), ...extra });
    const override = (prefecture: string, effectiveFrom: string, months: number): Override => ({
      prefecture,
      effectiveFrom,
      parameters: { proofOfAddressMaxAge: { value: { months }, source: 'regulation-2025' } },
    });
    const withOverrides = (...overrides: Override[]) => ({ definition: { ...catalog.rece!, overrides } });

    it('passes a bill 4 months old under the 6-month rule (seed 004, service-public F33052)', () => {
      const report = rece(replace(receDocuments(), 'electricity-bill', bill(4)));
      expect(report.findings).toEqual([]);
      expect(report.parameters.proofOfAddressMaxAge).toEqual({ value: { months: 6 }, source: 'sp-f33052', override: null });
    });

    it("fails the same bill under a prefecture's 3-month override (seeds 002, 003)", () => {
      const report = rece(replace(receDocuments(), 'electricity-bill', bill(4)), withOverrides(override('35', '2025-01-01', 3)));
      expect(report.findings).toEqual([expect.objectContaining({ code: 'document.too-old', slot: 'proof-of-address' })]);
      expect(report.findings[0]!.message.en).toBe('Electricity bill too old: issued on 23 July 2026, it must be dated 23 August 2026 or later.');
      expect(report.findings[0]!.message.fr).toBe(
        "Facture d'électricité : pièce trop ancienne (datée du 23 juillet 2026, elle doit dater au plus tôt du 23 août 2026).",
      );
      expect(report.parameters.proofOfAddressMaxAge!.override).toEqual({ prefecture: '35', effectiveFrom: '2025-01-01' });
    });

    it("ignores another prefecture's override", () => {
      expect(rece(replace(receDocuments(), 'electricity-bill', bill(4)), withOverrides(override('75', '2025-01-01', 3))).findings).toEqual([]);
    });

    it('ignores an override that takes effect after the filing date', () => {
      expect(rece(replace(receDocuments(), 'electricity-bill', bill(4)), withOverrides(override('35', addDays(FILING, 1), 3))).findings).toEqual([]);
    });

    it('applies the latest override in force', () => {
      const report = rece(
        replace(receDocuments(), 'electricity-bill', bill(4)),
        withOverrides(override('35', '2024-01-01', 3), override('35', '2025-06-01', 5)),
      );
      expect(report.findings).toEqual([]);
      expect(report.parameters.proofOfAddressMaxAge!.value).toEqual({ months: 5 });
    });

    it('fails a bill 7 months old', () => {
      expect(codes(rece(replace(receDocuments(), 'electricity-bill', bill(7))).findings)).toEqual(['document.too-old']);
    });

    it('accepts a bill exactly at the limit', () => {
      expect(rece(replace(receDocuments(), 'electricity-bill', bill(6))).findings).toEqual([]);
    });

    it('needs the date of the document to judge its age', () => {
      expect(codes(rece(replace(receDocuments(), 'electricity-bill', bill(1, { issuedOn: null }))).findings)).toEqual(['document.issue-date-missing']);
    });

    it('takes a lease or a rent receipt from a tenant', () => {
      expect(rece(replace(receDocuments(), 'electricity-bill', doc('lease'))).findings).toEqual([]);
      expect(rece(replace(receDocuments(), 'electricity-bill', doc('rent-receipt'))).findings).toEqual([]);
    });

    it('does not take hotel papers when the dossier says the student is a tenant', () => {
      const report = rece(replace(receDocuments(), 'electricity-bill', doc('hotel-attestation'), doc('hotel-invoice')));
      expect(report.findings).toEqual([expect.objectContaining({ code: 'document.missing', slot: 'proof-of-address' })]);
    });

    it('asks for the housing situation, while taking the hotel papers as the proof meanwhile', () => {
      const report = rece(replace(receDocuments(), 'electricity-bill', doc('hotel-attestation'), doc('hotel-invoice')), { dossier: { facts: {} } });
      expect(report.findings).toEqual([expect.objectContaining({ code: 'facts.missing', fact: 'housing', severity: 'blocking' })]);
      expect(slot(report, 'proof-of-address')).toMatchObject({ state: 'satisfied', option: 'hotel' });
    });

    it('takes the hotel papers once the housing says hotel, the invoice being at most 2 months old', () => {
      const facts = { housing: 'hotel' };
      expect(rece(replace(receDocuments(), 'electricity-bill', doc('hotel-attestation'), doc('hotel-invoice')), { dossier: { facts } }).findings).toEqual([]);
      const oldInvoice = rece(
        replace(receDocuments(), 'electricity-bill', doc('hotel-attestation'), doc('hotel-invoice', { issuedOn: addMonths(FILING, -3) })),
        { dossier: { facts } },
      );
      expect(codes(oldInvoice.findings)).toEqual(['document.too-old']);
    });

    it("asks whether the address on the host's ID is up to date", () => {
      const report = rece(
        replace(receDocuments(), 'electricity-bill', doc('host-attestation', { attributes: { signed: true, dated: true } }), doc('host-identity')),
        {
          dossier: { facts: { housing: 'hosted' } },
        },
      );
      expect(report.findings).toEqual([expect.objectContaining({ code: 'facts.missing', fact: 'hostIdAddressOutdated' })]);
    });

    it('reports the missing half of the hotel bundle', () => {
      const report = rece(replace(receDocuments(), 'electricity-bill', doc('hotel-attestation')), { dossier: { facts: { housing: 'hotel' } } });
      expect(report.findings).toEqual([expect.objectContaining({ code: 'bundle.incomplete', slot: 'proof-of-address' })]);
      expect(report.findings[0]!.message.en).toBe("Proof of address incomplete: missing Last month's hotel invoice.");
      expect(slot(report, 'proof-of-address').state).toBe('incomplete');
    });

    it("takes a signed, dated host attestation and the host's ID when the ID address is current", () => {
      const report = rece(
        replace(receDocuments(), 'electricity-bill', doc('host-attestation', { attributes: { signed: true, dated: true } }), doc('host-identity')),
        {
          dossier: { facts: { housing: 'hosted', hostIdAddressOutdated: false } },
        },
      );
      expect(report.findings).toEqual([]);
    });

    it("asks for the host's proof of address when the address on the host's ID is out of date", () => {
      const report = rece(
        replace(receDocuments(), 'electricity-bill', doc('host-attestation', { attributes: { signed: true, dated: true } }), doc('host-identity')),
        {
          dossier: { facts: { housing: 'hosted', hostIdAddressOutdated: true } },
        },
      );
      expect(report.findings).toEqual([expect.objectContaining({ code: 'bundle.incomplete' })]);
      expect(report.findings[0]!.message.fr).toBe("Justificatif de domicile : pièce manquante — Justificatif de domicile de l'hébergeant.");
    });

    it('refuses an unsigned host attestation, and an undated one', () => {
      const facts = { housing: 'hosted', hostIdAddressOutdated: false };
      const unsigned = rece(replace(receDocuments(), 'electricity-bill', doc('host-attestation', { attributes: { dated: true } }), doc('host-identity')), {
        dossier: { facts },
      });
      expect(codes(unsigned.findings)).toEqual(['document.unsigned']);
      const undated = rece(replace(receDocuments(), 'electricity-bill', doc('host-attestation', { attributes: { signed: true } }), doc('host-identity')), {
        dossier: { facts },
      });
      expect(codes(undated.findings)).toEqual(['document.undated']);
    });

    it('reports the ID as missing when only the host attestation came', () => {
      const report = rece(replace(receDocuments(), 'electricity-bill', doc('host-attestation', { attributes: { signed: true, dated: true } })), {
        dossier: { facts: { housing: 'hosted', hostIdAddressOutdated: false } },
      });
      expect(report.findings).toHaveLength(1);
      expect(report.findings[0]!.message.en).toBe("Proof of address incomplete: missing Host's ID card or residence permit.");
    });
  });

  it('asks for the business project only when the student wants to create a business', () => {
    const report = rece(receDocuments(), { dossier: { facts: { housing: 'tenant', businessCreation: true } } });
    expect(report.findings).toEqual([expect.objectContaining({ code: 'document.missing', slot: 'business-project' })]);
    expect(rece([...receDocuments(), doc('business-project')], { dossier: { facts: { housing: 'tenant', businessCreation: true } } }).findings).toEqual([]);
  });

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

  it('knows the 15 days to change status after a work contract (seed 001)', () => {
    expect(resolveParameters(catalog.rece!, '35', FILING).changeOfStatusDays).toEqual({ value: 15, source: 'office-policy', override: null });
  });

  it('gives every finding a message in both languages and the source of its rule', () => {
    const report = rece(
      [
        doc('passport', { status: 'rejected', rejectionReason: 'expired' }),
        doc('cerfa-form'),
        doc('identity-photo'),
        doc('electricity-bill', { issuedOn: '2020-01-01' }),
      ],
      {
        student: {
          nationality: 'DZ',
          level: 'm1',
          academicYear: '2024-2025',
          institutionMember: false,
          currentPermit: { kind: 'rece', validUntil: '2026-01-01' },
        },
      },
    );
    expect(report.findings.length).toBeGreaterThan(10);
    for (const finding of report.findings) {
      expect(finding.message.fr.length).toBeGreaterThan(5);
      expect(finding.message.en.length).toBeGreaterThan(5);
      expect(finding.message.fr).not.toEqual(finding.message.en);
      expect(finding.source).toEqual(expect.objectContaining({ id: expect.any(String), title: expect.any(String) }));
    }
  });
});

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
