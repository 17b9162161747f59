import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import fc from 'fast-check';
import { Client } from 'pg';
import request from 'supertest';
import { TEST_AGENTS } from '../support/agents';
import { AgentClient, asAgent, startApi } from '../support/api';
import { createDossier, createInstitution, createStudent } from '../support/factories';
import { migratedDatabase } from '../support/scratch-database';

type Schema = {
  type?: string;
  format?: string;
  enum?: unknown[];
  items?: Schema;
  properties?: Record<string, Schema>;
  $ref?: string;
  allOf?: Schema[];
  oneOf?: Schema[];
};
interface Operation {
  method: 'post' | 'put' | 'patch' | 'delete';
  path: string;
  body: Schema | null;
}

/** Requests generated in all (about 50 per write operation); `HOSTILE_RUNS=5000` asks for a larger run. */
const TOTAL_RUNS = Number(process.env.HOSTILE_RUNS ?? 0) || 1_100;

/**
 * Acceptance 5: random and malicious payloads against every write endpoint of the OpenAPI
 * document. Each request is invalid by construction (one poison at least: a wrong type, an
 * unknown or prototype-polluting key, an impossible date, a NUL, a body that is not an
 * object, malformed JSON or UTF-8, nesting a thousand deep...), the other fields carry SQL,
 * HTML, huge strings and unicode oddities. The answer must be a 4xx problem — never a 500 —
 * and PostgreSQL must see no write at all (a trigger on every table counts the rows written,
 * in a database of this test's own); the service is still ready afterwards.
 */
describe('hostile input on every write endpoint', () => {
  let app: NestFastifyApplication;
  let admin: AgentClient;
  let database: { url: string; drop: () => Promise<void> };
  let sql: Client;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    database = await migratedDatabase();
    app = await startApi({ DATABASE_URL: database.url, RATE_LIMIT_PER_MINUTE: '100000', LOGIN_IP_MAX_FAILURES: '10000' });
    admin = asAgent(app);
    // real ids for the path parameters, so that validation runs past "no such dossier"
    const student = await createStudent(admin);
    const dossier = await createDossier(admin, { studentId: student.id, facts: { housing: 'tenant' } });
    const document = (await admin.post(`/api/dossiers/${dossier.id}/documents`, { kind: 'passport' }).expect(201)).body;
    Object.assign(ids, {
      id: dossier.id,
      documentId: document.id,
      notificationId: '0196a1b2-0000-7000-8000-000000000009',
      code: 'rece',
      studentId: student.id,
      institutionId: (await createInstitution(admin)).id,
    });
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
          if (path === '/api/auth/logout') continue; // no body: it logs out, as asked
          const content = operation.requestBody?.content ?? {};
          const body = resolve((content['application/json'] ?? content['multipart/form-data'])?.schema) ?? null;
          operations.push({ method: method as Operation['method'], path, body });
        }
      }
      expect(operations.length).toBeGreaterThanOrEqual(20);

      let sent = 0;
      const before = await rowsWritten();
      for (const operation of operations) {
        await fc.assert(
          fc.asyncProperty(hostileRequest(operation, resolve), async ({ pathIds, raw, contentType, label }) => {
            const path = operation.path.replace(/\{(\w+)\}/g, (_, name: string) => pathIds[name] ?? idFor(operation.path, name));
            const response = await admin[operation.method === 'delete' ? 'delete' : operation.method](path).set('content-type', contentType).send(raw);
            sent++;
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
      process.stdout.write(`hostile input: ${sent} requests to ${operations.length} write operations, no 500, nothing written\n`);
      await request(app.getHttpServer()).get('/health/ready').expect(200);
      // and it still does its work
      await admin.post('/api/institutions', { code: 'AFTERFUZZ', name: 'Still here', kind: 'other' }).expect(201);
      // (and the write counter does see writes)
      expect(await rowsWritten()).toBeGreaterThan(before);
    },
    Math.max(120_000, TOTAL_RUNS * 60),
  );

  /** One request for an operation: its path ids, its raw body and content type, and what poisons it. */
  function hostileRequest(operation: Operation, resolve: (s: Schema | undefined) => Schema | undefined) {
    const fields = Object.entries(resolve(operation.body ?? undefined)?.properties ?? {}).map(([name, schema]) => ({ name, schema: resolve(schema) ?? {} }));
    const dateFields = fields.filter(
      (f) => f.schema.type === 'string' && (f.schema.format === 'date' || f.schema.format === 'date-time' || /(Date|On|At|From|Until)$/.test(f.name)),
    );
    const badId = fc.constantFrom('not-a-uuid', "1' OR '1'='1", '../../etc/passwd', '%00', '0'.repeat(300), '{{7*7}}');
    const pathIds = fc.option(fc.record({ id: badId }), { nil: undefined }).map((v) => (v ?? {}) as Record<string, string>);
    const otherValues = fc.dictionary(fc.constantFrom(...(fields.length ? fields.map((f) => f.name) : ['x'])), hostileValue(), { maxKeys: 4 });
    const poisons: fc.Arbitrary<{ raw: string | Buffer; contentType: string; label: string }>[] = [
      // a declared field of the wrong type
      ...(fields.length
        ? [
            fc.tuple(fc.constantFrom(...fields), otherValues).chain(([field, others]) =>
              wrongTypeFor(field.schema).map((value) => ({
                raw: JSON.stringify({ ...others, [field.name]: value }),
                contentType: 'application/json',
                label: `wrong type for ${field.name}`,
              })),
            ),
          ]
        : []),
      // keys the endpoint does not know, prototype pollution among them
      fc
        .tuple(otherValues, fc.constantFrom('__proto__', 'constructor', 'prototype', 'isAdmin', 'role\u0000', '$where'), hostileValue())
        .map(([others, key, value]) => ({
          raw: `{${[...Object.entries(others).map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`), `${JSON.stringify(key)}:${JSON.stringify(key === '__proto__' ? { polluted: true, role: 'admin' } : value)}`].join(',')}}`,
          contentType: 'application/json',
          label: `unknown key ${key}`,
        })),
      // a body that is not an object
      fc
        .oneof(
          fc.constant('[]'),
          fc.constant('null'),
          fc.constant('"text"'),
          fc.constant('42'),
          fc.constant('true'),
          fc.array(hostileValue(), { maxLength: 3 }).map((a) => JSON.stringify(a)),
        )
        .map((raw) => ({ raw, contentType: 'application/json', label: 'not an object' })),
      // malformed JSON, invalid UTF-8, deep nesting, other content types
      fc.constantFrom(
        { raw: '{"a":', contentType: 'application/json', label: 'truncated JSON' },
        { raw: "{'single': 'quotes'}", contentType: 'application/json', label: 'not JSON' },
        { raw: Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0xff, 0xfe, 0x22, 0x7d]), contentType: 'application/json', label: 'invalid UTF-8' },
        { raw: `${'['.repeat(5_000)}${']'.repeat(5_000)}`, contentType: 'application/json', label: 'arrays 5,000 deep' },
        { raw: `${'{"a":'.repeat(2_000)}1${'}'.repeat(2_000)}`, contentType: 'application/json', label: 'objects 2,000 deep' },
        { raw: `{"x":${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}}`, contentType: 'application/json', label: 'objects 100,000 deep' },
        { raw: `{"x":${'['.repeat(100_000)}${']'.repeat(100_000)}}`, contentType: 'application/json', label: 'arrays 100,000 deep in a field' },
        { raw: '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>', contentType: 'application/xml', label: 'XML' },
        { raw: 'role=admin&active=true', contentType: 'application/x-www-form-urlencoded', label: 'form' },
      ),
      // a NUL character in a string field declared (PostgreSQL cannot store it)
      ...(fields.some((f) => f.schema.type === 'string')
        ? [
            fc.tuple(fc.constantFrom(...fields.filter((f) => f.schema.type === 'string')), otherValues).map(([field, others]) => ({
              raw: JSON.stringify({ ...others, [field.name]: `a\u0000${field.name}` }),
              contentType: 'application/json',
              label: `NUL in ${field.name}`,
            })),
          ]
        : []),
      // an impossible date, alone, in a date field
      ...(dateFields.length
        ? [
            fc
              .tuple(
                fc.constantFrom(...dateFields),
                fc.constantFrom('2026-02-30', '2025-02-29', '2026-13-01', '0000-00-00', '2026-04-31', '2026-02-29T25:61:00+99:00', '26-02-2026', '2026-2-3'),
              )
              .map(([field, value]) => ({
                raw: JSON.stringify({ [field.name]: value }),
                contentType: 'application/json',
                label: `impossible date ${value} in ${field.name}`,
              })),
          ]
        : []),
    ];
    return fc.record({ pathIds, poisoned: fc.oneof(...poisons) }).map(({ pathIds, poisoned }) => ({ pathIds, ...poisoned }));
  }
});

/** Strings and values that have broken services: injections, markup, huge, odd unicode, extreme numbers. */
function hostileValue(): fc.Arbitrary<unknown> {
  return fc.oneof(
    fc.constantFrom(
      "'; DROP TABLE students; --",
      '" OR 1=1 --',
      "Robert'); DELETE FROM dossiers;--",
      '<script>alert(document.cookie)</script>',
      '<img src=x onerror=alert(1)>',
      '{{constructor.constructor("return process")()}}',
      '${7*7}',
      '\u202Egnp.exe',
      '\uD800',
      '💥'.repeat(100),
      'a'.repeat(70_000),
      '',
      ' ',
      '2026-02-30',
      '1e308',
      '-0',
    ),
    fc.string({ maxLength: 50 }),
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.constant(Number.MAX_SAFE_INTEGER * 1000),
    fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
    fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }),
  );
}

/** A value the field's declared type cannot take. */
function wrongTypeFor(schema: Schema): fc.Arbitrary<unknown> {
  const notString = fc.oneof(fc.integer(), fc.boolean(), fc.constant({ $gt: '' }), fc.constant([['nested']]));
  switch (schema.type) {
    case 'string':
      return schema.enum ? fc.oneof(notString, fc.constantFrom('NOT_IN_ENUM', "admin' --", '')) : notString;
    case 'integer':
    case 'number':
      return fc.oneof(fc.constantFrom('12', 'NaN', 'Infinity', '1e308', '0x10'), fc.constant({}), fc.constant(1.5e300), fc.constant(-1e20));
    case 'boolean':
      return fc.oneof(fc.constantFrom('true', 'false', 1, 0, 'yes'), fc.constant({}));
    case 'array':
      return fc.oneof(fc.string(), fc.integer(), fc.constant({ 0: 'a', length: 1 }));
    case 'object':
      return fc.oneof(fc.string(), fc.integer(), fc.constant([1, 2]), fc.constant(true));
    default:
      // untyped (a free object such as `facts` or `definition`): a string or a number is still wrong
      return fc.oneof(fc.integer(), fc.constant('not an object'), fc.constant([]));
  }
}
