import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import fc from 'fast-check';
import { Client } from 'pg';
import request from 'supertest';
import { AuditService } from '../../src/audit/audit.service';
import { TEST_AGENTS } from '../support/agents';
import { AgentClient, asAgent, startApi } from '../support/api';
import { createDossier, createInstitution, createStudent } from '../support/factories';
import { hostileRequest, type Operation, type Schema } from '../support/hostile-payloads';
import { migratedDatabase } from '../support/scratch-database';
import { sessionOfDossier } from '../support/student-link';
import { versionOf } from '../support/workflow';

/** Write operations that take no body at all: nothing to poison. */
const WITHOUT_BODY = new Set([
  'post /api/auth/logout',
  'post /api/dossiers/{id}/messages/read',
  'post /api/dossiers/{id}/student-link',
  'delete /api/dossiers/{id}/student-link',
  'delete /api/student/session',
]);

/** Requests generated in all (about 50 per write operation); `HOSTILE_RUNS=5000` asks for a larger run. */
const TOTAL_RUNS = Number(process.env.HOSTILE_RUNS ?? 0) || 1_100;

/**
 * Acceptance 5: random and malicious payloads against every write endpoint of the OpenAPI
 * document. Each request is invalid by construction (one poison at least: a wrong type, an
 * unknown or prototype-polluting key, an impossible date, a NUL, a body that is not an
 * object, malformed JSON or UTF-8, nesting a thousand deep...), the other fields carry SQL,
 * HTML, huge strings and unicode oddities. The answer must be a 4xx problem — never a 500 —
 * and PostgreSQL must see no write at all (a trigger on every table counts the rows written,
 * in a database of this test's own); the service is still ready afterwards. Routes taking files
 * get multipart poisons too (test/support/hostile-payloads.ts). The students' API (issue 17) is
 * sent the cookie of a real student session, so its payloads reach validation, not the guard.
 */
describe('hostile input on every write endpoint', () => {
  let app: NestFastifyApplication;
  let admin: AgentClient;
  let database: { url: string; drop: () => Promise<void> };
  let sql: Client;
  let studentCookie: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    database = await migratedDatabase();
    app = await startApi({
      DATABASE_URL: database.url,
      RATE_LIMIT_PER_MINUTE: '100000',
      LOGIN_IP_MAX_FAILURES: '10000',
      STUDENT_RATE_LIMIT_PER_MINUTE: '100000',
    });
    admin = asAgent(app);
    // real ids for the path parameters, so that validation runs past "no such dossier"
    const student = await createStudent(admin);
    const dossier = await createDossier(admin, { studentId: student.id, facts: { housing: 'tenant' } });
    const document = (await admin.post(`/api/dossiers/${dossier.id}/documents`, { kind: 'passport' }).expect(201)).body;
    // the student's side: a session of a dossier whose complement request is open, one of its items for {slot}
    const asked = await createDossier(admin, { facts: { housing: 'tenant' } });
    await admin
      .post(`/api/dossiers/${asked.id}/complement-requests`, { dueInDays: 10 })
      .set('if-match', await versionOf(admin, asked.id))
      .expect(201);
    studentCookie = await sessionOfDossier(app, asked.id);
    const page = await request(app.getHttpServer()).get('/api/student/dossier').set('cookie', studentCookie).expect(200);
    Object.assign(ids, {
      slot: page.body.complement.items[0].slot,
      id: dossier.id,
      documentId: document.id,
      notificationId: '0196a1b2-0000-7000-8000-000000000009',
      code: 'rece',
      studentId: student.id,
      institutionId: (await createInstitution(admin)).id,
    });
    await app.get(AuditService).flush(); // the student's view above is written a moment after its answer
    sql = new Client({ connectionString: database.url });
    await sql.connect();
    await sql.query(`CREATE SEQUENCE rows_written`);
    await sql.query(`CREATE FUNCTION count_row_written() RETURNS trigger AS $$ BEGIN PERFORM nextval('rows_written'); RETURN NULL; END $$ LANGUAGE plpgsql`);
    const { rows } = await sql.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
    );
    for (const { table_name } of rows) {
      await sql.query(`CREATE TRIGGER count_row_written AFTER INSERT OR UPDATE OR DELETE ON "${table_name}" FOR EACH ROW EXECUTE FUNCTION count_row_written()`);
    }
  });

  afterAll(async () => {
    await sql?.end();
    await app?.close();
    await database?.drop();
  });

  /** A real id of the kind the path names: a student for /api/students/{id}, a dossier for /api/dossiers/{id}... */
  const idFor = (path: string, name: string): string => {
    if (name !== 'id') return ids[name] ?? ids.id!;
    const resource = path.split('/')[2];
    return (
      ({ students: ids.studentId, institutions: ids.institutionId, agents: TEST_AGENTS.agent.id, procedures: 'rece' } as Record<string, string | undefined>)[
        resource ?? ''
      ] ?? ids.id!
    );
  };

  const rowsWritten = async () =>
    Number((await sql.query<{ n: string }>(`SELECT CASE WHEN is_called THEN last_value ELSE 0 END AS n FROM rows_written`)).rows[0]!.n);

  it(
    'answers every generated request with a 4xx problem, writes nothing, and stays healthy',
    async () => {
      const document = (await request(app.getHttpServer()).get('/docs-json').expect(200)).body as {
        paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: Schema }> } }>>;
        components: { schemas: Record<string, Schema> };
      };
      const resolve = (schema: Schema | undefined): Schema | undefined => {
        if (!schema) return undefined;
        if (schema.$ref) return resolve(document.components.schemas[schema.$ref.split('/').pop()!]);
        if (schema.allOf?.length === 1) return resolve(schema.allOf[0]);
        return schema;
      };
      const operations: Operation[] = [];
      for (const [path, methods] of Object.entries(document.paths)) {
        for (const [method, operation] of Object.entries(methods)) {
          if (!['post', 'put', 'patch', 'delete'].includes(method) || !path.startsWith('/api/')) continue;
          // no body: they do as asked (log out; send a student's link again, revoke it; end a student's session)
          if (WITHOUT_BODY.has(`${method} ${path}`)) continue;
          const content = operation.requestBody?.content ?? {};
          const body = resolve((content['application/json'] ?? content['multipart/form-data'])?.schema) ?? null;
          const multipart = 'multipart/form-data' in content;
          operations.push({ method: method as Operation['method'], path, body, multipart, json: !multipart || 'application/json' in content });
        }
      }
      expect(operations.length).toBeGreaterThanOrEqual(20);
      expect(operations.filter((o) => o.path.startsWith('/api/student/')).map((o) => `${o.method} ${o.path}`)).toEqual(
        expect.arrayContaining(['post /api/student/session', 'post /api/student/dossier/messages', 'post /api/student/dossier/items/{slot}/files']),
      );

      let sent = 0;
      const before = await rowsWritten();
      for (const operation of operations) {
        await fc.assert(
          fc.asyncProperty(hostileRequest(operation, resolve), async ({ pathIds, raw, contentType, label }) => {
            const path = operation.path.replace(/\{(\w+)\}/g, (_, name: string) => pathIds[name] ?? idFor(operation.path, name));
            // the students' API as the student (their session cookie), the rest as an admin
            const call = operation.path.startsWith('/api/student/')
              ? request(app.getHttpServer())[operation.method](path).set('cookie', studentCookie).set('accept', 'application/json')
              : admin[operation.method](path);
            const response = await call.set('content-type', contentType).send(raw);
            sent++;
            if (response.status === 401 && operation.path.startsWith('/api/student/dossier')) throw new Error(`${path} (${label}): the session was refused`);
            if (response.status < 400 || response.status >= 500) {
              throw new Error(
                `${operation.method.toUpperCase()} ${path} (${label}) answered ${response.status}: ${JSON.stringify(response.body).slice(0, 300)} for ${String(raw).slice(0, 300)}`,
              );
            }
            expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
            expect(JSON.stringify(response.body)).not.toMatch(/\bat \w+ \(|prisma|SELECT |INSERT /i);
            const written = await rowsWritten();
            if (written !== before)
              throw new Error(`${operation.method.toUpperCase()} ${path} (${label}) wrote ${written - before} row(s) while answering ${response.status}`);
          }),
          { numRuns: Math.ceil(TOTAL_RUNS / operations.length), seed: Number(process.env.HOSTILE_SEED ?? Date.now() % 2 ** 31), endOnFailure: true },
        );
      }
      expect(sent).toBeGreaterThanOrEqual(Math.min(1_000, TOTAL_RUNS));
      // refusals written later (the audit's batches) would count too
      await app.get(AuditService).flush();
      expect(await rowsWritten()).toBe(before);
      process.stdout.write(`hostile input: ${sent} requests to ${operations.length} write operations, no 500, nothing written\n`);
      await request(app.getHttpServer()).get('/health/ready').expect(200);
      // and it still does its work
      await admin.post('/api/institutions', { code: 'AFTERFUZZ', name: 'Still here', kind: 'other' }).expect(201);
      // (and the write counter does see writes)
      expect(await rowsWritten()).toBeGreaterThan(before);
    },
    Math.max(120_000, TOTAL_RUNS * 60),
  );
});
