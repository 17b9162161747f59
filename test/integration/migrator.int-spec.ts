import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { migrate } from '../../src/infra/prisma/migrator';
import { scratchDatabase } from '../support/scratch-database';

const MIGRATIONS = resolve(__dirname, '../../prisma/migrations');

describe('offline migrator', () => {
  let database: { url: string; drop: () => Promise<void> };
  let client: Client;
  let folder: string;

  beforeEach(async () => {
    database = await scratchDatabase();
    client = new Client({ connectionString: database.url });
    await client.connect();
    folder = mkdtempSync(join(tmpdir(), 'passerelle-migrations-'));
    cpSync(MIGRATIONS, folder, { recursive: true });
  });
  afterEach(async () => {
    await client.end();
    await database.drop();
    rmSync(folder, { recursive: true, force: true });
  });

  const addMigration = (name: string, sql: string) => {
    mkdirSync(join(folder, name));
    writeFileSync(join(folder, name, 'migration.sql'), sql);
  };

  it("applies every migration once and keeps Prisma's bookkeeping", async () => {
    const first = await migrate(database.url, folder);
    expect(first.applied.length).toBeGreaterThan(0);
    const again = await migrate(database.url, folder);
    expect(again).toEqual({ applied: [], alreadyApplied: first.applied });
    const { rows } = await client.query('SELECT migration_name, checksum, finished_at, applied_steps_count, rolled_back_at FROM "_prisma_migrations"');
    expect(rows).toHaveLength(first.applied.length);
    for (const row of rows) {
      const sql = readFileSync(join(folder, row.migration_name, 'migration.sql'));
      expect(row).toMatchObject({ checksum: createHash('sha256').update(sql).digest('hex'), applied_steps_count: 1, rolled_back_at: null });
      expect(row.finished_at).toBeInstanceOf(Date);
    }
  });

  it('rolls a failing migration back whole and records nothing for it', async () => {
    await migrate(database.url, folder);
    addMigration('29990101000000_broken', 'CREATE TABLE "half_done" (id int);\nALTER TABLE "no_such_table" ADD COLUMN x int;');
    await expect(migrate(database.url, folder)).rejects.toThrow(/29990101000000_broken failed: .*no_such_table/);
    const table = await client.query("SELECT to_regclass('public.half_done') AS t");
    expect(table.rows[0].t).toBeNull();
    const recorded = await client.query('SELECT 1 FROM "_prisma_migrations" WHERE migration_name = $1', ['29990101000000_broken']);
    expect(recorded.rowCount).toBe(0);
  });

  it('refuses to go on when an applied migration was edited afterwards', async () => {
    addMigration('29990101000000_extra', 'CREATE TABLE "extra" (id int);\n');
    await migrate(database.url, folder);
    writeFileSync(join(folder, '29990101000000_extra', 'migration.sql'), 'CREATE TABLE "extra" (id bigint);\n');
    await expect(migrate(database.url, folder)).rejects.toThrow(/29990101000000_extra was edited after it was applied/);
  });

  it('takes a migration checked out with CRLF line endings as the same migration', async () => {
    addMigration('29990101000000_extra', 'CREATE TABLE "extra" (id int);\nCREATE TABLE "extra2" (id int);\n');
    await migrate(database.url, folder);
    writeFileSync(join(folder, '29990101000000_extra', 'migration.sql'), 'CREATE TABLE "extra" (id int);\r\nCREATE TABLE "extra2" (id int);\r\n');
    expect((await migrate(database.url, folder)).applied).toEqual([]);
  });

  it('runs a migration with its own BEGIN/COMMIT as written, and records its failure', async () => {
    await migrate(database.url, folder);
    addMigration('29990101000000_own_tx', 'BEGIN;\nCREATE TABLE "own" (id int);\nCOMMIT;\n');
    expect((await migrate(database.url, folder)).applied).toEqual(['29990101000000_own_tx']);
    const own = await client.query(
      "SELECT to_regclass('public.own') AS t, (SELECT applied_steps_count FROM \"_prisma_migrations\" WHERE migration_name = '29990101000000_own_tx') AS steps",
    );
    expect(own.rows[0]).toEqual({ t: 'own', steps: 1 });
    addMigration('29990102000000_own_tx_broken', 'BEGIN;\nSELECT * FROM "no_such_table";\nCOMMIT;\n');
    await expect(migrate(database.url, folder)).rejects.toThrow(/29990102000000_own_tx_broken failed/);
    const failed = await client.query('SELECT finished_at, logs FROM "_prisma_migrations" WHERE migration_name = $1', ['29990102000000_own_tx_broken']);
    expect(failed.rows[0]).toMatchObject({ finished_at: null, logs: expect.stringContaining('no_such_table') });
    // like Prisma, a failed migration blocks the next runs until it is resolved
    await expect(migrate(database.url, folder)).rejects.toThrow(/failed earlier/);
  });

  it('lets concurrent migrators through one at a time', async () => {
    const reports = await Promise.all([migrate(database.url, folder), migrate(database.url, folder), migrate(database.url, folder)]);
    expect(reports.filter((r) => r.applied.length > 0)).toHaveLength(1);
  });
});
