import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { JobName, JOBS, queueOf, recurringJobs, Schedule } from './queue.jobs';
import { QueueService, withTimeout } from './queue.service';

/**
 * The recurring jobs as BullMQ job schedulers: one scheduler per job, kept in Redis under the
 * job's name. Upserting is idempotent, so every worker may register them at start-up and
 * there is still one scheduler — one job per tick — whatever the number of replicas. If Redis
 * loses its data, the next check puts them back and reconciles at once.
 */
@Injectable()
export class RecurringJobs {
  private readonly logger = new Logger('Schedules');

  constructor(
    private readonly config: AppConfig,
    private readonly queues: QueueService,
  ) {}

  private pattern(schedule: Schedule): string {
    return schedule === 'nightly' ? this.config.NIGHTLY_CRON : this.config.DIGEST_CRON;
  }

  /**
   * Creates or updates the schedulers of the catalogue and removes those it no longer has.
   * Returns the ones Redis did not have (all of them on a first start, or after Redis lost
   * its data).
   */
  async register(): Promise<JobName[]> {
    const wanted = recurringJobs();
    const missing = await this.missing();
    for (const { name, schedule } of wanted) {
      await this.queues.queue(queueOf(name)).upsertJobScheduler(name, { pattern: this.pattern(schedule), tz: this.config.OFFICE_TIMEZONE }, { name, data: {} });
    }
    for (const queue of this.queues.all()) {
      for (const scheduler of await queue.getJobSchedulers()) {
        if (!wanted.some((job) => (job.name as string) === scheduler.key)) {
          await queue.removeJobScheduler(scheduler.key);
          this.logger.log(`Removed the scheduler ${scheduler.key}, no longer in the job catalogue`);
        }
      }
    }
    return missing;
  }

  /**
   * Whether every scheduler is still in Redis. When some are gone (Redis restarted without
   * its data, or was flushed), they are registered again and a reconciliation runs now: the
   * delayed jobs went with them.
   */
  async check(): Promise<'ok' | 'restored'> {
    const missing = await this.missing();
    if (missing.length === 0) return 'ok';
    this.logger.warn({ missing }, 'Redis lost the job schedulers: registering them again and reconciling the deadlines now');
    await this.register();
    await this.runNow(JobName.ReconcileDeadlines, 'redis-data-lost');
    return 'restored';
  }

  private async missing(): Promise<JobName[]> {
    const missing: JobName[] = [];
    await withTimeout(
      Promise.all(
        recurringJobs().map(async ({ name }) => {
          if (!(await this.queues.queue(queueOf(name)).getJobScheduler(name))) missing.push(name);
        }),
      ),
      5_000,
      'checking the schedulers',
    );
    return missing;
  }

  /** Runs a recurring job once now, outside its schedule (by hand, or after Redis lost its data). */
  async runNow(name: JobName, reason: string): Promise<string> {
    const queue = this.queues.queue(JOBS[name].queue);
    const stamp = Date.now(); // only makes the job id unique (and sorted) per run by hand: no date is judged by it
    const job = await queue.add(name, {}, { jobId: `run:${name}:${stamp}-${reason}` });
    return job.id!;
  }
}
