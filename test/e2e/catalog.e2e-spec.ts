import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { addMonths } from '../../src/common/dates';
import { AgentClient, asAgent, startApi } from '../support/api';
import { createDossier, createStudent, today } from '../support/factories';

interface Definition {
  code: string;
  cases?: { code: string }[];
  slots: {
    code: string;
    source: string;
    when?: unknown;
    ask?: { fr: string; en: string };
    options: { code: string; items: { kinds: string[]; count?: number; requires?: string[]; maxAge?: unknown; validOnFilingDate?: boolean }[] }[];
  }[];
  eligibility: { code: string; kind: string; source: string; levels?: string[]; fact?: string; minimum?: string }[];
  parameters: Record<string, { value: unknown; source: string }>;
  sources: { id: string; title: string; publisher?: string; url?: string; article?: string; readOn?: string; ref?: string; note?: string }[];
  filingDate?: Record<string, string>;
  facts: { code: string }[];
  overrides: unknown[];
  [key: string]: unknown;
}

describe('permit-procedure catalog', () => {
  let app: NestFastifyApplication;
  let api: AgentClient;
  const definition = async (code: string) => (await api.get(`/api/procedures/${code}`).expect(200)).body.definition as Definition;

  beforeAll(async () => {
    app = await startApi();
    api = asAgent(app);
  });
  afterAll(() => app.close());

  it('lists the five procedures with the version in effect today', async () => {
    const response = await api.get('/api/procedures').expect(200);
    const codes = response.body.map((p: { code: string }) => p.code);
    expect(codes).toEqual(expect.arrayContaining(['rece', 'student-extension', 'talent-researcher', 'student-renewal', 'employee-change-of-status']));
    const rece = response.body.find((p: { code: string }) => p.code === 'rece');
    // version 2 is a corrected edition taking effect the same day as version 1: it is the one in effect
    expect(rece).toMatchObject({
      channel: 'postal',
      currentVersion: 2,
      effectiveFrom: '2024-07-17',
      versions: [
        { version: 1, effectiveFrom: '2024-07-17' },
        { version: 2, effectiveFrom: '2024-07-17' },
      ],
      names: { fr: expect.stringContaining('recherche d'), en: expect.stringContaining('Job search') },
    });
    for (const code of ['student-extension', 'talent-researcher'])
      expect(response.body.find((p: { code: string }) => p.code === code)).toMatchObject({ currentVersion: 2 });
    expect(response.body.find((p: { code: string }) => p.code === 'student-renewal')).toMatchObject({
      channel: 'anef',
      currentVersion: 1,
      names: { en: 'Student residence permit renewal' },
    });
    expect(response.body.find((p: { code: string }) => p.code === 'employee-change-of-status')).toMatchObject({
      channel: 'anef',
      currentVersion: 1,
      effectiveFrom: '2026-01-01',
    });
  });

  it('holds every RECE document of the domain notes, with its alternatives, count, attributes and maximum age', async () => {
    const rece = await definition('rece');
    const slot = (code: string) => rece.slots.find((s) => s.code === code)!;
    expect(rece.slots.map((s) => s.code)).toEqual([
      'request-letter',
      'passport',
      'residence-permit',
      'proof-of-address',
      'identity-photos',
      'diploma',
      'cerfa',
      'student-card',
      'health-insurance',
      'cerpr',
      'business-project',
    ]);
    expect(slot('diploma').options.map((o) => o.items.map((i) => i.kinds))).toEqual([[['diploma']], [['success-certificate']]]);
    expect(slot('identity-photos').options[0]!.items[0]!.count).toBe(3);
    expect(slot('cerfa').options[0]!.items[0]!.requires).toEqual(['signed', 'allPages']);
    expect(slot('cerpr').options[0]!.items[0]!.requires).toEqual(['signed']);
    expect(slot('request-letter').options[0]!.items[0]!.requires).toEqual(['hasMobileNumber', 'hasEmailAddress']);
    expect(slot('request-letter').ask!.fr).toBe(
      "Une lettre indiquant « demande de titre de séjour recherche d'emploi », avec vos coordonnées, votre numéro de mobile et votre adresse e-mail.",
    );
    expect(rece.filingDate).toEqual({ anef: 'filed', default: 'received' });
    expect(rece.eligibility.find((r) => r.code === 'rece.final-year')!.levels).toEqual(['m2', 'engineering_final_year', 'mastere_specialise', 'msc']);
    expect(slot('passport').options[0]!.items[0]).toMatchObject({ validOnFilingDate: true, requires: ['allPages'] });
    expect(slot('business-project').when).toEqual({ fact: 'businessCreation', equals: true });
    const address = slot('proof-of-address');
    expect(address.options.map((o) => o.code)).toEqual(['tenant-or-owner', 'hotel', 'hosted']);
    expect(address.options[0]!.items[0]!.kinds).toEqual(
      expect.arrayContaining([
        'electricity-bill',
        'gas-bill',
        'water-bill',
        'internet-bill',
        'landline-bill',
        'mobile-bill',
        'lease',
        'rent-receipt',
        'housing-tax',
      ]),
    );
    expect(address.options[1]!.items.map((i) => i.kinds[0])).toEqual(['hotel-attestation', 'hotel-invoice']);
    expect(address.options[2]!.items.map((i) => i.kinds[0])).toEqual(['host-attestation', 'host-identity', 'host-proof-of-address']);
    expect(address.options[0]!.items[0]!.maxAge).toEqual({ parameter: 'proofOfAddressMaxAge' });
    expect(rece.parameters.proofOfAddressMaxAge!.value).toEqual({ months: 6 });
    expect(rece.parameters.complementDelayDays!.value).toBe(30);
    expect(rece.parameters.prefectureSilence!.value).toEqual({ days: 90 });
    expect(rece.eligibility.map((r) => r.kind)).toEqual(
      expect.arrayContaining([
        'permit-valid-on-filing-date',
        'study-level',
        'enrolled-current-year',
        'member-institution',
        'nationality-excluded',
        'nationality-notice',
      ]),
    );
    expect(rece).toMatchObject({ channel: 'postal', fee: { amountEur: 75 } });
  });

  it('holds the extension pending the defence, with its filing window and 180 € late tax', async () => {
    const extension = await definition('student-extension');
    expect(extension.slots.map((s) => s.code)).toEqual(['student-card', 'course-extension-certificate', 'prefecture-message']);
    expect(extension).toMatchObject({
      channel: 'anef',
      filingDate: { default: 'filed' },
      parameters: { filingWindowOpensDays: { value: 120 }, filingWindowClosesDays: { value: 60 }, lateRegularisationTaxEur: { value: 180 } },
    });
  });

  it('holds talent – researcher in its four cases, with the ANEF file constraints', async () => {
    const researcher = await definition('talent-researcher');
    expect(researcher.cases!.map((c) => c.code)).toEqual(['first', 'renewal', 'change-of-status', 'renewal-after-job-loss']);
    expect(researcher.slots.map((s) => s.code)).toEqual([
      'passport',
      'residence-permit',
      'proof-of-address',
      'e-photo',
      'hosting-agreement',
      'job-loss-evidence',
      'diploma',
      'cerpr',
    ]);
    const diploma = researcher.slots.find((s) => s.code === 'diploma')!;
    expect(diploma.options.map((o) => o.items.map((i) => i.kinds[0]))).toEqual([['diploma'], ['success-certificate', 'transcript']]);
    expect(researcher.facts.map((f) => f.code)).toEqual(
      expect.arrayContaining(['diplomaTitle', 'diplomaIssuedOn', 'diplomaInstitution', 'hostOrganisation', 'euMobilityProgramme', 'linkNature']),
    );
    expect(researcher.fileConstraints).toMatchObject({
      anef: { types: ['jpg', 'pdf', 'png', 'bmp', 'tiff'], maxFileBytes: 10_485_760, maxFilesPerDocument: 3 },
    });
    expect(researcher).toMatchObject({ fee: { amountEur: 225 } });
  });

  it('holds the student permit renewal: resources of at least 615 € a month, enrolment, progress of studies, the 120-60 day window', async () => {
    const renewal = await definition('student-renewal');
    expect(renewal.slots.map((s) => s.code)).toEqual([
      'passport',
      'residence-permit',
      'proof-of-address',
      'e-photo',
      'enrolment',
      'resources',
      'studies-progress',
      'course-change-letter',
      'cerpr',
    ]);
    expect(renewal.eligibility.find((r) => r.kind === 'fact-minimum')).toMatchObject({
      fact: 'monthlyResourcesEur',
      minimum: 'minimumMonthlyResourcesEur',
      source: 'sp-f17279',
    });
    expect(renewal).toMatchObject({
      filingDate: { default: 'filed' },
      parameters: {
        minimumMonthlyResourcesEur: { value: 615 },
        filingWindowOpensDays: { value: 120 },
        filingWindowClosesDays: { value: 60 },
        lateRegularisationTaxEur: { value: 180 },
      },
      fee: { amountEur: 75 },
    });
    expect(renewal.facts.find((f) => f.code === 'monthlyResourcesEur')).toMatchObject({ type: 'number', unit: 'eur', required: true });
  });

  it('holds the change of status to employee: 1.5 × SMIC gross a month from 1 January 2026, the work authorisation, a master-level diploma', async () => {
    const employee = await definition('employee-change-of-status');
    expect(employee.cases!.map((c) => c.code)).toEqual(['from-student', 'from-rece']);
    expect(employee.slots.map((s) => s.code)).toEqual([
      'passport',
      'residence-permit',
      'proof-of-address',
      'e-photo',
      'work-contract',
      'work-authorisation',
      'diploma',
      'cerpr',
    ]);
    expect(employee.parameters.minimumGrossMonthlySalaryEur).toMatchObject({ value: 2734.55, source: 'ctrav-d5221-21-1' });
    expect(employee.sources.find((s) => s.id === 'ctrav-d5221-21-1')).toMatchObject({
      article: 'Code du travail, art. D. 5221-21-1',
      url: expect.stringMatching(/^https:\/\/www\.legifrance\.gouv\.fr\//),
    });
  });

  it.each(['rece', 'student-extension', 'talent-researcher', 'student-renewal', 'employee-change-of-status'])(
    'gives every slot, rule and parameter of %s a public source it lists, and tells the student what to send',
    async (code) => {
      const found = await definition(code);
      const sources = new Set(found.sources.map((s) => s.id));
      const cited = [...found.slots.map((s) => s.source), ...found.eligibility.map((r) => r.source), ...Object.values(found.parameters).map((p) => p.source)];
      expect(cited.length).toBeGreaterThan(5);
      expect(cited.filter((id) => !sources.has(id))).toEqual([]);
      for (const source of found.sources) {
        expect(source.title.length).toBeGreaterThan(10);
        // a reader can open it (a URL, an article) or is told why not; the internal ref is never served
        expect(Boolean(source.url || source.article || source.note)).toBe(true);
        expect(source).not.toHaveProperty('ref');
      }
      expect(found.slots.every((s) => s.ask && s.ask.fr && s.ask.en)).toBe(true);
    },
  );

  it('serves a first version as published, without the internal ref of its sources', async () => {
    const v1 = await api.get('/api/procedures/rece?version=1').expect(200);
    expect(v1.body).toMatchObject({ version: 1, note: expect.stringContaining('First version') });
    expect(v1.body.definition.sources.length).toBeGreaterThan(3);
    for (const source of v1.body.definition.sources) expect(source).not.toHaveProperty('ref');
    expect(v1.body.definition.filingDate).toBeUndefined();
  });

  it('answers 404 for an unknown procedure or version, 400 for a malformed code or query', async () => {
    await api.get('/api/procedures/visa-schengen').expect(404);
    await api.get('/api/procedures/rece?version=99').expect(404);
    await api.get('/api/procedures/RECE!').expect(400);
    await api.get('/api/procedures/rece?on=2026-02-30').expect(400);
    await api.get('/api/procedures/rece?version=zero').expect(400);
    expect((await api.get('/api/procedures/rece?on=2024-08-01').expect(200)).body.version).toBe(2);
    expect((await api.get('/api/procedures/employee-change-of-status?on=2025-06-01').expect(200)).body.version).toBe(1);
  });

  describe('publishing', () => {
    const code = `test-rece-${Date.now().toString(36)}`;
    let base: Definition;

    beforeAll(async () => {
      base = { ...(await definition('rece')), code };
    });

    it('refuses a bad rule set with every reason, naming where', async () => {
      const broken = structuredClone(base);
      broken.slots[0]!.options[0]!.items[0]!.kinds = ['no-such-kind'];
      broken.eligibility[0]!.source = 'nowhere';
      delete (broken as Record<string, unknown>).names;
      const refusedShape = await api.post(`/api/procedures/${code}/versions`, { effectiveFrom: '2024-01-01', definition: broken }).expect(400);
      expect(refusedShape.body.errors).toEqual([{ field: 'definition.names', code: 'required', message: 'is required' }]);
      (broken as Record<string, unknown>).names = base.names;
      const refused = await api.post(`/api/procedures/${code}/versions`, { effectiveFrom: '2024-01-01', definition: broken }).expect(400);
      expect(refused.body.errors).toEqual(
        expect.arrayContaining([
          {
            field: 'definition.slots.0.options.0.items.0.kinds.0',
            code: 'unknownReference',
            params: { what: 'document kind', name: 'no-such-kind' },
            message: 'names document kind no-such-kind, which is not in documentKinds',
          },
          {
            field: 'definition.eligibility.0.source',
            code: 'unknownReference',
            params: { what: 'source', name: 'nowhere' },
            message: 'names source nowhere, which is not in sources',
          },
        ]),
      );
      const mismatch = await api.post(`/api/procedures/${code}/versions`, { effectiveFrom: '2024-01-01', definition: { ...base, code: 'rece' } }).expect(400);
      expect(mismatch.body.errors).toEqual([
        { field: 'definition.code', code: 'procedureCodeMismatch', params: { code }, message: `must be ${code}, the procedure published` },
      ]);
      await api.get(`/api/procedures/${code}`).expect(404);
    });

    it('publishes a new version without changing the dossiers opened under the old one', async () => {
      const v1 = await api.post(`/api/procedures/${code}/versions`, { effectiveFrom: '2024-01-01', note: 'test copy of rece', definition: base }).expect(201);
      expect(v1.body).toMatchObject({ code, version: 1, effectiveFrom: '2024-01-01' });

      const student = await createStudent(api);
      const before = await createDossier(api, { studentId: student.id, procedureCode: code, receivedAt: addMonths(today(), -1), facts: { housing: 'tenant' } });
      expect(before).toMatchObject({ procedureVersion: 1 });

      // the README's example: prefecture 35 asks for a proof of address under 3 months
      const stricter = structuredClone(base);
      stricter.overrides = [
        { prefecture: '35', effectiveFrom: '2026-01-01', parameters: { proofOfAddressMaxAge: { value: { months: 3 }, source: 'sp-f33052' } } },
      ];
      const v2 = await api
        .post(`/api/procedures/${code}/versions`, { effectiveFrom: today(), note: '3-month proof of address', definition: stricter })
        .expect(201);
      expect(v2.body.version).toBe(2);
      const refusedEarlier = await api.post(`/api/procedures/${code}/versions`, { effectiveFrom: '2025-01-01', definition: stricter }).expect(422);
      expect(refusedEarlier.body.errors).toEqual([
        { field: 'effectiveFrom', code: 'notBefore', params: { date: today() }, message: `must not be before ${today()}` },
      ]);

      const other = await createStudent(api);
      const after = await createDossier(api, { studentId: other.id, procedureCode: code, facts: { housing: 'tenant' } });
      expect(after).toMatchObject({ procedureVersion: 2 });

      // the same bill, four months old, on both dossiers
      const bill = { kind: 'electricity-bill', issuedOn: addMonths(today(), -4) };
      await api.post(`/api/dossiers/${before.id}/documents`, { ...bill, issuedOn: addMonths(addMonths(today(), -1), -4) }).expect(201);
      await api.post(`/api/dossiers/${after.id}/documents`, bill).expect(201);
      const oldRules = await api.get(`/api/dossiers/${before.id}/checklist`).expect(200);
      const newRules = await api.get(`/api/dossiers/${after.id}/checklist`).expect(200);
      expect(oldRules.body.procedure).toMatchObject({ code, version: 1 });
      expect(newRules.body.procedure).toMatchObject({ code, version: 2 });
      expect(newRules.body.parameters.proofOfAddressMaxAge).toEqual({
        value: { months: 3 },
        source: 'sp-f33052',
        override: { prefecture: '35', effectiveFrom: '2026-01-01' },
      });
      const addressFindings = (body: { findings: { slot?: string; code: string }[] }) =>
        body.findings.filter((f) => f.slot === 'proof-of-address').map((f) => f.code);
      expect(addressFindings(oldRules.body)).toEqual(['document.not-reviewed']);
      expect(addressFindings(newRules.body)).toEqual(['document.too-old']);
      expect((await api.get(`/api/dossiers/${before.id}`).expect(200)).body.procedureVersion).toBe(1);
      const listed = await api.get(`/api/procedures/${code}`).expect(200);
      expect(listed.body.version).toBe(2);
    });
  });
});
