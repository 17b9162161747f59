import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { addDays } from '../../src/common/dates';
import { AgentClient, asAgent, startApi } from '../support/api';
import { createDossier, createStudent, today } from '../support/factories';
import { COMPLETE_RECE, recordAccepted } from '../support/workflow';

type Finding = { code: string; severity: string; slot?: string; message: { fr: string; en: string } };

describe('dossier checklist', () => {
  let app: NestFastifyApplication;
  let api: AgentClient;

  beforeAll(async () => {
    app = await startApi();
    api = asAgent(app);
  });
  afterAll(() => app.close());

  const recordCompleteRece = (dossierId: string) => recordAccepted(api, dossierId, COMPLETE_RECE());

  it('shows a new RECE dossier as missing every document, in one request, in French and English', async () => {
    const dossier = await createDossier(api);
    const checklist = await api.get(`/api/dossiers/${dossier.id}/checklist`).expect(200);
    expect(checklist.body).toMatchObject({
      dossierId: dossier.id,
      reference: dossier.reference,
      procedure: { code: 'rece', version: 2 },
      filingDate: today(),
      prefecture: '35',
      complete: false,
    });
    const states = Object.fromEntries(checklist.body.slots.map((s: { code: string; state: string }) => [s.code, s.state]));
    expect(states).toMatchObject({ passport: 'missing', diploma: 'missing', cerfa: 'missing', 'business-project': 'not_applicable' });
    const findings = checklist.body.findings as Finding[];
    // the diploma (or the certificate) and the proof of address (housing not recorded yet) each have alternatives
    expect(findings.map((f) => f.code).sort()).toEqual(
      [...Array(8).fill('document.missing'), 'alternative.unmet', 'alternative.unmet', 'facts.missing'].sort(),
    );
    expect(findings.find((f) => f.code === 'facts.missing')!.message).toEqual({ fr: 'Renseigner : Situation de logement.', en: 'Fill in: Housing situation.' });
    expect(findings.find((f) => f.slot === 'cerfa')!.message).toEqual({
      fr: 'Pièce manquante : Formulaire CERFA signé, 2e page comprise.',
      en: 'Missing document: Signed CERFA form, including its 2nd page.',
    });
  });

  it('finds nothing blocking once every document is recorded and accepted', async () => {
    const dossier = await createDossier(api, { facts: { housing: 'tenant' } });
    await recordCompleteRece(dossier.id);
    const checklist = await api.get(`/api/dossiers/${dossier.id}/checklist`).expect(200);
    expect(checklist.body).toMatchObject({ complete: true, blocking: 0, warnings: 0, findings: [] });
    expect(checklist.body.slots.filter((s: { state: string }) => s.state !== 'not_applicable').every((s: { state: string }) => s.state === 'satisfied')).toBe(
      true,
    );
  });

  it('follows the facts recorded on the dossier: a hosted student needs the host bundle', async () => {
    const dossier = await createDossier(api, { facts: { housing: 'tenant' } });
    await recordCompleteRece(dossier.id);
    const current = await api.get(`/api/dossiers/${dossier.id}`).expect(200);
    const patched = await api
      .patch(`/api/dossiers/${dossier.id}`, { facts: { housing: 'hosted', hostIdAddressOutdated: true } })
      .set('if-match', current.headers.etag!)
      .expect(200);
    expect(patched.body).toMatchObject({ facts: { housing: 'hosted', hostIdAddressOutdated: true }, version: current.body.version + 1 });
    const checklist = await api.get(`/api/dossiers/${dossier.id}/checklist`).expect(200);
    expect(checklist.body.findings).toEqual([expect.objectContaining({ code: 'document.missing', slot: 'proof-of-address' })]);
    await api
      .post(`/api/dossiers/${dossier.id}/documents`, { kind: 'host-attestation', issuedOn: addDays(today(), -3), attributes: { signed: true, dated: true } })
      .expect(201);
    await api.post(`/api/dossiers/${dossier.id}/documents`, { kind: 'host-identity' }).expect(201);
    const partial = await api.get(`/api/dossiers/${dossier.id}/checklist`).expect(200);
    expect(partial.body.findings).toEqual([expect.objectContaining({ code: 'bundle.incomplete', slot: 'proof-of-address' })]);
  });

  it('reports eligibility from the student record: an Algerian national is refused the RECE card', async () => {
    const student = await createStudent(api, { nationality: 'DZ' });
    const dossier = await createDossier(api, { studentId: student.id });
    const checklist = await api.get(`/api/dossiers/${dossier.id}/checklist`).expect(200);
    const excluded = (checklist.body.findings as Finding[]).find((f) => f.code === 'eligibility.nationality-excluded')!;
    expect(excluded).toMatchObject({ severity: 'blocking', message: { en: expect.stringContaining('Franco-Algerian') } });
  });

  it('refuses facts and cases the procedure does not know, and changes without If-Match or with a stale one', async () => {
    const dossier = await createDossier(api);
    const bad = await api
      .patch(`/api/dossiers/${dossier.id}`, { facts: { housing: 'castle', pets: 2 }, procedureCase: 'renewal' })
      .set('if-match', '"1"')
      .expect(400);
    expect((bad.body.errors as { field: string }[]).map((e) => e.field).sort()).toEqual(['facts.housing', 'facts.pets', 'procedureCase']);
    const missing = await api.patch(`/api/dossiers/${dossier.id}`, { facts: { housing: 'tenant' } }).expect(428);
    expect(missing.body.type).toBe('/problems/if-match-required');
    await api
      .patch(`/api/dossiers/${dossier.id}`, { facts: { housing: 'tenant' } })
      .set('if-match', '"1"')
      .expect(200);
    const stale = await api
      .patch(`/api/dossiers/${dossier.id}`, { facts: { housing: 'hotel' } })
      .set('if-match', '"1"')
      .expect(412);
    expect(stale.body).toMatchObject({ type: '/problems/stale-version', currentVersion: 2 });
    await api.patch(`/api/dossiers/${dossier.id}`, { facts: {} }).set('if-match', 'three').expect(400);
    const cleared = await api
      .patch(`/api/dossiers/${dossier.id}`, { facts: { housing: null } })
      .set('if-match', 'W/"2"')
      .expect(200);
    expect(cleared.body.facts).toEqual({});
  });

  it('opens a researcher dossier with its case and facts, validated against the catalog', async () => {
    const student = await createStudent(api, { level: 'doctorate', currentPermit: { kind: 'talent_researcher', validUntil: addDays(today(), 90) } });
    const refused = await api
      .post('/api/dossiers', { studentId: student.id, procedureCode: 'talent-researcher', procedureCase: 'promotion', facts: { euMobilityProgramme: 'no' } })
      .expect(400);
    expect((refused.body.errors as { field: string }[]).map((e) => e.field).sort()).toEqual(['facts.euMobilityProgramme', 'procedureCase']);
    const dossier = await createDossier(api, {
      studentId: student.id,
      procedureCode: 'talent-researcher',
      procedureCase: 'renewal',
      facts: { euMobilityProgramme: false },
    });
    expect(dossier).toMatchObject({ channel: 'anef', procedureCase: 'renewal', facts: { euMobilityProgramme: false } });
    const checklist = await api.get(`/api/dossiers/${dossier.id}/checklist`).expect(200);
    const missingFacts = (checklist.body.findings as (Finding & { fact?: string })[])
      .filter((f) => f.code === 'facts.missing')
      .map((f) => f.fact)
      .sort();
    expect(missingFacts).toEqual(['diplomaInstitution', 'diplomaIssuedOn', 'diplomaTitle', 'hostOrganisation', 'housing', 'linkNature']);
  });

  it('answers 404 for an unknown dossier and 400 for a malformed id', async () => {
    await api.get('/api/dossiers/01a20883-0000-7000-8000-000000000000/checklist').expect(404);
    await api.get('/api/dossiers/nope/checklist').expect(400);
  });
});
