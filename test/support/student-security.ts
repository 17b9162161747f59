import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { StudentAccessService } from '../../src/student-access/student-access.service';
import { type AgentClient, anonymous, asAgent, startApi } from './api';
import { createDossier } from './factories';
import { pdf } from './files';
import { clockOf, type TestClock } from './test-clock';
import { COMPLETE_RECE, recordAccepted, versionOf } from './workflow';

/** What a dossier holds that its student's page reaches by id: a document with a file, a message of each side with a file, an item asked for. */
export interface DossierIds {
  dossierId: string;
  reference: string;
  studentId: string;
  /** The items of its open complement request. */
  slots: string[];
  documentId: string;
  fileId: string;
  /** The student's message and its file. */
  messageId: string;
  attachmentId: string;
  /** The office's message and its file. */
  officeMessageId: string;
  officeAttachmentId: string;
}

/** The student's credentials a request carries, if any. */
export interface Credentials {
  cookie?: string;
  bearer?: string;
}

/** An answer as compared for "says nothing": its status, type and problem, without what names the request itself. */
export const answerOf = (response: request.Response, echoed?: string) => {
  const { instance: _instance, requestId: _requestId, ...problem } = (response.body ?? {}) as Record<string, unknown>;
  // what the request itself said (an item's code), written back, tells nothing of the dossier
  const masked = echoed ? (JSON.parse(JSON.stringify(problem).replaceAll(JSON.stringify(echoed), '"(asked)"')) as typeof problem) : problem;
  return { status: response.status, contentType: response.headers['content-type'], problem: masked };
};

/** A random string of the same length, of the characters a token is made of. */
export const randomLike = (value: string) => randomBytes(value.length).toString('base64url').slice(0, value.length);

/** Every id a dossier's student page could show, for "nothing of that dossier in this answer". */
export const identifiersOf = (d: DossierIds) =>
  [d.dossierId, d.studentId, d.documentId, d.fileId, d.messageId, d.attachmentId, d.officeMessageId, d.officeAttachmentId].concat(d.reference);

/**
 * The world of the students' API security tests (issue 17, acceptance 2): the API on a test
 * clock, a storage folder of its own, sessions long enough (STUDENT_SESSION_MINUTES=1440) for a
 * dossier to leave its links' window while one is still running, each exchange from an address
 * of its own (no link throttling between cases), and dossiers that hold something of each kind.
 */
export class StudentSecurityWorld {
  readonly admin: AgentClient;
  readonly clock: TestClock;
  private addresses = 0;

  private constructor(
    readonly app: NestFastifyApplication,
    private readonly storage: string,
  ) {
    this.admin = asAgent(app);
    this.clock = clockOf(app);
  }

  static async start(): Promise<StudentSecurityWorld> {
    const storage = mkdtempSync(join(tmpdir(), 'passerelle-student-security-'));
    const app = await startApi({
      STORAGE_DIR: storage,
      TRUST_PROXY: '1',
      STUDENT_SESSION_MINUTES: '1440',
      STUDENT_RATE_LIMIT_PER_MINUTE: '100000',
      RATE_LIMIT_PER_MINUTE: '100000',
    });
    return new StudentSecurityWorld(app, storage);
  }

  async close(): Promise<void> {
    await this.app.close();
    rmSync(this.storage, { recursive: true, force: true });
  }

  /** A link of the dossier, as an e-mail would carry it. */
  mint(dossierId: string): Promise<string> {
    return this.app.get(StudentAccessService).mintForNotification(dossierId, randomUUID());
  }

  exchange(token: unknown): request.Test {
    return anonymous(this.app)
      .post('/api/student/session')
      .set('x-forwarded-for', `203.0.113.${++this.addresses % 250}`)
      .send({ token });
  }

  /** The cookie value of a session the link opens. */
  async open(token: string): Promise<string> {
    const opened = await this.exchange(token).expect(200);
    const cookie = /^passerelle_student=([A-Za-z0-9_-]{43});/.exec([opened.headers['set-cookie'] ?? []].flat()[0] ?? '')?.[1];
    if (!cookie) throw new Error('no session cookie');
    return cookie;
  }

  /** A request with the credentials given (a cookie value, a Bearer token), nothing else. */
  call(method: 'get' | 'post' | 'patch' | 'delete', path: string, credentials: Credentials = {}): request.Test {
    const call = anonymous(this.app)[method](path).set('accept', 'application/json').set('accept-language', 'fr');
    if (credentials.cookie !== undefined) void call.set('cookie', `passerelle_student=${credentials.cookie}`);
    if (credentials.bearer !== undefined) void call.set('authorization', `Bearer ${credentials.bearer}`);
    return call;
  }

  /**
   * A RECE dossier of a student of its own with an open complement request, a document with a
   * file (the office's upload), a message of each side with a file. `asked`: the documents the
   * request asks for ('most': all but what an agent accepted; 'few': the CERFA and the CERPR).
   */
  async dossier(asked: 'few' | 'most'): Promise<DossierIds> {
    const { admin } = this;
    const dossier = await createDossier(admin, { facts: { housing: 'tenant' } });
    const id = dossier.id;
    if (asked === 'few')
      await recordAccepted(
        admin,
        id,
        COMPLETE_RECE().filter((d) => !['cerfa-form', 'cerpr'].includes(d.kind)),
      );
    const document = await admin.post(`/api/dossiers/${id}/documents`).field('kind', 'passport').attach('file', pdf(3_000), 'passeport.pdf').expect(201);
    await admin
      .post(`/api/dossiers/${id}/complement-requests`, { dueInDays: 10 })
      .set('if-match', await versionOf(admin, id))
      .expect(201);
    const office = await admin.post(`/api/dossiers/${id}/messages`).field('body', 'Bonjour').attach('f', pdf(2_100), 'accuse.pdf').expect(201);
    const cookie = await this.open(await this.mint(id));
    const mine = await this.call('post', '/api/student/dossier/messages', { cookie }).attach('f', pdf(2_200), 'moi.pdf').expect(201);
    const page = await this.call('get', '/api/student/dossier', { cookie }).expect(200);
    return {
      dossierId: id,
      reference: dossier.reference,
      studentId: dossier.studentId,
      slots: (page.body.complement.items as { slot: string }[]).map((i) => i.slot),
      documentId: document.body.id,
      fileId: document.body.files[0].id,
      messageId: mine.body.id,
      attachmentId: mine.body.attachments[0].id,
      officeMessageId: office.body.id,
      officeAttachmentId: office.body.attachments[0].id,
    };
  }

  /** Rows of the dossier a student's write would add: documents and messages. */
  async rowsOf(dossierId: string): Promise<{ documents: number; messages: number }> {
    const documents = (await this.admin.get(`/api/dossiers/${dossierId}/documents`).expect(200)).body.length as number;
    const messages = (await this.admin.get(`/api/dossiers/${dossierId}/messages`).expect(200)).body.length as number;
    return { documents, messages };
  }
}

/** A sample of the agents' API, the student's own dossier and its own document, file, message and student record included. */
export const agentRoutesOf = (d: DossierIds) =>
  [
    ['get', `/api/dossiers/${d.dossierId}`],
    ['patch', `/api/dossiers/${d.dossierId}`],
    ['get', '/api/dossiers'],
    ['get', `/api/dossiers/${d.dossierId}/documents`],
    ['get', `/api/dossiers/${d.dossierId}/documents/${d.documentId}/files/${d.fileId}`],
    ['get', `/api/dossiers/${d.dossierId}/messages`],
    ['post', `/api/dossiers/${d.dossierId}/messages`],
    ['get', `/api/dossiers/${d.dossierId}/messages/${d.messageId}/attachments/${d.attachmentId}`],
    ['get', `/api/dossiers/${d.dossierId}/student-link`],
    ['post', `/api/dossiers/${d.dossierId}/student-link`],
    ['get', `/api/dossiers/${d.dossierId}/timeline`],
    ['get', `/api/students/${d.studentId}`],
    ['get', '/api/auth/me'],
    ['get', '/api/dashboard'],
    ['get', '/api/audit'],
  ] as const;
