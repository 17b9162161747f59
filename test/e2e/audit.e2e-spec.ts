import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import { waitFor } from '../support/processes';
import type { AuditEntry } from '../../src/audit/audit.model';
import { AuditRepository } from '../../src/audit/audit.repository';
import { AuditService } from '../../src/audit/audit.service';
import { PrismaService } from '../../src/infra/prisma/prisma.service';
import { TEST_AGENTS } from '../support/agents';
import { AgentClient, asAgent, startApi } from '../support/api';
import { createDossier, createStudent } from '../support/factories';
import { pdf } from '../support/files';

interface AuditEventBody {
  id: string;
  action: string;
  resourceType: string;
  details: { route?: string };
}

/** The trail over HTTP: each route recorded under the action written beside it, read a page at a time. */
describe('the audit trail', () => {
  let app: NestFastifyApplication;
  let admin: AgentClient;
  let supervisor: AgentClient;

  beforeAll(async () => {
    app = await startApi();
    admin = asAgent(app);
    supervisor = asAgent(app, 'supervisor');
  });

  afterAll(async () => {
    await app.close();
  });

  const trail = async (query: string): Promise<{ items: AuditEventBody[]; nextCursor: string | null }> => {
    await app.get(AuditService).flush();
    return (await supervisor.get(`/api/audit?${query}`).expect(200)).body as { items: AuditEventBody[]; nextCursor: string | null };
  };

  it('records each route under the action it declares: changes, and a scan downloaded as an export', async () => {
    const student = await createStudent(admin);
    const dossier = await createDossier(admin, { studentId: student.id, procedureCode: 'student-extension' });
    await admin.put(`/api/dossiers/${dossier.id}/assignee`, { agentId: TEST_AGENTS.agent.id }).expect(200);
    const uploaded = await admin.post(`/api/dossiers/${dossier.id}/documents`).field('kind', 'student-card').attach('file', pdf(), 'carte.pdf').expect(201);
    await admin.get((uploaded.body as { files: { url: string }[] }).files[0]!.url).expect(200);

    // a download's event is written once the scan has gone out, after the answer began
    let items: AuditEventBody[] = [];
    await waitFor(
      async () => (items = (await trail(`studentId=${student.id}&agentId=${TEST_AGENTS.admin.id}&limit=200`)).items).length >= 5,
      10_000,
      'the five events',
    );
    expect(items.map((e) => [e.action, e.resourceType, e.details.route]).sort()).toEqual([
      ['dossier.assign', 'dossier', 'PUT /api/dossiers/:id/assignee'],
      ['dossier.export', 'dossier', 'GET /api/dossiers/:id/documents/:documentId/files/:fileId'],
      ['dossier.open', 'dossier', 'POST /api/dossiers'],
      ['dossier.record', 'dossier', 'POST /api/dossiers/:id/documents'],
      ['student.create', 'student', 'POST /api/students'],
    ]);
  });

  it('pages through the trail latest first, each event once, by the cursors it hands out', async () => {
    const student = await createStudent(admin);
    for (let i = 0; i < 4; i += 1) await admin.get(`/api/students/${student.id}`).expect(200);
    const whole = (await trail(`studentId=${student.id}&limit=200`)).items.map((e) => e.id);
    expect(whole).toHaveLength(5);

    const paged: string[] = [];
    let cursor: string | null = '';
    while (cursor !== null) {
      const page = await trail(`studentId=${student.id}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      paged.push(...page.items.map((e) => e.id));
      cursor = page.nextCursor;
    }
    expect(paged).toEqual(whole);
  });

  it('writes batches of any size, in a transaction or not, with one statement text, each event as it was given', async () => {
    const [a, b, c] = [randomUUID(), randomUUID(), randomUUID()];
    const resourceId = randomUUID();
    const event = (action: string, studentIds: string[], details?: Record<string, unknown>): AuditEntry => ({
      actor: { agentId: TEST_AGENTS.admin.id, label: 'Admin, "quoted" {braces}' },
      action,
      resourceType: 'dossier',
      resourceId,
      studentIds,
      details,
      requestId: 'req-batch',
      ip: '192.0.2.7',
    });
    const repository = app.get(AuditRepository);
    const prisma = app.get(PrismaService);
    await repository.insert([event('test.one', [])]);
    await repository.insert([
      event('test.two', [a, b, a], { route: 'GET /x', note: 'é, "q"' }),
      { ...event('test.three', [c]), actor: { agentId: null, label: 'system' } },
    ]);
    await prisma.$transaction((tx) => repository.insert([event('test.four', [a]), event('test.five', [b]), event('test.six', [c], { n: 1 })], tx));

    const events = await repository.list({ resourceId, limit: 10 });
    const byAction = Object.fromEntries(events.map((e) => [e.action, e]));
    expect(Object.keys(byAction).sort()).toEqual(['test.five', 'test.four', 'test.one', 'test.six', 'test.three', 'test.two']);
    expect(byAction['test.one']).toMatchObject({ studentIds: [], details: null, requestId: 'req-batch', ip: '192.0.2.7' });
    expect(byAction['test.two']).toMatchObject({
      actor: { id: TEST_AGENTS.admin.id, name: 'Admin, "quoted" {braces}' },
      studentIds: [a, b],
      details: { route: 'GET /x', note: 'é, "q"' },
    });
    expect(byAction['test.three']).toMatchObject({ actor: { id: null, name: 'system' }, studentIds: [c] });
    expect(byAction['test.six']).toMatchObject({ studentIds: [c], details: { n: 1 } });

    // every connection of the pool: the inserts of these batches of 1, 2 and 3 were prepared as one text
    const clients = await Promise.all(Array.from({ length: prisma.pool.totalCount }, () => prisma.pool.connect()));
    const texts = new Set<string>();
    try {
      for (const client of clients) {
        const { rows } = await client.query<{ statement: string }>(
          `SELECT statement FROM pg_prepared_statements WHERE statement ILIKE 'INSERT INTO %audit_events%'`,
        );
        rows.forEach((row) => texts.add(row.statement));
      }
    } finally {
      clients.forEach((client) => client.release());
    }
    expect([...texts]).toHaveLength(1);
  });
});
