import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { checkServices, PreflightError } from '../../src/infra/preflight';
import { loadConfig } from '../../src/config/app-config';
import { prepareDatabase } from '../../src/setup/database-setup';
import { ensureDatabase } from '../../src/infra/prisma/migrator';
import { seedTestAgents } from './agents';
import { createFromTemplate, templateUrl } from './scratch-database';
import { databaseUrlFor, newRunId, redisUrl, serverUrl, TEST_DB_PREFIX } from './test-env';

/** Test databases of runs that died without cleaning up are dropped after this long. */
const STALE_AFTER_MS = 6 * 3_600_000;

/**
 * Runs once before the suite: a fresh database migrated from prisma/migrations, a Redis
 * key prefix of its own, and the environment every test process inherits. Each project that
 * needs services names it, and jest calls it once per such project selected: the first call
 * prepares the run, the others find it prepared.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.PASSERELLE_TEST_RUN) return;
  const runId = newRunId();
  const database = `${TEST_DB_PREFIX}${runId}`;
  Object.assign(process.env, {
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrlFor(database),
    REDIS_URL: redisUrl(),
    REDIS_PREFIX: `passerelle-test-${runId}`,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    MAIL_OUTBOX_DIR: mkdtempSync(join(tmpdir(), 'passerelle-mail-')),
    STORAGE_DIR: mkdtempSync(join(tmpdir(), 'passerelle-storage-')),
    PASSERELLE_TEST_RUN: runId,
    // every test acts as the same few agents, in parallel: the request budget is tested on its own
    RATE_LIMIT_PER_MINUTE: '1000000',
  });
  try {
    await checkServices(loadConfig(process.env), { databaseMustExist: false });
  } catch (error) {
    if (error instanceof PreflightError) {
      process.stderr.write(`\nThe test suite needs PostgreSQL and Redis. ${error.message}\n\n`);
      process.exit(1);
    }
    throw error;
  }
  await dropStaleDatabases();
  await ensureDatabase(process.env.DATABASE_URL!);
  await prepareDatabase(loadConfig(process.env));
  await seedTestAgents(process.env.DATABASE_URL!);
  // tests that run a worker copy it, to have an outbox and jobs of their own
  await createFromTemplate(templateUrl(), process.env.DATABASE_URL!);
}

async function dropStaleDatabases(): Promise<void> {
  const client = new Client({ connectionString: serverUrl() });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>('SELECT datname FROM pg_database WHERE datname LIKE $1', [`${TEST_DB_PREFIX}%`]);
    for (const { datname } of rows) {
      const startedAt = parseInt(datname.slice(TEST_DB_PREFIX.length).split('_')[0] ?? '', 36);
      if (Number.isFinite(startedAt) && Date.now() - startedAt > STALE_AFTER_MS) {
        await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
      }
    }
  } finally {
    await client.end();
  }
}
