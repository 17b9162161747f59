import { TEST_AGENTS } from '../support/agents';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { addDays } from '../../src/common/dates';
import { PrismaService } from '../../src/infra/prisma/prisma.service';
import { WorkflowSweeps } from '../../src/workflow/workflow.sweeps';
import { AgentClient, asAgent, startApi } from '../support/api';
import { createDossier, createInstitution, createStudent, today } from '../support/factories';
import { clockOf } from '../support/test-clock';
import { COMPLETE_RECE, move, recordAccepted, versionOf } from '../support/workflow';

type Finding = { code: string; slot?: string };

describe('dossier workflow', () => {
  let app: NestFastifyApplication;
  let api: AgentClient;
  let prisma: PrismaService;

  beforeAll(async () => {
    app = await startApi();
    api = asAgent(app);
    prisma = app.get(PrismaService);
  });
  afterAll(() => app.close());

  /** A RECE dossier for a tenant, every document recorded and accepted: ready to verify. */
  async function completeDossier() {
    const dossier = await createDossier(api, { facts: { housing: 'tenant' } });
    await recordAccepted(api, dossier.id, COMPLETE_RECE());
    return dossier;
  }
  const outbox = (dossierId: string) => prisma.outboxMessage.findMany({ where: { dossierId }, orderBy: { id: 'asc' } });
  const emails = async (dossierId: string) =>
    (await outbox(dossierId)).filter((m) => m.topic === 'email').map((m) => (m.payload as { template: string }).template);

  it('takes a RECE dossier from receipt to decision over HTTP, and the timeline shows every step', async () => {
    const dossier = await completeDossier();
    const verified = await move(api, dossier.id, { to: 'verified' }, 200);
    expect(verified.body.status).toBe('verified');
    expect(verified.headers.etag).toBe(`"${verified.body.version}"`);

    const transmission = await api.post('/api/transmissions', { dossierIds: [dossier.id], contact: 'Préfecture 35, bureau du séjour' }).expect(201);
    const forwarded = await api.get(`/api/dossiers/${dossier.id}`).expect(200);
    expect(forwarded.body).toMatchObject({ status: 'forwarded', filedAt: today(), implicitRejectionOn: addDays(today(), 90) });
    expect(forwarded.body.deadlineAt).toEqual(expect.any(String));

    await move(api, dossier.id, { to: 'decided', decision: 'favourable' }, 200);
    const decided = await api.get(`/api/dossiers/${dossier.id}`).expect(200);
    expect(decided.body).toMatchObject({ status: 'decided', decision: 'favourable', decidedOn: today(), deadlineAt: null });

    const timeline = await api.get(`/api/dossiers/${dossier.id}/timeline`).expect(200);
    const events = timeline.body.map((e: { event: string }) => e.event);
    expect(events.filter((e: string) => !e.startsWith('document'))).toEqual(['opened', 'verified', 'forwarded', 'decided']);
    expect(events.filter((e: string) => e === 'document_recorded')).toHaveLength(10);
    const forwardEntry = timeline.body.find((e: { event: string }) => e.event === 'forwarded');
    expect(forwardEntry).toMatchObject({
      fromStatus: 'verified',
      toStatus: 'forwarded',
      title: { fr: 'Transmis à la préfecture', en: 'Forwarded to the prefecture' },
      actor: { id: TEST_AGENTS.admin.id, name: 'Test Admin' },
    });
    expect(forwardEntry.details).toMatchObject({ transmissionId: transmission.body.id, transmission: transmission.body.reference });

    // what follows each step was written with it: the student's e-mails, the silence deadline started then stopped
    expect(await emails(dossier.id)).toEqual(['dossier_opened', 'dossier_verified', 'dossier_forwarded', 'decision_favourable']);
    const deadlines = (await outbox(dossier.id)).filter((m) => m.topic.startsWith('deadline'));
    expect(deadlines.map((m) => m.topic)).toEqual(['deadline.schedule', 'deadline.cancel']);
  });

  it('refuses to verify a dossier with a missing document (422 with the finding)', async () => {
    const dossier = await createDossier(api, { facts: { housing: 'tenant' } });
    await recordAccepted(
      api,
      dossier.id,
      COMPLETE_RECE().filter((d) => d.kind !== 'cerfa-form'),
    );
    const refused = await move(api, dossier.id, { to: 'verified' }, 422);
    expect(refused.body).toMatchObject({ status: 422, type: '/problems/blocking-findings' });
    expect(refused.body.findings.map((f: Finding) => [f.code, f.slot])).toEqual([['document.missing', 'cerfa']]);
    expect((await api.get(`/api/dossiers/${dossier.id}`)).body.status).toBe('received');
  });

  it("refuses a second agent's move made on the old version (412), and forwarding a received dossier (409)", async () => {
    const dossier = await completeDossier();
    const seen = await versionOf(api, dossier.id);
    await api.post(`/api/dossiers/${dossier.id}/transitions`, { to: 'verified' }).set('if-match', seen).expect(200);
    const late = await api.post(`/api/dossiers/${dossier.id}/transitions`, { to: 'closed', closeReason: 'withdrawn' }).set('if-match', seen).expect(412);
    expect(late.body).toMatchObject({ status: 412, type: '/problems/stale-version' });

    const received = await createDossier(api);
    const forward = await move(api, received.id, { to: 'forwarded' }, 409);
    expect(forward.body).toMatchObject({ status: 409, currentStatus: 'received', allowed: expect.arrayContaining(['verified', 'incomplete', 'closed']) });
    await api.post(`/api/dossiers/${received.id}/transitions`, { to: 'verified' }).expect(428);
  });

  it('lets exactly one of two concurrent moves win, with a history without gap or duplicate (20 runs)', async () => {
    for (let run = 0; run < 20; run++) {
      const dossier = await createDossier(api);
      const seen = await versionOf(api, dossier.id);
      const [first, second] = await Promise.all([
        api.post(`/api/dossiers/${dossier.id}/transitions`, { to: 'closed', closeReason: 'withdrawn' }).set('if-match', seen),
        api.post(`/api/dossiers/${dossier.id}/transitions`, { to: 'closed', closeReason: 'duplicate' }).set('if-match', seen),
      ]);
      expect([first.status, second.status].sort()).toEqual([200, 412]);
      const statusChanges = await prisma.dossierHistory.findMany({ where: { dossierId: dossier.id, toStatus: { not: null } }, orderBy: { id: 'asc' } });
      expect(statusChanges.map((h) => [h.fromStatus, h.toStatus])).toEqual([
        [null, 'received'],
        ['received', 'closed'],
      ]);
      expect(await prisma.outboxMessage.count({ where: { dossierId: dossier.id, topic: 'email' } })).toBe(2);
    }
  });

  it('sets a dossier incomplete with a 30-day deadline, and back to received (deadline cancelled) once the missing documents are in', async () => {
    const dossier = await createDossier(api, { facts: { housing: 'tenant' } });
    await recordAccepted(
      api,
      dossier.id,
      COMPLETE_RECE().filter((d) => !['cerfa-form', 'cerpr'].includes(d.kind)),
    );
    const request = await api
      .post(`/api/dossiers/${dossier.id}/complement-requests`, { message: 'Merci de signer le CERFA.' })
      .set('if-match', await versionOf(api, dossier.id))
      .expect(201);
    expect(request.body).toMatchObject({ status: 'open', dueOn: addDays(today(), 30), message: 'Merci de signer le CERFA.' });
    expect(request.body.items.map((i: Finding) => i.slot).sort()).toEqual(['cerfa', 'cerpr']);
    expect(request.body.items[0].what).toEqual({ fr: expect.any(String), en: expect.any(String) });

    const incomplete = await api.get(`/api/dossiers/${dossier.id}`).expect(200);
    expect(incomplete.body.status).toBe('incomplete');
    const deadline = await prisma.deadline.findFirstOrThrow({ where: { dossierId: dossier.id, kind: 'complement' } });
    expect(deadline.status).toBe('pending');
    expect(incomplete.body.deadlineAt).toBe(deadline.dueAt.toISOString());
    // the deadline is the end of the 30th day, at the office
    expect(Math.abs(new Date(deadline.dueAt).getTime() - Date.parse(`${addDays(today(), 31)}T00:00:00Z`))).toBeLessThanOrEqual(2 * 3_600_000);
    const email = (await outbox(dossier.id)).find((m) => (m.payload as { template?: string }).template === 'complement_requested')!;
    expect(email.payload).toMatchObject({ data: { dueOn: addDays(today(), 30), items: expect.any(Array) } });

    // a second request while one is open is refused
    await api
      .post(`/api/dossiers/${dossier.id}/complement-requests`, {})
      .set('if-match', await versionOf(api, dossier.id))
      .expect(409);

    await recordAccepted(api, dossier.id, [{ kind: 'cerfa-form', attributes: { signed: true, allPages: true } }]);
    expect((await api.get(`/api/dossiers/${dossier.id}`)).body.status).toBe('incomplete');
    await recordAccepted(api, dossier.id, [{ kind: 'cerpr', attributes: { signed: true } }]);
    const back = await api.get(`/api/dossiers/${dossier.id}`).expect(200);
    expect(back.body).toMatchObject({ status: 'received', deadlineAt: null });
    expect((await prisma.deadline.findUniqueOrThrow({ where: { id: deadline.id } })).status).toBe('cancelled');
    const requests = await api.get(`/api/dossiers/${dossier.id}/complement-requests`).expect(200);
    expect(requests.body.map((r: { status: string }) => r.status)).toEqual(['satisfied']);
    const topics = (await outbox(dossier.id)).map((m) => m.topic);
    expect(topics.filter((t) => t.startsWith('deadline'))).toEqual(['deadline.schedule', 'deadline.cancel']);
    expect(await emails(dossier.id)).toEqual(['dossier_opened', 'complement_requested', 'complement_received']);
    const history = await api.get(`/api/dossiers/${dossier.id}/timeline`).expect(200);
    expect(history.body.find((e: { event: string }) => e.event === 'complement_received').actor.name).toBe('system');
  });

  it('has nothing to ask for when nothing is missing (422)', async () => {
    const complete = await completeDossier();
    const refused = await api
      .post(`/api/dossiers/${complete.id}/complement-requests`, {})
      .set('if-match', await versionOf(api, complete.id))
      .expect(422);
    expect(refused.body.type).toBe('/problems/nothing-to-request');
  });

  it('returns an ineligible dossier to received once its documents are in: eligibility is not for the student to fix', async () => {
    const student = await createStudent(api, { nationality: 'DZ' });
    const dossier = await createDossier(api, { studentId: student.id, facts: { housing: 'tenant' } });
    await recordAccepted(
      api,
      dossier.id,
      COMPLETE_RECE().filter((d) => d.kind !== 'cerpr'),
    );
    const request = await api
      .post(`/api/dossiers/${dossier.id}/complement-requests`, {})
      .set('if-match', await versionOf(api, dossier.id))
      .expect(201);
    expect(request.body.items.map((i: { codes: string[] }) => i.codes)).toEqual([['document.missing']]);
    await recordAccepted(api, dossier.id, [{ kind: 'cerpr', attributes: { signed: true } }]);
    expect((await api.get(`/api/dossiers/${dossier.id}`)).body.status).toBe('received');
    const checklist = await api.get(`/api/dossiers/${dossier.id}/checklist`).expect(200);
    expect(checklist.body.findings.map((f: Finding) => f.code)).toEqual(['eligibility.nationality-excluded']);
  });

  // some 500 requests: 15 s on an idle 2-core machine, over 30 s on a loaded one — the time limit allows for that
  it('returns the dossier to received even when an unrelated change races the last document (20 runs)', async () => {
    const agent = await prisma.agent.create({ data: { email: `race.${Date.now()}@cmi.example`, displayName: 'Race' } });
    const institution = await createInstitution(api);
    for (let run = 0; run < 20; run++) {
      const student = await createStudent(api, { institutionId: institution.id });
      const dossier = await createDossier(api, { studentId: student.id, facts: { housing: 'tenant' } });
      await recordAccepted(
        api,
        dossier.id,
        COMPLETE_RECE().filter((d) => d.kind !== 'cerpr'),
      );
      await api
        .post(`/api/dossiers/${dossier.id}/complement-requests`, {})
        .set('if-match', await versionOf(api, dossier.id))
        .expect(201);
      await Promise.all([
        api.post(`/api/dossiers/${dossier.id}/documents`, { kind: 'cerpr', attributes: { signed: true } }).expect(201),
        api.put(`/api/dossiers/${dossier.id}/assignee`, { agentId: agent.id }).expect(200),
      ]);
      expect((await api.get(`/api/dossiers/${dossier.id}`)).body.status).toBe('received');
      expect(await prisma.deadline.count({ where: { dossierId: dossier.id, status: 'pending' } })).toBe(0);
    }
  }, 240_000);

  it('closes a dossier past its complement deadline once, through the workflow (the operation the deadline job calls)', async () => {
    const dossier = await createDossier(api, { facts: { housing: 'tenant' } });
    await api
      .post(`/api/dossiers/${dossier.id}/complement-requests`, {})
      .set('if-match', await versionOf(api, dossier.id))
      .expect(201);
    const workflow = app.get(WorkflowSweeps);
    expect(await workflow.expireComplement(dossier.id)).toBe('not-due');
    // the days pass: the server's clock goes past the deadline (and comes back for the other tests)
    const { dueAt } = await prisma.deadline.findFirstOrThrow({ where: { dossierId: dossier.id } });
    clockOf(app).set(new Date(dueAt.getTime() + 1000));
    const outcomes = await Promise.all([workflow.expireComplement(dossier.id), workflow.expireComplement(dossier.id)]).finally(() => clockOf(app).reset());
    expect(outcomes.filter((o) => o === 'closed')).toHaveLength(1);
    expect(outcomes.every((o) => ['closed', 'not-incomplete', 'not-due'].includes(o))).toBe(true);
    expect(await workflow.expireComplement(dossier.id)).toBe('not-incomplete');
    const closed = await api.get(`/api/dossiers/${dossier.id}`).expect(200);
    expect(closed.body).toMatchObject({ status: 'closed', closeReason: 'deadline_expired', deadlineAt: null });
    expect((await prisma.deadline.findFirstOrThrow({ where: { dossierId: dossier.id } })).status).toBe('fired');
    expect((await api.get(`/api/dossiers/${dossier.id}/complement-requests`)).body[0].status).toBe('expired');
    expect(await emails(dossier.id)).toEqual(['dossier_opened', 'complement_requested', 'dossier_closed']);
    // no agent may close for an expired deadline
    const other = await createDossier(api);
    await move(api, other.id, { to: 'closed', closeReason: 'deadline_expired' }, 403);
  });

  it('writes nothing when the transaction fails after the status update (fault injected in the outbox)', async () => {
    const dossier = await completeDossier();
    const before = {
      history: await prisma.dossierHistory.count({ where: { dossierId: dossier.id } }),
      outbox: await prisma.outboxMessage.count({ where: { dossierId: dossier.id } }),
    };
    const trigger = `fail_outbox_${dossier.id.replace(/-/g, '')}`;
    // one command per call: Prisma prepares its queries (named statements), and a prepared statement holds one
    await prisma.$executeRawUnsafe(`
      CREATE FUNCTION ${trigger}() RETURNS trigger AS $$
      BEGIN
        IF NEW.dossier_id = '${dossier.id}' THEN RAISE EXCEPTION 'injected fault'; END IF;
        RETURN NEW;
      END $$ LANGUAGE plpgsql`);
    await prisma.$executeRawUnsafe(`CREATE TRIGGER ${trigger} BEFORE INSERT ON outbox FOR EACH ROW EXECUTE FUNCTION ${trigger}()`);
    try {
      await move(api, dossier.id, { to: 'verified' }, 500);
    } finally {
      await prisma.$executeRawUnsafe(`DROP TRIGGER ${trigger} ON outbox`);
      await prisma.$executeRawUnsafe(`DROP FUNCTION ${trigger}()`);
    }
    const after = await api.get(`/api/dossiers/${dossier.id}`).expect(200);
    expect(after.body.status).toBe('received');
    expect(await prisma.dossierHistory.count({ where: { dossierId: dossier.id } })).toBe(before.history);
    expect(await prisma.outboxMessage.count({ where: { dossierId: dossier.id } })).toBe(before.outbox);
    await move(api, dossier.id, { to: 'verified' }, 200);
  });

  describe('transmissions', () => {
    it('forwards a batch with a slip listing exactly its dossiers, as CSV and printable HTML', async () => {
      const batch = [await completeDossier(), await completeDossier(), await completeDossier()];
      const left = await completeDossier();
      for (const dossier of [...batch, left]) await move(api, dossier.id, { to: 'verified' }, 200);
      const created = await api
        .post('/api/transmissions', { dossierIds: batch.map((d) => d.id), contact: 'Mme Le Goff <séjour@prefecture.example>', note: 'Envoi du lundi' })
        .expect(201);
      expect(created.body).toMatchObject({ reference: expect.stringMatching(/^TR-\d{4}-\d{6}$/), prefecture: '35', sentOn: today() });
      expect(created.body.items.map((i: { dossierId: string }) => i.dossierId)).toEqual(batch.map((d) => d.id));
      expect(created.body.items.every((i: { documentCount: number }) => i.documentCount === 10)).toBe(true);

      const csv = await api.get(created.body.slip.csv).expect(200);
      expect(csv.headers['content-type']).toMatch(/^text\/csv/);
      const lines = csv.text
        .replace(/^\uFEFF/, '')
        .trim()
        .split('\r\n');
      expect(lines[0]).toBe('N°;Référence;Étudiant;Démarche;Pièces');
      expect(lines.slice(1).map((l) => l.split(';')[1])).toEqual(batch.map((d) => d.reference));
      expect(csv.text).not.toContain(left.reference);
      const html = await api.get(created.body.slip.html).expect(200);
      expect(html.headers['content-type']).toMatch(/^text\/html/);
      for (const dossier of batch) expect(html.text).toContain(dossier.reference);
      expect(html.text).not.toContain(left.reference);
      expect(html.text).toContain('&lt;séjour@prefecture.example&gt;');

      expect((await api.get(`/api/transmissions/${created.body.id}`).expect(200)).body.items).toHaveLength(3);
      expect((await api.get(`/api/dossiers/${left.id}`)).body.status).toBe('verified');
      const listed = await api.get('/api/transmissions?limit=50').expect(200);
      expect(listed.body.items.map((t: { id: string }) => t.id)).toContain(created.body.id);
    });

    it("sends a batch to the prefecture given, which becomes the dossiers' own", async () => {
      const dossier = await completeDossier();
      await move(api, dossier.id, { to: 'verified' }, 200);
      await api
        .post('/api/transmissions', { dossierIds: [dossier.id], contact: 'Préfecture de police', prefecture: '75', sentOn: addDays(today(), -30) })
        .expect(400);
      await api.post('/api/transmissions', { dossierIds: [dossier.id], contact: 'Préfecture de police', prefecture: '75' }).expect(201);
      expect((await api.get(`/api/dossiers/${dossier.id}`)).body).toMatchObject({ prefecture: '75', status: 'forwarded' });
    });

    it('refuses a dossier whose verdict changed after verification (422), and a forged cursor (400)', async () => {
      const dossier = await completeDossier();
      await move(api, dossier.id, { to: 'verified' }, 200);
      const [cerfa] = (await api.get(`/api/dossiers/${dossier.id}/documents`)).body.filter((d: { kind: string }) => d.kind === 'cerfa-form');
      await api.patch(`/api/dossiers/${dossier.id}/documents/${cerfa.id}`, { status: 'rejected', rejectionReason: 'unsigned' }).expect(200);
      const refused = await api.post('/api/transmissions', { dossierIds: [dossier.id], contact: 'Préfecture' }).expect(422);
      expect(refused.body.dossiers).toMatchObject([{ id: dossier.id, findings: [{ code: 'document.rejected', slot: 'cerfa' }] }]);
      await move(api, dossier.id, { to: 'forwarded' }, 422);
      const forged = Buffer.from(JSON.stringify(['-sentOn', 'abc', '01a20883-0000-7000-8000-000000000000'])).toString('base64url');
      await api.get(`/api/transmissions?cursor=${forged}`).expect(400);
    });

    it('refuses a batch holding a dossier that is not verified, and moves none of them', async () => {
      const verified = await completeDossier();
      await move(api, verified.id, { to: 'verified' }, 200);
      const received = await createDossier(api);
      const refused = await api.post('/api/transmissions', { dossierIds: [verified.id, received.id], contact: 'Préfecture' }).expect(409);
      expect(refused.body.dossiers).toEqual([{ id: received.id, reference: received.reference, status: 'received' }]);
      expect((await api.get(`/api/dossiers/${verified.id}`)).body.status).toBe('verified');
      const bad = await api.post('/api/transmissions', { dossierIds: [], contact: '' }).expect(400);
      expect((bad.body.errors as { field: string }[]).map((e) => e.field).sort()).toEqual(['contact', 'dossierIds']);
      await api.post('/api/transmissions', { dossierIds: ['01a20883-0000-7000-8000-000000000000'], contact: 'Préfecture' }).expect(400);
      await api.get('/api/transmissions/01a20883-0000-7000-8000-000000000000').expect(404);
    });
  });

  describe('the prefecture leg and after', () => {
    async function forwardedDossier(filedOn?: string) {
      const dossier = await completeDossier();
      await move(api, dossier.id, { to: 'verified' }, 200);
      await move(api, dossier.id, { to: 'forwarded', filedOn, prefectureReference: 'ANEF-2026-123456' }, 200);
      return dossier;
    }

    it('files a single dossier with the prefecture reference, computing the implicit-rejection date', async () => {
      const dossier = await createDossier(api, { facts: { housing: 'tenant' }, receivedAt: addDays(today(), -20) });
      await recordAccepted(api, dossier.id, COMPLETE_RECE());
      await move(api, dossier.id, { to: 'verified' }, 200);
      await move(api, dossier.id, { to: 'forwarded', filedOn: addDays(today(), -21) }, 400);
      await move(api, dossier.id, { to: 'forwarded', filedOn: addDays(today(), -10), prefectureReference: 'ANEF-2026-123456' }, 200);
      const forwarded = await api.get(`/api/dossiers/${dossier.id}`).expect(200);
      expect(forwarded.body).toMatchObject({
        filedAt: addDays(today(), -10),
        implicitRejectionOn: addDays(today(), 80),
        prefectureReference: 'ANEF-2026-123456',
      });
    });

    it('refuses summons dates that are not real or out of range', async () => {
      const dossier = await forwardedDossier();
      for (const appointmentAt of [
        '0000-01-01T10:00:00Z',
        '9999-12-31T23:59:59.999-05:00',
        '2026-02-30T10:00:00Z',
        `${addDays(today(), -400)}T10:00:00Z`,
        'tomorrow',
      ]) {
        const refused = await api.post(`/api/dossiers/${dossier.id}/summons`, { reason: 'fingerprints', appointmentAt }).expect(400);
        expect(refused.body.errors).toMatchObject([{ field: 'appointmentAt' }]);
      }
      expect((await api.get(`/api/dossiers/${dossier.id}/summons`).expect(200)).body).toEqual([]);
    });

    it('records summonses, the decision, the card ready and handed over, each told to the student', async () => {
      const dossier = await forwardedDossier();
      const summons = await api
        .post(`/api/dossiers/${dossier.id}/summons`, {
          reason: 'fingerprints',
          appointmentAt: `${addDays(today(), 12)}T09:30:00+01:00`,
          place: 'Préfecture de Rennes',
        })
        .expect(201);
      expect(summons.body).toMatchObject({ reason: 'fingerprints', place: 'Préfecture de Rennes' });
      expect((await api.get(`/api/dossiers/${dossier.id}/summons`).expect(200)).body).toHaveLength(1);
      await api.post(`/api/dossiers/${dossier.id}/card-events`, { event: 'ready' }).expect(409);
      await move(api, dossier.id, { to: 'decided' }, 400);
      await move(api, dossier.id, { to: 'decided', decision: 'favourable', decidedOn: addDays(today(), 1) }, 400);
      await move(api, dossier.id, { to: 'decided', decision: 'favourable' }, 200);
      await api.post(`/api/dossiers/${dossier.id}/card-events`, { event: 'handed_over' }).expect(409);
      await api.post(`/api/dossiers/${dossier.id}/card-events`, { event: 'ready' }).expect(201);
      await api.post(`/api/dossiers/${dossier.id}/card-events`, { event: 'ready' }).expect(409);
      const handed = await api.post(`/api/dossiers/${dossier.id}/card-events`, { event: 'handed_over' }).expect(201);
      expect(handed.body).toMatchObject({ cardReadyOn: today(), cardHandedOverOn: today() });
      expect(await emails(dossier.id)).toEqual(['dossier_opened', 'dossier_verified', 'dossier_forwarded', 'summons', 'decision_favourable', 'card_ready']);
      const events = (await api.get(`/api/dossiers/${dossier.id}/timeline`)).body
        .map((e: { event: string }) => e.event)
        .filter((e: string) => !e.startsWith('document'));
      expect(events).toEqual(['opened', 'verified', 'forwarded', 'summons', 'decided', 'card_ready', 'card_handed_over']);
    });

    it('closes with a reason (text for "other"), reopens, and withdraws a decision', async () => {
      const dossier = await createDossier(api);
      await move(api, dossier.id, { to: 'closed' }, 400);
      const other = await move(api, dossier.id, { to: 'closed', closeReason: 'other' }, 400);
      expect(other.body.errors).toEqual([{ field: 'reason', code: 'requiredForOtherCloseReason', message: 'is required when the close reason is other' }]);
      await move(api, dossier.id, { to: 'closed', closeReason: 'withdrawn', reason: "À la demande de l'étudiante" }, 200);
      await move(api, dossier.id, { to: 'received' }, 400);
      const reopened = await move(api, dossier.id, { to: 'received', reason: 'Erreur de clôture' }, 200);
      expect(reopened.body).toMatchObject({ status: 'received', closeReason: null });

      const decided = await forwardedDossier();
      await move(api, decided.id, { to: 'decided', decision: 'refused' }, 200);
      expect(await emails(decided.id)).toContain('decision_refused');
      const withdrawn = await move(api, decided.id, { to: 'forwarded', reason: 'Recours gracieux : décision retirée' }, 200);
      expect(withdrawn.body).toMatchObject({ status: 'forwarded', decision: null, decidedOn: null, cardReadyOn: null });
      expect(await emails(decided.id)).toContain('decision_withdrawn');
      expect(withdrawn.body.deadlineAt).toEqual(expect.any(String));
    });

    it('refuses to reopen a dossier when the student has opened another for the same procedure', async () => {
      const student = await createStudent(api);
      const first = await createDossier(api, { studentId: student.id });
      await move(api, first.id, { to: 'closed', closeReason: 'withdrawn' }, 200);
      const second = await createDossier(api, { studentId: student.id });
      const refused = await move(api, first.id, { to: 'received', reason: 'Rouvert par erreur' }, 409);
      expect(refused.body).toMatchObject({ type: '/problems/open-dossier-exists', existingDossier: { id: second.id } });
      expect((await api.get(`/api/dossiers/${first.id}`)).body.status).toBe('closed');
    });

    it('assigns and hands over dossiers', async () => {
      const dossier = await createDossier(api);
      const agents = await Promise.all(
        ['take', 'handover'].map((n) => prisma.agent.create({ data: { email: `${n}.${Date.now()}@cmi.example`, displayName: `Agent ${n}` } })),
      );
      const taken = await api.put(`/api/dossiers/${dossier.id}/assignee`, { agentId: agents[0]!.id }).expect(200);
      expect(taken.body.assigneeId).toBe(agents[0]!.id);
      await api.put(`/api/dossiers/${dossier.id}/assignee`, { agentId: agents[1]!.id }).set('if-match', '"1"').expect(412);
      await api.put(`/api/dossiers/${dossier.id}/assignee`, { agentId: agents[1]!.id }).expect(200);
      await prisma.agent.update({ where: { id: agents[0]!.id }, data: { active: false } });
      await api.put(`/api/dossiers/${dossier.id}/assignee`, { agentId: agents[0]!.id }).expect(400);
      await api.put(`/api/dossiers/${dossier.id}/assignee`, {}).expect(400);
      await api.put(`/api/dossiers/${dossier.id}/assignee`, { agentId: null }).expect(200);
      const timeline = await api.get(`/api/dossiers/${dossier.id}/timeline`).expect(200);
      expect(timeline.body.map((e: { event: string }) => e.event)).toEqual(['opened', 'assigned', 'assigned', 'unassigned']);
    });
  });

  it('answers 404 for the timeline, requests and transitions of an unknown dossier', async () => {
    const unknown = '01a20883-0000-7000-8000-000000000000';
    await api.get(`/api/dossiers/${unknown}/timeline`).expect(404);
    await api.get(`/api/dossiers/${unknown}/complement-requests`).expect(404);
    await api.post(`/api/dossiers/${unknown}/transitions`, { to: 'verified' }).set('if-match', '"1"').expect(404);
    const student = await createStudent(api);
    const dossier = await createDossier(api, { studentId: student.id });
    const bad = await api.post(`/api/dossiers/${dossier.id}/transitions`, { to: 'lost', decision: 'maybe' }).set('if-match', '"1"').expect(400);
    expect((bad.body.errors as { field: string }[]).map((e) => e.field).sort()).toEqual(['decision', 'to']);
  });
});
