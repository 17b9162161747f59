import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import AdmZip from 'adm-zip';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { encodeCursor } from '../../src/common/pagination';
import { AgentClient, anonymous, asAgent, startApi, withToken } from '../support/api';
import { createDossier, createInstitution, createStudent } from '../support/factories';
import { binary, pdf } from '../support/files';
import { sessionOfDossier } from '../support/student-link';
import { COMPLETE_RECE, move, recordAccepted, versionOf } from '../support/workflow';

/** File names that once crossed a boundary, and the clean name each is stored under. */
const HOSTILE_NAMES = [
  ['scan\u0000.pdf', 'scan.pdf'],
  ['../../etc/passwd.pdf', 'passwd.pdf'],
  ['C:\\Users\\x\\carte\u0007.pdf', 'carte.pdf'],
  ['\uD800\u0000', 'scan'],
  [`${'é'.repeat(300)}.pdf`, 'é'.repeat(255)],
] as const;

/**
 * Shapes that once gave a 500 or crossed a boundary (issue 14): bodies nested 100,000 deep on
 * every JSON route, cursors whose key the database cannot take, hostile file names, malformed
 * percent-encoding, LIKE wildcards, an export across institutions, the slip's origin — on the
 * students' API too (issue 17), with the cookie of a real student session.
 */
describe('hostile shapes and boundaries', () => {
  let app: NestFastifyApplication;
  let admin: AgentClient;
  /** A student on their page (issue 17): a dossier whose complement request is open, one item of it, their session's cookie. */
  const student = { dossierId: '', slot: '', cookie: '' };

  beforeAll(async () => {
    app = await startApi({ RATE_LIMIT_PER_MINUTE: '100000', LOGIN_IP_MAX_FAILURES: '10000', STUDENT_RATE_LIMIT_PER_MINUTE: '100000' });
    admin = asAgent(app);
    student.dossierId = (await createDossier(admin, { facts: { housing: 'tenant' } })).id;
    await admin
      .post(`/api/dossiers/${student.dossierId}/complement-requests`, { dueInDays: 10 })
      .set('if-match', await versionOf(admin, student.dossierId))
      .expect(201);
    student.cookie = await sessionOfDossier(app, student.dossierId);
    student.slot = (await asStudent('get', '/api/student/dossier').expect(200)).body.complement.items[0].slot;
  });
  const asStudent = (method: 'get' | 'post' | 'put', path: string) => request(app.getHttpServer())[method](path).set('cookie', student.cookie);
  afterAll(() => app.close());

  const problem = (response: request.Response, status = 400) => {
    expect([response.status, response.headers['content-type']]).toEqual([status, expect.stringMatching(/application\/problem\+json/)]);
    return response.body as { errors?: { field: string; message: string }[] };
  };

  it.each([33, 1_000, 10_000, 100_000])(
    'refuses a body nested %i levels deep on every JSON route, login, refresh and the students’ included',
    async (depth) => {
      const deep = `{"x":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}`;
      const server = app.getHttpServer();
      for (const [method, path] of [
        ['post', '/api/auth/login'],
        ['post', '/api/auth/refresh'],
        ['post', '/api/students'],
        ['post', '/api/institutions'],
        ['post', '/api/dossiers'],
        ['put', '/api/office'],
        ['post', '/api/procedures/rece/versions'],
        ['post', '/api/student/session'],
        ['post', '/api/student/dossier/messages'],
      ] as const) {
        const call =
          path.startsWith('/api/auth') || path === '/api/student/session'
            ? request(server)[method](path)
            : path.startsWith('/api/student/')
              ? asStudent(method, path)
              : admin[method](path);
        const body = problem(await call.set('content-type', 'application/json').send(deep));
        expect(body.errors!.map((e) => e.message).join()).toMatch(/nested too deeply|not a known field/);
      }
    },
  );

  it('refuses cursors whose key holds a NUL, a year the database cannot take, or a value of the wrong kind', async () => {
    const id = '0196a1b2-0000-7000-8000-000000000009';
    const poisoned = [
      ['/api/dossiers', '-receivedAt', '2026-01-01\u0000'],
      ['/api/dossiers', '-receivedAt', '0000-01-01'],
      ['/api/dossiers', 'reference', 'CMI\u00002026'],
      ['/api/dossiers', '-updatedAt', '0000-01-01T00:00:00.000Z'],
      ['/api/dossiers', 'deadlineAt', '+275760-09-13T00:00:00.000Z'],
      ['/api/dossiers', '-updatedAt', 1e300],
      ['/api/students', 'birthName', 'NGUYEN\u0000'],
      ['/api/students', 'birthName', '\uD800'],
      ['/api/institutions', 'name', 'x'.repeat(600)],
      ['/api/audit', 'audit', '0000-01-01T00:00:00.000Z'],
      ['/api/audit', 'audit', 'yesterday'],
      ['/api/transmissions', '-sentOn', '0000-00-00'],
    ] as const;
    for (const [path, sort, key] of poisoned) {
      const cursor = encodeCursor({ sort, key: key, id });
      const query = path === '/api/dossiers' ? `?sort=${sort}&cursor=${cursor}` : `?cursor=${cursor}`;
      const body = problem(await admin.get(`${path}${query}`));
      expect([path, key, body.errors]).toEqual([path, key, [expect.objectContaining({ field: 'cursor' })]]);
    }
  });

  it('answers a malformed percent-encoding in the query string with a 400, and takes % and _ as plain characters in searches', async () => {
    problem(await admin.get('/api/dossiers?q=%E0%A4%A'));
    problem(await admin.get('/api/students?q=%ZZ'));
    await admin.get('/api/dossiers?q=100%25').expect(200);
    // the audit's action prefix: "_tudent." is no wildcard for "student."
    await admin.get(`/api/students/${(await createStudent(admin)).id}`).expect(200);
    const wildcard = (await admin.get('/api/audit?action=_tudent.').expect(200)).body.items;
    expect(wildcard).toEqual([]);
    expect((await admin.get('/api/audit?action=student.').expect(200)).body.items.length).toBeGreaterThan(0);
  });

  it('stores a scan whose file name holds NUL, control characters, a path or a half surrogate under a clean name', async () => {
    const dossier = await createDossier(admin, { facts: { housing: 'tenant' } });
    for (const [name, stored] of HOSTILE_NAMES) {
      const response = await admin
        .post(`/api/dossiers/${dossier.id}/documents`)
        .field('kind', 'passport')
        .attach('file', pdf(), { filename: name, contentType: 'application/pdf' });
      expect([name, response.status]).toEqual([name, 201]);
      expect(response.body.files[0].originalName).toBe(stored);
    }
    // a refused type names the file cleanly too (no NUL in the problem)
    const refused = await admin
      .post(`/api/dossiers/${dossier.id}/documents`)
      .field('kind', 'passport')
      .attach('file', Buffer.from('MZ not a scan'), { filename: 'virus\u0000.exe', contentType: 'application/pdf' });
    expect(refused.status).toBe(415);
    expect(JSON.stringify(refused.body)).not.toContain('\\u0000');
  });

  it.each(['items/{slot}/files', 'messages'])('stores a file the student sends (POST /api/student/dossier/%s) under a clean name too', async (route) => {
    const url = `/api/student/dossier/${route.replace('{slot}', () => student.slot)}`;
    for (const [name, stored] of HOSTILE_NAMES) {
      const response = await asStudent('post', url).attach('file', pdf(), { filename: name, contentType: 'application/pdf' });
      expect([name, response.status]).toEqual([name, 201]);
      const files = (route === 'messages' ? response.body.attachments : response.body.files) as { originalName: string }[];
      expect(files[0]!.originalName).toBe(stored);
    }
    const refused = await asStudent('post', url).attach('file', Buffer.from('MZ not a scan'), { filename: 'virus\u0000.exe', contentType: 'application/pdf' });
    expect(refused.status).toBe(415);
    expect(JSON.stringify(refused.body)).not.toContain('\\u0000');
    // a field the route does not know is refused, as on every write (the fuzz found the upload ignoring it)
    const unknown = await asStudent('post', url).field('$where', 'admin').attach('file', pdf(), 'scan.pdf');
    expect([unknown.status, unknown.body.errors]).toEqual([400, [expect.objectContaining({ field: '$where', code: 'unknownField' })]]);
  });

  it("exports, to a supervisor of one institution, only the student's dossiers handled for it", async () => {
    const ours = await createInstitution(admin);
    const theirs = await createInstitution(admin);
    const email = `export-${randomBytes(4).toString('hex')}@test.passerelle.localhost`;
    await admin
      .post('/api/agents', { email, displayName: 'Restricted supervisor', role: 'supervisor', password: 'a long enough password', institutionIds: [ours.id] })
      .expect(201);
    const supervisor = withToken(
      app,
      (await anonymous(app).post('/api/auth/login').send({ email, password: 'a long enough password' }).expect(200)).body.accessToken,
    );
    // the student's first dossier was handled for another institution; then the student moved to ours
    const student = await createStudent(admin, { institutionId: theirs.id });
    const old = await createDossier(admin, { studentId: student.id, facts: { housing: 'tenant' } });
    await admin.post(`/api/dossiers/${old.id}/documents`).field('kind', 'passport').attach('file', pdf(), 'their-scan.pdf').expect(201);
    await move(admin, old.id, { to: 'closed', closeReason: 'withdrawn' });
    await admin.patch(`/api/students/${student.id}`, { institutionId: ours.id }).expect(200);
    const mine = await createDossier(admin, { studentId: student.id, facts: { housing: 'tenant' } });
    await recordAccepted(admin, mine.id, COMPLETE_RECE().slice(0, 1));
    await supervisor.get(`/api/dossiers/${old.id}`).expect(404);

    const zip = new AdmZip(
      (
        await supervisor
          .get(`/api/students/${student.id}/export`)
          .buffer(true)
          .parse(binary as never)
          .expect(200)
      ).body as Buffer,
    );
    const record = JSON.parse(zip.readAsText('student.json')) as { student: { dossiers: { id: string }[] } };
    expect(record.student.dossiers.map((d) => d.id)).toEqual([mine.id]);
    expect(
      zip
        .getEntries()
        .map((e) => e.entryName)
        .filter((n) => n.includes(old.reference)),
    ).toEqual([]);
    // the whole office sees both
    const full = new AdmZip(
      (
        await admin
          .get(`/api/students/${student.id}/export`)
          .buffer(true)
          .parse(binary as never)
          .expect(200)
      ).body as Buffer,
    );
    expect((JSON.parse(full.readAsText('student.json')) as typeof record).student.dossiers.map((d) => d.id).sort()).toEqual([old.id, mine.id].sort());
  });

  it('opens the slip from a one-time link of its own, with a policy that runs no script and gives it an opaque origin', async () => {
    const dossier = await createDossier(admin, { facts: { housing: 'tenant' } });
    await recordAccepted(admin, dossier.id, COMPLETE_RECE());
    await move(admin, dossier.id, { to: 'verified' });
    const transmission = (await admin.post('/api/transmissions', { dossierIds: [dossier.id], contact: 'Bureau du séjour' }).expect(201)).body;
    const link = (await admin.post(`/api/transmissions/${transmission.id}/slip-links`, {}).expect(201)).body as { url: string; expiresAt: string };
    expect(link.url).toMatch(/^\/api\/transmissions\/slips\/[A-Za-z0-9_-]{43}$/);
    const slip = await request(app.getHttpServer()).get(link.url).expect(200);
    expect(slip.text).toContain(dossier.reference);
    expect(slip.headers['content-security-policy']).toMatch(/default-src 'none'.*sandbox/);
    expect(slip.headers['referrer-policy']).toBe('no-referrer');
    // once only, and only with a ticket that was issued
    await request(app.getHttpServer()).get(link.url).expect(404);
    await request(app.getHttpServer())
      .get(`/api/transmissions/slips/${'A'.repeat(43)}`)
      .expect(404);
    // the app's own policy runs no inline script
    const page = await request(app.getHttpServer()).get('/health/live');
    expect(page.headers['content-security-policy']).toMatch(/script-src 'self'(;|$)/);
  });
});
