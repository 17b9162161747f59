import AdmZip from 'adm-zip';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomBytes } from 'node:crypto';
import { AuditService } from '../../src/audit/audit.service';
import { PrismaService } from '../../src/infra/prisma/prisma.service';
import { TEST_AGENTS } from '../support/agents';
import { AgentClient, anonymous, asAgent, startApi, withToken } from '../support/api';
import { createDossier, createInstitution, createStudent } from '../support/factories';
import { binary, pdf } from '../support/files';
import { move } from '../support/workflow';

interface TimelineEntry {
  id: string;
  event: string;
  title: { fr: string; en: string };
  actor: { id: string | null; name: string };
  reason: string | null;
  document: { id: string | null; kind: string; names: { fr: string; en: string } | null } | null;
  rejectionReason: string | null;
  closeReason: string | null;
  note: { id: string; body: string | null } | null;
}

/** Internal notes on a dossier: for the agents only, in the timeline, audited, never e-mailed; and a timeline that names things. */
describe('internal notes and the timeline', () => {
  let app: NestFastifyApplication;
  let admin: AgentClient;
  let agent: AgentClient;
  let prisma: PrismaService;

  beforeAll(async () => {
    app = await startApi();
    admin = asAgent(app);
    agent = asAgent(app, 'agent');
    prisma = app.get(PrismaService);
  });
  afterAll(() => app.close());

  const timelineOf = async (dossierId: string) => (await agent.get(`/api/dossiers/${dossierId}/timeline`).expect(200)).body as TimelineEntry[];
  const auditOf = async (studentId: string) => {
    await app.get(AuditService).flush();
    return (await admin.get(`/api/audit?studentId=${studentId}&limit=200`).expect(200)).body.items as {
      action: string;
      actor: { id: string };
      resourceId: string;
      details: Record<string, unknown>;
    }[];
  };
  /** What would reach the student: the dossier's outbox messages (e-mails are relayed from them) and its e-mails. */
  const studentBound = async (dossierId: string) => ({
    outbox: await prisma.outboxMessage.count({ where: { dossierId } }),
    notifications: (await agent.get(`/api/dossiers/${dossierId}/notifications`).expect(200)).body,
  });

  it('adds a note, lists it, shows it in the timeline with its author, audits it and e-mails nobody', async () => {
    const student = await createStudent(admin);
    const dossier = await createDossier(admin, { studentId: student.id });
    const before = await studentBound(dossier.id);

    const text = "Appel de l'étudiante le 3 décembre : l'attestation d'hébergement arrive par courrier.";
    const added = await agent.post(`/api/dossiers/${dossier.id}/notes`, { body: `  ${text}\n` }).expect(201);
    expect(added.body).toEqual({
      id: expect.any(String),
      dossierId: dossier.id,
      body: text,
      author: { id: TEST_AGENTS.agent.id, name: TEST_AGENTS.agent.name },
      createdAt: expect.any(String),
    });
    await admin.post(`/api/dossiers/${dossier.id}/notes`, { body: 'Vu avec la préfecture : pas de convocation avant janvier.' }).expect(201);

    const listed = (await agent.get(`/api/dossiers/${dossier.id}/notes`).expect(200)).body as { body: string; author: { name: string } }[];
    expect(listed.map((n) => [n.author.name, n.body])).toEqual([
      [TEST_AGENTS.agent.name, text],
      [TEST_AGENTS.admin.name, 'Vu avec la préfecture : pas de convocation avant janvier.'],
    ]);

    const entry = (await timelineOf(dossier.id)).find((e) => e.event === 'note' && e.note?.id === added.body.id);
    expect(entry).toMatchObject({
      id: `note:${added.body.id}`,
      title: { fr: 'Note interne', en: 'Internal note' },
      actor: { id: TEST_AGENTS.agent.id, name: TEST_AGENTS.agent.name },
      note: { body: text },
    });

    // the dossier itself did not move: no version, no history row, nothing for the student
    expect((await agent.get(`/api/dossiers/${dossier.id}`).expect(200)).body.version).toBe(dossier.version);
    expect(await studentBound(dossier.id)).toEqual(before);

    const events = await auditOf(student.id);
    const notes = events.filter((e) => e.action === 'dossier.note');
    expect(notes).toHaveLength(2);
    expect(notes.find((e) => e.actor.id === TEST_AGENTS.agent.id)).toMatchObject({
      resourceId: dossier.id,
      details: { route: 'POST /api/dossiers/:id/notes', request: { body: `  ${text}\n` } },
    });
    expect(events.filter((e) => e.action === 'dossier.view' && e.details.route === 'GET /api/dossiers/:id/notes').length).toBeGreaterThan(0);
  });

  it('refuses an empty or too long note (400 naming the field) and an unknown dossier (404)', async () => {
    const dossier = await createDossier(admin);
    for (const body of [{}, { body: '' }, { body: '  \n ' }, { body: 'x'.repeat(4001) }, { body: 42 }]) {
      const refused = await agent.post(`/api/dossiers/${dossier.id}/notes`, body).expect(400);
      expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'body', message: expect.any(String) })]);
    }
    await agent.post(`/api/dossiers/${dossier.id}/notes`, { body: 'x'.repeat(4000) }).expect(201);
    const unknown = '01960000-0000-7000-8000-00000000dead';
    await agent.post(`/api/dossiers/${unknown}/notes`, { body: 'x' }).expect(404);
    await agent.get(`/api/dossiers/${unknown}/notes`).expect(404);
    expect((await agent.get(`/api/dossiers/${dossier.id}/notes`).expect(200)).body).toHaveLength(1);
  });

  it("hides another institution's dossier's notes from an agent restricted to one: 404, as for the dossier", async () => {
    const mine = await createInstitution(admin);
    const theirs = await createDossier(admin, { studentId: (await createStudent(admin)).id });
    await admin.post(`/api/dossiers/${theirs.id}/notes`, { body: 'Note du bureau' }).expect(201);
    const email = `notes-${randomBytes(4).toString('hex')}@test.passerelle.localhost`;
    const password = 'a long enough password';
    await admin.post('/api/agents', { email, displayName: 'Restricted agent', role: 'agent', password, institutionIds: [mine.id] }).expect(201);
    const login = await anonymous(app).post('/api/auth/login').send({ email, password }).expect(200);
    const restricted = withToken(app, login.body.accessToken);

    await restricted.get(`/api/dossiers/${theirs.id}`).expect(404);
    const hidden = await restricted.get(`/api/dossiers/${theirs.id}/notes`).expect(404);
    expect(hidden.body.detail).toBe(`No dossier with id ${theirs.id}.`);
    await restricted.post(`/api/dossiers/${theirs.id}/notes`, { body: 'Intrusion' }).expect(404);
    expect((await admin.get(`/api/dossiers/${theirs.id}/notes`).expect(200)).body.map((n: { body: string }) => n.body)).toEqual(['Note du bureau']);

    // within their institution, they read and write notes as any agent
    const own = await createDossier(admin, { studentId: (await createStudent(admin, { institutionId: mine.id })).id });
    await restricted.post(`/api/dossiers/${own.id}/notes`, { body: 'Dossier suivi' }).expect(201);
    expect((await restricted.get(`/api/dossiers/${own.id}/notes`).expect(200)).body).toHaveLength(1);
  });

  it('names the document of every document entry, the reason of a rejection and the close reason', async () => {
    const dossier = await createDossier(admin, { facts: { housing: 'tenant' } });
    const passport = await admin.post(`/api/dossiers/${dossier.id}/documents`, { kind: 'passport', attributes: { allPages: true } }).expect(201);
    await admin.patch(`/api/dossiers/${dossier.id}/documents/${passport.body.id}`, { status: 'accepted' }).expect(200);
    const insurance = await admin.post(`/api/dossiers/${dossier.id}/documents`, { kind: 'health-insurance' }).expect(201);
    await admin
      .patch(`/api/dossiers/${dossier.id}/documents/${insurance.body.id}`, {
        status: 'rejected',
        rejectionReason: 'expired',
        rejectionText: 'Fin de validité en 2025',
      })
      .expect(200);
    // scans added later to the passport: the history row names only the document
    await admin.post(`/api/dossiers/${dossier.id}/documents`).field('documentId', passport.body.id).attach('file', pdf(), 'passeport.pdf').expect(201);
    await move(admin, dossier.id, { to: 'closed', closeReason: 'withdrawn' });

    const entries = (await timelineOf(dossier.id)).filter((e) => e.document);
    const named = (e: TimelineEntry) => [e.event, e.document!.kind, e.document!.names?.fr, e.rejectionReason];
    expect(entries.map(named)).toEqual([
      ['document_recorded', 'passport', 'Passeport', null],
      ['document_accepted', 'passport', 'Passeport', null],
      ['document_recorded', 'health-insurance', "Attestation d'assurance maladie", null],
      ['document_rejected', 'health-insurance', "Attestation d'assurance maladie", 'expired'],
      ['files_added', 'passport', 'Passeport', null],
    ]);
    expect(entries.find((e) => e.event === 'document_rejected')).toMatchObject({
      reason: 'Fin de validité en 2025',
      document: { id: insurance.body.id, names: { en: 'Health insurance certificate' } },
    });
    const closed = (await timelineOf(dossier.id)).find((e) => e.event === 'closed');
    expect(closed).toMatchObject({ closeReason: 'withdrawn', document: null, note: null });
  });

  it("puts the notes in the student's export, and erasure empties them (author and time stay); then no note can be added", async () => {
    const student = await createStudent(admin, { birthName: `NOTED${Date.now().toString(36).toUpperCase()}` });
    const dossier = await createDossier(admin, { studentId: student.id });
    const text = `${student.birthName} a appelé : elle déménage à Lorient`;
    const note = (await agent.post(`/api/dossiers/${dossier.id}/notes`, { body: text }).expect(201)).body;

    const exported = await asAgent(app, 'supervisor')
      .get(`/api/students/${student.id}/export`)
      .buffer(true)
      .parse(binary as never)
      .expect(200);
    const record = JSON.parse(new AdmZip(exported.body as Buffer).readAsText('student.json')) as {
      student: { dossiers: { notes: Record<string, unknown>[] }[] };
    };
    expect(record.student.dossiers[0]!.notes).toEqual([
      { id: note.id, dossierId: dossier.id, body: text, authorLabel: TEST_AGENTS.agent.name, createdAt: note.createdAt },
    ]);

    await move(admin, dossier.id, { to: 'closed', closeReason: 'withdrawn' });
    await admin.delete(`/api/students/${student.id}`).send({ reason: 'request of 2026-12-03' }).expect(200);
    const after = (await agent.get(`/api/dossiers/${dossier.id}/notes`).expect(200)).body;
    expect(after).toEqual([{ ...note, body: null }]);
    expect((await timelineOf(dossier.id)).find((e) => e.event === 'note')).toMatchObject({
      note: { id: note.id, body: null },
      actor: { name: TEST_AGENTS.agent.name },
    });
    const traces = await prisma.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM dossier_notes WHERE body ILIKE '%' || ${student.birthName} || '%'`;
    expect(Number(traces[0]!.n)).toBe(0);
    expect(JSON.stringify((await auditOf(student.id)).map((e) => e.details))).not.toContain('Lorient');

    const refused = await agent.post(`/api/dossiers/${dossier.id}/notes`, { body: 'Encore une chose' }).expect(409);
    expect(refused.body).toMatchObject({ type: '/problems/student-erased', code: 'note.student-erased' });
  });
});
