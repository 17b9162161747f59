import AdmZip from 'adm-zip';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AuditService } from '../../src/audit/audit.service';
import { PrismaService } from '../../src/infra/prisma/prisma.service';
import { TEST_AGENTS } from '../support/agents';
import { AgentClient, asAgent, startApi } from '../support/api';
import { createDossier, createStudent } from '../support/factories';
import { pdf, binary } from '../support/files';
import { move } from '../support/workflow';

/** The audit trail of views and changes, and a student's rights: export and erasure. */
describe('audit and personal data', () => {
  let app: NestFastifyApplication;
  let admin: AgentClient;
  let supervisor: AgentClient;
  let agent: AgentClient;

  beforeAll(async () => {
    app = await startApi();
    admin = asAgent(app);
    supervisor = asAgent(app, 'supervisor');
    agent = asAgent(app, 'agent');
  });

  afterAll(async () => {
    await app.close();
  });

  const auditOf = async (studentId: string) => {
    await app.get(AuditService).flush();
    return (await supervisor.get(`/api/audit?studentId=${studentId}&limit=200`).expect(200)).body.items as {
      action: string;
      actor: { id: string; name: string };
      details: Record<string, unknown>;
    }[];
  };

  it("records who viewed a student's data (one by one, in lists, through a dossier) and every change with its values before and after", async () => {
    const student = await createStudent(admin);
    const dossier = await createDossier(admin, { studentId: student.id });
    await agent.get(`/api/students/${student.id}`).expect(200);
    await agent.get(`/api/dossiers/${dossier.id}/checklist`).expect(200);
    await agent.get(`/api/students?q=${encodeURIComponent(student.studentNumber)}`).expect(200);
    await agent.patch(`/api/students/${student.id}`, { address: { line1: '3 quai Duguay-Trouin', postalCode: '29200', city: 'Brest' } }).expect(200);

    const events = await auditOf(student.id);
    const byAgent = events
      .filter((e) => e.actor.id === TEST_AGENTS.agent.id)
      .map((e) => e.action)
      .sort();
    expect(byAgent).toEqual(['dossier.view', 'student.list', 'student.update', 'student.view']);
    const change = events.find((e) => e.action === 'student.update')!;
    expect(change.details).toMatchObject({
      route: 'PATCH /api/students/:id',
      request: { address: { city: 'Brest' } },
      changes: { city: { before: 'Rennes', after: 'Brest' }, postalCode: { before: '35000', after: '29200' } },
    });
    expect(Object.keys(change.details.changes as object).sort()).toEqual(['addressLine1', 'city', 'postalCode']);
    expect(events.find((e) => e.action === 'dossier.open')).toMatchObject({ actor: { id: TEST_AGENTS.admin.id, name: 'Test Admin' } });
    // a refused change is not a change
    await agent.patch(`/api/students/${student.id}`, { address: { city: 42 } }).expect(400);
    expect((await auditOf(student.id)).filter((e) => e.action === 'student.update')).toHaveLength(1);
  });

  it('exports everything held about a student as a zip: the data as JSON and the scans, and records the export', async () => {
    const student = await createStudent(admin);
    const dossier = await createDossier(admin, { studentId: student.id, procedureCode: 'student-extension' });
    const scan = pdf(5_000);
    await admin.post(`/api/dossiers/${dossier.id}/documents`).field('kind', 'student-card').attach('file', scan, 'carte.pdf').expect(201);
    await agent.get(`/api/students/${student.id}/export`).expect(403);
    const response = await supervisor
      .get(`/api/students/${student.id}/export`)
      .buffer(true)
      .parse(binary as never)
      .expect(200);
    expect(response.headers['content-type']).toBe('application/zip');
    const zip = new AdmZip(response.body as Buffer);
    const record = JSON.parse(zip.readAsText('student.json')) as {
      student: { id: string; birthName: string; dossiers: { reference: string; documents: { kind: string }[] }[] };
    };
    expect(record.student).toMatchObject({
      id: student.id,
      birthName: student.birthName,
      dossiers: [{ reference: dossier.reference, documents: [{ kind: 'student-card' }] }],
    });
    const files = zip.getEntries().filter((e) => e.entryName.startsWith('files/'));
    expect(files).toHaveLength(1);
    expect(files[0]!.entryName).toMatch(new RegExp(`^files/${dossier.reference}/student-card-[0-9a-f-]+-carte\\.pdf$`));
    expect(files[0]!.getData().equals(scan)).toBe(true);
    expect((await auditOf(student.id)).filter((e) => e.action === 'student.export')).toHaveLength(1);
  });

  it("erases a student's personal data on request once no dossier is open: identity and documents go, references and the audit (without values) stay", async () => {
    const student = await createStudent(admin, { birthName: `ERASEME${Date.now().toString(36).toUpperCase()}` });
    const email = (await admin.get(`/api/students/${student.id}`).expect(200)).body.email as string;
    const dossier = await createDossier(admin, { studentId: student.id, procedureCode: 'student-extension' });
    await admin
      .post(`/api/dossiers/${dossier.id}/documents`)
      .field('kind', 'student-card')
      .field('note', `given by ${student.birthName} at the desk`)
      .attach('file', pdf(), 'carte.pdf')
      .expect(201);
    await admin.patch(`/api/students/${student.id}`, { address: { line1: '1 rue du Port', postalCode: '56100', city: 'Lorient' } }).expect(200);

    await supervisor.delete(`/api/students/${student.id}`).send({ reason: 'request of 2026-11-20' }).expect(403);
    const open = await admin.delete(`/api/students/${student.id}`).send({ reason: 'request of 2026-11-20' }).expect(409);
    expect(open.body).toMatchObject({ type: '/problems/dossier-open', dossier: dossier.reference });
    await admin.delete(`/api/students/${student.id}`).send({}).expect(400);

    await move(admin, dossier.id, { to: 'closed', closeReason: 'withdrawn' });
    const erased = await admin.delete(`/api/students/${student.id}`).send({ reason: 'request of 2026-11-20' }).expect(200);
    expect(erased.body).toMatchObject({ documents: 1, files: 1 });
    const after = (await admin.get(`/api/students/${student.id}`).expect(200)).body;
    expect(after).toMatchObject({ birthName: 'EFFACÉ', firstNames: 'EFFACÉ' });
    expect(JSON.stringify(after)).not.toContain(student.birthName);
    expect((await admin.get(`/api/dossiers/${dossier.id}/documents`).expect(200)).body).toEqual([]);
    expect((await admin.get(`/api/dossiers/${dossier.id}`).expect(200)).body).toMatchObject({ reference: dossier.reference, status: 'closed' });
    const events = await auditOf(student.id);
    expect(events.find((e) => e.action === 'student.erase')).toMatchObject({
      actor: { id: TEST_AGENTS.admin.id },
      details: { reason: 'request of 2026-11-20', documents: 1, files: 1 },
    });
    expect(JSON.stringify(events.filter((e) => e.action !== 'student.erase').map((e) => e.details))).not.toMatch(/Rennes|Lorient/);

    // nowhere in the database: every text and JSON column of every table is searched
    const prisma = app.get(PrismaService);
    const columns = await prisma.$queryRaw<{ table_name: string; column_name: string }[]>`
      SELECT table_name, column_name FROM information_schema.columns
       WHERE table_schema = 'public' AND data_type IN ('character varying', 'text', 'jsonb', 'character', 'json')`;
    const traces: string[] = [];
    for (const { table_name, column_name } of columns) {
      for (const needle of [student.birthName, student.studentNumber, email, 'Lorient', '1 rue du Port']) {
        const found = await prisma.$queryRawUnsafe<{ n: bigint }[]>(
          `SELECT count(*) AS n FROM "${table_name}" WHERE "${column_name}"::text ILIKE '%' || $1 || '%'`,
          needle,
        );
        if (Number(found[0]!.n) > 0) traces.push(`${table_name}.${column_name} holds ${needle}`);
      }
    }
    expect(traces).toEqual([]);
  });
});
