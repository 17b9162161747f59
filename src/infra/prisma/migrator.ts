import { createHash, randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Client } from 'pg';

/**
 * Applies prisma/migrations the way `prisma migrate deploy` does, without Prisma's native
 * schema engine (which cannot be downloaded on every machine). It keeps Prisma's bookkeeping
 * (`_prisma_migrations`, SHA-256 checksums, applied_steps_count = 1), so a database migrated
 * here is recognised by `prisma migrate deploy` and the other way round.
 * Unlike Prisma, a migration without transaction statements of its own runs in one
 * transaction, so a failed one leaves nothing behind; one with its own BEGIN/COMMIT runs as
 * written, as Prisma would run it.
 */

/** Arbitrary but fixed: serialises concurrent migrators (several replicas starting at once). */
export const MIGRATION_LOCK_KEY = 72_707_369;

export interface MigrationFile {
  name: string;
  sql: string;
  checksum: string;
  /** Checksums of the same script with other line endings: a CRLF checkout is not an edit. */
  equivalentChecksums: string[];
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const OWN_TRANSACTION = /^\s*(BEGIN|START\s+TRANSACTION|COMMIT|ROLLBACK)\b/im;

/**
 * Where migrations run: PostgreSQL itself when DATABASE_DIRECT_URL names it. Through a pooler
 * in transaction mode, the migrator's session-level advisory lock would stay held on whichever
 * server connection took it (serialising nothing, blocking the next migrator there).
 */
export function migrationsUrl(config: { DATABASE_URL: string; DATABASE_DIRECT_URL?: string | undefined }): string {
  return config.DATABASE_DIRECT_URL ?? config.DATABASE_URL;
}

export interface MigrationReport {
  applied: string[];
  alreadyApplied: string[];
}

export async function readMigrations(folder: string): Promise<MigrationFile[]> {
  const entries = await readdir(folder, { withFileTypes: true });
  const names = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  return Promise.all(
    names.map(async (name) => {
      const sql = await readFile(join(folder, name, 'migration.sql'), 'utf8');
      const lf = sql.replace(/\r\n/g, '\n');
      return { name, sql, checksum: sha256(sql), equivalentChecksums: [sha256(lf), sha256(lf.replace(/\n/g, '\r\n'))] };
    }),
  );
}

/**
 * `underLock` runs once the migrations are applied, still under the migrators' lock: what
 * follows a migration (publishing what the build ships) is then done by one process at a time too.
 */
export async function migrate(databaseUrl: string, folder: string, underLock: () => Promise<void> = () => Promise.resolve()): Promise<MigrationReport> {
  const migrations = await readMigrations(folder);
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    await client.query(`
      CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
        "id"                  VARCHAR(36) PRIMARY KEY NOT NULL,
        "checksum"            VARCHAR(64) NOT NULL,
        "finished_at"         TIMESTAMPTZ,
        "migration_name"      VARCHAR(255) NOT NULL,
        "logs"                TEXT,
        "rolled_back_at"      TIMESTAMPTZ,
        "started_at"          TIMESTAMPTZ NOT NULL DEFAULT now(),
        "applied_steps_count" INTEGER NOT NULL DEFAULT 0
      )`);
    const { rows } = await client.query<{ migration_name: string; checksum: string; finished_at: Date | null }>(
      'SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL',
    );
    const failed = rows.find((r) => r.finished_at === null);
    if (failed) {
      throw new Error(
        `Migration ${failed.migration_name} failed earlier and is not marked rolled back; fix the database, then run ` +
          `\`prisma migrate resolve --rolled-back ${failed.migration_name}\` (or delete its _prisma_migrations row).`,
      );
    }
    const done = new Map(rows.map((r) => [r.migration_name, r.checksum]));
    const report: MigrationReport = { applied: [], alreadyApplied: [] };
    for (const migration of migrations) {
      const checksum = done.get(migration.name);
      if (checksum !== undefined) {
        if (checksum !== migration.checksum && !migration.equivalentChecksums.includes(checksum)) {
          throw new Error(`Migration ${migration.name} was edited after it was applied (checksum differs).`);
        }
        report.alreadyApplied.push(migration.name);
        continue;
      }
      if (OWN_TRANSACTION.test(migration.sql)) await applyAsWritten(client, migration);
      else await applyInTransaction(client, migration);
      report.applied.push(migration.name);
    }
    await underLock();
    return report;
  } finally {
    // released by hand too, a best effort behind a pooler (which may run it on another server connection: hence DATABASE_DIRECT_URL)
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await client.end();
  }
}

async function applyInTransaction(client: Client, migration: MigrationFile): Promise<void> {
  await client.query('BEGIN');
  try {
    await client.query(migration.sql);
    await client.query(
      `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, started_at, applied_steps_count)
       VALUES ($1, $2, now(), $3, now(), 1)`,
      [randomUUID(), migration.checksum, migration.name],
    );
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw new Error(`Migration ${migration.name} failed: ${(error as Error).message}`, { cause: error });
  }
}

/** Prisma's own way: record the start, run the script, record the end (or the error). */
async function applyAsWritten(client: Client, migration: MigrationFile): Promise<void> {
  const id = randomUUID();
  await client.query('INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count) VALUES ($1, $2, $3, now(), 0)', [
    id,
    migration.checksum,
    migration.name,
  ]);
  try {
    await client.query(migration.sql);
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    await client.query('UPDATE "_prisma_migrations" SET logs = $2 WHERE id = $1', [id, (error as Error).message]);
    throw new Error(`Migration ${migration.name} failed: ${(error as Error).message}`, { cause: error });
  }
  await client.query('UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1 WHERE id = $1', [id]);
}

/** Runs `work` on the server's maintenance database, with the name of the database in the URL. */
async function onServer<T>(databaseUrl: string, work: (client: Client, name: string, quoted: string) => Promise<T>): Promise<T> {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.slice(1));
  url.pathname = '/postgres';
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  try {
    return await work(client, name, `"${name.replaceAll('"', '""')}"`);
  } finally {
    await client.end();
  }
}

/** Creates the database named in the URL when it does not exist (local runs, test runs). */
export function ensureDatabase(databaseUrl: string): Promise<boolean> {
  return onServer(databaseUrl, async (client, name, quoted) => {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rowCount) return false;
    await client.query(`CREATE DATABASE ${quoted}`);
    return true;
  });
}

/** Drops a database (test runs clean up after themselves). */
export function dropDatabase(databaseUrl: string): Promise<void> {
  return onServer(databaseUrl, async (client, _name, quoted) => {
    await client.query(`DROP DATABASE IF EXISTS ${quoted} WITH (FORCE)`);
  });
}
