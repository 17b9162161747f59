import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '../common/clock';
import { HandlesJob } from '../infra/queue/job-handler';
import { JobName, jobIdOf, queueOf } from '../infra/queue/queue.jobs';
import { QueueService, withTimeout } from '../infra/queue/queue.service';
import { deliverJob } from './webhooks.delivery';
import { DELIVERIES_KEPT_DAYS } from './webhooks.model';
import { WebhooksUpkeepRepository } from './webhooks.upkeep-repository';

const BATCH = 500;
/** Finished deliveries deleted per statement (short locks, however many there are). */
const PURGE_BATCH = 5_000;

/** BullMQ states of a job that will still run: its delivery is in flight. */
const STILL_TO_RUN = new Set(['waiting', 'active', 'delayed', 'prioritized', 'waiting-children']);

/**
 * The webhooks kept right at night: a pending delivery whose job Redis lost (flushed, restarted
 * without its data) gets it back — the nightly reconciliation, the worker's start and the check
 * after Redis lost its data all run it — and finished deliveries go after DELIVERIES_KEPT_DAYS.
 */
@Injectable()
export class WebhooksUpkeep {
  private readonly logger = new Logger('Webhooks');

  constructor(
    private readonly upkeep: WebhooksUpkeepRepository,
    private readonly queues: QueueService,
    private readonly clock: Clock,
  ) {}

  /**
   * Queues again the pending deliveries of active subscriptions that have no job to run; those
   * in flight keep theirs (the ids are deterministic: running it twice adds nothing). How many.
   */
  async requeuePending(): Promise<number> {
    const queue = this.queues.queue(queueOf(JobName.DeliverWebhook));
    let requeued = 0;
    for (let after: string | null = null; ;) {
      const batch = await this.upkeep.pendingAfter(after, BATCH);
      if (batch.length === 0) break;
      after = batch.at(-1)!;
      const jobs = batch.map(deliverJob);
      const states = await withTimeout(
        Promise.all(jobs.map((job) => queue.getJobState(jobIdOf(job.name, job.payload)!))),
        15_000,
        'checking the webhook jobs in Redis',
      );
      const lost = jobs.filter((_, i) => !STILL_TO_RUN.has(states[i]!));
      // a finished job under the same id would make adding it a no-op
      await this.queues.remove(lost);
      await this.queues.add(lost);
      requeued += lost.length;
    }
    if (requeued) this.logger.warn({ requeued }, 'Pending webhook deliveries had lost their job: queued again');
    return requeued;
  }

  /** Nightly: delivered and failed deliveries not changed for DELIVERIES_KEPT_DAYS are deleted. */
  @HandlesJob(JobName.PurgeWebhookDeliveries)
  async purge(): Promise<{ deleted: number }> {
    const before = new Date(this.clock.now().getTime() - DELIVERIES_KEPT_DAYS * 86_400_000);
    let deleted = 0;
    for (let count = PURGE_BATCH; count === PURGE_BATCH; deleted += count) count = await this.upkeep.deleteFinishedBefore(before, PURGE_BATCH);
    return { deleted };
  }
}
