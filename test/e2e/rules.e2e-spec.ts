import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { academicYearOf, addDays, addMonths } from '../../src/common/dates';
import { AgentClient, asAgent, startApi } from '../support/api';
import { createDossier, createStudent, today } from '../support/factories';
import { COMPLETE_RECE, move, recordAccepted } from '../support/workflow';

type Finding = {
  code: string;
  severity: string;
  slot?: string;
  rule?: string;
  fact?: string;
  params?: Record<string, unknown>;
  message: { fr: string; en: string };
  source: Record<string, unknown> | null;
};

/**
 * The rules beneath the checklist over HTTP: the day a dossier is judged on (the CMI's receipt
 * for its 2-step channel), the study levels of the 2-step channel, a number fact against a
 * minimum, and the findings' raw parameters and public sources.
 */
describe('rules of the catalog, over HTTP', () => {
  let app: NestFastifyApplication;
  let api: AgentClient;

  beforeAll(async () => {
    app = await startApi();
    api = asAgent(app);
  });
  afterAll(() => app.close());

  const checklist = async (dossierId: string) =>
    (await api.get(`/api/dossiers/${dossierId}/checklist`).expect(200)).body as {
      filingDate: string;
      complete: boolean;
      blocking: number;
      warnings: number;
      findings: Finding[];
      slots: { code: string; ask: { fr: string } | null }[];
    };

  it('judges a RECE dossier on the day the CMI received it: valid then, it stays complete when forwarded a week later', async () => {
    const receivedAt = addDays(today(), -8);
    // the permit lapses three days after the receipt; the bill is at the limit of 6 months on the receipt date
    const permitUntil = addDays(receivedAt, 3);
    const student = await createStudent(api, {
      academicYear: academicYearOf(receivedAt),
      currentPermit: { kind: 'student', validFrom: addDays(receivedAt, -300), validUntil: permitUntil },
    });
    const dossier = await createDossier(api, { studentId: student.id, receivedAt, facts: { housing: 'tenant' } });
    const documents = COMPLETE_RECE().map((d) =>
      d.kind === 'residence-permit'
        ? { ...d, attributes: { validUntil: permitUntil } }
        : d.kind === 'rent-receipt'
          ? { ...d, issuedOn: addMonths(receivedAt, -6) }
          : d,
    );
    await recordAccepted(api, dossier.id, documents);
    const before = await checklist(dossier.id);
    expect(before).toMatchObject({ filingDate: receivedAt, complete: true, blocking: 0 });

    await move(api, dossier.id, { to: 'verified' }, 200);
    const filedOn = addDays(receivedAt, 7);
    await move(api, dossier.id, { to: 'forwarded', filedOn, prefectureReference: 'PREF-35-2026-0001' }, 200);
    expect((await api.get(`/api/dossiers/${dossier.id}`).expect(200)).body).toMatchObject({ status: 'forwarded', filedAt: filedOn });
    const after = await checklist(dossier.id);
    // judged on the filing date, the permit and the bill would fail: they are judged on the receipt
    expect(after).toMatchObject({ filingDate: receivedAt, complete: true, blocking: 0, findings: [] });
  });

  it("does not verify an L3 student's RECE dossier: every document accepted, the checklist says the level is not eligible", async () => {
    const student = await createStudent(api, { level: 'l3', programme: 'Licence Informatique' });
    const dossier = await createDossier(api, { studentId: student.id, facts: { housing: 'tenant' } });
    await recordAccepted(api, dossier.id, COMPLETE_RECE());
    const report = await checklist(dossier.id);
    expect(report).toMatchObject({ complete: false, blocking: 1, warnings: 0 });
    expect(report.findings).toEqual([
      expect.objectContaining({
        code: 'eligibility.study-level',
        severity: 'blocking',
        rule: 'rece.final-year',
        params: { level: 'l3', allowed: ['m2', 'engineering_final_year', 'mastere_specialise', 'msc'] },
        message: expect.objectContaining({ fr: expect.stringContaining('dernière année de master') }),
        source: expect.objectContaining({ id: 'cmi-rennes-rece', url: expect.stringMatching(/^https:\/\/cmi\.univ-rennes\.fr\//) }),
      }),
    ]);
  });

  it('asks the request letter for the mobile number and the e-mail address, and tells the student what to send', async () => {
    const dossier = await createDossier(api, { facts: { housing: 'tenant' } });
    await recordAccepted(
      api,
      dossier.id,
      COMPLETE_RECE().map((d) => (d.kind === 'request-letter' ? { kind: 'request-letter', attributes: { hasMobileNumber: true, hasEmailAddress: false } } : d)),
    );
    const report = await checklist(dossier.id);
    expect(report.findings).toEqual([
      expect.objectContaining({
        code: 'document.no-email-address',
        slot: 'request-letter',
        severity: 'blocking',
        params: { kind: 'request-letter', recorded: true },
      }),
    ]);
    expect(report.slots.find((s) => s.code === 'request-letter')!.ask!.fr).toContain('votre adresse e-mail');
    for (const finding of report.findings) expect(finding.source).not.toHaveProperty('ref');
  });

  it('records a number fact and holds it against the minimum of the procedure (student permit renewal: 615 € a month)', async () => {
    const student = await createStudent(api, { currentPermit: { kind: 'student', validFrom: addDays(today(), -270), validUntil: addDays(today(), 90) } });
    const refused = await api
      .post('/api/dossiers', { studentId: student.id, procedureCode: 'student-renewal', facts: { monthlyResourcesEur: '500 €' } })
      .expect(400);
    expect(refused.body.errors).toEqual([{ field: 'facts.monthlyResourcesEur', code: 'isNumber', message: 'must be a number' }]);
    const dossier = await createDossier(api, {
      studentId: student.id,
      procedureCode: 'student-renewal',
      facts: { housing: 'tenant', monthlyResourcesEur: 500, resourcesOrigin: 'own-funds', courseChange: false },
    });
    expect(dossier).toMatchObject({ channel: 'anef', facts: { monthlyResourcesEur: 500 } });
    const below = (await checklist(dossier.id)).findings.find((f) => f.code === 'eligibility.below-minimum')!;
    expect(below).toMatchObject({
      severity: 'blocking',
      rule: 'renewal.resources',
      fact: 'monthlyResourcesEur',
      params: { fact: 'monthlyResourcesEur', value: 500, minimum: 615 },
      source: expect.objectContaining({ id: 'sp-f17279' }),
    });
    expect(below.message.en).toBe('Monthly resources shown: €500, below the required minimum (€615).');
    const current = await api.get(`/api/dossiers/${dossier.id}`).expect(200);
    await api
      .patch(`/api/dossiers/${dossier.id}`, { facts: { monthlyResourcesEur: 650 } })
      .set('if-match', current.headers.etag!)
      .expect(200);
    expect((await checklist(dossier.id)).findings.map((f) => f.code)).not.toContain('eligibility.below-minimum');
  });
});
