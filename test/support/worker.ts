import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Client } from 'pg';
import { loadConfig } from '../../src/config/app-config';
import { QueueService } from '../../src/infra/queue/queue.service';
import { startWorker, RunningWorker } from '../../src/worker';
import { asAgent, startApi } from './api';
import { deleteRedisKeys } from './global-teardown';
import { run, RunningProcess } from './processes';
import { migratedDatabase } from './scratch-database';
import { TestClock } from './test-clock';

/**
 * A world of its own for tests that run a worker: a migrated database copied from the run's
 * template, a Redis key prefix and a mail folder nobody else uses — so this test's worker
 * relays this test's outbox only — with short delays so that jobs happen within seconds.
 * Starts the API and in-process or spawned workers against it; `close()` removes it all.
 * The API and the in-process workers share one TestClock (`world.clock`), running with the
 * wall clock until a test moves it; a spawned worker process runs on the wall clock.
 */
export class JobsWorld {
  readonly clock: TestClock;
  private api: NestFastifyApplication | null = null;
  private readonly workers: RunningWorker[] = [];
  private readonly processes: RunningProcess[] = [];

  private constructor(
    readonly env: NodeJS.ProcessEnv,
    private readonly dropDatabase: () => Promise<void>,
    private readonly mailDir: string,
  ) {
    this.clock = new TestClock(loadConfig(env));
  }

  /** `database`: one the test made itself (an empty one, to see processes migrate it); dropped by `close()`. */
  static async create(overrides: NodeJS.ProcessEnv = {}, database?: { url: string; drop: () => Promise<void> }): Promise<JobsWorld> {
    database ??= await migratedDatabase();
    const mailDir = mkdtempSync(join(tmpdir(), 'passerelle-jobs-mail-'));
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATABASE_URL: database.url,
      DATABASE_POOL_SIZE: '5',
      REDIS_PREFIX: `${process.env.REDIS_PREFIX}-${randomBytes(3).toString('hex')}`,
      MAIL_OUTBOX_DIR: mailDir,
      OUTBOX_POLL_MS: '100',
      JOB_LOCK_MS: '2000',
      MAIL_RETRY_DELAY_MS: '200',
      MAIL_MAX_ATTEMPTS: '30',
      SCHEDULES_CHECK_MS: '60000',
      // far away unless a test brings them closer
      NIGHTLY_CRON: '0 0 3 1 1 *',
      DIGEST_CRON: '0 0 4 1 1 *',
      ...overrides,
    };
    return new JobsWorld(env, database.drop, mailDir);
  }

  get config() {
    return loadConfig(this.env);
  }

  /** The API, against this world (no worker inside). */
  async startApi() {
    this.api ??= await startApi(this.env, this.clock);
    return asAgent(this.api);
  }

  /** A worker in the test process (its services can be reached through `app.get`). */
  async startWorker(overrides: NodeJS.ProcessEnv = {}): Promise<RunningWorker> {
    const worker = await startWorker(loadConfig({ ...this.env, ...overrides }), { clock: this.clock });
    this.workers.push(worker);
    return worker;
  }

  /** A worker process (dist/worker.js), to kill or to run beside another. */
  spawnWorker(overrides: NodeJS.ProcessEnv = {}): RunningProcess {
    const child = run('worker.js', [], { ...this.env, LOG_LEVEL: 'info', ...overrides });
    this.processes.push(child);
    return child;
  }

  /** SQL against this world's database. */
  async sql<T extends Record<string, unknown>>(text: string, values: unknown[] = []): Promise<T[]> {
    const client = new Client({ connectionString: this.env.DATABASE_URL });
    await client.connect();
    try {
      return (await client.query<T>(text, values)).rows;
    } finally {
      await client.end();
    }
  }

  /** The queues of this world, as a producer sees them (to look at jobs). */
  queues(): QueueService {
    return new QueueService(this.config, this.clock);
  }

  async close(): Promise<void> {
    for (const child of this.processes) if (child.child.exitCode === null && child.child.signalCode === null) child.child.kill('SIGKILL');
    await Promise.all(this.processes.map((p) => p.exited));
    await Promise.all(this.workers.map((w) => w.stop().catch(() => undefined)));
    await this.api?.close();
    await deleteRedisKeys(this.env.REDIS_URL!, `${this.env.REDIS_PREFIX}:`).catch(() => undefined);
    await this.dropDatabase();
    rmSync(this.mailDir, { recursive: true, force: true });
  }
}
