import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { Tokens } from '../../src/auth/auth.tokens';
import { TEST_AGENTS } from '../support/agents';
import { Answer, ApiProcess as Api, call, killApis, spawnApi as spawn } from '../support/api-processes';
import { patient, waitFor } from '../support/processes';
import { JobsWorld } from '../support/worker';

const PASSWORD = 'a long password for this test';
const LIMIT = 40;

/**
 * Two API processes (dist/main.js) over one database and one Redis, as behind a load
 * balancer. Each keeps the logins it has seen in memory: a login ended through one must be
 * refused by the other at its very next request, and the request budget is one for both.
 */
describe('two API processes', () => {
  let world: JobsWorld;
  const apis: Api[] = [];
  let a: Api;
  let b: Api;
  let redis: Redis;
  let admin: string;

  beforeAll(async () => {
    world = await JobsWorld.create({
      AUTH_TOKEN_SECRET: randomBytes(32).toString('base64'),
      // a refresh token presented twice is a reuse at once (no grace for a lost answer)
      AUTH_REFRESH_REUSE_GRACE_SECONDS: '0',
      RATE_LIMIT_PER_MINUTE: String(LIMIT),
    });
    a = await spawnApi(world);
    b = await spawnApi(world);
    redis = new Redis(world.env.REDIS_URL!);
    // a process that does not hear the changes caches nothing (and this test would prove nothing): both subscribed first
    const channel = `${world.env.REDIS_PREFIX}:sessions`;
    await waitFor(async () => ((await redis.call('PUBSUB', 'NUMSUB', channel)) as [string, number])[1] === 2, 20_000, 'both APIs to subscribe');
    admin = new Tokens(world.config).access({ sub: TEST_AGENTS.admin.id, sid: TEST_AGENTS.admin.sessionId });
  }, patient(60_000));

  afterAll(async () => {
    redis?.disconnect();
    await killApis(apis);
    await world?.close();
  });

  const spawnApi = (of: JobsWorld) => spawn(of.env, apis);

  /** An agent created and logged in through A, whose login B has read (and keeps in memory). */
  async function loggedInUsedOnB(name: string) {
    const email = `${name}.${randomBytes(3).toString('hex')}@cmi.example`;
    const created = await call(a, 'POST', '/api/agents', admin, { email, displayName: name, role: 'agent', password: PASSWORD });
    expect(created.status).toBe(201);
    const login = await call(a, 'POST', '/api/auth/login', undefined, { email, password: PASSWORD });
    expect(login.status).toBe(200);
    const agent = { id: created.body!.id as string, access: login.body!.accessToken as string, refresh: login.body!.refreshToken as string };
    for (let i = 0; i < 2; i++) expect((await call(b, 'GET', '/api/auth/me', agent.access)).status).toBe(200);
    return agent;
  }

  // issue 18, acceptance 2: each change is answered by A only once B has applied it, so B's very next answer is asserted, no waiting
  it('refuses, at its very next request, a login logged out through the other process', async () => {
    const agent = await loggedInUsedOnB('logout');
    expect((await call(a, 'POST', '/api/auth/logout', agent.access)).status).toBe(204);
    expect(await call(b, 'GET', '/api/auth/me', agent.access)).toMatchObject({ status: 401, body: { code: 'auth.session-ended' } });
  });

  it('refuses, at its very next request, the login of an agent disabled through the other process', async () => {
    const agent = await loggedInUsedOnB('disabled');
    expect((await call(a, 'PATCH', `/api/agents/${agent.id}`, admin, { active: false })).status).toBe(200);
    expect(await call(b, 'GET', '/api/auth/me', agent.access)).toMatchObject({ status: 401, body: { code: 'auth.session-ended' } });
  });

  it('refuses, at its very next request, a login revoked through the other process for a reused refresh token', async () => {
    const agent = await loggedInUsedOnB('reused');
    expect((await call(a, 'POST', '/api/auth/refresh', undefined, { refreshToken: agent.refresh })).status).toBe(200);
    expect(await call(a, 'POST', '/api/auth/refresh', undefined, { refreshToken: agent.refresh })).toMatchObject({
      status: 401,
      body: { code: 'auth.refresh-token-reused' },
    });
    expect(await call(b, 'GET', '/api/auth/me', agent.access)).toMatchObject({ status: 401, body: { code: 'auth.session-ended' } });
  });

  it('gives, at its very next request, the role an agent was given through the other process', async () => {
    const agent = await loggedInUsedOnB('promoted');
    expect((await call(b, 'GET', '/api/audit', agent.access)).status).toBe(403);
    expect((await call(a, 'PATCH', `/api/agents/${agent.id}`, admin, { role: 'supervisor' })).status).toBe(200);
    expect((await call(b, 'GET', '/api/audit', agent.access)).status).toBe(200);
  });

  it('counts one request budget across both processes (each adds its count to Redis within a flush)', async () => {
    const supervisor = new Tokens(world.config).access({ sub: TEST_AGENTS.supervisor.id, sid: TEST_AGENTS.supervisor.sessionId });
    const key = `${world.env.REDIS_PREFIX}:rate-limit:agent:${TEST_AGENTS.supervisor.id}`;
    const statusesOnA: number[] = [];
    for (let i = 0; i < LIMIT; i++) statusesOnA.push((await call(a, 'GET', '/api/auth/me', supervisor)).status);
    expect(statusesOnA).toEqual(Array(LIMIT).fill(200));
    await waitFor(async () => Number(await redis.get(key)) === LIMIT, 10_000, 'A to add its count in Redis');
    // B learns of A's count within a flush of its own: it refuses long before a budget of its own would run out
    let onB = 0;
    let refused: Answer | null = null;
    await waitFor(
      async () => {
        onB++;
        refused = await call(b, 'GET', '/api/auth/me', supervisor);
        return refused.status === 429;
      },
      10_000,
      'B to refuse',
    );
    expect(onB).toBeLessThan(LIMIT / 2);
    expect(refused).toMatchObject({ status: 429, body: { type: '/problems/rate-limited' } });
  });
});
