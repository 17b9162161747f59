import { TEST_AGENTS } from '../support/agents';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AuditService } from '../../src/audit/audit.service';
import { Clock } from '../../src/common/clock';
import { PrismaService } from '../../src/infra/prisma/prisma.service';
import { AgentClient, asAgent, startApi } from '../support/api';
import { createDossier, createInstitution, createStudent } from '../support/factories';

type Item = { id: string; reference: string; status: string; receivedAt: string; deadlineAt: string | null; updatedAt: string };

describe('dossiers API', () => {
  let app: NestFastifyApplication;
  let api: AgentClient;
  let prisma: PrismaService;
  let today: string;

  beforeAll(async () => {
    app = await startApi();
    api = asAgent(app);
    prisma = app.get(PrismaService);
    today = app.get(Clock).today();
  });
  afterAll(() => app.close());

  /** Pages through a list with its cursor, returning every item in order. */
  async function all(query: string, limit: number): Promise<Item[]> {
    const items: Item[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: Item[]; nextCursor: string | null } } = await api
        .get(`/api/dossiers?${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`)
        .expect(200);
      items.push(...page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor);
    return items;
  }

  it('opens a dossier: 201, a reference, status received, version 1, ETag and Location, and a history row', async () => {
    const student = await createStudent(api);
    const response = await api.post('/api/dossiers', { studentId: student.id, procedureCode: 'rece' }).expect(201);
    expect(response.body).toMatchObject({
      studentId: student.id,
      institutionId: student.institutionId,
      procedureCode: 'rece',
      channel: 'postal',
      status: 'received',
      version: 1,
      receivedAt: today,
      student: { id: student.id, birthName: 'NGUYEN' },
    });
    expect(response.body.reference).toMatch(new RegExp(`^CMI-${today.slice(0, 4)}-\\d{6}$`));
    expect(response.headers.etag).toBe('"1"');
    expect(response.headers.location).toBe(`/api/dossiers/${response.body.id}`);
    const history = await prisma.dossierHistory.findMany({ where: { dossierId: response.body.id } });
    expect(history).toMatchObject([{ event: 'opened', fromStatus: null, toStatus: 'received', actorLabel: 'Test Admin', actorId: TEST_AGENTS.admin.id }]);
  });

  it('serves one dossier with its version in the ETag, and 304 when it has not changed', async () => {
    const dossier = await createDossier(api);
    const response = await api.get(`/api/dossiers/${dossier.id}`).expect(200);
    expect(response.headers.etag).toBe(`"${dossier.version}"`);
    expect(response.body).toMatchObject({ id: dossier.id, reference: dossier.reference });
    await api.get(`/api/dossiers/${dossier.id}`).set('if-none-match', `"${dossier.version}"`).expect(304);
    await api
      .get(`/api/dossiers/${dossier.id}`)
      .set('if-none-match', `"${dossier.version + 1}"`)
      .expect(200);
  });

  it("reads one dossier in one prepared statement, the agent's reach checked on that row (no owner lookup first)", async () => {
    const dossier = await createDossier(api);
    const pool = prisma.pool;
    const run = pool.query.bind(pool) as (...args: unknown[]) => unknown;
    const seen: { name?: string; text: string }[] = [];
    const spy = jest.spyOn(pool, 'query').mockImplementation((config: unknown, ...rest: unknown[]) => {
      seen.push(typeof config === 'string' ? { text: config } : (config as { name?: string; text: string }));
      return run(config, ...rest);
    });
    try {
      await api.get(`/api/dossiers/${dossier.id}`).expect(200);
      await api.get(`/api/dossiers/${dossier.id}`).set('if-none-match', `"${dossier.version}"`).expect(304);
    } finally {
      spy.mockRestore();
    }
    // besides the session's and the audit's own statements
    const reads = seen.filter(({ text }) => !/auth_sessions|audit_events/.test(text)).map(({ name, text }) => name || text);
    expect(reads).toEqual(['p_dossier_view', 'p_dossier_view']);
  });

  it('audits a view of a dossier with its student, answered in full or 304', async () => {
    const dossier = await createDossier(api);
    await api.get(`/api/dossiers/${dossier.id}`).expect(200);
    await api.get(`/api/dossiers/${dossier.id}`).set('if-none-match', `"${dossier.version}"`).expect(304);
    const views = () => prisma.auditEvent.findMany({ where: { action: 'dossier.view', resourceId: dossier.id }, select: { studentIds: true } });
    // the views are written in batches a moment after their answers
    const deadline = Date.now() + 30_000;
    while ((await views()).length < 2 && Date.now() < deadline) await app.get(AuditService).flush();
    expect(await views()).toEqual([{ studentIds: [dossier.studentId] }, { studentIds: [dossier.studentId] }]);
  });

  it('numbers references without gaps or duplicates under concurrent openings', async () => {
    const institution = await createInstitution(api);
    const students = await Promise.all(Array.from({ length: 20 }, () => createStudent(api, { institutionId: institution.id })));
    const responses = await Promise.all(students.map((s) => api.post('/api/dossiers', { studentId: s.id, procedureCode: 'rece', receivedAt: '2019-03-01' })));
    expect(responses.map((r) => r.status)).toEqual(Array(20).fill(201));
    const numbers = responses.map((r) => Number(r.body.reference.split('-')[2])).sort((a, b) => a - b);
    expect(new Set(numbers).size).toBe(20);
    expect(numbers[19]! - numbers[0]!).toBe(19);
  });

  it('refuses a second open dossier for the same student and procedure, even when both arrive at once', async () => {
    const student = await createStudent(api);
    const responses = await Promise.all(Array.from({ length: 5 }, () => api.post('/api/dossiers', { studentId: student.id, procedureCode: 'rece' })));
    expect(responses.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409]);
    const created = responses.find((r) => r.status === 201)!.body;
    const refused = responses.find((r) => r.status === 409)!.body;
    expect(refused).toMatchObject({ type: '/problems/open-dossier-exists', existingDossier: { id: created.id, reference: created.reference } });
    expect(await prisma.dossier.count({ where: { studentId: student.id } })).toBe(1);
    // another procedure is another dossier
    await api.post('/api/dossiers', { studentId: student.id, procedureCode: 'student-extension' }).expect(201);
  });

  it('takes the channel given, and refuses a future receipt date, an unknown student or procedure', async () => {
    const student = await createStudent(api);
    const byHand = await api
      .post('/api/dossiers', { studentId: student.id, procedureCode: 'rece', channel: 'in_person', receivedAt: '2026-01-05' })
      .expect(201);
    expect(byHand.body).toMatchObject({ channel: 'in_person', receivedAt: '2026-01-05' });
    const before = await prisma.dossier.count({ where: { studentId: student.id } });
    const future = await api.post('/api/dossiers', { studentId: student.id, procedureCode: 'student-extension', receivedAt: '2100-01-01' }).expect(400);
    expect(future.body.errors).toEqual([{ field: 'receivedAt', code: 'notInFuture', message: 'must not be in the future' }]);
    const ancient = await api.post('/api/dossiers', { studentId: student.id, procedureCode: 'student-extension', receivedAt: '1990-01-01' }).expect(400);
    expect(ancient.body.errors).toEqual([{ field: 'receivedAt', code: 'notBefore', params: { date: '2000-01-01' }, message: 'must not be before 2000-01-01' }]);
    const unknown = await api.post('/api/dossiers', { studentId: '01a20883-0000-7000-8000-000000000000', procedureCode: 'visa' }).expect(400);
    expect((unknown.body.errors as { field: string }[]).map((e) => e.field)).toEqual(['studentId', 'procedureCode']);
    const noStudent = await api.post('/api/dossiers', { studentId: '01a20883-0000-7000-8000-000000000000', procedureCode: 'rece' }).expect(400);
    expect(noStudent.body.errors).toEqual([{ field: 'studentId', code: 'refersToNoStudent', message: 'refers to no student' }]);
    expect(await prisma.dossier.count({ where: { studentId: student.id } })).toBe(before);
  });

  it('answers 404 for an unknown id and 400 for a malformed one', async () => {
    await api.get('/api/dossiers/01a20883-0000-7000-8000-000000000000').expect(404);
    const malformed = await api.get('/api/dossiers/CMI-2026-000001').expect(400);
    expect(malformed.body).toMatchObject({ status: 400, errors: [{ field: 'id' }] });
  });

  describe('list', () => {
    let institutionId: string;
    let ids: Record<string, string>;

    let agentId: string;

    beforeAll(async () => {
      institutionId = (await createInstitution(api)).id;
      const mai = await createStudent(api, { institutionId, birthName: 'NGUYỄN', firstNames: 'Thị Mai' });
      const karim = await createStudent(api, { institutionId, birthName: 'HADDAD', firstNames: 'Karim' });
      const awa = await createStudent(api, { institutionId, birthName: "N'DIAYE", firstNames: 'Awa', usageName: 'MARTÍN' });
      ids = {
        maiOld: (await createDossier(api, { studentId: mai.id, receivedAt: '2026-01-10' })).id,
        maiNew: (await createDossier(api, { studentId: mai.id, receivedAt: '2026-06-01', procedureCode: 'student-extension' })).id,
        karim: (await createDossier(api, { studentId: karim.id, receivedAt: '2026-03-15' })).id,
        awa: (await createDossier(api, { studentId: awa.id, receivedAt: '2026-03-15' })).id,
      };
      // statuses and deadlines are set by the workflow; here they are placed directly
      await prisma.dossier.update({ where: { id: ids.karim }, data: { status: 'incomplete', deadlineAt: new Date('2026-04-14T22:00:00Z') } });
      await prisma.dossier.update({ where: { id: ids.awa }, data: { status: 'incomplete', deadlineAt: new Date('2026-05-01T22:00:00Z') } });
      agentId = (await prisma.agent.create({ data: { email: `agent${Date.now()}@cmi.example`, displayName: 'Agent' } })).id;
      await prisma.dossier.update({ where: { id: ids.maiNew }, data: { assigneeId: agentId } });
    });

    it('filters by institution, status (several), procedure and deadline', async () => {
      const mine = await all(`institutionId=${institutionId}`, 10);
      expect(mine.map((d) => d.id).sort()).toEqual(Object.values(ids).sort());
      const incomplete = await all(`institutionId=${institutionId}&status=incomplete`, 10);
      expect(incomplete.map((d) => d.id).sort()).toEqual([ids.karim, ids.awa].sort());
      const both = await all(`institutionId=${institutionId}&status=incomplete,received`, 10);
      expect(both).toHaveLength(4);
      const extension = await all(`institutionId=${institutionId}&procedureCode=student-extension`, 10);
      expect(extension.map((d) => d.id)).toEqual([ids.maiNew]);
      const dueSoon = await all(`institutionId=${institutionId}&deadlineBefore=2026-04-20`, 10);
      expect(dueSoon.map((d) => d.id)).toEqual([ids.karim]);
      // awa's deadline is the start of 2 May in Paris (22:00 UTC on 1 May): "before 2 May" leaves it out
      expect((await all(`institutionId=${institutionId}&deadlineBefore=2026-05-02`, 10)).map((d) => d.id)).toEqual([ids.karim]);
      expect((await all(`institutionId=${institutionId}&deadlineBefore=2026-05-03`, 10)).map((d) => d.id).sort()).toEqual([ids.karim, ids.awa].sort());
      const dueAt = await all(`institutionId=${institutionId}&deadlineBefore=2026-05-01T22:00:00Z`, 10);
      expect(dueAt.map((d) => d.id)).toEqual([ids.karim]);
      // an unencoded "+" arrives as a space and still means an offset
      const withOffset = await all(`institutionId=${institutionId}&deadlineBefore=2026-05-02T00:00:01+02:00`, 10);
      expect(withOffset.map((d) => d.id).sort()).toEqual([ids.karim, ids.awa].sort());
    });

    it("lists one student's dossiers (studentId), and refuses a malformed id", async () => {
      const { studentId } = (await api.get(`/api/dossiers/${ids.maiOld}`).expect(200)).body as { studentId: string };
      expect((await all(`studentId=${studentId}`, 1)).map((d) => d.id).sort()).toEqual([ids.maiOld, ids.maiNew].sort());
      await api.get('/api/dossiers?studentId=x').expect(400);
    });

    it('searches names (without accents or case), usage names, references and student numbers, every word having to match', async () => {
      expect((await all(`institutionId=${institutionId}&q=nguyen`, 10)).map((d) => d.id).sort()).toEqual([ids.maiOld, ids.maiNew].sort());
      expect(await all(`institutionId=${institutionId}&q=${encodeURIComponent('Nguyễn')}`, 10)).toHaveLength(2);
      expect((await all(`institutionId=${institutionId}&q=martin`, 10)).map((d) => d.id)).toEqual([ids.awa]);
      expect((await all(`institutionId=${institutionId}&q=${encodeURIComponent("n'diaye")}`, 10)).map((d) => d.id)).toEqual([ids.awa]);
      expect((await all(`institutionId=${institutionId}&q=mai%20NGUY`, 10)).map((d) => d.id).sort()).toEqual([ids.maiOld, ids.maiNew].sort());
      expect(await all(`institutionId=${institutionId}&q=mai%20haddad`, 10)).toEqual([]);
      const karim = await api.get(`/api/dossiers/${ids.karim}`).expect(200);
      expect((await all(`q=${karim.body.reference}`, 10)).map((d) => d.id)).toEqual([ids.karim]);
      expect((await all(`q=${karim.body.student.studentNumber}`, 10)).map((d) => d.id)).toEqual([ids.karim]);
    });

    it("finds a dossier by its student's new name or number once the student is corrected, and no longer by the old ones", async () => {
      const student = await createStudent(api, { birthName: 'Quispe', firstNames: 'Rosa' });
      const dossier = await createDossier(api, { studentId: student.id });
      expect((await all(`q=quispe%20rosa`, 10)).map((d) => d.id)).toEqual([dossier.id]);
      await api.patch(`/api/students/${student.id}`, { birthName: 'Mamani', studentNumber: 'ZX-99871' }).expect(200);
      expect(await all(`q=quispe%20rosa`, 10)).toEqual([]);
      expect((await all(`q=mamani%20rosa`, 10)).map((d) => d.id)).toEqual([dossier.id]);
      expect((await all(`q=zx%2099871`, 10)).map((d) => d.id)).toEqual([dossier.id]);
    });

    it('treats % and _ in a search as characters, not wildcards', async () => {
      for (const q of ['%', '_', '%_%', "'--", '\\']) {
        expect(await all(`institutionId=${institutionId}&q=${encodeURIComponent(q)}`, 10)).toEqual([]);
      }
    });

    it.each([
      ['updatedAt', (a: Item, b: Item) => a.updatedAt.localeCompare(b.updatedAt) || a.id.localeCompare(b.id)],
      ['-receivedAt', (a: Item, b: Item) => b.receivedAt.localeCompare(a.receivedAt) || b.id.localeCompare(a.id)],
      ['receivedAt', (a: Item, b: Item) => a.receivedAt.localeCompare(b.receivedAt) || a.id.localeCompare(b.id)],
      ['reference', (a: Item, b: Item) => a.reference.localeCompare(b.reference)],
      ['-reference', (a: Item, b: Item) => b.reference.localeCompare(a.reference)],
    ])('pages with a cursor in %s order, every dossier once', async (sort, compare) => {
      const paged = await all(`institutionId=${institutionId}&sort=${sort}`, 1);
      const single = await all(`institutionId=${institutionId}&sort=${sort}`, 50);
      expect(paged).toEqual(single);
      expect(paged).toHaveLength(4);
      expect([...paged].sort(compare)).toEqual(paged);
    });

    it('sorts by deadline with dossiers without one last, in both directions', async () => {
      const ascending = await all(`institutionId=${institutionId}&sort=deadlineAt`, 1);
      expect(ascending.slice(0, 2).map((d) => d.id)).toEqual([ids.karim, ids.awa]);
      expect(ascending.slice(2).every((d) => d.deadlineAt === null)).toBe(true);
      const descending = await all(`institutionId=${institutionId}&sort=-deadlineAt`, 1);
      expect(descending.slice(0, 2).map((d) => d.id)).toEqual([ids.awa, ids.karim]);
      expect(descending).toHaveLength(4);
    });

    it.each([
      ['-receivedAt', ['garbage', 5, null, '2026-02-30']],
      ['updatedAt', ['x', '999999', null, '2026-05-01']],
      ['deadlineAt', ['tomorrow', 5]],
      ['reference', [5, null, 'x'.repeat(40)]],
    ])('refuses a forged %s cursor with a 400, never a 500', async (sort, keys) => {
      for (const key of keys) {
        const forged = Buffer.from(JSON.stringify([sort, key, '01a20883-0000-7000-8000-000000000000'])).toString('base64url');
        const response = await api.get(`/api/dossiers?sort=${sort}&cursor=${forged}`).expect(400);
        expect(response.body.errors).toMatchObject([{ field: 'cursor' }]);
      }
    });

    it('refuses a cursor from another sort, and bad filters, naming each', async () => {
      const page = await api.get(`/api/dossiers?institutionId=${institutionId}&limit=1&sort=reference`).expect(200);
      const reused = await api.get(`/api/dossiers?institutionId=${institutionId}&limit=1&sort=-receivedAt&cursor=${page.body.nextCursor}`).expect(400);
      expect(reused.body.errors).toMatchObject([{ field: 'cursor' }]);
      const bad = await api.get('/api/dossiers?status=lost&limit=0&sort=colour&assigneeId=me&deadlineBefore=tomorrow&institutionId=x').expect(400);
      expect((bad.body.errors as { field: string }[]).map((e) => e.field).sort()).toEqual([
        'assigneeId',
        'deadlineBefore',
        'institutionId',
        'limit',
        'sort',
        'status',
      ]);
    });

    it("lists an agent's dossiers, and with assigneeId=none those nobody has taken", async () => {
      expect((await all(`institutionId=${institutionId}&assigneeId=${agentId}`, 10)).map((d) => d.id)).toEqual([ids.maiNew]);
      const unassigned = await all(`institutionId=${institutionId}&assigneeId=none`, 10);
      expect(unassigned.map((d) => d.id).sort()).toEqual([ids.maiOld, ids.karim, ids.awa].sort());
      expect(await all(`institutionId=${institutionId}&assigneeId=01a20883-0000-7000-8000-000000000000`, 10)).toEqual([]);
    });
  });
});
