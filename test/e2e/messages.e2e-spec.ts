import { AuditService } from '../../src/audit/audit.service';
import { MessagesRepository } from '../../src/messages/messages.repository';
import { TEST_AGENTS } from '../support/agents';
import { anonymous } from '../support/api';
import { expectEachEmailOnce } from '../support/exactly-once';
import { pdf } from '../support/files';
import { type MessageBody, MessageWorld } from '../support/message-world';

const RANDOM_ID = '01960000-0000-7000-8000-00000000beef';
const OTHER_RANDOM_ID = '01960000-0000-7000-8000-00000000cafe';
/** A problem's answer without what names the request itself. */
const problemOf = ({ instance: _instance, requestId: _requestId, ...rest }: Record<string, unknown>) => rest;

/**
 * The thread between a student and the office (issue 17), over HTTP against the real
 * PostgreSQL, Redis and an SMTP server, with a worker relaying the outbox: each side's message
 * e-mails the other once, reading marks read, ids of other dossiers open nothing.
 * The files of the thread: messages-files.e2e-spec.ts.
 */
describe('messages between the student and the office', () => {
  let w: MessageWorld;

  beforeAll(async () => {
    w = await MessageWorld.start();
  });
  afterAll(() => w?.close());

  it('e-mails the student once when the office writes, and the assigned agent (or the office) once when the student writes; reading marks read', async () => {
    const { student, dossier, email } = await w.newStudentDossier();
    const repository = w.app.get(MessagesRepository);

    const text = 'Bonjour, votre attestation d’hébergement est bien arrivée. Il manque la page 2 du passeport.';
    const written = (await w.agent.post(`/api/dossiers/${dossier.id}/messages`, { body: `  ${text}\n` }).expect(201)).body as MessageBody;
    expect(written).toEqual({
      id: expect.any(String),
      author: 'office',
      authorName: TEST_AGENTS.agent.name,
      body: text,
      createdAt: expect.any(String),
      readAt: null,
      attachments: [],
    });
    // the history event and the e-mail's outbox row came with the message
    expect(await w.sql(`SELECT topic, payload->>'template' AS template FROM outbox WHERE key = $1`, [`message:${written.id}`])).toEqual([
      { topic: 'email', template: 'office_message' },
    ]);
    const timeline = (await w.agent.get(`/api/dossiers/${dossier.id}/timeline`).expect(200)).body as { event: string; actor: { id: string | null } }[];
    expect(timeline.filter((e) => e.event === 'message_from_office')).toEqual([
      expect.objectContaining({ actor: expect.objectContaining({ id: TEST_AGENTS.agent.id }) }),
    ]);

    // the e-mail says the office wrote, with the student's own link, not what was written
    const officeMail = await w.emailTo(email, 'office_message');
    expect(officeMail.text).not.toContain('passeport');
    const page = await w.studentOpening(officeMail);

    const seen = (await page.get('/api/student/dossier/messages').expect(200)).body as MessageBody[];
    expect(seen).toEqual([{ ...written, authorName: w.config.OFFICE_NAME, readAt: null }]);
    const [read] = (await w.agent.get(`/api/dossiers/${dossier.id}/messages`).expect(200)).body as MessageBody[];
    expect(read!.readAt).toEqual(expect.any(String));
    expect(await repository.unreadFromOffice([dossier.id])).toEqual(new Map());

    // unassigned: the office's address is told; assigned: the agent
    const question = (await page.post('/api/student/dossier/messages').send({ body: ' Merci ! Je l’envoie demain. ' }).expect(201)).body as MessageBody;
    expect(question).toMatchObject({ author: 'student', authorName: null, body: 'Merci ! Je l’envoie demain.', readAt: null });
    const toOffice = await w.emailTo(w.config.OFFICE_EMAIL, 'student_message');
    expect(toOffice.text).toContain(`${w.config.PUBLIC_URL}/#/dossiers/${dossier.id}/show`);
    expect(toOffice.text).not.toContain('envoie demain');
    await w.admin.put(`/api/dossiers/${dossier.id}/assignee`, { agentId: TEST_AGENTS.agent.id }).expect(200);
    await page.post('/api/student/dossier/messages').send({ body: 'Et la photo ?' }).expect(201);
    await w.emailTo(TEST_AGENTS.agent.email, 'student_message');

    expect(await repository.unreadFromStudent([dossier.id, RANDOM_ID])).toEqual(new Map([[dossier.id, 2]]));
    const thread = (await w.agent.get(`/api/dossiers/${dossier.id}/messages`).expect(200)).body as MessageBody[];
    expect(thread.map((m) => [m.author, m.authorName, m.body, m.readAt === null])).toEqual([
      ['office', TEST_AGENTS.agent.name, text, false],
      ['student', null, 'Merci ! Je l’envoie demain.', true],
      ['student', null, 'Et la photo ?', true],
    ]);
    await w.agent.post(`/api/dossiers/${dossier.id}/messages/read`).expect(204);
    expect(await repository.unreadFromStudent([dossier.id])).toEqual(new Map());
    expect(((await w.agent.get(`/api/dossiers/${dossier.id}/messages`).expect(200)).body as MessageBody[]).every((m) => m.readAt)).toBe(true);
    const history = await w.sql<{ event: string; actor_label: string; details: unknown }>(
      `SELECT event, actor_label, details FROM dossier_history WHERE dossier_id = $1 AND event LIKE 'message_%' ORDER BY id`,
      [dossier.id],
    );
    expect(history.map((h) => [h.event, h.actor_label])).toEqual([
      ['message_from_office', TEST_AGENTS.agent.name],
      ['message_from_student', 'student'],
      ['message_from_student', 'student'],
    ]);
    expect(history[1]!.details).toEqual({ messageId: question.id, attachments: 0 });

    await expectEachEmailOnce(w.sink, w.jobs, {
      [email]: ['dossier_opened', 'office_message'],
      [w.config.OFFICE_EMAIL]: ['student_message'],
      [TEST_AGENTS.agent.email]: ['student_message'],
    });

    // each side's reads and writes are in the audit trail: the student's as the student's, with their session
    await w.app.get(AuditService).flush();
    const trail = (await w.admin.get(`/api/audit?studentId=${student.id}&limit=200`).expect(200)).body.items as {
      action: string;
      actor: { id: string | null; name: string };
      resourceId: string;
      details: { route: string; sessionId?: string };
    }[];
    const byStudent = trail.filter((e) => e.actor.id === null && e.action.startsWith('dossier.student-'));
    expect(byStudent.filter((e) => e.action === 'dossier.student-message')).toHaveLength(2);
    expect(byStudent.find((e) => e.action === 'dossier.student-view' && e.details.route === 'GET /api/student/dossier/messages')).toMatchObject({
      actor: { name: 'student' },
      resourceId: dossier.id,
      details: { sessionId: expect.any(String) },
    });
    expect(trail.filter((e) => e.actor.id === TEST_AGENTS.agent.id).map((e) => e.action)).toEqual(
      expect.arrayContaining(['dossier.message', 'dossier.messages-read', 'dossier.view']),
    );
  });

  it("opens no message or file of another dossier: 404 exactly as for ids that exist nowhere, on both sides; each side's credentials only open its own", async () => {
    const mine = await w.newStudentDossier();
    const other = await w.newStudentDossier();
    const page = await w.studentPage(mine.dossier.id, mine.email);
    const theirs = (
      await w.agent
        .post(`/api/dossiers/${other.dossier.id}/messages`)
        .field('body', 'Message pour un autre dossier')
        .attach('f', pdf(), 'autre.pdf')
        .expect(201)
    ).body as MessageBody;
    const own = (await page.post('/api/student/dossier/messages').attach('f', pdf(), 'moi.pdf').expect(201)).body as MessageBody;
    const [theirMessage, theirFile] = [theirs.id, theirs.attachments[0]!.id];
    const [ownMessage, ownFile] = [own.id, own.attachments[0]!.id];

    const studentAnswer = async (messageId: string, fileId: string) =>
      problemOf((await page.get(`/api/student/dossier/messages/${messageId}/attachments/${fileId}`).expect(404)).body);
    const absent = await studentAnswer(RANDOM_ID, OTHER_RANDOM_ID);
    expect(absent).toMatchObject({ status: 404, code: 'message.not-found' });
    expect(await studentAnswer(theirMessage, theirFile)).toEqual(absent);
    expect(await studentAnswer(ownMessage, theirFile)).toEqual(absent);
    expect(await studentAnswer(theirMessage, ownFile)).toEqual(absent);
    expect(await studentAnswer(RANDOM_ID, ownFile)).toEqual(absent);
    expect(((await page.get('/api/student/dossier/messages').expect(200)).body as MessageBody[]).map((m) => m.id)).toEqual([ownMessage]);

    const agentAnswer = async (messageId: string, fileId: string) =>
      problemOf((await w.agent.get(`/api/dossiers/${mine.dossier.id}/messages/${messageId}/attachments/${fileId}`).expect(404)).body);
    expect(await agentAnswer(theirMessage, theirFile)).toEqual(await agentAnswer(RANDOM_ID, OTHER_RANDOM_ID));
    expect(await agentAnswer(ownMessage, theirFile)).toEqual(absent);
    await w.agent.get(`/api/dossiers/${mine.dossier.id}/messages/${ownMessage}/attachments/${ownFile}`).expect(200);
    await page.get(`/api/student/dossier/messages/not-an-id/attachments/${ownFile}`).expect(400);

    // an agent's token opens nothing of the students' API, a student's cookie nothing of the agents'
    const token = await w.agent.get('/api/student/dossier/messages').expect(401);
    expect(token.body.code).toBe('student.session-invalid');
    await w.agent.post('/api/student/dossier/messages').send({ body: 'En tant qu’agent' }).expect(401);
    await page.get(`/api/dossiers/${mine.dossier.id}/messages`).expect(401);
    await page.post(`/api/dossiers/${mine.dossier.id}/messages`).send({ body: 'Intrusion' }).expect(401);
    await page.post(`/api/dossiers/${mine.dossier.id}/messages/read`).expect(401);
    await anonymous(w.app).get('/api/student/dossier/messages').expect(401);
    expect(await w.sql(`SELECT count(*)::int AS n FROM dossier_messages WHERE dossier_id = $1`, [mine.dossier.id])).toEqual([{ n: 1 }]);
  });
});
