import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomBytes } from 'node:crypto';
import { DossiersRepository } from '../../src/dossiers/dossiers.repository';
import { PrismaService } from '../../src/infra/prisma/prisma.service';
import { TEST_AGENTS } from '../support/agents';
import { AgentClient, anonymous, asAgent, startApi, withToken } from '../support/api';
import { addMessage, addStudentDocument, createDossier, createInstitution, createStudent } from '../support/factories';
import { versionOf } from '../support/workflow';

interface Activity {
  newDocuments: number;
  unreadMessages: number;
}

interface TimelineEntry {
  id: string;
  event: string;
  title: { fr: string; en: string };
  actor: { id: string | null; name: string };
  details: Record<string, unknown> | null;
  document: { id: string | null; kind: string; names: { fr: string; en: string } | null; source: string | null } | null;
}

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000);

/**
 * What the agents see of the student's side (issue 17): the documents the student sent still to
 * review and their unread messages, counted on every dossier, filtered in the inbox, listed on
 * the dashboard within the agent's institutions, and told in the timeline as the student's.
 */
describe("the student's activity, as the agents see it", () => {
  let app: NestFastifyApplication;
  let admin: AgentClient;
  let prisma: PrismaService;

  beforeAll(async () => {
    app = await startApi();
    admin = asAgent(app);
    prisma = app.get(PrismaService);
  });
  afterAll(() => app.close());

  /** An agent restricted to one institution, logged in with a password. */
  async function restrictedAgent(institutionId: string): Promise<AgentClient> {
    const email = `activity-${randomBytes(4).toString('hex')}@test.passerelle.localhost`;
    const password = 'a long enough password';
    await admin.post('/api/agents', { email, displayName: 'Activity agent', role: 'agent', password, institutionIds: [institutionId] }).expect(201);
    const login = await anonymous(app).post('/api/auth/login').send({ email, password }).expect(200);
    return withToken(app, login.body.accessToken);
  }

  /** A dossier of the institution with, from the student, two documents to review and one message unread, beside what does not count. */
  async function busyDossier(institutionId: string) {
    const dossier = await createDossier(admin, { studentId: (await createStudent(admin, { institutionId })).id });
    await addStudentDocument(prisma, dossier.id, { kind: 'passport', receivedAt: minutesAgo(30) });
    await addStudentDocument(prisma, dossier.id, { kind: 'rent-receipt', receivedAt: minutesAgo(20) });
    // reviewed already, recorded by the office, or the office's own words: none of these is news
    await addStudentDocument(prisma, dossier.id, { kind: 'student-card', status: 'accepted' });
    await addStudentDocument(prisma, dossier.id, { kind: 'health-insurance', status: 'rejected', rejectionReason: 'illegible' });
    await addStudentDocument(prisma, dossier.id, { kind: 'identity-photo', source: 'office' });
    await addMessage(prisma, dossier.id, { createdAt: minutesAgo(10) });
    await addMessage(prisma, dossier.id, { createdAt: minutesAgo(40), readAt: minutesAgo(35) });
    await addMessage(prisma, dossier.id, { author: 'office', agentId: TEST_AGENTS.agent.id, authorLabel: 'Test Agent', body: 'Merci.' });
    return dossier;
  }

  it('counts on each dossier of the list and on the dossier the documents to review and the messages unread from the student', async () => {
    const institution = await createInstitution(admin);
    const busy = await busyDossier(institution.id);
    const quiet = await createDossier(admin, { studentId: (await createStudent(admin, { institutionId: institution.id })).id });
    await addStudentDocument(prisma, quiet.id, { status: 'accepted' });
    await addMessage(prisma, quiet.id, { author: 'office', body: 'Votre dossier est complet.' });

    const list = (await admin.get(`/api/dossiers?institutionId=${institution.id}`).expect(200)).body.items as { id: string; studentActivity: Activity }[];
    expect(Object.fromEntries(list.map((item) => [item.id, item.studentActivity]))).toEqual({
      [busy.id]: { newDocuments: 2, unreadMessages: 1 },
      [quiet.id]: { newDocuments: 0, unreadMessages: 0 },
    });
    expect((await admin.get(`/api/dossiers/${busy.id}`).expect(200)).body.studentActivity).toEqual({ newDocuments: 2, unreadMessages: 1 });
    expect((await admin.get(`/api/dossiers/${quiet.id}`).expect(200)).body.studentActivity).toEqual({ newDocuments: 0, unreadMessages: 0 });

    // a page asks once for all its dossiers (one grouped query, not one per dossier), and only for those it shows
    // (and the one more row read to know whether a next page exists)
    const second = await busyDossier(institution.id);
    const asked = jest.spyOn(app.get(DossiersRepository), 'studentActivityOf');
    try {
      const page = (await admin.get(`/api/dossiers?institutionId=${institution.id}&limit=2&sort=-updatedAt`).expect(200)).body;
      expect(page.items).toHaveLength(2);
      expect(page.nextCursor).not.toBeNull();
      expect(asked).toHaveBeenCalledTimes(1);
      expect([...asked.mock.calls[0]![0]].slice(0, 2).sort()).toEqual(page.items.map((item: { id: string }) => item.id).sort());
      expect(asked.mock.calls[0]![0]).toHaveLength(3);
      expect(page.items.find((item: { id: string }) => item.id === second.id).studentActivity).toEqual({ newDocuments: 2, unreadMessages: 1 });
    } finally {
      asked.mockRestore();
    }

    // an agent reviews a document and reads the messages: the counts follow
    await prisma.dossierDocument.updateMany({ where: { dossierId: busy.id, kind: 'passport' }, data: { status: 'accepted' } });
    await prisma.dossierMessage.updateMany({ where: { dossierId: busy.id, author: 'student' }, data: { readAt: new Date() } });
    expect((await admin.get(`/api/dossiers/${busy.id}`).expect(200)).body.studentActivity).toEqual({ newDocuments: 1, unreadMessages: 0 });
  });

  it('filters the inbox to the dossiers with news from the student (or without), validated like the other filters, in OpenAPI', async () => {
    const institution = await createInstitution(admin);
    const documents = await createDossier(admin, { studentId: (await createStudent(admin, { institutionId: institution.id })).id });
    await addStudentDocument(prisma, documents.id);
    const messages = await createDossier(admin, { studentId: (await createStudent(admin, { institutionId: institution.id })).id });
    await addMessage(prisma, messages.id);
    const quiet = await createDossier(admin, { studentId: (await createStudent(admin, { institutionId: institution.id })).id });
    await addStudentDocument(prisma, quiet.id, { status: 'accepted' });
    await addMessage(prisma, quiet.id, { readAt: new Date() });

    const ids = async (query: string) =>
      ((await admin.get(`/api/dossiers?institutionId=${institution.id}&${query}`).expect(200)).body.items as { id: string }[]).map((item) => item.id).sort();
    expect(await ids('studentActivity=true')).toEqual([documents.id, messages.id].sort());
    expect(await ids('studentActivity=false')).toEqual([quiet.id]);
    // with the other filters and the search
    expect(await ids(`studentActivity=true&status=received&q=${encodeURIComponent(documents.reference)}`)).toEqual([documents.id]);

    for (const bad of ['yes', '1', 'TRUE']) {
      const refused = await admin.get(`/api/dossiers?studentActivity=${bad}`).expect(400);
      expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'studentActivity', code: 'isBoolean' })]);
    }

    const openapi = (await anonymous(app).get('/docs-json').expect(200)).body;
    const parameters = openapi.paths['/api/dossiers'].get.parameters as { name: string; in: string; schema: { type: string } }[];
    expect(parameters.find((p) => p.name === 'studentActivity')).toMatchObject({ in: 'query', schema: { type: 'boolean' } });
    expect(openapi.components.schemas.DossierResponse.required).toContain('studentActivity');
    expect(openapi.components.schemas.StudentActivityResponse.properties).toMatchObject({
      newDocuments: { type: 'number' },
      unreadMessages: { type: 'number' },
    });
    expect(openapi.components.schemas.DashboardResponse.properties.studentActivity).toBeDefined();
    expect(openapi.components.schemas.TimelineDocumentResponse.properties.source).toBeDefined();
  });

  it("lists on the dashboard the open dossiers with news from the student, latest first, within the agent's institutions", async () => {
    const institution = await createInstitution(admin);
    const agent = await restrictedAgent(institution.id);
    const student = async () => (await createStudent(admin, { institutionId: institution.id })).id;
    const older = await createDossier(admin, { studentId: await student() });
    await addStudentDocument(prisma, older.id, { receivedAt: minutesAgo(120) });
    await addStudentDocument(prisma, older.id, { receivedAt: minutesAgo(90) });
    const newer = await busyDossier(institution.id); // its latest: a message 10 minutes ago
    const incomplete = await createDossier(admin, { studentId: await student(), facts: { housing: 'tenant' } });
    await admin
      .post(`/api/dossiers/${incomplete.id}/complement-requests`, { dueInDays: 5 })
      .set('if-match', await versionOf(admin, incomplete.id))
      .expect(201);
    await addMessage(prisma, incomplete.id, { createdAt: minutesAgo(60) });
    // closed, nothing new, or another institution's: not on this agent's dashboard
    const closed = await createDossier(admin, { studentId: await student() });
    await addStudentDocument(prisma, closed.id);
    await prisma.dossier.update({ where: { id: closed.id }, data: { status: 'closed', closeReason: 'withdrawn' } });
    await createDossier(admin, { studentId: await student() });
    const elsewhere = await busyDossier((await createInstitution(admin)).id);

    const dashboard = (await agent.get('/api/dashboard').expect(200)).body;
    expect(dashboard.studentActivity.count).toBe(3);
    expect(dashboard.studentActivity.items.map((item: { id: string }) => item.id)).toEqual([newer.id, incomplete.id, older.id]);
    const [first, second, third] = dashboard.studentActivity.items;
    expect(first).toEqual({
      id: newer.id,
      reference: newer.reference,
      status: 'received',
      studentName: 'NGUYEN Thi Mai',
      assigneeId: null,
      dueAt: null,
      dueOn: null,
      kind: null,
      newDocuments: 2,
      unreadMessages: 1,
      lastActivityAt: expect.any(String),
    });
    expect(Date.parse(first.lastActivityAt)).toBeGreaterThan(Date.parse(second.lastActivityAt));
    // a dossier waiting for the student's complement says until when, as the other lists do
    expect(second).toMatchObject({ id: incomplete.id, status: 'incomplete', kind: 'complement', newDocuments: 0, unreadMessages: 1 });
    expect(second.dueOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(third).toMatchObject({ id: older.id, newDocuments: 2, unreadMessages: 0 });

    // the whole office sees the other institution's too; the other institution's agent sees only theirs
    const office = (await admin.get('/api/dashboard').expect(200)).body;
    expect(office.studentActivity.count).toBeGreaterThanOrEqual(4);
    const theirs = (await (await restrictedAgent(elsewhere.institutionId)).get('/api/dashboard').expect(200)).body;
    expect(theirs.studentActivity).toEqual({ count: 1, items: [expect.objectContaining({ id: elsewhere.id, newDocuments: 2, unreadMessages: 1 })] });
  });

  it("tells the student's side in the timeline: the documents they sent, the messages, the personal links, with the student as actor", async () => {
    const dossier = await createDossier(admin);
    const sent = await addStudentDocument(prisma, dossier.id, { kind: 'passport', receivedAt: minutesAgo(50) });
    const gone = '01960000-0000-7000-8000-00000000dead';
    const fromStudent = await addMessage(prisma, dossier.id, { createdAt: minutesAgo(40) });
    const fromOffice = await addMessage(prisma, dossier.id, { author: 'office', agentId: TEST_AGENTS.agent.id, createdAt: minutesAgo(30) });
    const student = { actorId: null, actorLabel: 'student' };
    const agent = { actorId: TEST_AGENTS.agent.id, actorLabel: 'Test Agent' };
    const history = [
      { event: 'student_link_sent', ...agent, at: minutesAgo(60) },
      { event: 'document_sent_by_student', ...student, details: { documentId: sent.id, kind: 'passport', slot: 'passport' }, at: minutesAgo(50) },
      // a document the student sent and has since been deleted: still theirs
      { event: 'document_sent_by_student', ...student, details: { documentId: gone, kind: 'rent-receipt', slot: 'housing-proof' }, at: minutesAgo(49) },
      { event: 'document_accepted', ...agent, details: { documentId: sent.id }, at: minutesAgo(45) },
      // written without a label: the event says who acted
      { event: 'message_from_student', actorId: null, actorLabel: null, details: { messageId: fromStudent.id }, at: minutesAgo(40) },
      { event: 'message_from_office', ...agent, details: { messageId: fromOffice.id }, at: minutesAgo(30) },
      { event: 'student_link_revoked', ...agent, at: minutesAgo(20) },
    ];
    for (const row of history) await prisma.dossierHistory.create({ data: { dossierId: dossier.id, ...row } });

    const timeline = (await admin.get(`/api/dossiers/${dossier.id}/timeline`).expect(200)).body as TimelineEntry[];
    const entries = timeline.filter((entry) => history.some((row) => row.event === entry.event));
    expect(entries.map((entry) => entry.event)).toEqual(history.map((row) => row.event));
    const [linkSent, uploaded, deleted, accepted, studentWrote, officeWrote, linkRevoked] = entries;

    expect(linkSent).toMatchObject({
      title: { fr: "Lien personnel envoyé à l'étudiant(e)", en: 'Personal link sent to the student' },
      actor: { id: TEST_AGENTS.agent.id, name: TEST_AGENTS.agent.name },
      document: null,
    });
    expect(uploaded).toMatchObject({
      title: { fr: "Pièce envoyée par l'étudiant(e)", en: 'Document sent by the student' },
      actor: { id: null, name: 'student' },
      details: { documentId: sent.id, kind: 'passport', slot: 'passport' },
      document: { id: sent.id, kind: 'passport', names: { fr: expect.any(String), en: expect.any(String) }, source: 'student' },
    });
    expect(deleted!.document).toEqual({ id: null, kind: 'rent-receipt', names: expect.anything(), source: 'student' });
    // the verdict on the student's document says whose it was
    expect(accepted).toMatchObject({ actor: { id: TEST_AGENTS.agent.id }, document: { id: sent.id, source: 'student' } });
    expect(studentWrote).toMatchObject({
      title: { en: 'Message from the student' },
      actor: { id: null, name: 'student' },
      details: { messageId: fromStudent.id },
    });
    expect(officeWrote).toMatchObject({
      title: { en: 'Message from the office to the student' },
      actor: { id: TEST_AGENTS.agent.id },
      details: { messageId: fromOffice.id },
    });
    expect(linkRevoked).toMatchObject({ title: { fr: "Lien personnel de l'étudiant(e) révoqué" }, document: null });

    // a document the office recorded says so
    const recorded = (await admin.post(`/api/dossiers/${dossier.id}/documents`, { kind: 'student-card' }).expect(201)).body;
    const again = (await admin.get(`/api/dossiers/${dossier.id}/timeline`).expect(200)).body as TimelineEntry[];
    expect(again.find((entry) => entry.event === 'document_recorded' && entry.document?.id === recorded.id)!.document!.source).toBe('office');
  });
});
