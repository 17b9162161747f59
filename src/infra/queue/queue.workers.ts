import { hostname } from 'node:os';
import { Injectable, Logger } from '@nestjs/common';
import { DelayedError, Job, UnrecoverableError, Worker } from 'bullmq';
import { Clock } from '../../common/clock';
import { AppConfig } from '../../config/app-config';
import { JobContext, JobHandlerDiscovery, JobHandlerFn } from './job-handler';
import { JobRunsRepository } from './job-runs.repository';
import { backoffDelay, handlerProblems, JobName, JobPayload, JOBS, QUEUE_NAMES } from './queue.jobs';
import { bullConnection, bullPrefix, MAX_BACKOFF_MS } from './queue.service';
import { parseSchedule, WEBHOOK_BACKOFF, webhookRetryDelay } from '../../webhooks/webhooks.model';

export class JobCatalogueError extends Error {}

/**
 * The worker side of the queues: one BullMQ worker per queue, each job dispatched to the one
 * `@HandlesJob` method of its name. Recurring jobs run once per tick, whatever the number of
 * workers (job_runs). Only the worker process starts it.
 */
@Injectable()
export class JobWorkers {
  private readonly logger = new Logger('Jobs');
  private readonly handlers = new Map<string, JobHandlerFn>();
  private workers: Worker[] = [];
  private lastErrorLog = 0;
  /** Which process ran a job (job_runs, logs). */
  readonly identity = `${hostname()}:${process.pid}`;

  constructor(
    private readonly config: AppConfig,
    private readonly discovery: JobHandlerDiscovery,
    private readonly runs: JobRunsRepository,
    private readonly clock: Clock,
  ) {}

  /** Checks that every job of the catalogue has exactly one handler, then starts consuming. */
  start(): void {
    const found = this.discovery.find();
    const problems = handlerProblems(found);
    if (problems.length) throw new JobCatalogueError(`The job catalogue and its handlers disagree: ${problems.join('; ')}.`);
    for (const handler of found) this.handlers.set(handler.name, handler.run);
    this.workers = QUEUE_NAMES.map((queue) => {
      const worker = new Worker(queue, (job, token) => this.process(job, token), {
        connection: bullConnection(this.config, 'worker'),
        prefix: bullPrefix(this.config),
        concurrency: this.config.WORKER_CONCURRENCY,
        // a crashed worker's job goes back to the queue after this long
        lockDuration: this.config.JOB_LOCK_MS,
        stalledInterval: this.config.JOB_LOCK_MS,
        maxStalledCount: 2,
        settings: {
          backoffStrategy: (attemptsMade, type, _error, job) =>
            type === WEBHOOK_BACKOFF
              ? webhookRetryDelay(attemptsMade, parseSchedule(this.config.WEBHOOK_RETRY_DELAYS_MS))
              : backoffDelay(attemptsMade, Number(job?.opts.backoff && typeof job.opts.backoff === 'object' ? job.opts.backoff.delay : 5_000), MAX_BACKOFF_MS),
        },
      });
      worker.on('failed', (job, error) => {
        if (!job) return;
        const final = error instanceof UnrecoverableError || job.attemptsMade >= (job.opts.attempts ?? 1);
        this.logger[final ? 'error' : 'warn'](
          { job: job.name, jobId: job.id, attempt: job.attemptsMade, final, err: error.message },
          `Job ${job.name} failed${final ? '' : ', will retry'}`,
        );
      });
      worker.on('error', (error) => {
        const now = Date.now(); // log throttling (a line a minute at most): the wall clock's time, not the office's
        if (now - this.lastErrorLog > 60_000) {
          this.lastErrorLog = now;
          this.logger.warn(`Workers cannot reach Redis: ${error.message}`);
        }
      });
      return worker;
    });
    this.logger.log({ queues: QUEUE_NAMES, handlers: found.length, concurrency: this.config.WORKER_CONCURRENCY }, 'Workers started');
  }

  /** Stops taking jobs and waits for the active ones to finish. */
  async stop(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.close()));
    this.workers = [];
  }

  private async process(job: Job, token?: string): Promise<unknown> {
    const handler = this.handlers.get(job.name);
    if (!handler) throw new UnrecoverableError(`no handler for job ${job.name}`);
    const context: JobContext = {
      id: job.id,
      attemptsMade: job.attemptsMade,
      maxAttempts: job.opts.attempts ?? 1,
      scheduledFor: job.opts.prevMillis ? new Date(job.opts.prevMillis) : null,
      delayUntil: async (at) => {
        const wallNow = Date.now(); // BullMQ's timestamps are the wall clock's (Redis compares them); the wait is the Clock's
        await job.moveToDelayed(wallNow + this.clock.msUntil(at), token);
        throw new DelayedError();
      },
    };
    const recurring = JOBS[job.name as JobName]?.schedule;
    if (!recurring) return handler(job.data as JobPayload<JobName>, context);
    const runId = await this.runs.start(job.name, context.scheduledFor, this.identity, this.config.JOB_LOCK_MS);
    if (!runId) {
      this.logger.log({ job: job.name, scheduledFor: context.scheduledFor }, `Job ${job.name}: this tick already ran elsewhere`);
      return { skipped: 'this tick already ran' };
    }
    try {
      const outcome = await handler(job.data as JobPayload<JobName>, context);
      await this.runs.finish(runId, outcome);
      this.logger.log({ job: job.name, scheduledFor: context.scheduledFor, worker: this.identity, outcome }, `Ran ${job.name}`);
      return outcome;
    } catch (error) {
      await this.runs.fail(runId, error instanceof Error ? error.message : String(error)).catch(() => undefined);
      throw error;
    }
  }
}
