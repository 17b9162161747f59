import { randomBytes } from 'node:crypto';

/**
 * The services a test run uses. Each run gets its own database and Redis key prefix,
 * named after the run id, created by global-setup and removed by global-teardown.
 * TEST_DATABASE_URL / TEST_REDIS_URL point the suite at other servers.
 */
export const TEST_DB_PREFIX = 'passerelle_test_';

export function newRunId(): string {
  return `${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
}

export function serverUrl(): string {
  return process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
}

export function databaseUrlFor(name: string): string {
  const url = new URL(serverUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

export function redisUrl(): string {
  return process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
}
