import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { waitFor } from '../support/processes';
import { AuditService } from '../../src/audit/audit.service';
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
});
