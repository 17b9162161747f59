import { resolve } from 'node:path';
import { Client } from 'pg';
import { actualCatalog, expectedCatalog } from '../support/schema-catalog';

/** Partial unique indexes: rules of the workflow the database holds (migration 20261124120000). */
const WORKFLOW_RULES = ['complement_requests_one_open_per_dossier', 'deadlines_one_pending_per_kind', 'dossiers_one_open_per_student_procedure'];
/** Partial indexes on the few open rows of big tables (migration 20261126090000). */
const OPEN_ROWS = ['deadlines_pending_by_id', 'deadlines_pending_by_due_at', 'notifications_unsent_by_id'];
const DATABASE_ONLY = [...WORKFLOW_RULES, ...OPEN_ROWS];

/**
 * schema.prisma and prisma/migrations must describe the same database: the run's database
 * was built from the migrations alone (global-setup), and is compared here, line by line,
 * with what Prisma's parser reads in schema.prisma.
 */
describe('schema.prisma and the migrations', () => {
  let client: Client;

  beforeAll(async () => {
    client = new Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
  });
  afterAll(() => client.end());

  it('agree on every enum, table, column, key, index and foreign key', async () => {
    const expected = expectedCatalog(resolve(__dirname, '../../prisma/schema.prisma'));
    const actual = (await actualCatalog(client)).filter((line) => !DATABASE_ONLY.some((index) => line.includes(` ${index} `)));
    const missing = expected.filter((line) => !actual.includes(line));
    const unexpected = actual.filter((line) => !expected.includes(line));
    expect({ missingFromMigrations: missing, notInSchema: unexpected }).toEqual({ missingFromMigrations: [], notInSchema: [] });
    expect(expected.length).toBeGreaterThan(60);
  });

  it('has the partial indexes Prisma cannot express, which only migrations create', async () => {
    const { rows } = await client.query<{ indexname: string; indexdef: string }>('SELECT indexname, indexdef FROM pg_indexes WHERE indexname = ANY($1)', [
      DATABASE_ONLY,
    ]);
    expect(rows.map((r) => r.indexname).sort()).toEqual([...DATABASE_ONLY].sort());
    expect(
      rows
        .filter((r) => /^CREATE UNIQUE INDEX .* WHERE /.test(r.indexdef))
        .map((r) => r.indexname)
        .sort(),
    ).toEqual([...WORKFLOW_RULES].sort());
    expect(
      rows
        .filter((r) => /^CREATE INDEX .* WHERE /.test(r.indexdef))
        .map((r) => r.indexname)
        .sort(),
    ).toEqual([...OPEN_ROWS].sort());
  });
});
