import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ParsedMail } from 'mailparser';
import request from 'supertest';
import { type AgentClient, asAgent, startApi } from './api';
import { createDossier, createStudent } from './factories';
import { notificationIdOf, SmtpSink } from './smtp-sink';
import { studentSession } from './student-link';
import { JobsWorld } from './worker';

/** A token of a personal link, as the e-mails carry it. */
const LINK = /\/s\/#([A-Za-z0-9_-]{43})\b/;

/** A message as either side's API answers it. */
export interface MessageBody {
  id: string;
  author: 'student' | 'office';
  authorName: string | null;
  body: string | null;
  createdAt: string;
  readAt: string | null;
  attachments: { id: string; originalName: string; contentType: string; sizeBytes: number; url: string }[];
}

/**
 * The messages' tests world (issue 17): the API and a worker relaying the outbox to a real
 * SMTP server, a storage folder of its own (so "nothing stored" can be counted), and the
 * student's page opened as the student opens it, through the link of an e-mail they received.
 */
export class MessageWorld {
  readonly admin: AgentClient;
  readonly agent: AgentClient;

  private constructor(
    readonly sink: SmtpSink,
    readonly jobs: JobsWorld,
    readonly app: NestFastifyApplication,
    readonly storageDir: string,
  ) {
    this.admin = asAgent(app);
    this.agent = asAgent(app, 'agent');
  }

  static async start(): Promise<MessageWorld> {
    const sink = await SmtpSink.start();
    const storageDir = mkdtempSync(join(tmpdir(), 'passerelle-messages-storage-'));
    const jobs = await JobsWorld.create({ SMTP_URL: sink.url, STORAGE_DIR: storageDir });
    const app = await startApi(jobs.env, jobs.clock);
    await jobs.startWorker();
    return new MessageWorld(sink, jobs, app, storageDir);
  }

  async close(): Promise<void> {
    await this.app.close();
    await this.jobs.close();
    await this.sink.close();
    rmSync(this.storageDir, { recursive: true, force: true });
  }

  get config() {
    return this.jobs.config;
  }

  sql<T extends Record<string, unknown>>(text: string, values: unknown[] = []): Promise<T[]> {
    return this.jobs.sql<T>(text, values);
  }

  /** Files in the storage folder. */
  storedFiles(): number {
    return readdirSync(this.storageDir, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile()).length;
  }

  /** The `count`-th e-mail of this template to this address, once the worker has sent it. */
  async emailTo(address: string, template: string, count = 1): Promise<ParsedMail> {
    for (let tries = 0; tries < 300; tries++) {
      const found: ParsedMail[] = [];
      for (const mail of this.sink.to(address)) {
        const [row] = await this.sql<{ template: string }>('SELECT template FROM notifications WHERE id = $1', [notificationIdOf(mail)]);
        if (row?.template === template) found.push(mail);
      }
      if (found.length >= count) return found[count - 1]!;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`no ${template} e-mail #${count} to ${address}`);
  }

  /** Until the worker has relayed every outbox row. */
  async outboxRelayed(): Promise<void> {
    for (let tries = 0; tries < 300; tries++) {
      const [row] = await this.sql<{ waiting: number }>(`SELECT count(*)::int AS waiting FROM outbox WHERE relayed_at IS NULL AND failed_at IS NULL`);
      if (row?.waiting === 0) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('the outbox was not relayed');
  }

  async newStudentDossier(overrides: Record<string, unknown> = {}) {
    const email = `messages-${randomBytes(4).toString('hex')}@etudiant.example`;
    const student = await createStudent(this.admin, { email, ...overrides });
    const dossier = await createDossier(this.admin, { studentId: student.id });
    return { student, dossier, email };
  }

  /** The student's page, opened with the link of an e-mail they received. */
  async studentOpening(mail: ParsedMail) {
    const token = LINK.exec(mail.text ?? '')?.[1];
    if (!token) throw new Error(`no personal link in: ${mail.text}`);
    const cookie = await studentSession(this.app, token);
    const server = this.app.getHttpServer();
    return {
      get: (path: string) => request(server).get(path).set('cookie', cookie),
      post: (path: string) => request(server).post(path).set('cookie', cookie),
    };
  }

  /** The student's page through a personal link the office sends again (nothing in the thread). */
  async studentPage(dossierId: string, email: string) {
    await this.agent.post(`/api/dossiers/${dossierId}/student-link`).expect(202);
    return this.studentOpening(await this.emailTo(email, 'student_link'));
  }
}

export type StudentPage = Awaited<ReturnType<MessageWorld['studentOpening']>>;
