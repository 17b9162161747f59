import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createHash, randomBytes } from 'node:crypto';
import request from 'supertest';
import { PrismaService } from '../../src/infra/prisma/prisma.service';
import { AgentClient, asAgent, startApi, withToken } from '../support/api';
import { eventually } from '../support/eventually';
import { createDossier, createInstitution, createStudent } from '../support/factories';
import { deleteRedisKeys } from '../support/global-teardown';
import { clockOf } from '../support/test-clock';

interface IssuedKey {
  id: string;
  key: string;
  prefix: string;
  agentId: string;
  name: string;
}

/** API keys for scripts and integrations: issued, listed and revoked by admins; each acts as an agent of its own. */
describe('API keys', () => {
  const RATE_PREFIX = `${process.env.REDIS_PREFIX}-keys-rate-${randomBytes(3).toString('hex')}`;
  let app: NestFastifyApplication;
  /** Another API process, on the same database (and a budget of 10 requests a minute). */
  let other: NestFastifyApplication;
  let admin: AgentClient;
  let prisma: PrismaService;

  beforeAll(async () => {
    app = await startApi();
    other = await startApi({ RATE_LIMIT_PER_MINUTE: '10', REDIS_PREFIX: RATE_PREFIX });
    admin = asAgent(app);
    prisma = app.get(PrismaService);
  });

  afterEach(() => clockOf(app).reset());

  afterAll(async () => {
    await other.close();
    await app.close();
    await deleteRedisKeys(process.env.REDIS_URL!, `${RATE_PREFIX}:`);
  });

  const inAnHour = () => new Date(clockOf(app).now().getTime() + 3_600_000).toISOString();
  const issue = async (body: Record<string, unknown> = {}): Promise<IssuedKey> =>
    (await admin.post('/api/api-keys', { name: `Script ${randomBytes(3).toString('hex')}`, role: 'agent', expiresAt: inAnHour(), ...body }).expect(201))
      .body as IssuedKey;

  it('issues a key shown once, stores only its SHA-256, lists it without its secret, revokes it', async () => {
    const institution = await createInstitution(admin);
    const created = await admin
      .post('/api/api-keys', { name: '  Export SIS  ', role: 'supervisor', institutionIds: [institution.id], expiresAt: inAnHour() })
      .expect(201);
    const key = created.body as IssuedKey & Record<string, unknown>;
    expect(key.key).toMatch(/^psk_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
    expect(key).toMatchObject({ name: 'Export SIS', role: 'supervisor', institutionIds: [institution.id], revokedAt: null, lastUsedAt: null });
    expect(key.key.startsWith(`${key.prefix}_`)).toBe(true);
    expect(key.createdBy).toEqual({ id: '01960000-0000-7000-8000-0000000000a1', name: 'Test Admin' });

    // the table holds the hash, never the key
    const [row] = await prisma.$queryRaw<Record<string, unknown>[]>`SELECT * FROM api_keys WHERE id = ${key.id}::uuid`;
    expect(row!.secret_hash).toBe(createHash('sha256').update(key.key).digest('hex'));
    const secret = key.key.slice(key.prefix.length + 1);
    expect(JSON.stringify(row)).not.toContain(secret);
    const [agent] = await prisma.$queryRaw<Record<string, unknown>[]>`SELECT * FROM agents WHERE id = ${key.agentId}::uuid`;
    expect(agent).toMatchObject({ kind: 'api_key', display_name: 'Export SIS', role: 'supervisor', password_hash: null });
    expect(JSON.stringify(agent)).not.toContain(secret);

    // never shown again: not in the list, not in one key's answer, not in the audit
    const listed = (await admin.get('/api/api-keys').expect(200)).body as Record<string, unknown>[];
    const mine = listed.find((k) => k.id === key.id)!;
    expect(mine).toMatchObject({ prefix: key.prefix, role: 'supervisor', institutionIds: [institution.id], expiresAt: key.expiresAt, revokedAt: null });
    expect(JSON.stringify(listed)).not.toContain(secret);
    const one = (await admin.get(`/api/api-keys/${key.id}`).expect(200)).body as Record<string, unknown>;
    expect(one).not.toHaveProperty('key');
    expect(one).not.toHaveProperty('secretHash');
    const audit = await prisma.auditEvent.findMany({ where: { action: 'api_key.create', resourceId: key.id } });
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit)).not.toContain(secret);

    await withToken(app, key.key).get('/api/dossiers?limit=1').expect(200);
    const revoked = await admin.delete(`/api/api-keys/${key.id}`).expect(200);
    expect(revoked.body.revokedAt).toEqual(expect.any(String));
    expect((await prisma.auditEvent.findMany({ where: { action: 'api_key.revoke', resourceId: key.id } })).length).toBe(1);
    // revoking twice keeps the first time
    expect((await admin.delete(`/api/api-keys/${key.id}`).expect(200)).body.revokedAt).toBe(revoked.body.revokedAt);
    await admin.get('/api/api-keys/0196a1b2-0000-7000-8000-000000000001').expect(404);
  });

  it('refuses a revoked key at once, in this API process and in another', async () => {
    const key = await issue();
    await withToken(app, key.key).get('/api/dossiers?limit=1').expect(200);
    await withToken(other, key.key).get('/api/dossiers?limit=1').expect(200);
    await admin.delete(`/api/api-keys/${key.id}`).expect(200);
    const refused = await withToken(app, key.key).get('/api/dossiers?limit=1').expect(401);
    expect(refused.body).toMatchObject({ status: 401, code: 'auth.api-key-revoked' });
    expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
    expect((await withToken(other, key.key).get('/api/dossiers?limit=1').expect(401)).body.code).toBe('auth.api-key-revoked');
    // a key nobody issued
    const forged = `${key.prefix}_${randomBytes(32).toString('base64url')}`;
    expect((await withToken(app, forged).get('/api/dossiers?limit=1').expect(401)).body.code).toBe('auth.api-key-unknown');
  });

  it('refuses an expired key (on the application clock)', async () => {
    const key = await issue();
    await withToken(app, key.key).get('/api/dossiers?limit=1').expect(200);
    clockOf(app).advance({ minutes: 61 });
    const refused = await withToken(app, key.key).get('/api/dossiers?limit=1').expect(401);
    expect(refused.body).toMatchObject({ code: 'auth.api-key-expired' });
    const french = await request(app.getHttpServer())
      .get('/api/dossiers?limit=1')
      .set('authorization', `Bearer ${key.key}`)
      .set('accept-language', 'fr')
      .expect(401);
    expect(french.body.detail).toBe('Cette clé d’API a expiré\u00a0: demandez-en une nouvelle à un administrateur.');
  });

  it('gives a key its role: an agent key is refused on admin routes (403)', async () => {
    const key = withToken(app, (await issue({ role: 'agent' })).key);
    expect((await key.get('/api/api-keys').expect(403)).body.code).toBe('auth.forbidden-role');
    await key.post('/api/api-keys', { name: 'Escalate', role: 'admin', expiresAt: inAnHour() }).expect(403);
    await key.post('/api/agents', { email: 'x@cmi.example', displayName: 'X', role: 'admin', password: 'a long password' }).expect(403);
    const adminKey = withToken(app, (await issue({ role: 'admin' })).key);
    await adminKey.get('/api/api-keys').expect(200);
  });

  it('makes no credentials with a key: even an admin key issues no key and creates or changes no account (403), a person must log in', async () => {
    const issued = await issue({ role: 'admin' });
    const adminKey = withToken(app, issued.key);
    const refused = await adminKey.post('/api/api-keys', { name: 'Successor', role: 'admin', expiresAt: inAnHour() }).expect(403);
    expect(refused.body).toMatchObject({ code: 'auth.login-only', type: '/problems/forbidden' });
    expect(refused.body.detail).toMatch(/^Only a person logged in may do this, not an API key/);
    await adminKey
      .post('/api/agents', { email: 'successor@cmi.example', displayName: 'Successor', role: 'admin', password: 'a long enough password' })
      .expect(403);
    const someone = (await admin.get('/api/agents').expect(200)).body as { id: string }[];
    await adminKey.patch(`/api/agents/${someone[0]!.id}`, { password: 'a long enough password' }).expect(403);
    expect(await prisma.apiKey.count({ where: { name: 'Successor' } })).toBe(0);
    expect(await prisma.agent.count({ where: { email: 'successor@cmi.example' } })).toBe(0);
    // what it may do as an admin, it does: list and revoke keys (revoking takes access away)
    await adminKey.get('/api/api-keys').expect(200);
    await adminKey.delete(`/api/api-keys/${(await issue()).id}`).expect(200);
  });

  it('keeps a key restricted to an institution within it: 404 on another one’s dossier, only its dossiers listed', async () => {
    const [a, b] = [await createInstitution(admin), await createInstitution(admin)];
    const inA = await createDossier(admin, { studentId: (await createStudent(admin, { institutionId: a.id })).id });
    const studentB = await createStudent(admin, { institutionId: b.id });
    const inB = await createDossier(admin, { studentId: studentB.id });
    const key = withToken(app, (await issue({ role: 'agent', institutionIds: [a.id] })).key);
    await key.get(`/api/dossiers/${inA.id}`).expect(200);
    expect((await key.get(`/api/dossiers/${inB.id}`).expect(404)).body.code).toBe('dossier.not-found');
    await key.get(`/api/students/${studentB.id}`).expect(404);
    const listed = (await key.get('/api/dossiers?limit=100').expect(200)).body.items as { id: string; institutionId: string }[];
    expect(listed.map((d) => d.id)).toContain(inA.id);
    expect(listed.every((d) => d.institutionId === a.id)).toBe(true);
    expect((await key.get(`/api/dossiers?institutionId=${b.id}`).expect(200)).body.items).toEqual([]);
    // office-wide work is not for a restricted key
    await withToken(app, (await issue({ role: 'admin', institutionIds: [a.id] })).key)
      .get('/api/api-keys')
      .expect(403);
  });

  it('names the key in the audit and in the dossier’s timeline; writes its last use at most once a minute', async () => {
    const institution = await createInstitution(admin);
    const student = await createStudent(admin, { institutionId: institution.id });
    const issued = await issue({ name: 'Import Apogée', role: 'agent' });
    const key = withToken(app, issued.key);
    const dossier = (await key.post('/api/dossiers', { studentId: student.id, procedureCode: 'rece' }).expect(201)).body as { id: string };
    await key.get(`/api/dossiers/${dossier.id}`).expect(200);

    const timeline = (await admin.get(`/api/dossiers/${dossier.id}/timeline`).expect(200)).body as { actor: { id: string; name: string } }[];
    expect(timeline.map((entry) => entry.actor)).toContainEqual({ id: issued.agentId, name: 'Import Apogée' });
    await eventually(async () => {
      const events = await prisma.auditEvent.findMany({ where: { actorAgentId: issued.agentId } });
      expect(events.map((e) => [e.action, e.actorLabel]).sort()).toEqual([
        ['dossier.open', 'Import Apogée'],
        ['dossier.view', 'Import Apogée'],
      ]);
    });

    const lastUse = async () => (await admin.get(`/api/api-keys/${issued.id}`).expect(200)).body.lastUsedAt as string | null;
    let first: string | null = null;
    await eventually(async () => expect((first = await lastUse())).not.toBeNull());
    await key.get(`/api/dossiers/${dossier.id}`).expect(200);
    clockOf(app).advance({ seconds: 30 });
    await key.get(`/api/dossiers/${dossier.id}`).expect(200);
    expect(await lastUse()).toBe(first);
    clockOf(app).advance({ seconds: 31 });
    await key.get(`/api/dossiers/${dossier.id}`).expect(200);
    await eventually(async () => expect(new Date((await lastUse())!).getTime()).toBeGreaterThan(new Date(first!).getTime() + 60_000));
  });

  it('limits a key’s requests like an agent’s, with a budget of its own', async () => {
    const limitedAdmin = asAgent(other);
    const issueThere = async () =>
      (await limitedAdmin.post('/api/api-keys', { name: 'Busy script', role: 'agent', expiresAt: inAnHour() }).expect(201)).body as IssuedKey;
    const [busy, calm] = [await issueThere(), await issueThere()];
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await withToken(other, busy.key).get('/api/dossiers?limit=1')).status);
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(200));
    expect(statuses.at(-1)).toBe(429);
    const refused = await withToken(other, busy.key).get('/api/dossiers?limit=1').expect(429);
    expect(refused.body).toMatchObject({ status: 429, type: '/problems/rate-limited' });
    // the other key, and the admin who issued them, count on their own
    await withToken(other, calm.key).get('/api/dossiers?limit=1').expect(200);
    await limitedAdmin.get('/api/api-keys').expect(200);
  });

  it('is no account: it cannot log in, is given no password, is not listed among the agents nor assigned a dossier', async () => {
    const issued = await issue({ role: 'admin' });
    const key = withToken(app, issued.key);
    const agents = (await admin.get('/api/agents').expect(200)).body as { id: string }[];
    expect(agents.map((a) => a.id)).not.toContain(issued.agentId);
    await admin.get(`/api/agents/${issued.agentId}`).expect(404);
    await admin.patch(`/api/agents/${issued.agentId}`, { password: 'a password to log in with' }).expect(404);
    const [agent] = await prisma.$queryRaw<
      { email: string; password_hash: string | null }[]
    >`SELECT email, password_hash FROM agents WHERE id = ${issued.agentId}::uuid`;
    expect(agent!.password_hash).toBeNull();
    await request(app.getHttpServer()).post('/api/auth/login').send({ email: agent!.email, password: 'a password to log in with' }).expect(401);
    const dossier = await createDossier(admin);
    const assigned = await admin.put(`/api/dossiers/${dossier.id}/assignee`, { agentId: issued.agentId }).expect(400);
    expect(assigned.body.errors).toEqual([expect.objectContaining({ field: 'agentId', code: 'refersToNoAgent' })]);
    // nothing to log out of, no password to change; the logins of the office stay open
    expect((await key.post('/api/auth/logout').expect(403)).body.code).toBe('auth.api-key-not-a-login');
    await key.post('/api/auth/password', { currentPassword: 'x', newPassword: 'a new long password' }).expect(403);
    await admin.get('/api/api-keys').expect(200);
  });

  it('answers 400 naming each bad field', async () => {
    const bad = await admin.post('/api/api-keys', { name: 'x', role: 'boss', institutionIds: ['nope'], expiresAt: 'tomorrow' }).expect(400);
    expect(bad.headers['content-type']).toMatch(/application\/problem\+json/);
    expect((bad.body.errors as { field: string }[]).map((e) => e.field).sort()).toEqual(['expiresAt', 'institutionIds', 'name', 'role']);
    const past = await admin.post('/api/api-keys', { name: 'Old', role: 'agent', expiresAt: new Date(Date.now() - 1000).toISOString() }).expect(400);
    expect(past.body.errors).toEqual([expect.objectContaining({ field: 'expiresAt', code: 'inFuture' })]);
    // a key lives two years at most: renewed, never left to run for ever
    const forever = await admin.post('/api/api-keys', { name: 'Forever', role: 'agent', expiresAt: '9999-12-31T23:59:59Z' }).expect(400);
    expect(forever.body.errors).toEqual([expect.objectContaining({ field: 'expiresAt', code: 'withinDays', params: { days: 730 } })]);
    const unknown = await admin
      .post('/api/api-keys', { name: 'Lost', role: 'agent', institutionIds: ['0196a1b2-0000-7000-8000-000000000009'], expiresAt: inAnHour() })
      .expect(400);
    expect(unknown.body.errors).toEqual([expect.objectContaining({ field: 'institutionIds.0', code: 'refersToNoInstitution' })]);
    await admin.get('/api/api-keys/not-an-id').expect(400);
  });
});
