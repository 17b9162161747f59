import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { Job, JobsOptions, Queue } from 'bullmq';
import { Clock } from '../../common/clock';
import { AppConfig } from '../../config/app-config';
import { JobName, jobIdOf, JobRequest, QUEUE_NAMES, QueueName, queueOf } from './queue.jobs';
import { parseSchedule, WEBHOOK_BACKOFF } from '../../webhooks/webhooks.model';

/** How long a finished job stays visible (dashboard, and so that adding it again is a no-op). */
const KEEP_COMPLETED = { age: 7 * 24 * 3600, count: 50_000 };
const KEEP_FAILED = { age: 30 * 24 * 3600 };

/** Retries wait `delay`, doubling each time, at most MAX_BACKOFF_MS (the workers' backoff strategy). */
export const CAPPED_BACKOFF = 'capped-exponential';
export const MAX_BACKOFF_MS = 15 * 60_000;

/** BullMQ's connection options for Passerelle's Redis (`url` is handed to ioredis). */
export function bullConnection(config: AppConfig, role: 'producer' | 'worker') {
  return {
    url: config.REDIS_URL,
    connectionName: `passerelle-${role}`,
    // a producer fails fast while Redis is away (the outbox keeps what it could not add);
    // workers wait and reconnect
    ...(role === 'producer' ? { enableOfflineQueue: false, maxRetriesPerRequest: 1 } : { maxRetriesPerRequest: null }),
    retryStrategy: (attempt: number) => Math.min(attempt * 250, 3_000),
  };
}

export const bullPrefix = (config: AppConfig) => `${config.REDIS_PREFIX}:bull`;

/**
 * The one producer: the queues, and adding jobs of the catalogue with their deterministic ids.
 * Used by the worker (outbox relay, reminders, reconciliation) and by the API for the
 * queue dashboard; requests never add jobs themselves (they write the outbox).
 */
@Injectable()
export class QueueService implements OnModuleDestroy {
  private readonly logger = new Logger('Queues');
  private readonly queues: Map<QueueName, Queue>;
  private lastErrorLog = 0;

  constructor(
    private readonly config: AppConfig,
    // built by hand (the CLI, tests), it reads the wall clock
    private readonly clock: Clock = new Clock(config),
  ) {
    this.queues = new Map(
      QUEUE_NAMES.map((name) => {
        const queue = new Queue(name, {
          connection: bullConnection(config, 'producer'),
          prefix: bullPrefix(config),
          defaultJobOptions: { removeOnComplete: KEEP_COMPLETED, removeOnFail: KEEP_FAILED, attempts: 8, backoff: { type: CAPPED_BACKOFF, delay: 5_000 } },
        });
        queue.on('error', (error) => this.logError(error));
        return [name, queue];
      }),
    );
  }

  queue(name: QueueName): Queue {
    return this.queues.get(name)!;
  }

  all(): Queue[] {
    return [...this.queues.values()];
  }

  /** Adds jobs, grouped by queue, each with its catalogue id; at most `timeoutMs` waiting for Redis. */
  async add(requests: readonly JobRequest[], options: { timeoutMs?: number } = {}): Promise<void> {
    if (requests.length === 0) return;
    const byQueue = new Map<QueueName, JobRequest[]>();
    for (const request of requests) byQueue.set(queueOf(request.name), [...(byQueue.get(queueOf(request.name)) ?? []), request]);
    await withTimeout(
      Promise.all(
        [...byQueue].map(([queue, batch]) =>
          this.queue(queue).addBulk(
            batch.map((request) => ({
              name: request.name,
              data: request.payload,
              opts: {
                jobId: jobIdOf(request.name, request.payload as never),
                delay: request.runAt ? this.clock.msUntil(request.runAt) : undefined,
                ...this.optionsFor(request.name),
              },
            })),
          ),
        ),
      ),
      options.timeoutMs ?? 5_000,
      'adding jobs to Redis',
    );
  }

  /** E-mails retry longer (an SMTP server down for an hour), from MAIL_RETRY_DELAY_MS up; webhooks on their own schedule. */
  private optionsFor(name: JobName): JobsOptions {
    if (name === JobName.SendEmail)
      return { attempts: this.config.MAIL_MAX_ATTEMPTS, backoff: { type: CAPPED_BACKOFF, delay: this.config.MAIL_RETRY_DELAY_MS } };
    // webhooks: the first try, then one per wait of WEBHOOK_RETRY_DELAYS_MS (the workers' schedule)
    if (name === JobName.DeliverWebhook) return { attempts: parseSchedule(this.config.WEBHOOK_RETRY_DELAYS_MS).length + 1, backoff: { type: WEBHOOK_BACKOFF } };
    return {};
  }

  /** The job of this name and payload, if Redis knows it. */
  async find<N extends JobName>(name: N, payload: JobRequest<N>['payload']): Promise<Job | undefined> {
    const id = jobIdOf(name, payload);
    return id ? this.queue(queueOf(name)).getJob(id) : undefined;
  }

  /** Which of these jobs Redis holds, in one round trip (the reconciliation checks thousands at a time). */
  async holds<N extends JobName>(name: N, payloads: readonly JobRequest<N>['payload'][]): Promise<boolean[]> {
    if (payloads.length === 0) return [];
    const queue = this.queue(queueOf(name));
    const client = await queue.getBackend().client;
    const pipeline = client.pipeline();
    // a job is a hash under its key (BullMQ's own pipelines declare hgetall, not exists)
    for (const payload of payloads) pipeline.hgetall(queue.toKey(jobIdOf(name, payload) ?? ''));
    const replies = (await withTimeout(pipeline.exec(), 15_000, 'checking jobs in Redis')) ?? [];
    return replies.map(([error, hash]) => {
      if (error) throw error;
      return Object.keys((hash ?? {}) as object).length > 0;
    });
  }

  /** Removes waiting or delayed jobs (a cancelled deadline's); an active one is left to finish (its handler checks). */
  async remove(requests: readonly Pick<JobRequest, 'name' | 'payload'>[]): Promise<void> {
    await withTimeout(
      Promise.all(
        requests.map(async ({ name, payload }) => {
          const id = jobIdOf(name, payload as never);
          if (!id) return;
          await this.queue(queueOf(name))
            .remove(id)
            .catch((error: Error) => {
              // a job running now is left to finish (its handler re-reads the deadline); Redis away is a failure
              if (!/locked/i.test(error.message)) throw error;
              this.logger.debug(`job ${id} not removed: ${error.message}`);
            });
        }),
      ),
      5_000,
      'removing jobs from Redis',
    );
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all(this.all().map((queue) => queue.close().catch(() => undefined)));
  }

  private logError(error: Error): void {
    const now = Date.now(); // log throttling (a line a minute at most): the wall clock's time, not the office's
    if (now - this.lastErrorLog > 60_000) {
      this.lastErrorLog = now;
      this.logger.warn(`Queues cannot reach Redis: ${error.message}`);
    }
  }
}

export async function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      work,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${what} took more than ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
