import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Client } from 'pg';
import { loadConfig } from '../../src/config/app-config';
import { prepareDatabase } from '../../src/setup/database-setup';
import { ensureDatabase } from '../../src/infra/prisma/migrator';
import { JobName } from '../../src/infra/queue/queue.jobs';
import { QueueService } from '../../src/infra/queue/queue.service';
import { seedTestAgents } from '../support/agents';
import { anonymous, asAgent, startApi, type AgentClient } from '../support/api';
import { expectEachEmailOnce, type MailWorld } from '../support/exactly-once';
import { aStudent, createInstitution } from '../support/factories';
import { deleteRedisKeys } from '../support/global-teardown';
import { PrivatePostgres } from '../support/postgres-server';
import { run, waitFor, type RunningProcess, patient } from '../support/processes';
import { SmtpSink } from '../support/smtp-sink';

/** What one request of the load got back. */
interface Answer {
  step: 'student' | 'dossier' | 'complement';
  status: number;
  contentType: string;
  retryAfter: string | undefined;
  /** While PostgreSQL was down (stopped, or not answering yet). */
  down: boolean;
}

/**
 * PostgreSQL itself goes away under load — a private server, stopped as a crash would stop it
 * (`pg_ctl stop -m immediate`), then started again. Meanwhile the API says it is not ready
 * (503) and answers requests with a 503 problem, never a 500; once PostgreSQL is back the API
 * and the worker (a process, dist/worker.js) carry on by themselves, and what was committed
 * has all its consequences, once: each e-mail, each outbox row relayed, each deadline with its job.
 */
describe('PostgreSQL stopped and restarted under load', () => {
  let pg: PrivatePostgres;
  let sink: SmtpSink;
  let app: NestFastifyApplication;
  let api: AgentClient;
  let worker: RunningProcess;
  let world: MailWorld;
  let mailDir: string;

  beforeAll(async () => {
    pg = await PrivatePostgres.start();
    sink = await SmtpSink.start();
    mailDir = mkdtempSync(join(tmpdir(), 'passerelle-pg-mail-'));
    const url = pg.url('passerelle');
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATABASE_URL: url,
      DATABASE_POOL_SIZE: '5',
      REDIS_PREFIX: `${process.env.REDIS_PREFIX}-pg-${randomBytes(3).toString('hex')}`,
      SMTP_URL: sink.url,
      MAIL_OUTBOX_DIR: mailDir,
      OUTBOX_POLL_MS: '100',
      JOB_LOCK_MS: '2000',
      MAIL_RETRY_DELAY_MS: '200',
      MAIL_MAX_ATTEMPTS: '30',
      SCHEDULES_CHECK_MS: '60000',
      NIGHTLY_CRON: '0 0 3 1 1 *',
      DIGEST_CRON: '0 0 4 1 1 *',
    };
    await ensureDatabase(url);
    await prepareDatabase(loadConfig(env));
    await seedTestAgents(url);
    world = { env, sql: (text, values) => query(url, text, values) };
    app = await startApi(env);
    api = asAgent(app);
    worker = run('worker.js', [], { ...env, LOG_LEVEL: 'info' });
    await waitFor(() => worker.output().includes('Worker ready'), 30_000, 'the worker');
  }, patient(120_000));

  afterAll(async () => {
    if (worker?.child.exitCode === null) worker.child.kill('SIGKILL');
    await worker?.exited;
    await app?.close();
    if (world) await deleteRedisKeys(world.env.REDIS_URL!, `${world.env.REDIS_PREFIX}:`).catch(() => undefined);
    await sink?.close();
    await pg?.close();
    if (mailDir) rmSync(mailDir, { recursive: true, force: true });
  }, patient(60_000));

  it(
    'answers 503 while it is down, recovers by itself, and loses or doubles nothing',
    async () => {
      const institution = await createInstitution(api);
      const answers: Answer[] = [];
      let down = false;
      let stopping = false;
      const answered = (step: Answer['step'], response: { status: number; headers: Record<string, string> }) => {
        answers.push({ step, status: response.status, contentType: response.headers['content-type'] ?? '', retryAfter: response.headers['retry-after'], down });
        return response.status;
      };
      // a desk at work: a student, their dossier, a complement request with its deadline — again and
      // again; after a refusal it waits a little before the next student, as a person would
      const pause = () => new Promise((r) => setTimeout(r, 100));
      const desk = async () => {
        while (!stopping) {
          const student = await api.post('/api/students', aStudent(institution.id));
          if (answered('student', student) !== 201) {
            await pause();
            continue;
          }
          const dossier = await api.post('/api/dossiers', { studentId: student.body.id, procedureCode: 'rece' });
          if (answered('dossier', dossier) !== 201) {
            await pause();
            continue;
          }
          const complement = await api.post(`/api/dossiers/${dossier.body.id}/complement-requests`, { dueInDays: 30 }).set('if-match', dossier.headers.etag!);
          if (answered('complement', complement) !== 201) await pause();
        }
      };
      const complements = () => answers.filter((a) => a.step === 'complement' && a.status === 201).length;
      const desks = Array.from({ length: 4 }, desk);

      await waitFor(() => complements() >= 10, 60_000, 'some work done');
      await pg.stop('immediate');
      down = true;
      const ready = await anonymous(app).get('/health/ready');
      expect(ready.status).toBe(503);
      expect(ready.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(ready.body).toMatchObject({ status: 503, checks: { database: { status: 'down' }, redis: { status: 'up' } } });
      // the desks keep trying while it is down, and the worker meets the outage too
      await waitFor(() => answers.filter((a) => a.down).length >= 20, 30_000, 'requests while PostgreSQL is down');
      await waitFor(() => worker.output().includes('Outbox not relayed'), 30_000, 'the worker to meet the outage');

      await pg.resume();
      // the API notices by itself
      await waitFor(async () => (await anonymous(app).get('/health/ready')).status === 200, 30_000, 'the API to be ready again');
      down = false;
      const before = complements();
      await waitFor(() => complements() >= before + 10, 60_000, 'work done after the restart');
      stopping = true;
      await Promise.all(desks);

      // no 500: a request meeting PostgreSQL away is told to come back (503 problem)
      const failed = answers.filter((a) => a.status !== 201);
      expect(failed.filter((a) => a.status !== 503 || !a.contentType.startsWith('application/problem+json') || a.retryAfter !== '5')).toEqual([]);
      expect(failed.length).toBeGreaterThanOrEqual(20);
      expect(worker.child.exitCode).toBeNull();

      // what was committed has its consequences, once: one e-mail per event...
      const students = await world.sql<{ email: string; dossiers: number; requests: number }>(`
      SELECT s.email, count(DISTINCT d.id)::int AS dossiers, count(DISTINCT c.id)::int AS requests
        FROM students s LEFT JOIN dossiers d ON d.student_id = s.id LEFT JOIN complement_requests c ON c.dossier_id = d.id
       GROUP BY s.email`);
      expect(students.length).toBeGreaterThanOrEqual(answers.filter((a) => a.step === 'student' && a.status === 201).length);
      expect(students.reduce((n, s) => n + s.requests, 0)).toBeGreaterThanOrEqual(complements());
      await expectEachEmailOnce(
        sink,
        world,
        Object.fromEntries(students.map((s) => [s.email, [...Array(s.dossiers).fill('dossier_opened'), ...Array(s.requests).fill('complement_requested')]])),
        { timeoutMs: 120_000 },
      );
      // ...every outbox row relayed, every complement deadline pending with its job in Redis
      expect(await world.sql(`SELECT id FROM outbox WHERE relayed_at IS NULL`)).toEqual([]);
      const deadlines = await world.sql<{ id: string; status: string }>(
        `SELECT d.id::text, d.status FROM deadlines d JOIN complement_requests c ON c.dossier_id = d.dossier_id`,
      );
      expect(deadlines).toHaveLength(students.reduce((n, s) => n + s.requests, 0));
      const queues = new QueueService(loadConfig(world.env));
      try {
        const states = await Promise.all(
          deadlines.map(async (d) => `${d.status}:${await (await queues.find(JobName.FireDeadline, { deadlineId: d.id }))?.getState()}`),
        );
        expect([...new Set(states)]).toEqual(['pending:delayed']);
      } finally {
        await queues.onModuleDestroy();
      }
    },
    patient(300_000),
  );
});

async function query<T extends Record<string, unknown>>(url: string, text: string, values: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}
