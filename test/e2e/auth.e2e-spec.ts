import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { TEST_AGENTS } from '../support/agents';
import { AgentClient, anonymous, asAgent, startApi } from '../support/api';
import { RedisService } from '../../src/infra/redis/redis.service';
import { createDossier, createInstitution, createStudent } from '../support/factories';
import { deleteRedisKeys } from '../support/global-teardown';
import { waitFor } from '../support/processes';
import { clockOf } from '../support/test-clock';

const PASSWORD = 'correct horse battery staple';

/** Logins, tokens, roles and institution scoping, over HTTP. */
describe('authentication and authorization', () => {
  /**
   * The window counting wrong passwords is also the lock's length (auth.login-throttle.ts): long
   * enough that ten wrong passwords (ten argon2 checks) fit in it on a loaded machine. The lock's
   * end is not waited for: Redis owns that time, and the test lets the key expire there.
   */
  const LOCK_SECONDS = 120;
  // the file's counters are its own (every test logs in from 127.0.0.1): no other file's failures count here
  const REDIS_PREFIX = `${process.env.REDIS_PREFIX}-auth-${randomBytes(3).toString('hex')}`;
  let app: NestFastifyApplication;
  let admin: AgentClient;

  beforeAll(async () => {
    app = await startApi({ LOGIN_LOCK_SECONDS: String(LOCK_SECONDS), LOGIN_MAX_FAILURES: '10', LOGIN_IP_MAX_FAILURES: '10000', REDIS_PREFIX });
    admin = asAgent(app);
  });

  afterEach(() => clockOf(app).reset());

  afterAll(async () => {
    await app.close();
    await deleteRedisKeys(process.env.REDIS_URL!, `${REDIS_PREFIX}:`);
  });

  const server = () => app.getHttpServer();
  const uniqueEmail = (who: string) => `${who}.${randomBytes(4).toString('hex')}@cmi.example`;

  async function newAgent(role: 'agent' | 'supervisor' | 'admin', institutionIds?: string[]) {
    const email = uniqueEmail(role);
    const created = await admin.post('/api/agents', { email, displayName: `A ${role}`, role, password: PASSWORD, institutionIds }).expect(201);
    return { id: created.body.id as string, email };
  }

  const login = (email: string, password = PASSWORD) => request(server()).post('/api/auth/login').send({ email, password });

  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  // acceptance 1
  it('answers 401 on every /api route without a token, naming how to get one', async () => {
    const document = (await anonymous(app).get('/docs-json').expect(200)).body as { paths: Record<string, Record<string, unknown>> };
    // the slip's one-time link is its own credential (transmissions e2e: 404 without a ticket issued)
    // a student's personal link is exchanged without one, and leaving needs none (student-access e2e)
    const open = new Set([
      'post /api/auth/login',
      'post /api/auth/refresh',
      'get /api/transmissions/slips/{ticket}',
      'post /api/student/session',
      'delete /api/student/session',
      'post /api/student/link-request',
    ]);
    let checked = 0;
    for (const [path, operations] of Object.entries(document.paths)) {
      if (!path.startsWith('/api/')) continue;
      for (const method of Object.keys(operations)) {
        if (open.has(`${method} ${path}`)) continue;
        const concrete = path.replace(/\{[^}]+\}/g, (name) => (name === '{code}' ? 'rece' : '0196a1b2-0000-7000-8000-000000000001'));
        const response = await request(server())[method as 'get'](concrete).send({});
        expect([`${method} ${path}`, response.status]).toEqual([`${method} ${path}`, 401]);
        expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
        // the students' API opens with a cookie, which no WWW-Authenticate scheme names (student-link-request e2e)
        if (path.startsWith('/api/student/')) expect(response.headers['www-authenticate']).toBeUndefined();
        else expect(response.headers['www-authenticate']).toMatch(/^Bearer/);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(30);
    // a forged or expired token is no better
    await request(server()).get('/api/dossiers').set(bearer('eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl')).expect(401);
    // health and docs stay open
    await anonymous(app).get('/health/live').expect(200);
  });

  it('refuses an agent what needs a higher role (403): publishing a catalog version, managing agents or institutions, reading the audit', async () => {
    const agent = asAgent(app, 'agent');
    const published = await agent.post('/api/procedures/rece/versions', { effectiveFrom: '2030-01-01', definition: {} }).expect(403);
    expect(published.body).toMatchObject({ status: 403, detail: expect.stringContaining('supervisors') });
    await agent.post('/api/agents', { email: uniqueEmail('x'), displayName: 'X', role: 'admin', password: PASSWORD }).expect(403);
    await agent.post('/api/institutions', { code: 'NOPE', name: 'Nope', kind: 'other' }).expect(403);
    await agent.get('/api/audit').expect(403);
    await asAgent(app, 'supervisor').get('/api/audit?limit=1').expect(200);
  });

  it('logs in with the right password: an access token that works, its agent, and a refresh token', async () => {
    const { email } = await newAgent('agent');
    const response = await login(email.toUpperCase()).expect(200);
    expect(response.body).toMatchObject({ tokenType: 'Bearer', expiresIn: 900, agent: { email, role: 'agent', institutionIds: null } });
    await request(server()).get('/api/dossiers?limit=1').set(bearer(response.body.accessToken)).expect(200);
    const me = await request(server()).get('/api/auth/me').set(bearer(response.body.accessToken)).expect(200);
    expect(me.body).toMatchObject({ email, role: 'agent' });
    // wrong password and unknown account: the same answer
    const wrong = await login(email, 'not the password').expect(401);
    const unknown = await login(uniqueEmail('nobody')).expect(401);
    expect(wrong.body.detail).toBe(unknown.body.detail);
  });

  // acceptance 3
  it('locks an account after 10 wrong passwords (429, the right one too), then lets the right password in after the lock', async () => {
    const { email } = await newAgent('agent');
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) statuses.push((await login(email, `wrong-${i}`)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 401, 401, 401, 401, 429]);
    const locked = await login(email).expect(429);
    expect(locked.headers['retry-after']).toMatch(/^\d+$/);
    expect(locked.body).toMatchObject({ status: 429, type: '/problems/login-locked' });
    // another account is not locked by this one's failures; a LIKE pattern matching this one is no way round
    const other = await newAgent('agent');
    await login(other.email).expect(200);
    await login(`_${email.slice(1)}`).expect(401);
    await login(email.replace('.', '_')).expect(401);
    // locked for LOGIN_LOCK_SECONDS, on Redis's clock: the key holding the lock expires then
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(LOCK_SECONDS - 60);
    expect(Number(locked.headers['retry-after'])).toBeLessThanOrEqual(LOCK_SECONDS);
    const redis = app.get(RedisService).client;
    const lock = `login-account:${email}`;
    expect(await redis.pttl(lock)).toBeGreaterThan((LOCK_SECONDS - 60) * 1000);
    // the lock's time passes (Redis expires the key, as it would after LOCK_SECONDS): the right password is let in
    await redis.pexpire(lock, 1);
    await waitFor(async () => (await redis.exists(lock)) === 0, 10_000, 'the lock to expire');
    await login(email).expect(200);
  });

  it('checks no more passwords than the limit when wrong ones arrive all at once', async () => {
    const { email } = await newAgent('agent');
    const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => login(email, `burst-${i}`)));
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(10);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(30);
    expect(statuses.every((s) => s === 401 || s === 429)).toBe(true);
    // the right password is refused too until the lock ends
    await login(email).expect(429);
    const failures = await asAgent(app, 'supervisor').get('/api/audit?action=auth.login_failed&limit=200').expect(200);
    expect(failures.body.items.filter((e: { details: { email: string } }) => e.details.email === email).length).toBeLessThanOrEqual(10);
  });

  it('tells agents apart by exact e-mail (no pattern matching), in any case', async () => {
    const dotted = uniqueEmail('jean.dupont');
    await admin.post('/api/agents', { email: dotted, displayName: 'Jean Dupont', role: 'agent', password: PASSWORD }).expect(201);
    const underscored = dotted.replace('jean.dupont', 'jean_dupont');
    await admin.post('/api/agents', { email: underscored, displayName: 'Jean Dupont 2', role: 'agent', password: `${PASSWORD}!` }).expect(201);
    await admin.post('/api/agents', { email: dotted.toUpperCase(), displayName: 'Same', role: 'agent', password: PASSWORD }).expect(409);
    expect((await login(dotted.toUpperCase()).expect(200)).body.agent.email).toBe(dotted);
    expect((await login(underscored, `${PASSWORD}!`).expect(200)).body.agent.email).toBe(underscored);
  });

  it('keeps a restricted admin within their institutions: no managing agents or institutions, no widening their own reach', async () => {
    const institution = await createInstitution(admin);
    const { id } = await newAgent('admin', [institution.id]);
    const restricted = (await login((await admin.get(`/api/agents/${id}`).expect(200)).body.email).expect(200)).body;
    await request(server()).patch(`/api/agents/${id}`).set(bearer(restricted.accessToken)).send({ institutionIds: [] }).expect(403);
    await request(server()).post('/api/institutions').set(bearer(restricted.accessToken)).send({ code: 'WIDER', name: 'Wider', kind: 'other' }).expect(403);
    expect((await admin.get(`/api/agents/${id}`).expect(200)).body.institutionIds).toEqual([institution.id]);
  });

  // acceptance 4
  it('rotates refresh tokens; a refresh token used twice revokes the whole login', async () => {
    const { email } = await newAgent('agent');
    const first = (await login(email).expect(200)).body;
    const second = (await request(server()).post('/api/auth/refresh').send({ refreshToken: first.refreshToken }).expect(200)).body;
    expect(second.refreshToken).not.toBe(first.refreshToken);
    await request(server()).get('/api/dossiers?limit=1').set(bearer(second.accessToken)).expect(200);
    // the old one again, later than a lost answer would come back (stolen, replayed): refused, and the login ends
    clockOf(app).advance({ seconds: 31 });
    const reused = await request(server()).post('/api/auth/refresh').send({ refreshToken: first.refreshToken }).expect(401);
    expect(reused.body.type).toBe('/problems/refresh-token-reused');
    await request(server()).post('/api/auth/refresh').send({ refreshToken: second.refreshToken }).expect(401);
    await request(server()).get('/api/dossiers?limit=1').set(bearer(second.accessToken)).expect(401);
    const audit = await asAgent(app, 'supervisor').get('/api/audit?action=auth.session_revoked').expect(200);
    expect(audit.body.items.some((e: { details: { reason: string } }) => e.details.reason === 'refresh_token_reuse')).toBe(true);
  });

  it('takes a refresh token presented again at once, whose answer was lost, as that answer: new tokens, the lost ones superseded; never twice', async () => {
    const { email } = await newAgent('agent');
    const first = (await login(email).expect(200)).body;
    const refresh = (refreshToken: string) => request(server()).post('/api/auth/refresh').send({ refreshToken });
    const lost = (await refresh(first.refreshToken).expect(200)).body;
    // the page reloaded before the answer arrived: the same token again, within the grace
    const again = (await refresh(first.refreshToken).expect(200)).body;
    expect(again.refreshToken).not.toBe(lost.refreshToken);
    const next = (await refresh(again.refreshToken).expect(200)).body;
    await request(server()).get('/api/dossiers?limit=1').set(bearer(next.accessToken)).expect(200);
    // the first token once more, still within the grace: what it was exchanged for has been used since — a replay
    expect((await refresh(first.refreshToken).expect(401)).body.type).toBe('/problems/refresh-token-reused');
    await request(server()).get('/api/dossiers?limit=1').set(bearer(next.accessToken)).expect(401);
    const audit = await asAgent(app, 'supervisor').get('/api/audit?action=auth.refresh_reissued').expect(200);
    expect(audit.body.items).toHaveLength(1);
  });

  it('revokes the login when the answer said lost comes back: whoever presented the token again was not its owner', async () => {
    const { email } = await newAgent('agent');
    const first = (await login(email).expect(200)).body;
    const refresh = (refreshToken: string) => request(server()).post('/api/auth/refresh').send({ refreshToken });
    const owners = (await refresh(first.refreshToken).expect(200)).body;
    // a stolen copy of the first token, replayed within the grace, before the owner used theirs
    const thiefs = (await refresh(first.refreshToken).expect(200)).body;
    // the owner's token was superseded: presenting it is a reuse, and the whole login ends
    expect((await refresh(owners.refreshToken).expect(401)).body.type).toBe('/problems/refresh-token-reused');
    await request(server()).get('/api/dossiers?limit=1').set(bearer(thiefs.accessToken)).expect(401);
    await refresh(thiefs.refreshToken).expect(401);
  });

  it('answers two exchanges of one refresh token at once without ending the login (the second takes the first as lost)', async () => {
    const { email } = await newAgent('agent');
    const first = (await login(email).expect(200)).body;
    const answers = await Promise.all([0, 1].map(() => request(server()).post('/api/auth/refresh').send({ refreshToken: first.refreshToken })));
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    // the login goes on: both answers' access tokens work
    for (const answer of answers) await request(server()).get('/api/dossiers?limit=1').set(bearer(answer.body.accessToken)).expect(200);
  });

  it('ends a login at once on logout, and every login of an agent the admin disables', async () => {
    const { id, email } = await newAgent('supervisor');
    const one = (await login(email).expect(200)).body;
    const two = (await login(email).expect(200)).body;
    await request(server()).post('/api/auth/logout').set(bearer(one.accessToken)).expect(204);
    await request(server()).get('/api/dossiers?limit=1').set(bearer(one.accessToken)).expect(401);
    await request(server()).get('/api/dossiers?limit=1').set(bearer(two.accessToken)).expect(200);
    await admin.patch(`/api/agents/${id}`, { active: false }).expect(200);
    await request(server()).get('/api/dossiers?limit=1').set(bearer(two.accessToken)).expect(401);
    await login(email).expect(401);
  });

  it('keeps the queue dashboard for admins, however its URL is spelled', async () => {
    await anonymous(app).get('/admin/queues').expect(401);
    for (const path of ['/admin/queues/api/queues', '/%61dmin/queues/api/queues', '/admin/%71ueues/api/queues', '/admin//queues/api/queues']) {
      const status = (await anonymous(app).get(path)).status;
      expect([path, [401, 404].includes(status)]).toEqual([path, true]);
    }
    await anonymous(app).put('/%61dmin/queues/api/queues/notifications/pause').expect(401);
    const { email } = await newAgent('supervisor');
    const supervisor = (await login(email).expect(200)).body;
    await request(server()).get('/admin/queues').set(bearer(supervisor.accessToken)).expect(403);
    // an admin restricted to one institution is not an admin of the office
    const restrictedAdmin = (await login((await newAgent('admin', [(await createInstitution(admin)).id])).email).expect(200)).body;
    await request(server()).get('/admin/queues/api/queues').set(bearer(restrictedAdmin.accessToken)).expect(403);
    const adminLogin = await login((await newAgent('admin')).email).expect(200);
    await request(server()).get('/admin/queues').set(bearer(adminLogin.body.accessToken)).expect(200);
    // a browser gets the dashboard through the cookie set at login, limited to its path
    const cookie = String(adminLogin.headers['set-cookie']);
    expect(cookie).toMatch(/Path=\/admin\/queues; .*HttpOnly; SameSite=Strict/);
    await request(server()).get('/admin/queues').set('cookie', cookie.split(';')[0]!).expect(200);
  });

  // acceptance 2
  it("hides another institution's students and dossiers from an agent restricted to one: 404 by id, absent from lists and searches", async () => {
    const mine = await createInstitution(admin);
    const theirs = await createInstitution(admin);
    const myStudent = await createStudent(admin, { institutionId: mine.id, birthName: 'SCOPEDNAME' });
    const theirStudent = await createStudent(admin, { institutionId: theirs.id, birthName: 'SCOPEDNAME' });
    const myDossier = await createDossier(admin, { studentId: myStudent.id });
    const theirDossier = await createDossier(admin, { studentId: theirStudent.id });
    const { email } = await newAgent('agent', [mine.id]);
    const tokens = (await login(email).expect(200)).body;
    expect(tokens.agent.institutionIds).toEqual([mine.id]);
    const get = (path: string) => request(server()).get(path).set(bearer(tokens.accessToken));

    await get(`/api/dossiers/${myDossier.id}`).expect(200);
    const hidden = await get(`/api/dossiers/${theirDossier.id}`).expect(404);
    expect(hidden.body.detail).toBe(`No dossier with id ${theirDossier.id}.`);
    for (const sub of ['checklist', 'timeline', 'documents', 'notifications', 'complement-requests', 'summons'])
      await get(`/api/dossiers/${theirDossier.id}/${sub}`).expect(404);
    await get(`/api/students/${theirStudent.id}`).expect(404);
    await request(server()).patch(`/api/students/${theirStudent.id}`).set(bearer(tokens.accessToken)).send({ city: 'Brest' }).expect(404);

    const dossiers = (await get('/api/dossiers?q=scopedname&limit=200').expect(200)).body.items.map((d: { id: string }) => d.id);
    expect(dossiers).toEqual([myDossier.id]);
    const everything = (await get(`/api/dossiers?institutionId=${theirs.id}`).expect(200)).body.items;
    expect(everything).toEqual([]);
    const students = (await get('/api/students?q=scopedname').expect(200)).body.items.map((s: { id: string }) => s.id);
    expect(students).toEqual([myStudent.id]);
    // nor can they open a dossier for that student, register one there, or see transmissions
    const opened = await request(server())
      .post('/api/dossiers')
      .set(bearer(tokens.accessToken))
      .send({ studentId: theirStudent.id, procedureCode: 'rece' })
      .expect(400);
    expect(opened.body.errors).toEqual([{ field: 'studentId', code: 'refersToNoStudent', message: 'refers to no student' }]);
    await request(server()).get('/api/transmissions').set(bearer(tokens.accessToken)).expect(403);
  });

  it('lets agents take a dossier or hand back their own; reassigning is for supervisors', async () => {
    const dossier = await createDossier(admin);
    const agent = asAgent(app, 'agent');
    await agent.put(`/api/dossiers/${dossier.id}/assignee`, { agentId: TEST_AGENTS.agent.id }).expect(200);
    await agent.put(`/api/dossiers/${dossier.id}/assignee`, { agentId: TEST_AGENTS.supervisor.id }).expect(403);
    await asAgent(app, 'supervisor').put(`/api/dossiers/${dossier.id}/assignee`, { agentId: TEST_AGENTS.supervisor.id }).expect(200);
    await agent.put(`/api/dossiers/${dossier.id}/assignee`, { agentId: null }).expect(403);
  });

  it('limits requests per agent across the API (429 problem with Retry-After), counting in Redis', async () => {
    const limited = await startApi({ RATE_LIMIT_PER_MINUTE: '10', REDIS_PREFIX: `${process.env.REDIS_PREFIX}-rate-${randomBytes(3).toString('hex')}` });
    try {
      const agent = asAgent(limited, 'agent');
      const statuses: number[] = [];
      for (let i = 0; i < 12; i++) statuses.push((await agent.get('/api/agents')).status);
      // the first ten pass; the budget runs out right after (the Redis store counts the one that overflows)
      expect(statuses.slice(0, 10)).toEqual(Array(10).fill(200));
      expect(statuses.at(-1)).toBe(429);
      const refused = await agent.get('/api/agents').expect(429);
      expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(refused.body).toMatchObject({ status: 429, type: '/problems/rate-limited' });
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      // another agent has a budget of their own; health is never limited
      await asAgent(limited, 'supervisor').get('/api/agents').expect(200);
      await anonymous(limited).get('/health/live').expect(200);
    } finally {
      await limited.close();
    }
  });
});
