import { resolve } from 'node:path';
import { Client } from 'pg';
import { actualCatalog, expectedCatalog } from '../support/schema-catalog';

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
    const actual = await actualCatalog(client);
    const missing = expected.filter((line) => !actual.includes(line));
    const unexpected = actual.filter((line) => !expected.includes(line));
    expect({ missingFromMigrations: missing, notInSchema: unexpected }).toEqual({ missingFromMigrations: [], notInSchema: [] });
    expect(expected.length).toBeGreaterThan(60);
  });
});
