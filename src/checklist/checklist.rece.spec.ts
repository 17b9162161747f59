import { addDays } from '../common/dates';
import { resolveParameters } from './checklist.engine';
import { catalog, codes, doc, FILING, loadCatalog, rece, receDocuments, replace, slot, without } from './checklist.spec-support';

/**
 * The engine on the CMI's RECE list (seed 000) as shipped: each document, its faults and the
 * review, and the wording of every finding. Its proof of address: checklist.rece-address.spec.ts;
 * who may file: checklist.rece-eligibility.spec.ts.
 */

beforeAll(loadCatalog);

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

  it('asks for the business project only when the student wants to create a business', () => {
    const report = rece(receDocuments(), { dossier: { facts: { housing: 'tenant', businessCreation: true } } });
    expect(report.findings).toEqual([expect.objectContaining({ code: 'document.missing', slot: 'business-project' })]);
    expect(rece([...receDocuments(), doc('business-project')], { dossier: { facts: { housing: 'tenant', businessCreation: true } } }).findings).toEqual([]);
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
