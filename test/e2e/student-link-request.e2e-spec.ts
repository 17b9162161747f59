import { randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { ParsedMail } from 'mailparser';
import { newToken } from '../../src/student-access/student-access.links';
import { StudentAccessService } from '../../src/student-access/student-access.service';
import { AgentClient, anonymous, asAgent, startApi } from '../support/api';
import { createDossier, createStudent } from '../support/factories';
import { patient, waitFor } from '../support/processes';
import { sentTo, SmtpSink } from '../support/smtp-sink';
import { JobsWorld } from '../support/worker';
import { move } from '../support/workflow';

const PUBLIC_URL = 'https://passerelle.example';
/** Each test comes from addresses of its own: the requests of one never throttle another's. */
let addresses = 0;
const newAddress = () => `203.0.113.${++addresses}`;

/**
 * Issue 17: a student whose link is spent (or whose session ended) asks, from the page, for a
 * new link by e-mail (POST /api/student/link-request). The answer is always the same 202; the
 * e-mail goes to the address the office has, only for a link of a dossier within the window, not
 * revoked by an agent, of a student not erased, three times a day per dossier at most.
 */
describe('a new personal link asked for by the student', () => {
  let sink: SmtpSink;
  let world: JobsWorld;
  let app: NestFastifyApplication;
  let admin: AgentClient;

  beforeAll(async () => {
    sink = await SmtpSink.start();
    world = await JobsWorld.create({ SMTP_URL: sink.url, PUBLIC_URL, TRUST_PROXY: '1' });
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

  const mint = (dossierId: string) => app.get(StudentAccessService).mintForNotification(dossierId, randomUUID());
  const exchange = (token: unknown, from = newAddress()) => anonymous(app).post('/api/student/session').set('x-forwarded-for', from).send({ token });
  const ask = (token: unknown, from = newAddress()) => anonymous(app).post('/api/student/link-request').set('x-forwarded-for', from).send({ token });
  const cookieOf = (setCookie: string[] | string | undefined) => /^passerelle_student=([A-Za-z0-9_-]{43});/.exec([setCookie ?? []].flat()[0] ?? '')?.[1];
  const sessionOk = (cookie: string) => anonymous(app).get('/api/student/session').set('cookie', `passerelle_student=${cookie}`);
  const tokenIn = (mail: ParsedMail) => new RegExp(`${PUBLIC_URL.replace(/\./g, '\\.')}/s/#([A-Za-z0-9_-]{43})`).exec(mail.text ?? '')?.[1];
  const emailOf = async (studentId: string) => (await admin.get(`/api/students/${studentId}`).expect(200)).body.email as string;
  /** The e-mails with a new link the dossier's outbox holds (the agent's and the student's alike): written in the request's transaction. */
  const linkEmails = async (dossierId: string) =>
    (await world.sql<{ n: number }>(`SELECT count(*)::int AS n FROM outbox WHERE dossier_id = $1 AND key LIKE '%:student_link'`, [dossierId]))[0]!.n;
  const requestsAudited = async (dossierId: string) =>
    world.sql<{ outcome: string }>(
      `SELECT details->>'outcome' AS outcome FROM audit_events WHERE action = 'dossier.student-link-request' AND resource_id = $1 ORDER BY at, id`,
      [dossierId],
    );
  /** A dossier whose student has opened the link of an e-mail: the link is spent. */
  const spentLink = async (dossierId: string) => {
    const token = await mint(dossierId);
    await exchange(token).expect(200);
    return token;
  };

  it(
    'e-mails a fresh link to the address on file for a spent link; the other links and sessions go on working',
    async () => {
      const student = await createStudent(admin, { preferredLanguage: 'en' });
      const email = await emailOf(student.id);
      const dossier = await createDossier(admin, { studentId: student.id });
      // the student opens the link of the dossier's first e-mail; later, the same link again
      const [opened] = await sink.waitFor(1, 15_000, sentTo(email));
      const clicked = tokenIn(opened!)!;
      const cookie = cookieOf((await exchange(clicked).expect(200)).headers['set-cookie'])!;
      await exchange(clicked).expect(401);

      const asked = await ask(clicked).expect(202);
      expect(asked.body).toEqual({ sent: 'if-valid' });
      expect(asked.headers['cache-control']).toBe('no-store');
      const [, mail] = await sink.waitFor(2, 15_000, sentTo(email));
      expect(mail!.subject).toBe(`Dossier ${dossier.reference}: your personal link`);
      const fresh = tokenIn(mail!)!;
      expect(fresh).not.toBe(clicked);
      expect(await world.sql('SELECT recipient FROM notifications WHERE dossier_id = $1 AND template = $2', [dossier.id, 'student_link'])).toEqual([
        { recipient: email },
      ]);
      // nothing was revoked: the session still opens, and the fresh link opens another
      await sessionOk(cookie).expect(200);
      expect((await exchange(fresh).expect(200)).body.language).toBe('en');
      expect(await world.sql('SELECT 1 FROM student_links WHERE dossier_id = $1 AND revoked_at IS NOT NULL', [dossier.id])).toEqual([]);

      // the student's own act: in the history and the timeline as the student's, in the audit as the student's
      const history = await world.sql('SELECT actor_id, actor_label FROM dossier_history WHERE dossier_id = $1 AND event = $2', [
        dossier.id,
        'student_link_requested',
      ]);
      expect(history).toEqual([{ actor_id: null, actor_label: 'student' }]);
      const timeline = (await admin.get(`/api/dossiers/${dossier.id}/timeline`).expect(200)).body as { event: string; title: unknown; actor: unknown }[];
      expect(timeline.find((entry) => entry.event === 'student_link_requested')).toMatchObject({
        title: { fr: "Nouveau lien personnel demandé par l'étudiant(e)", en: 'New personal link asked for by the student' },
        actor: { id: null, name: 'student' },
      });
      const [audit] = await world.sql(
        'SELECT actor_agent_id, actor_label, resource_type, student_ids, details FROM audit_events WHERE action = $1 AND resource_id = $2',
        ['dossier.student-link-request', dossier.id],
      );
      expect(audit).toEqual({
        actor_agent_id: null,
        actor_label: 'student',
        resource_type: 'dossier',
        student_ids: [student.id],
        details: { route: 'POST /api/student/link-request', linkId: expect.any(String), outcome: 'sent' },
      });
      // the token is in no row
      expect(JSON.stringify(await world.sql('SELECT details FROM audit_events WHERE resource_id = $1', [dossier.id]))).not.toContain(clicked);
    },
    patient(60_000),
  );

  it('answers a forged or malformed token with the same 202, and sends nothing', async () => {
    const dossier = await createDossier(admin);
    const spent = await spentLink(dossier.id);
    const [before] = await world.sql<{ outbox: number; audit: number }>(
      `SELECT (SELECT count(*)::int FROM outbox WHERE key LIKE '%:student_link') AS outbox,
              (SELECT count(*)::int FROM audit_events WHERE action = 'dossier.student-link-request') AS audit`,
    );
    const answers = [await ask(newToken()).expect(202), await ask('lien-personnel').expect(202), await ask('A'.repeat(43)).expect(202)];
    const [after] = await world.sql<{ outbox: number; audit: number }>(
      `SELECT (SELECT count(*)::int FROM outbox WHERE key LIKE '%:student_link') AS outbox,
              (SELECT count(*)::int FROM audit_events WHERE action = 'dossier.student-link-request') AS audit`,
    );
    expect(after).toEqual(before);
    // exactly what a good one gets: nothing tells them apart
    const good = await ask(spent).expect(202);
    for (const answer of answers) {
      expect(answer.body).toEqual(good.body);
      expect(answer.headers['content-type']).toBe(good.headers['content-type']);
    }
    expect(await linkEmails(dossier.id)).toBe(1);
    // not a string at all: a bad request, as any
    expect((await ask(42).expect(400)).body.code).toBe('request.invalid');
  });

  it('sends nothing for a link an agent revoked (revoke, or send the link again) — used or not', async () => {
    const dossier = await createDossier(admin);
    const [spent, unused] = [await spentLink(dossier.id), await mint(dossier.id)];
    await admin.delete(`/api/dossiers/${dossier.id}/student-link`).expect(204);
    for (const token of [spent, unused]) expect((await ask(token).expect(202)).body).toEqual({ sent: 'if-valid' });
    expect(await linkEmails(dossier.id)).toBe(0);

    const older = await spentLink(dossier.id);
    await admin.post(`/api/dossiers/${dossier.id}/student-link`).expect(202);
    expect(await linkEmails(dossier.id)).toBe(1);
    await ask(older).expect(202);
    expect(await linkEmails(dossier.id)).toBe(1);
    expect((await requestsAudited(dossier.id)).map((r) => r.outcome)).toEqual(['revoked', 'revoked', 'revoked']);
  });

  it(
    'sends at most 3 a day per dossier: the fourth is answered the same and sends nothing; a day later, again',
    async () => {
      const student = await createStudent(admin);
      const email = await emailOf(student.id);
      const dossier = await createDossier(admin, { studentId: student.id });
      const spent = await spentLink(dossier.id);
      for (let i = 0; i < 3; i++) await ask(spent).expect(202);
      expect(await linkEmails(dossier.id)).toBe(3);
      const fourth = await ask(spent).expect(202);
      expect(fourth.body).toEqual({ sent: 'if-valid' });
      // another link of the same dossier counts against the same dossier
      await ask(await spentLink(dossier.id)).expect(202);
      expect(await linkEmails(dossier.id)).toBe(3);
      const mails = await sink.waitFor(3, 20_000, (m) => sentTo(email)(m) && /your personal link|votre lien personnel/.test(m.subject ?? ''));
      expect(mails).toHaveLength(3);
      expect((await requestsAudited(dossier.id)).map((r) => r.outcome)).toEqual(['sent', 'sent', 'sent', 'limit', 'limit']);

      world.clock.advance({ hours: 24, minutes: 1 });
      await ask(spent).expect(202);
      expect(await linkEmails(dossier.id)).toBe(4);
    },
    patient(60_000),
  );

  it("sends nothing once the student's personal data was erased, nor past the dossier's window", async () => {
    const erased = await createDossier(admin);
    await move(admin, erased.id, { to: 'closed', closeReason: 'withdrawn' });
    const spent = await spentLink(erased.id);
    const relayed = async () => (await world.sql('SELECT 1 FROM outbox WHERE dossier_id = $1 AND relayed_at IS NULL', [erased.id])).length === 0;
    await waitFor(relayed, 10_000, 'the outbox relayed');
    await admin.delete(`/api/students/${erased.studentId}`).send({ reason: 'request of the student' }).expect(200);
    expect((await ask(spent).expect(202)).body).toEqual({ sent: 'if-valid' });
    expect(await linkEmails(erased.id)).toBe(0);
    expect(await requestsAudited(erased.id)).toEqual([]);

    const ended = await createDossier(admin);
    await move(admin, ended.id, { to: 'closed', closeReason: 'withdrawn' });
    const late = await spentLink(ended.id);
    world.clock.advance({ days: 91 });
    await ask(late).expect(202);
    expect(await linkEmails(ended.id)).toBe(0);
    expect((await requestsAudited(ended.id)).map((r) => r.outcome)).toEqual(['window-ended']);
  });

  it('counts every request against the address, with the failed links: 429 after 10 within 15 minutes', async () => {
    const dossier = await createDossier(admin);
    const spent = await spentLink(dossier.id);
    const from = newAddress();
    for (let i = 0; i < 5; i++) await exchange(newToken(), from).expect(401);
    for (let i = 0; i < 5; i++) await ask(i === 0 ? spent : newToken(), from).expect(202);
    const throttled = await ask(spent, from).expect(429);
    expect(throttled.body).toMatchObject({ status: 429, code: 'student.link-throttled' });
    expect(Number(throttled.headers['retry-after'])).toBeGreaterThan(800);
    await exchange(await mint(dossier.id), from).expect(429);
    expect(await linkEmails(dossier.id)).toBe(1);
    await ask(spent).expect(202); // from elsewhere
  });

  it("names no bearer scheme on the students' API's 401s (the cookie is no HTTP authentication scheme); the agents' API still does", async () => {
    const dossier = await createDossier(admin);
    const refusals = [
      await anonymous(app).get('/api/student/dossier').expect(401),
      await anonymous(app).get('/api/student/session').set('cookie', `passerelle_student=${newToken()}`).expect(401),
      await exchange(newToken()).expect(401),
    ];
    for (const refusal of refusals) {
      expect(refusal.body.code).toMatch(/^student\./);
      expect(refusal.headers['www-authenticate']).toBeUndefined();
    }
    const agents = await anonymous(app).get(`/api/dossiers/${dossier.id}`).expect(401);
    expect(agents.headers['www-authenticate']).toBe('Bearer realm="passerelle"');
  });
});
