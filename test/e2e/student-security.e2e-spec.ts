import { randomUUID } from 'node:crypto';
import type { Test } from 'supertest';
import { Tokens } from '../../src/auth/auth.tokens';
import { hashToken, newToken } from '../../src/student-access/student-access.links';
import { TEST_AGENTS } from '../support/agents';
import { anonymous } from '../support/api';
import { createDossier } from '../support/factories';
import { binary, pdf } from '../support/files';
import { agentRoutesOf, answerOf, type Credentials, type DossierIds, identifiersOf, randomLike, StudentSecurityWorld } from '../support/student-security';
import { move } from '../support/workflow';

type Method = 'get' | 'post';
type Ids = Partial<Record<'slot' | 'documentId' | 'fileId' | 'messageId' | 'attachmentId', string>>;

/** Every route of the students' API that takes the session cookie (checked against the OpenAPI below). */
const STUDENT_ROUTES = [
  'get /api/student/session',
  'get /api/student/dossier',
  'post /api/student/dossier/items/{slot}/files',
  'get /api/student/dossier/documents/{documentId}/files/{fileId}',
  'get /api/student/dossier/messages',
  'post /api/student/dossier/messages',
  'get /api/student/dossier/messages/{messageId}/attachments/{attachmentId}',
] as const;
type StudentRoute = (typeof STUDENT_ROUTES)[number];
const WITH_IDS = [
  'post /api/student/dossier/items/{slot}/files',
  'get /api/student/dossier/documents/{documentId}/files/{fileId}',
  'get /api/student/dossier/messages/{messageId}/attachments/{attachmentId}',
] as const satisfies readonly StudentRoute[];
const MALFORMED = ['not-an-id', "1'%20OR%20'1'%3D'1", '..%2F..%2Fetc%2Fpasswd', '%00', '0'.repeat(300), '%7B%7B7*7%7D%7D', '%E0%A4%A', '%F0%9F%92%A5'];

/**
 * Issue 17, acceptance 2: each way into a student's page that must stay shut, as one named
 * test, refused with the very answer (status, type, problem, minus `instance`/`requestId`) of
 * a target that exists nowhere: a random token, cookie or id. Complements (not repeats)
 * student-access.e2e-spec.ts (the links' and sessions' own rules, throttling, audit),
 * student-portal.e2e-spec.ts and messages.e2e-spec.ts (one URL each of other dossiers' ids).
 */
describe("the students' API refuses without saying whether the target exists (issue 17, acceptance 2)", () => {
  let w: StudentSecurityWorld;
  /** The student's own dossier, and another one. */
  let a: DossierIds;
  let b: DossierIds;
  let agentToken: string;

  beforeAll(async () => {
    w = await StudentSecurityWorld.start();
    [a, b] = [await w.dossier('few'), await w.dossier('most')];
    agentToken = w.app.get(Tokens).access({ sub: TEST_AGENTS.agent.id, sid: TEST_AGENTS.agent.sessionId });
  });
  afterAll(() => w?.close());
  afterEach(() => w.clock.reset());

  const idsOf = (d: DossierIds): Ids => ({ ...d, slot: d.slots[0] });
  const randomIds = (): Ids => ({ slot: 'no-such-item', documentId: randomUUID(), fileId: randomUUID(), messageId: randomUUID(), attachmentId: randomUUID() });

  /** A student route with these ids in its path, and what it takes (a file, a message) when it writes. */
  const send = (route: StudentRoute, ids: Ids, credentials: Credentials) => {
    const [method, template] = route.split(' ') as [Method, string];
    const path = template.replace(/\{(\w+)\}/g, (_, name: keyof Ids) => ids[name] ?? randomUUID());
    const call = w.call(method, path, credentials);
    if (route.endsWith('/files') && method === 'post') return call.attach('file', pdf(), 'piece.pdf');
    return method === 'post' ? call.send({ body: 'Bonjour' }) : call;
  };

  /** The link is refused exactly as a random token is. */
  const linkRefused = async (token: unknown) => {
    const [answer, random] = [await w.exchange(token), await w.exchange(newToken())];
    expect(answerOf(answer)).toEqual(answerOf(random));
    expect(answerOf(answer)).toMatchObject({ status: 401, problem: { code: 'student.link-invalid' } });
  };

  /** Every route of the students' API answers these credentials exactly as a random cookie, its own dossier's ids in the path; nothing is written. */
  const refusedEverywhere = async (credentials: Credentials, ids: Ids = idsOf(a), dossierId = a.dossierId) => {
    const before = await w.rowsOf(dossierId);
    for (const route of STUDENT_ROUTES) {
      const [answer, random] = [await send(route, ids, credentials), await send(route, ids, { cookie: newToken() })];
      expect({ route, ...answerOf(answer) }).toEqual({ route, ...answerOf(random) });
      expect({ route, status: answer.status, code: answer.body.code }).toEqual({ route, status: 401, code: 'student.session-invalid' });
    }
    expect(await w.rowsOf(dossierId)).toEqual(before);
  };

  it('names every route of the students’ API of the OpenAPI in these tables', async () => {
    const docs = (await anonymous(w.app).get('/docs-json').expect(200)).body as { paths: Record<string, Record<string, { security?: object[] }>> };
    const withSession = Object.entries(docs.paths).flatMap(([path, methods]) =>
      Object.entries(methods)
        .filter(([, operation]) => operation.security?.some((scheme) => 'studentSession' in scheme))
        .map(([method]) => `${method} ${path}`),
    );
    expect(withSession.sort()).toEqual([...STUDENT_ROUTES].sort());
  });

  describe('links', () => {
    it("another dossier's token: a valid link of dossier B opens B's page, never A's; A's session reaches nothing of B by any URL", async () => {
      const cookieB = await w.open(await w.mint(b.dossierId));
      const pageB = await send('get /api/student/dossier', {}, { cookie: cookieB }).expect(200);
      expect(pageB.body.reference).toBe(b.reference);
      const cookieA = await w.open(await w.mint(a.dossierId));
      const gets = STUDENT_ROUTES.filter((route) => route.startsWith('get '));
      for (const [cookie, own, other] of [
        [cookieA, a, b],
        [cookieB, b, a],
      ] as const) {
        for (const route of gets) {
          // its own ids, and the other dossier's in the query too (ignored or refused, never followed)
          const plain = await send(route, idsOf(own), { cookie })
            .buffer(true)
            .parse(binary as never);
          expect([route, plain.status]).toEqual([route, 200]);
          const queried = await send(route, idsOf(own), { cookie })
            .query({ dossierId: other.dossierId, id: other.dossierId, studentId: other.studentId })
            .buffer(true)
            .parse(binary as never);
          expect([route, queried.status < 500]).toEqual([route, true]);
          for (const answer of [plain, queried]) {
            const text = (answer.body as Buffer).toString('utf8');
            for (const id of identifiersOf(other)) expect([route, id, new RegExp(`\\b${id}\\b`).test(text)]).toEqual([route, id, false]);
          }
        }
      }
      // a write naming the other dossier lands in none of B's
      const before = await w.rowsOf(b.dossierId);
      await send('post /api/student/dossier/messages', {}, { cookie: cookieA }).send({ body: 'x', dossierId: b.dossierId }).expect(400);
      expect(await w.rowsOf(b.dossierId)).toEqual(before);
    });

    it('a forged token: never issued, one character changed, the stored hash, a session cookie or an agent’s token presented as a link, malformed', async () => {
      const real = await w.mint(a.dossierId);
      const altered = `${real.slice(0, 42)}${real.endsWith('A') ? 'B' : 'A'}`;
      const cookie = await w.open(await w.mint(a.dossierId));
      for (const token of [newToken(), altered, cookie]) await linkRefused(token);
      // not of a token's shape: refused as any string of that length is (401, or 400 when too long to be read)
      for (const value of [hashToken(real), agentToken, 'not-a-token', `${real}=`, real.slice(1)]) {
        const [answer, random] = [await w.exchange(value), await w.exchange(randomLike(value))];
        expect({ value, ...answerOf(answer) }).toEqual({ value, ...answerOf(random) });
        expect([value, [400, 401].includes(answer.status)]).toEqual([value, true]);
      }
      await w.open(real); // the real one was never spent by its forgeries
    });

    it('an expired token: its dossier ended more than STUDENT_LINK_DAYS_AFTER_END days ago — and a session still running is shut with it', async () => {
      const ended = await createDossier(w.admin);
      await move(w.admin, ended.id, { to: 'closed', closeReason: 'withdrawn' });
      const [expired, late] = [await w.mint(ended.id), await w.mint(ended.id)];
      w.clock.advance({ days: 89, hours: 23 });
      const cookie = await w.open(late); // within the window it opens (a session of 1440 minutes)
      await send('get /api/student/dossier', {}, { cookie }).expect(200);
      w.clock.advance({ hours: 2 });
      await linkRefused(expired);
      for (const route of STUDENT_ROUTES) {
        const [answer, random] = [await send(route, randomIds(), { cookie }), await send(route, randomIds(), { cookie: newToken() })];
        expect({ route, ...answerOf(answer) }).toEqual({ route, ...answerOf(random) });
        expect([route, answer.status]).toEqual([route, 401]);
      }
    });

    it('a revoked token: the agent revoked the links (DELETE student-link) — the link and the sessions it opened', async () => {
      const [link, cookie] = [await w.mint(a.dossierId), await w.open(await w.mint(a.dossierId))];
      await w.admin.delete(`/api/dossiers/${a.dossierId}/student-link`).expect(204);
      await linkRefused(link);
      await refusedEverywhere({ cookie });
      await w.open(await w.mint(a.dossierId)); // the next e-mail's link opens again
    });

    it('a re-issued-old token: the agent sent the link again (POST student-link) — the earlier links and their sessions stop', async () => {
      const [old, cookie] = [await w.mint(a.dossierId), await w.open(await w.mint(a.dossierId))];
      await w.admin.post(`/api/dossiers/${a.dossierId}/student-link`).expect(202);
      await linkRefused(old);
      await refusedEverywhere({ cookie });
    });

    it('the token replayed after the cookie exchange', async () => {
      const token = await w.mint(a.dossierId);
      const cookie = await w.open(token);
      await linkRefused(token);
      await linkRefused(token);
      await send('get /api/student/dossier', {}, { cookie }).expect(200); // the session it opened goes on
    });
  });

  describe('credentials of the other side', () => {
    it("an agent's Bearer token on every /api/student route, alone or with a dead cookie, or as the cookie", async () => {
      for (const bearer of [agentToken, w.app.get(Tokens).access({ sub: TEST_AGENTS.admin.id, sid: TEST_AGENTS.admin.sessionId })]) {
        await refusedEverywhere({ bearer });
        await refusedEverywhere({ bearer, cookie: newToken() });
        await refusedEverywhere({ cookie: bearer });
      }
    });

    it.each([
      ['the cookie alone', (cookie: string) => ({ cookie }), {}],
      ['the cookie with an empty Bearer', (cookie: string) => ({ cookie, bearer: '' }), { bearer: '' }],
      ['the cookie as the Bearer token', (cookie: string) => ({ bearer: cookie }), { bearer: newToken() }],
    ] as const)("a student's session on the agents' API (%s), its own dossier included: answered as a stranger", async (_, credentials, stranger) => {
      const cookie = await w.open(await w.mint(a.dossierId));
      const before = await w.rowsOf(a.dossierId);
      for (const [method, path] of agentRoutesOf(a)) {
        const withBody = (call: Test) => (method === 'get' ? call : call.send({ body: 'Intrusion' }));
        const [answer, strangers] = [await withBody(w.call(method, path, credentials(cookie))), await withBody(w.call(method, path, stranger))];
        expect({ path, ...answerOf(answer) }).toEqual({ path, ...answerOf(strangers) });
        expect([method, path, answer.status]).toEqual([method, path, 401]);
      }
      expect(await w.rowsOf(a.dossierId)).toEqual(before);
      await send('get /api/student/dossier', {}, { cookie }).expect(200); // and the session was not revoked by its own "send the link again"
    });

    it("a student's link token as the Bearer token on the agents' API", async () => {
      const token = await w.mint(a.dossierId);
      for (const [method, path] of agentRoutesOf(a).filter(([method]) => method === 'get')) {
        const [answer, strangers] = [await w.call(method, path, { bearer: token }), await w.call(method, path, { bearer: newToken() })];
        expect({ path, ...answerOf(answer) }).toEqual({ path, ...answerOf(strangers) });
        expect(answer.status).toBe(401);
      }
    });
  });

  describe("other dossiers' ids under every student URL with ids", () => {
    /** For each URL: ids of its own (the control, 200 unless it writes), and ids it must answer as random ones. */
    const cases: Record<(typeof WITH_IDS)[number], { own?: (a: DossierIds) => Ids; others: [string, (a: DossierIds, b: DossierIds) => Ids][] }> = {
      'post /api/student/dossier/items/{slot}/files': {
        others: [
          ["an item of another dossier's open request", (a, b) => ({ slot: b.slots.find((slot) => !a.slots.includes(slot)) })],
          ['an item no request asks for', () => ({ slot: 'residence-permit' })],
        ],
      },
      'get /api/student/dossier/documents/{documentId}/files/{fileId}': {
        own: (a) => ({ documentId: a.documentId, fileId: a.fileId }),
        others: [
          ["another dossier's document and file", (_, b) => ({ documentId: b.documentId, fileId: b.fileId })],
          ["its document, another dossier's file", (a, b) => ({ documentId: a.documentId, fileId: b.fileId })],
          ["another dossier's document, its file", (a, b) => ({ documentId: b.documentId, fileId: a.fileId })],
          ['its document, a random file', (a) => ({ documentId: a.documentId, fileId: randomUUID() })],
          ["another dossier's message and attachment", (_, b) => ({ documentId: b.messageId, fileId: b.attachmentId })],
          ['its own message and attachment', (a) => ({ documentId: a.messageId, fileId: a.attachmentId })],
        ],
      },
      'get /api/student/dossier/messages/{messageId}/attachments/{attachmentId}': {
        own: (a) => ({ messageId: a.officeMessageId, attachmentId: a.officeAttachmentId }),
        others: [
          ["another dossier's student message and attachment", (_, b) => ({ messageId: b.messageId, attachmentId: b.attachmentId })],
          ["another dossier's office message and attachment", (_, b) => ({ messageId: b.officeMessageId, attachmentId: b.officeAttachmentId })],
          ["its message, another dossier's attachment", (a, b) => ({ messageId: a.messageId, attachmentId: b.attachmentId })],
          ["another dossier's message, its attachment", (a, b) => ({ messageId: b.messageId, attachmentId: a.attachmentId })],
          ["its message, its other message's attachment", (a) => ({ messageId: a.messageId, attachmentId: a.officeAttachmentId })],
          ["another dossier's document and file", (_, b) => ({ messageId: b.documentId, attachmentId: b.fileId })],
          ['its own document and file', (a) => ({ messageId: a.documentId, attachmentId: a.fileId })],
        ],
      },
    };

    it.each(WITH_IDS)('%s: ids of another dossier (or of another kind) answer exactly as random ids, 404', async (route) => {
      const cookie = await w.open(await w.mint(a.dossierId));
      const { own, others } = cases[route];
      if (own) await send(route, own(a), { cookie }).expect(200);
      const [before, theirs] = [await w.rowsOf(a.dossierId), await w.rowsOf(b.dossierId)];
      const baseline = randomIds();
      const random = answerOf(await send(route, baseline, { cookie }), baseline.slot);
      expect(random).toMatchObject({ status: 404, contentType: expect.stringMatching(/^application\/problem\+json/) });
      expect(JSON.stringify(random)).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
      for (const [name, ids] of others) {
        const chosen = ids(a, b);
        expect(Object.values(chosen).every(Boolean)).toBe(true);
        expect({ name, ...answerOf(await send(route, chosen, { cookie }), chosen.slot) }).toEqual({ name, ...random });
      }
      expect(await w.rowsOf(a.dossierId)).toEqual(before);
      expect(await w.rowsOf(b.dossierId)).toEqual(theirs);
    });

    it.each(WITH_IDS)('%s: malformed ids answer a 4xx problem, never 500', async (route) => {
      const cookie = await w.open(await w.mint(a.dossierId));
      const names = [...route.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as keyof Ids);
      for (const name of names) {
        for (const bad of MALFORMED) {
          const answer = await send(route, { ...idsOf(a), [name]: bad }, { cookie });
          // 400 (not an id), 414 (too long a path), 404 for an item's code well formed but not asked
          expect([name, bad, [400, 414].includes(answer.status) || (name === 'slot' && answer.status === 404)]).toEqual([name, bad, true]);
          expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
          expect(JSON.stringify(answer.body)).not.toMatch(/\bat \w+ \(|prisma|SELECT /i);
        }
      }
    });
  });

  it('answers with no credentials at all as with a random cookie, on every route (the baseline of the cases above)', async () => {
    await refusedEverywhere({});
  });
});
