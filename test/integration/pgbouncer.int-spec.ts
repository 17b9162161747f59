import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import request from 'supertest';
import { Tokens } from '../../src/auth/auth.tokens';
import { loadConfig } from '../../src/config/app-config';
import { MIGRATION_LOCK_KEY } from '../../src/infra/prisma/migrator';
import { TEST_AGENTS, seedTestAgents } from '../support/agents';
import { AgentClient, withToken } from '../support/api';
import { ApiProcess, call, killApis, spawnApi } from '../support/api-processes';
import { expectEachEmailOnce } from '../support/exactly-once';
import { createDossier, createInstitution, createStudent, today } from '../support/factories';
import { pdf } from '../support/files';
import { PgBouncer } from '../support/pgbouncer';
import { patient, run, RunningProcess, waitFor } from '../support/processes';
import { scratchDatabase } from '../support/scratch-database';
import { sentTo, SmtpSink } from '../support/smtp-sink';
import { COMPLETE_RECE, move, recordAccepted, versionOf } from '../support/workflow';
import { deleteRedisKeys } from '../support/global-teardown';

const PARALLEL = 20;
const PASSWORD = 'a long password behind the pooler';

/**
 * Passerelle's processes behind PgBouncer 1.18 in transaction mode (issue 19): PgBouncer keeps
 * 4 server connections for processes that each open up to 10, so every client connection runs
 * its transactions on whichever server connection is free. Migrations go straight to
 * PostgreSQL (DATABASE_DIRECT_URL); named statements are off, as PgBouncer before 1.21 needs.
 */
describe('Passerelle behind PgBouncer in transaction mode', () => {
  let database: { url: string; drop: () => Promise<void> };
  let bouncer: PgBouncer;
  let sink: SmtpSink;
  let env: NodeJS.ProcessEnv;
  let alias: string;
  const apis: ApiProcess[] = [];
  let worker: RunningProcess | undefined;
  let apiUrl: string;
  let admin: AgentClient;

  beforeAll(async () => {
    database = await scratchDatabase();
    alias = decodeURIComponent(new URL(database.url).pathname.slice(1));
    // one pool of 4 for the processes, one of 2 for the named-statements API of the last test
    bouncer = await PgBouncer.start(database.url, [
      { alias, poolSize: 4 },
      { alias: `${alias}_named`, poolSize: 2 },
    ]);
    sink = await SmtpSink.start();
    env = {
      DATABASE_URL: bouncer.url(alias),
      DATABASE_DIRECT_URL: database.url,
      DATABASE_NAMED_STATEMENTS: 'false',
      DATABASE_POOL_SIZE: '10',
      AUTH_TOKEN_SECRET: randomBytes(32).toString('base64'),
      REDIS_PREFIX: `${process.env.REDIS_PREFIX}-${randomBytes(3).toString('hex')}`,
      SMTP_URL: sink.url,
      LOG_LEVEL: 'error',
      OUTBOX_POLL_MS: '100',
      JOB_LOCK_MS: '2000',
      MAIL_RETRY_DELAY_MS: '200',
      SCHEDULES_CHECK_MS: '60000',
      NIGHTLY_CRON: '0 0 3 1 1 *',
      DIGEST_CRON: '0 0 4 1 1 *',
    };
    // db:setup through the pooler's URL: the preflight, the migrations and their lock go direct
    const setup = run('cli.js', ['db:setup'], env);
    expect({ exit: await setup.exited, output: setup.output() }).toMatchObject({ exit: 0, output: expect.stringContaining('applied ') });
    await seedTestAgents(database.url);
    apiUrl = (await spawnApi(env, apis)).url;
    admin = withToken(apiUrl, new Tokens(loadConfig({ ...process.env, ...env })).access({ sub: TEST_AGENTS.admin.id, sid: TEST_AGENTS.admin.sessionId }));
    const started = run('worker.js', [], { ...env, LOG_LEVEL: 'info' });
    worker = started;
    await waitFor(() => started.output().includes('Worker ready'), 20_000, `the worker (${started.output().slice(-500)})`);
  }, patient(60_000));

  afterAll(async () => {
    await killApis(apis);
    worker?.child.kill('SIGKILL');
    await worker?.exited;
    await bouncer?.stop();
    await sink?.close();
    if (env) await deleteRedisKeys(process.env.REDIS_URL!, `${env.REDIS_PREFIX}:`).catch(() => undefined);
    await database?.drop();
  });

  async function sql<T extends Record<string, unknown>>(text: string, values: unknown[] = []): Promise<T[]> {
    const client = new Client({ connectionString: database.url });
    await client.connect();
    try {
      return (await client.query<T>(text, values)).rows;
    } finally {
      await client.end();
    }
  }

  /** Session-level advisory locks held on the test's database (the migrator's, left on a pooled server connection). */
  const heldAdvisoryLocks = () =>
    sql<{ pid: number }>(`SELECT l.pid FROM pg_locks l JOIN pg_database d ON d.oid = l.database WHERE l.locktype = 'advisory' AND d.datname = $1`, [alias]);

  /** The backends waiting for the migrators' lock on the test's database, with what they run. */
  const waitingForTheLock = () =>
    sql<{ pid: number; query: string }>(
      `SELECT l.pid, a.query FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
        WHERE l.locktype = 'advisory' AND NOT l.granted AND l.objid = $1 AND a.datname = $2`,
      [MIGRATION_LOCK_KEY, alias],
    );

  const all = <T>(n: number, work: (i: number) => Promise<T>) => Promise.all(Array.from({ length: n }, (_, i) => work(i)));

  it('migrates on a connection of its own to PostgreSQL (DATABASE_DIRECT_URL), not on a PgBouncer server connection, leaving no lock behind', async () => {
    expect(await heldAdvisoryLocks()).toEqual([]);
    // the test holds the migrators' lock: the migrator's connection waits for it, in sight
    const holder = new Client({ connectionString: database.url });
    await holder.connect();
    await holder.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    const migration = run('cli.js', ['db:migrate'], env);
    try {
      let waiting: { pid: number; query: string } | undefined;
      await waitFor(
        async () => {
          [waiting] = await waitingForTheLock();
          return waiting !== undefined;
        },
        30_000,
        'the migrator waiting for its lock',
      );
      expect(waiting!.query).toMatch(/pg_advisory_lock/);
      // PgBouncer's server connections (the API's and the worker's at least): the migrator's backend is none of them
      const pooled = (await bouncer.show('SERVERS')).map((server) => Number(server.remote_pid));
      expect(pooled.length).toBeGreaterThan(0);
      expect(pooled).not.toContain(waiting!.pid);
    } finally {
      await holder.end();
    }
    expect({ exit: await migration.exited, output: migration.output() }).toMatchObject({
      exit: 0,
      output: expect.stringMatching(/database up to date \(\d+ migrations\)/),
    });
    expect(await heldAdvisoryLocks()).toEqual([]);
    expect((await admin.get('/api/auth/me')).status).toBe(200);
  });

  it('serves logins, dossiers, searches, scans, checklists and the workflow, 20 requests at a time, over 4 server connections', async () => {
    const email = `pooled.${randomBytes(3).toString('hex')}@cmi.example`;
    await admin.post('/api/agents', { email, displayName: 'Pooled Agent', role: 'agent', password: PASSWORD }).expect(201);
    const logins = await all(4, () => request(apiUrl).post('/api/auth/login').send({ email, password: PASSWORD }));
    expect(logins.map((l) => l.status)).toEqual([200, 200, 200, 200]);
    const agent = withToken(apiUrl, logins[0]!.body.accessToken as string);
    expect((await agent.get('/api/auth/me').expect(200)).body).toMatchObject({ email });

    // a name of this test only: the search finds exactly its dossiers
    const name = `Pgb${randomBytes(4).toString('hex').replace(/\d/g, 'x')}`;
    const institution = await createInstitution(admin);
    const dossiers = await all(PARALLEL, async (i) => {
      const api = i % 2 ? admin : agent;
      const student = await createStudent(api, { institutionId: institution.id, birthName: name.toUpperCase() });
      return createDossier(api, { studentId: student.id, facts: { housing: 'tenant' } });
    });

    const reads = await all(PARALLEL, (i) =>
      i % 2 ? agent.get(`/api/dossiers?q=${encodeURIComponent(name.slice(0, 6))}&limit=100`) : agent.get(`/api/dossiers/${dossiers[i]!.id}`),
    );
    expect(reads.map((r) => r.status)).toEqual(Array(PARALLEL).fill(200));
    // two processes with pools of 10, yet PostgreSQL saw no more than PgBouncer's 4 connections
    const [server] = await sql<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, [alias]);
    expect(server!.n).toBeLessThanOrEqual(4);
    expect((reads[1]!.body.items as { id: string }[]).map((d) => d.id).sort()).toEqual(dossiers.map((d) => d.id).sort());
    expect((await agent.get('/api/dossiers?limit=100').expect(200)).body.items.length).toBeGreaterThanOrEqual(PARALLEL);

    const scans = await all(PARALLEL / 2, (i) =>
      agent
        .post(`/api/dossiers/${dossiers[i]!.id}/documents`)
        .field('kind', 'student-card')
        .attach('file', pdf(20_000 + i), `scan-${i}.pdf`),
    );
    expect(scans.map((s) => s.status)).toEqual(Array(PARALLEL / 2).fill(201));
    expect(scans[0]!.body.files[0]).toMatchObject({ originalName: 'scan-0.pdf', contentType: 'application/pdf' });

    // the whole way, on a dossier the other requests do not touch
    const [ready] = dossiers.slice(-1) as { id: string }[];
    await recordAccepted(agent, ready!.id, COMPLETE_RECE());
    expect((await agent.get(`/api/dossiers/${ready!.id}/checklist`).expect(200)).body).toMatchObject({ complete: true, findings: [] });
    await move(agent, ready!.id, { to: 'verified' });
    await move(agent, ready!.id, { to: 'forwarded', filedOn: today(), prefectureReference: 'ANEF-2026-000019' });
    await move(agent, ready!.id, { to: 'decided', decision: 'favourable' });
    expect((await agent.get(`/api/dossiers/${ready!.id}`).expect(200)).body).toMatchObject({ status: 'decided', decision: 'favourable' });
  });

  it('sends the complement request e-mail through the worker, once', async () => {
    const student = await createStudent(admin);
    const studentEmail = (await admin.get(`/api/students/${student.id}`).expect(200)).body.email as string;
    const dossier = await createDossier(admin, { studentId: student.id, facts: { housing: 'tenant' } });
    await recordAccepted(
      admin,
      dossier.id,
      COMPLETE_RECE().filter((d) => d.kind !== 'cerfa-form'),
    );
    await admin
      .post(`/api/dossiers/${dossier.id}/complement-requests`, {})
      .set('if-match', await versionOf(admin, dossier.id))
      .expect(201);
    await sink.waitFor(2, 30_000, sentTo(studentEmail));
    await expectEachEmailOnce(sink, { env: { ...process.env, ...env }, sql }, { [studentEmail]: ['dossier_opened', 'complement_requested'] });
  });

  // what the setting is for: PgBouncer 1.18 runs a named statement on a server connection that has not prepared it
  it('fails requests when named statements are left on behind PgBouncer 1.18 in transaction mode', async () => {
    const named = await spawnApi({ ...env, DATABASE_URL: bouncer.url(`${alias}_named`), DATABASE_NAMED_STATEMENTS: 'true' }, apis);
    const token = new Tokens(loadConfig({ ...process.env, ...env })).access({ sub: TEST_AGENTS.admin.id, sid: TEST_AGENTS.admin.sessionId });
    const dossier = await createDossier(admin);
    const statuses = await all(40, async () => (await call(named, 'GET', `/api/dossiers/${dossier.id}`, token)).status);
    expect(statuses.filter((status) => status >= 500).length).toBeGreaterThan(0);
    expect(named.process.output()).toMatch(/prepared statement \\"\w+\\" (does not exist|already exists)/);
  });
});
