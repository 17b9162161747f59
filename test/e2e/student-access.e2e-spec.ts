import { createHash, randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { ParsedMail } from 'mailparser';
import { AuditService } from '../../src/audit/audit.service';
import { NotificationsService } from '../../src/notifications/notifications.service';
import { newToken } from '../../src/student-access/student-access.links';
import { StudentAccessService } from '../../src/student-access/student-access.service';
import { Tokens } from '../../src/auth/auth.tokens';
import { TEST_AGENTS } from '../support/agents';
import { AgentClient, anonymous, asAgent, startApi } from '../support/api';
import { createDossier, createStudent } from '../support/factories';
import { patient, waitFor } from '../support/processes';
import { sentTo, SmtpSink } from '../support/smtp-sink';
import { JobsWorld } from '../support/worker';
import { move } from '../support/workflow';

const PUBLIC_URL = 'https://passerelle.example';
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
/** Each test comes from addresses of its own: the failed links of one never throttle another's. */
let addresses = 0;
const newAddress = () => `198.51.100.${++addresses}`;

/** Issue 17: a student's personal link, exchanged once for a short session on the students' API only. */
describe("students' personal links and sessions", () => {
  let sink: SmtpSink;
  let world: JobsWorld;
  let app: NestFastifyApplication;
  let admin: AgentClient;

  beforeAll(async () => {
    sink = await SmtpSink.start();
    // one proxy hop believed: each test says which address it comes from
    world = await JobsWorld.create({ SMTP_URL: sink.url, PUBLIC_URL, TRUST_PROXY: '1', STUDENT_RATE_LIMIT_PER_MINUTE: '10' });
    app = await startApi(world.env, world.clock);
    admin = asAgent(app);
    await world.startWorker();
  });
  afterAll(async () => {
    await app?.close();
    await world?.close();
    await sink?.close();
  });
  afterEach(() => world.clock.reset());

  /** A link of the dossier, as an e-mail would carry it. */
  const mint = (dossierId: string) => app.get(StudentAccessService).mintForNotification(dossierId, randomUUID());
  const exchange = (token: unknown, from = newAddress()) => anonymous(app).post('/api/student/session').set('x-forwarded-for', from).send({ token });
  const asStudent = (cookie: string) => ({
    get: (path: string) => anonymous(app).get(path).set('cookie', `passerelle_student=${cookie}`),
    delete: (path: string) => anonymous(app).delete(path).set('cookie', `passerelle_student=${cookie}`),
  });
  const cookieOf = (setCookie: string[] | string | undefined) => /^passerelle_student=([A-Za-z0-9_-]{43});/.exec([setCookie ?? []].flat()[0] ?? '')?.[1];
  const openSession = async (dossierId: string) => cookieOf((await exchange(await mint(dossierId)).expect(200)).headers['set-cookie'])!;
  /** A refusal as the client sees it, but for what names the request itself. */
  const refusal = ({ body }: { body: Record<string, unknown> }) => ({ ...body, requestId: undefined });
  /** Audit rows, once the views (written a moment after their answer) are in. */
  const audited = async <T extends Record<string, unknown>>(query: string, values: unknown[], count = 1): Promise<T[]> => {
    let rows: T[] = [];
    await waitFor(
      async () => {
        await app.get(AuditService).flush();
        return (rows = await world.sql<T>(query, values)).length >= count;
      },
      5_000,
      'the audit rows',
    );
    return rows;
  };
  const tokenIn = (mail: ParsedMail) => new RegExp(`${PUBLIC_URL.replace(/\./g, '\\.')}/s/#([A-Za-z0-9_-]{43})`).exec(mail.text ?? '')?.[1];

  it('exchanges a link for a session cookie (HttpOnly, Secure, SameSite=Strict, the students’ API only, Max-Age), once', async () => {
    const student = await createStudent(admin, { preferredLanguage: 'en' });
    const dossier = await createDossier(admin, { studentId: student.id });
    const token = await mint(dossier.id);
    const before = Date.now();
    const opened = await exchange(token).expect(200);
    expect(opened.body).toEqual({ language: 'en', expiresAt: expect.any(String) });
    expect(new Date(opened.body.expiresAt).getTime()).toBeGreaterThanOrEqual(before + 3_600_000 - 1_000);
    expect(new Date(opened.body.expiresAt).getTime()).toBeLessThanOrEqual(Date.now() + 3_600_000);
    expect(opened.headers['cache-control']).toBe('no-store');
    const [setCookie, ...others] = [opened.headers['set-cookie']].flat() as string[];
    expect(others).toEqual([]);
    expect(setCookie!.split('; ').slice(1).sort()).toEqual(['HttpOnly', 'Max-Age=3600', 'Path=/api/student', 'SameSite=Strict', 'Secure']);
    const cookie = cookieOf(setCookie)!;
    expect(cookie).not.toBe(token);

    expect((await asStudent(cookie).get('/api/student/session').expect(200)).body).toEqual(opened.body);
    // only hashes are kept
    const [session] = await world.sql<{ dossier_id: string }>('SELECT dossier_id FROM student_sessions WHERE token_hash = $1', [sha256(cookie)]);
    expect(session).toEqual({ dossier_id: dossier.id });
    expect(await world.sql('SELECT 1 FROM student_links WHERE used_at IS NOT NULL AND token_hash = $1', [sha256(token)])).toHaveLength(1);
    expect(
      await world.sql('SELECT 1 FROM student_links l, student_sessions s WHERE l.token_hash IN ($1, $2) OR s.token_hash IN ($1, $2)', [token, cookie]),
    ).toEqual([]);
    // the link was spent: replayed after the exchange, it opens nothing
    expect((await exchange(token).expect(401)).body.code).toBe('student.link-invalid');
  });

  it('answers a forged, malformed, used, revoked, re-issued-old or expired link with the one same 401', async () => {
    const dossier = await createDossier(admin);
    const used = await mint(dossier.id);
    await exchange(used).expect(200);
    const answers = [await exchange(used).expect(401), await exchange(newToken()).expect(401), await exchange('not-a-token').expect(401)];

    const revoked = await mint(dossier.id);
    await admin.delete(`/api/dossiers/${dossier.id}/student-link`).expect(204);
    answers.push(await exchange(revoked).expect(401));
    const reissuedOld = await mint(dossier.id);
    await admin.post(`/api/dossiers/${dossier.id}/student-link`).expect(202);
    answers.push(await exchange(reissuedOld).expect(401));

    const ended = await createDossier(admin);
    await move(admin, ended.id, { to: 'closed', closeReason: 'withdrawn' });
    const [expiring, late, early] = [await mint(ended.id), await mint(ended.id), await mint(ended.id)];
    const cookie = cookieOf((await exchange(early).expect(200)).headers['set-cookie'])!;
    world.clock.advance({ days: 89 });
    await asStudent(cookie).get('/api/student/session').expect(401); // the session itself is long over
    await exchange(late).expect(200); // 89 days after the dossier ended, its links still open
    world.clock.advance({ days: 2 });
    answers.push(await exchange(expiring).expect(401));

    expect(answers[0]!.body).toMatchObject({ status: 401, code: 'student.link-invalid', params: {}, instance: '/api/student/session' });
    for (const answer of answers) expect(refusal(answer)).toEqual(refusal(answers[0]!));
    expect(JSON.stringify(answers.map((a) => a.body))).not.toMatch(new RegExp(`${dossier.reference}|${ended.reference}|${dossier.id}|${ended.id}`));
  });

  it("opens nothing once the student's personal data was erased", async () => {
    const dossier = await createDossier(admin);
    await move(admin, dossier.id, { to: 'closed', closeReason: 'withdrawn' });
    const [cookie, link] = [await openSession(dossier.id), await mint(dossier.id)];
    // the erasure waits for the worker to have relayed the closing's e-mail (an erasure meeting the relay mid-batch waits for its timeout)
    const relayed = async () => (await world.sql('SELECT 1 FROM outbox WHERE dossier_id = $1 AND relayed_at IS NULL', [dossier.id])).length === 0;
    await waitFor(relayed, 10_000, 'the outbox relayed');
    await admin.delete(`/api/students/${dossier.studentId}`).send({ reason: 'request of the student' }).expect(200);
    expect((await asStudent(cookie).get('/api/student/session').expect(401)).body.code).toBe('student.session-invalid');
    expect((await exchange(link).expect(401)).body.code).toBe('student.link-invalid');
    // the links and their sessions (an address, a browser) are erased with the rest
    expect(await world.sql('SELECT 1 FROM student_links WHERE dossier_id = $1', [dossier.id])).toEqual([]);
    expect(await world.sql('SELECT 1 FROM student_sessions WHERE dossier_id = $1', [dossier.id])).toEqual([]);
  });

  it('opens with a link only the dossier it was made for', async () => {
    const [mine, theirs] = [await createDossier(admin), await createDossier(admin)];
    const cookie = await openSession(theirs.id);
    await asStudent(cookie).get('/api/student/session').expect(200);
    // the page the link opens is its own dossier's (the portal, src/student-portal)
    expect((await asStudent(cookie).get('/api/student/dossier').expect(200)).body.reference).toBe(theirs.reference);
    expect(await world.sql('SELECT dossier_id FROM student_sessions WHERE token_hash = $1', [sha256(cookie)])).toEqual([{ dossier_id: theirs.id }]);
    const seen = await audited<{ resource_id: string; student_ids: string[] }>(
      `SELECT resource_id, student_ids FROM audit_events WHERE action = 'dossier.student-view' AND details->>'sessionId' IN
         (SELECT id::text FROM student_sessions WHERE token_hash = $1) ORDER BY details->>'route' DESC`,
      [sha256(cookie)],
      2,
    );
    expect(seen).toEqual([
      { resource_id: theirs.id, student_ids: [theirs.studentId] },
      { resource_id: theirs.id, student_ids: expect.arrayContaining([theirs.studentId]) },
    ]);
    expect(seen.flatMap((row) => row.student_ids)).not.toContain(mine.studentId);
  });

  it("opens nothing of the agents' API with the cookie, and nothing of the students' with an agent's token", async () => {
    const dossier = await createDossier(admin);
    const cookie = await openSession(dossier.id);
    for (const path of [`/api/dossiers/${dossier.id}`, '/api/dossiers', `/api/dossiers/${dossier.id}/student-link`, '/api/auth/me']) {
      expect((await asStudent(cookie).get(path).expect(401)).body.code).toBe('auth.token-missing');
    }
    const agentOnly = await admin.get('/api/student/session').expect(401);
    expect(agentOnly.body.code).toBe('student.session-invalid');
    // with both, only the cookie counts
    const agentToken = app.get(Tokens).access({ sub: TEST_AGENTS.admin.id, sid: TEST_AGENTS.admin.sessionId });
    await asStudent(cookie).get('/api/student/session').set('authorization', `Bearer ${agentToken}`).expect(200);
    for (const value of ['', 'forged', newToken()]) {
      expect((await asStudent(value).get('/api/student/session').expect(401)).body.code).toBe('student.session-invalid');
    }
  });

  it('documents the students’ API under its own tag and security scheme (the session cookie)', async () => {
    const docs = (await anonymous(app).get('/docs-json').expect(200)).body;
    expect(docs.components.securitySchemes.studentSession).toMatchObject({ type: 'apiKey', in: 'cookie', name: 'passerelle_student' });
    const operations = Object.entries(docs.paths as Record<string, Record<string, { tags: string[]; security?: unknown[] }>>)
      .filter(([path]) => path.startsWith('/api/student/'))
      .flatMap(([path, methods]) => Object.entries(methods).map(([method, operation]) => ({ route: `${method} ${path}`, ...operation })));
    expect(operations.map((o) => o.route)).toEqual(expect.arrayContaining(['post /api/student/session', 'get /api/student/session']));
    for (const { route, tags, security } of operations) {
      expect({ route, tags: [...new Set(tags)] }).toEqual({ route, tags: ['student'] });
      // the exchange, asking for a new link and leaving need no session; everything else needs the cookie, never a bearer token
      if (!['post /api/student/session', 'delete /api/student/session', 'post /api/student/link-request'].includes(route))
        expect({ route, security: [...new Set(security?.map((scheme) => JSON.stringify(scheme)))] }).toEqual({ route, security: ['{"studentSession":[]}'] });
    }
  });

  it('ends the session and clears the cookie on DELETE, for an unknown cookie too', async () => {
    const cookie = await openSession((await createDossier(admin)).id);
    const ended = await asStudent(cookie).delete('/api/student/session').expect(204);
    const [name, ...attributes] = ([ended.headers['set-cookie']].flat()[0] as string).split('; ');
    expect(name).toBe('passerelle_student=');
    expect(attributes.sort()).toEqual(['Expires=Thu, 01 Jan 1970 00:00:00 GMT', 'HttpOnly', 'Max-Age=0', 'Path=/api/student', 'SameSite=Strict', 'Secure']);
    await asStudent(cookie).get('/api/student/session').expect(401);
    await asStudent(newToken()).delete('/api/student/session').expect(204);
  });

  it('refuses an address with 429 after 10 failed links within 15 minutes — even with a good link — and not the others', async () => {
    const dossier = await createDossier(admin);
    const from = newAddress();
    for (let i = 0; i < 10; i++) await exchange(newToken(), from).expect(401);
    const good = await mint(dossier.id);
    const throttled = await exchange(good, from).expect(429);
    expect(throttled.body).toMatchObject({ status: 429, code: 'student.link-throttled' });
    expect(Number(throttled.headers['retry-after'])).toBeGreaterThan(800);
    await exchange(good).expect(200); // from elsewhere, the refused link still opens (the refusal did not spend it)
  });

  it('counts requests per session on the students’ API (STUDENT_RATE_LIMIT_PER_MINUTE), not per address', async () => {
    const dossier = await createDossier(admin);
    const [first, second] = [await openSession(dossier.id), await openSession(dossier.id)];
    for (let i = 0; i < 10; i++) await asStudent(first).get('/api/student/session').expect(200);
    expect((await asStudent(first).get('/api/student/session').expect(429)).body).toMatchObject({ status: 429, type: '/problems/rate-limited' });
    await asStudent(second).get('/api/student/session').expect(200);
    await admin.get(`/api/dossiers/${dossier.id}`).expect(200);
  });

  it('replaces the link of an e-mail whose sending is tried again: only the last attempt’s token opens', async () => {
    const dossier = await createDossier(admin);
    const notificationId = randomUUID();
    const access = app.get(StudentAccessService);
    const [failed, retried] = [await access.mintForNotification(dossier.id, notificationId), await access.mintForNotification(dossier.id, notificationId)];
    expect(await world.sql('SELECT token_hash FROM student_links WHERE notification_id = $1', [notificationId])).toEqual([{ token_hash: sha256(retried) }]);
    await exchange(failed).expect(401);
    await exchange(retried).expect(200);
  });

  it(
    'sends each student e-mail with a link of its own; stores the e-mail without it; "send the link again" revokes the older ones',
    async () => {
      const student = await createStudent(admin, { preferredLanguage: 'fr' });
      const email = (await admin.get(`/api/students/${student.id}`).expect(200)).body.email as string;
      const dossier = await createDossier(admin, { studentId: student.id });
      const [opened] = await sink.waitFor(1, 15_000, sentTo(email));
      const first = tokenIn(opened!)!;
      expect(first).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(opened!.html).toContain(`${PUBLIC_URL}/s/#${first}`);

      const [row] = await world.sql<{ id: string; text_body: string; html_body: string }>(
        'SELECT id, text_body, html_body FROM notifications WHERE dossier_id = $1',
        [dossier.id],
      );
      expect(row!.text_body).toContain(`${PUBLIC_URL}/s/#PASSERELLESTUDENTLINK`);
      expect(`${row!.text_body}${row!.html_body}`).not.toContain(first);
      expect(await world.sql('SELECT 1 FROM student_links WHERE notification_id = $1 AND token_hash = $2', [row!.id, sha256(first)])).toHaveLength(1);
      const shown = (await admin.get(`/api/dossiers/${dossier.id}/notifications/${row!.id}`).expect(200)).body;
      expect(shown.textBody).toContain(`${PUBLIC_URL}/s/#lien-personnel`);
      expect(`${shown.subject}${shown.textBody}${shown.htmlBody}`).not.toMatch(/PASSERELLESTUDENTLINK/);
      // the office's e-mails carry no link
      const toOffice = await app.get(NotificationsService).draftForDossier(dossier.id, 'e2e', 'student_message', { dossierUrl: `${PUBLIC_URL}/` }, 'assignee');
      expect(toOffice!.textBody).not.toMatch(/\/s\/#/);

      const reissued = await admin.post(`/api/dossiers/${dossier.id}/student-link`).expect(202);
      expect(reissued.body).toMatchObject({ activeSessions: 0, validUntil: null, email });
      const [, resent] = await sink.waitFor(2, 15_000, sentTo(email));
      const second = tokenIn(resent!)!;
      expect(second).not.toBe(first);
      await exchange(first).expect(401);
      const session = await exchange(second).expect(200);
      expect(session.body.language).toBe('fr');

      const status = (await admin.get(`/api/dossiers/${dossier.id}/student-link`).expect(200)).body;
      expect(status).toEqual({ lastSentAt: expect.any(String), lastUsedAt: expect.any(String), activeSessions: 1, validUntil: null, email });
      await admin.delete(`/api/dossiers/${dossier.id}/student-link`).expect(204);
      await asStudent(cookieOf(session.headers['set-cookie'])!).get('/api/student/session').expect(401);
      const events = await world.sql<{ event: string }>('SELECT event FROM dossier_history WHERE dossier_id = $1 AND event LIKE $2 ORDER BY id', [
        dossier.id,
        'student_link%',
      ]);
      expect(events.map((e) => e.event)).toEqual(['student_link_sent', 'student_link_revoked']);
    },
    patient(60_000),
  );

  it("records the student's views in the audit trail as the student's: no agent, the student, the route and the session", async () => {
    const dossier = await createDossier(admin);
    const cookie = await openSession(dossier.id);
    await asStudent(cookie).get('/api/student/session').expect(200);
    await admin.post(`/api/dossiers/${dossier.id}/student-link`).expect(202);
    const trail = await audited<Record<string, unknown>>(
      `SELECT actor_agent_id, actor_label, action, resource_type, resource_id, student_ids, details FROM audit_events
        WHERE resource_id = $1 AND action LIKE 'dossier.student%' ORDER BY action DESC`,
      [dossier.id],
      2,
    );
    const [{ id: sessionId }] = (await world.sql<{ id: string }>('SELECT id FROM student_sessions WHERE token_hash = $1', [sha256(cookie)])) as [
      { id: string },
    ];
    expect(trail).toEqual([
      {
        actor_agent_id: null,
        actor_label: 'student',
        action: 'dossier.student-view',
        resource_type: 'dossier',
        resource_id: dossier.id,
        student_ids: [dossier.studentId],
        details: { route: 'GET /api/student/session', sessionId },
      },
      expect.objectContaining({
        actor_agent_id: expect.any(String),
        action: 'dossier.student-link',
        resource_id: dossier.id,
        student_ids: [dossier.studentId],
      }),
    ]);
  });
});
