import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { dropDatabase, ensureDatabase } from '../../src/infra/prisma/migrator';
import { serverUrl } from './test-env';

/** The run's migrated database, copied once by global-setup before any test connects to it. */
export function templateUrl(databaseUrl = process.env.DATABASE_URL!): string {
  const url = new URL(databaseUrl);
  url.pathname = `${url.pathname}_tpl`;
  return url.toString();
}

/**
 * An extra, empty database for a test that needs one of its own (migrations, seeds...).
 * Named after the run's database so a crashed run's leftovers are swept like it.
 */
export async function scratchDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const url = siblingUrl();
  await ensureDatabase(url);
  return { url, drop: () => dropDatabase(url) };
}

/**
 * A migrated database of the test's own (a copy of the run's template, in a fraction of a
 * second), for tests running a worker: its outbox and jobs are nobody else's.
 */
export async function migratedDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const url = siblingUrl();
  await createFromTemplate(url, templateUrl());
  return { url, drop: () => dropDatabase(url) };
}

/** Creates `url`'s database as a copy of `template`'s (which nobody may be connected to). */
export async function createFromTemplate(url: string, template: string): Promise<void> {
  const client = new Client({ connectionString: serverUrl() });
  await client.connect();
  try {
    const name = (u: string) => `"${decodeURIComponent(new URL(u).pathname.slice(1)).replaceAll('"', '""')}"`;
    await client.query(`CREATE DATABASE ${name(url)} TEMPLATE ${name(template)}`);
  } finally {
    await client.end();
  }
}

function siblingUrl(): string {
  const url = new URL(process.env.DATABASE_URL!);
  url.pathname = `${url.pathname}_${randomBytes(3).toString('hex')}`;
  return url.toString();
}
