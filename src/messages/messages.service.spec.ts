import type { FastifyRequest } from 'fastify';
import type { CatalogService } from '../catalog/catalog.service';
import type { Actor } from '../common/actor';
import { ProblemException } from '../common/problem';
import type { AppConfig } from '../config/app-config';
import type { DossiersService } from '../dossiers/dossiers.service';
import type { DocumentStorage } from '../infra/storage/document-storage';
import type { StudentContext } from '../student-access/student-access.decorators';
import { MESSAGE_MAX_LENGTH } from './messages.dto';
import { type Message, type MessagesRepository, type NewMessage, StudentErased } from './messages.repository';
import { MessagesService } from './messages.service';

const problemOf = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (error: unknown) => (error instanceof ProblemException ? error.problem : error),
  );

const AT = new Date('2026-12-03T09:30:00Z');
const json = { isMultipart: () => false } as unknown as FastifyRequest;
const agent: Actor = { agentId: 'a1', label: 'Awa Agent', role: 'agent', institutionIds: null };
const studentActor: Actor = { agentId: null, label: 'student', role: 'student', institutionIds: [], sessionId: 's1' };
const student: StudentContext = { sessionId: 's1', dossierId: 'd1', studentId: 'st1', language: 'fr', expiresAt: AT };

/** A repository in memory: the thread of each dossier, what was written (with its e-mail) and the read markers. */
function fakeRepository() {
  const thread: Message[] = [];
  const written: NewMessage[] = [];
  const marked: { dossierId: string; author: string; ids?: readonly string[] }[] = [];
  let erased = false;
  const repository = {
    forDossier: async (dossierId: string) => thread.filter((m) => m.dossierId === dossierId),
    add: async (message: NewMessage): Promise<Message> => {
      if (erased) throw new StudentErased();
      written.push(message);
      const added: Message = {
        id: `m${written.length}`,
        dossierId: message.dossierId,
        author: message.author,
        agentName: message.author === 'office' ? message.actor.label : null,
        body: message.body,
        createdAt: AT,
        readAt: null,
        attachments: message.attachments.map((a, i) => ({ ...a, id: `f${i}` })),
      };
      thread.push(added);
      return added;
    },
    markRead: async (dossierId: string, author: string, ids?: readonly string[]) => {
      marked.push({ dossierId, author, ...(ids && { ids }) });
      return ids?.length ?? 0;
    },
    attachment: async (dossierId: string, messageId: string, attachmentId: string) =>
      thread.find((m) => m.dossierId === dossierId && m.id === messageId)?.attachments.find((a) => a.id === attachmentId) ?? null,
  };
  return { repository, thread, written, marked, erase: () => (erased = true) };
}

describe('MessagesService', () => {
  let fake: ReturnType<typeof fakeRepository>;
  let service: MessagesService;
  const dossiers = {
    require: async (id: string) => {
      if (id !== 'd1') throw ProblemException.notFound('dossier', id);
      return { id, channel: 'postal', procedureVersionId: 'v1' };
    },
  };
  const storage = { open: async (key: string) => `bytes of ${key}` };
  const config = { OFFICE_NAME: 'Centre de mobilité internationale', PUBLIC_URL: 'https://passerelle.example.org' };

  beforeEach(() => {
    fake = fakeRepository();
    service = new MessagesService(
      fake.repository as unknown as MessagesRepository,
      dossiers as unknown as DossiersService,
      {} as CatalogService,
      storage as unknown as DocumentStorage,
      config as AppConfig,
    );
  });

  it("writes an agent's message, trimmed, with the student's e-mail in the same write, and answers it with the agent's name", async () => {
    const answer = await service.writeAsOffice('d1', { request: json, body: { body: '  Bonjour, votre attestation est bien arrivée.\n' } }, agent);
    expect(answer).toEqual({
      id: 'm1',
      author: 'office',
      authorName: 'Awa Agent',
      body: 'Bonjour, votre attestation est bien arrivée.',
      createdAt: AT.toISOString(),
      readAt: null,
      attachments: [],
    });
    expect(fake.written).toEqual([
      {
        dossierId: 'd1',
        author: 'office',
        actor: agent,
        body: 'Bonjour, votre attestation est bien arrivée.',
        attachments: [],
        email: { topic: 'email', payload: { template: 'office_message', data: {} } },
      },
    ]);
  });

  it("writes a student's message with the assignee's e-mail pointing at the dossier's page", async () => {
    const answer = await service.writeAsStudent(student, { request: json, body: { body: 'Voici ma question.' } }, studentActor);
    expect(answer).toMatchObject({ author: 'student', authorName: null, body: 'Voici ma question.' });
    expect(fake.written[0]).toMatchObject({
      dossierId: 'd1',
      author: 'student',
      actor: studentActor,
      email: {
        topic: 'email',
        payload: { template: 'student_message', to: 'assignee', data: { dossierUrl: 'https://passerelle.example.org/#/dossiers/d1/show' } },
      },
    });
  });

  it('refuses an empty, blank, too long or non-text message and an unknown field, naming the field, and writes nothing', async () => {
    for (const body of [{}, { body: '' }, { body: '  \n ' }, undefined]) {
      expect(await problemOf(service.writeAsOffice('d1', { request: json, body }, agent))).toMatchObject({
        status: 400,
        errors: [{ field: 'body', code: 'messageEmpty', message: 'is required unless files are attached' }],
      });
    }
    expect(await problemOf(service.writeAsStudent(student, { request: json, body: { body: 'x'.repeat(MESSAGE_MAX_LENGTH + 1) } }, studentActor))).toMatchObject(
      {
        errors: [{ field: 'body', code: 'maxLength', params: { max: MESSAGE_MAX_LENGTH } }],
      },
    );
    expect(await problemOf(service.writeAsStudent(student, { request: json, body: { body: 42 } }, studentActor))).toMatchObject({
      errors: [{ field: 'body', code: 'isString' }],
    });
    expect(await problemOf(service.writeAsStudent(student, { request: json, body: { body: 'ok', to: 'prefecture' } }, studentActor))).toMatchObject({
      errors: [{ field: 'to', code: 'unknownField' }],
    });
    expect(fake.written).toEqual([]);
    await expect(service.writeAsStudent(student, { request: json, body: { body: 'é'.repeat(MESSAGE_MAX_LENGTH) } }, studentActor)).resolves.toMatchObject({
      body: 'é'.repeat(MESSAGE_MAX_LENGTH),
    });
  });

  it('answers 404 for an unknown dossier on the agents’ side, and 409 once the student was erased', async () => {
    expect(await problemOf(service.writeAsOffice('d2', { request: json, body: { body: 'x' } }, agent))).toMatchObject({ status: 404 });
    expect(await problemOf(service.forOffice('d2'))).toMatchObject({ status: 404 });
    expect(await problemOf(service.markReadByOffice('d2'))).toMatchObject({ status: 404 });
    fake.erase();
    expect(await problemOf(service.writeAsOffice('d1', { request: json, body: { body: 'x' } }, agent))).toMatchObject({
      status: 409,
      type: '/problems/student-erased',
      code: 'message.student-erased',
    });
  });

  it("shows the student the office's name (never the agent's) and marks only the office's unread messages shown as read", async () => {
    await service.writeAsStudent(student, { request: json, body: { body: 'Question' } }, studentActor);
    await service.writeAsOffice('d1', { request: json, body: { body: 'Réponse' } }, agent);
    fake.thread.push({ ...fake.thread[1]!, id: 'm0', body: 'Déjà lu', readAt: AT });

    const thread = await service.forStudent(student);
    expect(thread.map((m) => [m.author, m.authorName, m.body])).toEqual([
      ['student', null, 'Question'],
      ['office', 'Centre de mobilité internationale', 'Réponse'],
      ['office', 'Centre de mobilité internationale', 'Déjà lu'],
    ]);
    expect(JSON.stringify(thread)).not.toContain('Awa Agent');
    // the answer still tells the page which were new
    expect(thread[1]!.readAt).toBeNull();
    expect(fake.marked).toEqual([{ dossierId: 'd1', author: 'office', ids: ['m2'] }]);

    expect((await service.forOffice('d1')).map((m) => m.authorName)).toEqual([null, 'Awa Agent', 'Awa Agent']);
    expect(fake.marked).toHaveLength(1);
    await service.markReadByOffice('d1');
    expect(fake.marked[1]).toEqual({ dossierId: 'd1', author: 'student' });
  });

  it("gives each side its own download address, and answers another dossier's or an unknown file alike", async () => {
    fake.thread.push({
      id: 'm9',
      dossierId: 'd1',
      author: 'student',
      agentName: null,
      body: '',
      createdAt: AT,
      readAt: null,
      attachments: [{ id: 'f1', storageKey: '2026/12/k', originalName: 'attestation.pdf', contentType: 'application/pdf', sizeBytes: 1200, sha256: 'x' }],
    });
    expect((await service.forStudent(student))[0]!.attachments).toEqual([
      { id: 'f1', originalName: 'attestation.pdf', contentType: 'application/pdf', sizeBytes: 1200, url: '/api/student/dossier/messages/m9/attachments/f1' },
    ]);
    expect((await service.forOffice('d1'))[0]!.attachments[0]!.url).toBe('/api/dossiers/d1/messages/m9/attachments/f1');
    await expect(service.attachment('d1', 'm9', 'f1')).resolves.toMatchObject({ stream: 'bytes of 2026/12/k', file: { originalName: 'attestation.pdf' } });

    const other = await problemOf(service.attachment('d2', 'm9', 'f1'));
    const unknown = await problemOf(service.attachment('d1', 'm9', 'f7'));
    expect(other).toMatchObject({ status: 404, code: 'message.not-found' });
    expect(other).toEqual(unknown);
  });
});
