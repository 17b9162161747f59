import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { addMonths } from '../../src/common/dates';
import { AgentClient, asAgent, startApi } from '../support/api';
import { createDossier, createStudent, today } from '../support/factories';

interface Definition {
  code: string;
  cases?: { code: string }[];
  slots: { code: string; source: string; when?: unknown; options: { code: string; items: { kinds: string[]; count?: number; requires?: string[]; maxAge?: unknown; validOnFilingDate?: boolean }[] }[] }[];
  eligibility: { code: string; kind: string; source: string }[];
  parameters: Record<string, { value: unknown; source: string }>;
  sources: { id: string; title: string }[];
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

  it('lists the three procedures with the version in effect today', async () => {
    const response = await api.get('/api/procedures').expect(200);
    const codes = response.body.map((p: { code: string }) => p.code);
    expect(codes).toEqual(expect.arrayContaining(['rece', 'student-extension', 'talent-researcher']));
    const rece = response.body.find((p: { code: string }) => p.code === 'rece');
    expect(rece).toMatchObject({ channel: 'postal', currentVersion: 1, names: { fr: expect.stringContaining('recherche d'), en: expect.stringContaining('Job search') } });
  });

  it('holds every RECE document of the domain notes, with its alternatives, count, attributes and maximum age', async () => {
    const rece = await definition('rece');
    const slot = (code: string) => rece.slots.find((s) => s.code === code)!;
    expect(rece.slots.map((s) => s.code)).toEqual([
      'request-letter', 'passport', 'residence-permit', 'proof-of-address', 'identity-photos', 'diploma', 'cerfa', 'student-card', 'health-insurance', 'cerpr', 'business-project',
    ]);
    expect(slot('diploma').options.map((o) => o.items.map((i) => i.kinds))).toEqual([[['diploma']], [['success-certificate']]]);
    expect(slot('identity-photos').options[0]!.items[0]!.count).toBe(3);
    expect(slot('cerfa').options[0]!.items[0]!.requires).toEqual(['signed', 'allPages']);
    expect(slot('cerpr').options[0]!.items[0]!.requires).toEqual(['signed']);
    expect(slot('passport').options[0]!.items[0]).toMatchObject({ validOnFilingDate: true, requires: ['allPages'] });
    expect(slot('business-project').when).toEqual({ fact: 'businessCreation', equals: true });
    const address = slot('proof-of-address');
    expect(address.options.map((o) => o.code)).toEqual(['tenant-or-owner', 'hotel', 'hosted']);
    expect(address.options[0]!.items[0]!.kinds).toEqual(
      expect.arrayContaining(['electricity-bill', 'gas-bill', 'water-bill', 'internet-bill', 'landline-bill', 'mobile-bill', 'lease', 'rent-receipt', 'housing-tax']),
    );
    expect(address.options[1]!.items.map((i) => i.kinds[0])).toEqual(['hotel-attestation', 'hotel-invoice']);
    expect(address.options[2]!.items.map((i) => i.kinds[0])).toEqual(['host-attestation', 'host-identity', 'host-proof-of-address']);
    expect(address.options[0]!.items[0]!.maxAge).toEqual({ parameter: 'proofOfAddressMaxAge' });
    expect(rece.parameters.proofOfAddressMaxAge!.value).toEqual({ months: 6 });
    expect(rece.parameters.complementDelayDays!.value).toBe(30);
    expect(rece.parameters.prefectureSilence!.value).toEqual({ days: 90 });
    expect(rece.eligibility.map((r) => r.kind)).toEqual(
      expect.arrayContaining(['permit-valid-on-filing-date', 'study-level', 'enrolled-current-year', 'member-institution', 'nationality-excluded', 'nationality-notice']),
    );
    expect(rece).toMatchObject({ channel: 'postal', fee: { amountEur: 75 } });
  });

  it('holds the extension pending the defence, with its filing window and 180 € late tax', async () => {
    const extension = await definition('student-extension');
    expect(extension.slots.map((s) => s.code)).toEqual(['student-card', 'course-extension-certificate', 'prefecture-message']);
    expect(extension).toMatchObject({
      channel: 'anef',
      parameters: { filingWindowOpensDays: { value: 120 }, filingWindowClosesDays: { value: 60 }, lateRegularisationTaxEur: { value: 180 } },
    });
  });

  it('holds talent – researcher in its four cases, with the ANEF file constraints', async () => {
    const researcher = await definition('talent-researcher');
    expect(researcher.cases!.map((c) => c.code)).toEqual(['first', 'renewal', 'change-of-status', 'renewal-after-job-loss']);
    expect(researcher.slots.map((s) => s.code)).toEqual(['passport', 'residence-permit', 'proof-of-address', 'e-photo', 'hosting-agreement', 'job-loss-evidence', 'diploma', 'cerpr']);
    const diploma = researcher.slots.find((s) => s.code === 'diploma')!;
    expect(diploma.options.map((o) => o.items.map((i) => i.kinds[0]))).toEqual([['diploma'], ['success-certificate', 'transcript']]);
    expect(researcher.facts.map((f) => f.code)).toEqual(
      expect.arrayContaining(['diplomaTitle', 'diplomaIssuedOn', 'diplomaInstitution', 'hostOrganisation', 'euMobilityProgramme', 'linkNature']),
    );
    expect(researcher.fileConstraints).toMatchObject({ anef: { types: ['jpg', 'pdf', 'png', 'bmp', 'tiff'], maxFileBytes: 10_485_760, maxFilesPerDocument: 3 } });
    expect(researcher).toMatchObject({ fee: { amountEur: 225 } });
  });

  it.each(['rece', 'student-extension', 'talent-researcher'])('gives every slot, rule and parameter of %s a source it lists', async (code) => {
    const found = await definition(code);
    const sources = new Set(found.sources.map((s) => s.id));
    const cited = [...found.slots.map((s) => s.source), ...found.eligibility.map((r) => r.source), ...Object.values(found.parameters).map((p) => p.source)];
    expect(cited.length).toBeGreaterThan(5);
    expect(cited.filter((id) => !sources.has(id))).toEqual([]);
    for (const source of found.sources) expect(source.title.length).toBeGreaterThan(10);
  });

  it('answers 404 for an unknown procedure or version, 400 for a malformed code or query', async () => {
    await api.get('/api/procedures/visa-schengen').expect(404);
    await api.get('/api/procedures/rece?version=99').expect(404);
    await api.get('/api/procedures/RECE!').expect(400);
    await api.get('/api/procedures/rece?on=2026-02-30').expect(400);
    await api.get('/api/procedures/rece?version=zero').expect(400);
    expect((await api.get('/api/procedures/rece?on=2024-08-01').expect(200)).body.version).toBe(1);
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
      expect(refusedShape.body.errors).toEqual([{ field: 'definition.names', message: 'is required' }]);
      (broken as Record<string, unknown>).names = base.names;
      const refused = await api.post(`/api/procedures/${code}/versions`, { effectiveFrom: '2024-01-01', definition: broken }).expect(400);
      expect(refused.body.errors).toEqual(
        expect.arrayContaining([
          { field: 'definition.slots.0.options.0.items.0.kinds.0', message: 'names document kind no-such-kind, which is not in documentKinds' },
          { field: 'definition.eligibility.0.source', message: 'names source nowhere, which is not in sources' },
        ]),
      );
      const mismatch = await api.post(`/api/procedures/${code}/versions`, { effectiveFrom: '2024-01-01', definition: { ...base, code: 'rece' } }).expect(400);
      expect(mismatch.body.errors).toEqual([{ field: 'definition.code', message: `must be ${code}, the procedure published` }]);
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
      stricter.overrides = [{ prefecture: '35', effectiveFrom: '2026-01-01', parameters: { proofOfAddressMaxAge: { value: { months: 3 }, source: 'seed-002' } } }];
      const v2 = await api.post(`/api/procedures/${code}/versions`, { effectiveFrom: today(), note: '3-month proof of address', definition: stricter }).expect(201);
      expect(v2.body.version).toBe(2);
      const refusedEarlier = await api.post(`/api/procedures/${code}/versions`, { effectiveFrom: '2025-01-01', definition: stricter }).expect(422);
      expect(refusedEarlier.body.errors).toEqual([{ field: 'effectiveFrom', message: `must not be before ${today()}` }]);

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
      expect(newRules.body.parameters.proofOfAddressMaxAge).toEqual({ value: { months: 3 }, source: 'seed-002', override: { prefecture: '35', effectiveFrom: '2026-01-01' } });
      const addressFindings = (body: { findings: { slot?: string; code: string }[] }) => body.findings.filter((f) => f.slot === 'proof-of-address').map((f) => f.code);
      expect(addressFindings(oldRules.body)).toEqual(['document.not-reviewed']);
      expect(addressFindings(newRules.body)).toEqual(['document.too-old']);
      expect((await api.get(`/api/dossiers/${before.id}`).expect(200)).body.procedureVersion).toBe(1);
      const listed = await api.get(`/api/procedures/${code}`).expect(200);
      expect(listed.body.version).toBe(2);
    });
  });
});
