import { Redis } from 'ioredis';
import { Client } from 'pg';
import { AppConfig, ConfigError, loadConfig } from '../config/app-config';
import { migrationsUrl } from './prisma/migrator';

const HOW_TO_START =
  'Start the services with `docker compose up -d postgres redis`, or on Debian/Ubuntu: ' +
  '`sudo apt-get install -y postgresql redis-server` then `sudo pg_ctlcluster 15 main start` and `redis-server --daemonize yes`.';

export class PreflightError extends Error {}

/** Checks PostgreSQL and Redis answer, so a process stops with a sentence rather than a stack trace. */
export async function checkServices(config: AppConfig, options: { databaseMustExist?: boolean } = {}): Promise<void> {
  const databaseMustExist = options.databaseMustExist ?? true;
  // a database yet to create is created on PostgreSQL itself (a pooler lists only the databases it fronts)
  const postgres = checkPostgres(databaseMustExist ? config.DATABASE_URL : migrationsUrl(config), databaseMustExist);
  const problems = (await Promise.all([postgres, checkRedis(config.REDIS_URL)])).filter((p): p is string => p !== null);
  if (problems.length) throw new PreflightError(`${problems.join(' ')} ${HOW_TO_START}`);
}

async function checkPostgres(url: string, databaseMustExist: boolean): Promise<string | null> {
  const target = new URL(url);
  if (!databaseMustExist) target.pathname = '/postgres';
  const client = new Client({ connectionString: target.toString(), connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    return null;
  } catch (error) {
    const { code, message } = error as { code?: string; message: string };
    if (code === '3D000') {
      return `PostgreSQL answers at ${target.host} but database ${target.pathname.slice(1)} does not exist: run \`npm run db:setup\`.`;
    }
    return `Cannot reach PostgreSQL at ${target.host} (${message}).`;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function checkRedis(url: string): Promise<string | null> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 3_000 });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    await redis.ping();
    return null;
  } catch (error) {
    return `Cannot reach Redis at ${new URL(url).host} (${(error as Error).message}).`;
  } finally {
    redis.disconnect();
  }
}

/**
 * Entry-point guard: loads the configuration and checks the services; on failure prints
 * one line and exits with status 1.
 */
export async function bootOrExit(options: { databaseMustExist?: boolean } = {}): Promise<AppConfig> {
  try {
    const config = loadConfig();
    await checkServices(config, options);
    return config;
  } catch (error) {
    if (error instanceof ConfigError || error instanceof PreflightError) {
      process.stderr.write(`passerelle: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}
