import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { Redis } from 'ioredis';
import { recurringJobs } from '../../src/infra/queue/queue.jobs';
import { withToken } from '../support/api';
import { ApiProcess, call, killApis, spawnApi } from '../support/api-processes';
import { expectEachEmailOnce } from '../support/exactly-once';
import { createDossier, createStudent } from '../support/factories';
import { pdf } from '../support/files';
import { patient, run, RunningProcess, waitFor } from '../support/processes';
import { S3Server } from '../support/s3-server';
import { scratchDatabase } from '../support/scratch-database';
import { SmtpSink } from '../support/smtp-sink';
import { JobsWorld } from '../support/worker';

const ADMIN = { email: 'first.admin@cmi.example', password: 'the first admin of this office' };
const PASSWORD = 'a long password for this test';
const LIMIT = 300;
const MIGRATIONS = readdirSync(resolve(__dirname, '../../prisma/migrations'), { withFileTypes: true }).filter((e) => e.isDirectory()).length;

/**
 * Passerelle as several hosts run it: two API processes and two workers on one PostgreSQL,
 * one Redis and one object store, started together on an empty database — under a steady
 * load on both APIs while each check runs — behave as one system.
 */
describe('two API processes and two workers, one system', () => {
  let s3: S3Server;
  let sink: SmtpSink;
  let world: JobsWorld;
  let redis: Redis;
  const apis: ApiProcess[] = [];
  let a: ApiProcess;
  let b: ApiProcess;
  let workers: RunningProcess[];
  let migrators: RunningProcess[];
  let admin: string;
  let load: Load;

  beforeAll(async () => {
    [s3, sink] = await Promise.all([S3Server.start(), SmtpSink.start()]);
    world = await JobsWorld.create(
      {
        SMTP_URL: sink.url,
        ...s3.env('scale-out'),
        AUTH_TOKEN_SECRET: randomBytes(32).toString('base64'),
        RATE_LIMIT_PER_MINUTE: String(LIMIT),
        ADMIN_EMAIL: ADMIN.email,
        ADMIN_PASSWORD: ADMIN.password,
      },
      await scratchDatabase(),
    );
    redis = new Redis(world.env.REDIS_URL!);
    // as two containers starting at once: each migrates (docker/Dockerfile's CMD), then serves
    migrators = [run('cli.js', ['db:migrate'], world.env), run('cli.js', ['db:migrate'], world.env)];
    expect(await Promise.all(migrators.map((m) => m.exited))).toEqual([0, 0]);
    [a, b] = await Promise.all([spawnApi(world.env, apis), spawnApi(world.env, apis)]);
    workers = [world.spawnWorker(), world.spawnWorker()];
    await waitFor(() => workers.every((w) => w.output().includes('Worker ready')), 30_000, 'both workers');
    const channel = `${world.env.REDIS_PREFIX}:sessions`;
    await waitFor(async () => ((await redis.call('PUBSUB', 'NUMSUB', channel)) as [string, number])[1] === 2, 20_000, 'both APIs to subscribe');
    const login = await call(a, 'POST', '/api/auth/login', undefined, ADMIN);
    expect(login.status).toBe(200);
    admin = login.body!.accessToken as string;
    load = startLoad([a, b], await Promise.all([0, 1, 2].map(async (n) => (await newAgent(`load${n}`)).access)));
  }, patient(120_000));

  afterAll(async () => {
    await load?.stop();
    redis?.disconnect();
    await killApis(apis);
    await world?.close();
    await Promise.all([s3?.close(), sink?.close()]);
  });

  /** An agent created through A and logged in through B. */
  async function newAgent(name: string) {
    const email = `${name}.${randomBytes(3).toString('hex')}@cmi.example`;
    const created = await call(a, 'POST', '/api/agents', admin, { email, displayName: name, role: 'agent', password: PASSWORD });
    expect(created.status).toBe(201);
    const login = await call(b, 'POST', '/api/auth/login', undefined, { email, password: PASSWORD });
    expect(login.status).toBe(200);
    return { id: created.body!.id as string, access: login.body!.accessToken as string };
  }

  it('migrated the empty database once, though both started together, and made one first admin', async () => {
    const rows = await world.sql<{ migration_name: string; n: number }>(`SELECT migration_name, count(*)::int AS n FROM _prisma_migrations GROUP BY 1`);
    expect(rows).toHaveLength(MIGRATIONS);
    expect(rows.every((r) => r.n === 1)).toBe(true);
    const said = migrators.map((m) => (m.output().includes('applied ') ? 'applied' : m.output().includes('database up to date') ? 'up to date' : m.output()));
    expect(said.sort()).toEqual(['applied', 'up to date']);
    expect(await world.sql(`SELECT email FROM agents WHERE role = 'admin'`)).toEqual([{ email: ADMIN.email }]);
  });

  it('ends a login logged out through one API in both at once, and a disabled agent’s in both at once', async () => {
    const out = await newAgent('logout');
    for (const api of [a, b]) expect((await call(api, 'GET', '/api/auth/me', out.access)).status).toBe(200);
    expect((await call(a, 'POST', '/api/auth/logout', out.access)).status).toBe(204);
    for (const api of [b, a]) expect(await call(api, 'GET', '/api/auth/me', out.access)).toMatchObject({ status: 401, body: { code: 'auth.session-ended' } });

    const disabled = await newAgent('disabled');
    for (const api of [a, b]) expect((await call(api, 'GET', '/api/auth/me', disabled.access)).status).toBe(200);
    expect((await call(b, 'PATCH', `/api/agents/${disabled.id}`, admin, { active: false })).status).toBe(200);
    for (const api of [a, b])
      expect(await call(api, 'GET', '/api/auth/me', disabled.access)).toMatchObject({ status: 401, body: { code: 'auth.session-ended' } });
  });

  it('downloads through one API a scan uploaded through the other', async () => {
    const dossier = await createDossier(withToken(a.url, admin), { procedureCode: 'student-extension' });
    const scan = pdf(200_000);
    const form = new FormData();
    form.append('kind', 'student-card');
    form.append('file', new Blob([new Uint8Array(scan)], { type: 'application/pdf' }), 'carte.pdf');
    const uploaded = await fetch(`${a.url}/api/dossiers/${dossier.id}/documents`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}` },
      body: form,
    });
    expect(uploaded.status).toBe(201);
    const document = (await uploaded.json()) as { id: string; files: { id: string }[] };
    const downloaded = await fetch(`${b.url}/api/dossiers/${dossier.id}/documents/${document.id}/files/${document.files[0]!.id}`, {
      headers: { authorization: `Bearer ${admin}` },
    });
    expect(downloaded.status).toBe(200);
    expect(Buffer.from(await downloaded.arrayBuffer()).equals(scan)).toBe(true);
    expect((await s3.keys()).filter((k) => k.startsWith('scale-out/'))).toHaveLength(1);
  });

  it('counts one request budget across both APIs', async () => {
    const agent = await newAgent('budget');
    const key = `${world.env.REDIS_PREFIX}:rate-limit:agent:${agent.id}`;
    // the login took one request of the budget: the rest, half through each API
    const served: number[] = [];
    for (let i = 1; i < LIMIT; i++) served.push((await call(i % 2 ? a : b, 'GET', '/api/auth/me', agent.access)).status);
    expect(served).toEqual(Array(LIMIT - 1).fill(200));
    await waitFor(async () => Number(await redis.get(key)) >= LIMIT - 1, 10_000, 'both APIs to add their counts in Redis');
    // each refuses long before a budget of its own (LIMIT each) would run out
    for (const api of [a, b]) {
      let more = 0;
      await waitFor(async () => (more++, (await call(api, 'GET', '/api/auth/me', agent.access)).status === 429), 10_000, 'a refusal');
      expect(more).toBeLessThan(LIMIT / 2);
    }
  });

  it('sends each e-mail once, whichever API opened the dossier and whichever worker sent it', async () => {
    const expected: Record<string, string[]> = {};
    await Promise.all(
      [a, b, a, b].map(async (api) => {
        const client = withToken(api.url, admin);
        const student = await createStudent(client);
        await createDossier(client, { studentId: student.id });
        const email = (await client.get(`/api/students/${student.id}`).expect(200)).body.email as string;
        expected[email] = ['dossier_opened'];
      }),
    );
    await expectEachEmailOnce(sink, world, expected);
  });

  it('runs each tick of the nightly jobs once with both workers on a fast schedule', async () => {
    // the workers of a new release, on a schedule of seconds (the last check: nothing settles with it)
    for (const worker of workers) worker.child.kill('SIGTERM');
    expect(await Promise.all(workers.map((w) => w.exited))).toEqual([0, 0]);
    const fast = { NIGHTLY_CRON: '*/2 * * * * *' };
    workers = [world.spawnWorker(fast), world.spawnWorker(fast)];
    await waitFor(() => workers.every((w) => w.output().includes('Worker ready')), 30_000, 'both new workers');
    const nightly: string[] = recurringJobs()
      .filter((j) => j.schedule === 'nightly')
      .map((j) => j.name);
    const finished = async () => {
      const rows = await world.sql<{ name: string; n: number }>(
        `SELECT name, count(*)::int AS n FROM job_runs WHERE scheduled_for IS NOT NULL AND finished_at IS NOT NULL GROUP BY name`,
      );
      const ticks = new Map(rows.map((r) => [r.name, r.n]));
      // and both workers took ticks: the schedule is shared, not run by one of them alone
      return nightly.every((name) => (ticks.get(name) ?? 0) >= 3) && workers.every((w) => w.output().includes('"msg":"Ran '));
    };
    await waitFor(finished, 60_000, 'three ticks of each nightly job, run by both workers');
    for (const worker of workers) worker.child.kill('SIGTERM');
    expect(await Promise.all(workers.map((w) => w.exited))).toEqual([0, 0]);
    const ran = workers.flatMap((w) =>
      w
        .output()
        .split('\n')
        .filter((line) => line.includes('"msg":"Ran '))
        .map((line) => JSON.parse(line) as { job: string; scheduledFor: string | null })
        .filter((entry) => entry.scheduledFor !== null && nightly.includes(entry.job)),
    );
    for (const name of nightly) {
      const ticks = ran.filter((r) => r.job === name).map((r) => r.scheduledFor);
      expect(ticks.length).toBeGreaterThanOrEqual(3);
      expect(new Set(ticks).size).toBe(ticks.length);
    }
  });

  it('served the load on both APIs throughout, with no error', async () => {
    const served = await load.stop();
    expect(served.failures).toEqual([]);
    expect(served.ok.every((n) => n > 20)).toBe(true);
  });
});

interface Load {
  stop(): Promise<{ ok: number[]; failures: string[] }>;
}

/** Three clients per API (one agent each), listing dossiers or reading their login in a loop until stopped; a 429 is the budget, anything else not 200 a failure. */
function startLoad(targets: ApiProcess[], tokens: string[]): Load {
  let running = true;
  const ok = targets.map(() => 0);
  const failures: string[] = [];
  const loops = targets.flatMap((api, index) =>
    [0, 1, 2].map(async (n) => {
      while (running) {
        const path = n === 0 ? '/api/auth/me' : '/api/dossiers?limit=20';
        const answer = await call(api, 'GET', path, tokens[n]).catch((error: Error) => ({ status: 0, body: { code: error.message } }));
        if (answer.status === 200) ok[index]!++;
        else if (answer.status === 429) await new Promise((r) => setTimeout(r, 250));
        else failures.push(`${api.url}${path}: ${answer.status} ${answer.body?.code ?? ''}`);
      }
    }),
  );
  return {
    async stop() {
      running = false;
      await Promise.all(loops);
      return { ok, failures };
    },
  };
}
