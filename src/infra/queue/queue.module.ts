import { Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { JobHandlerDiscovery } from './job-handler';
import { JobRunsRepository } from './job-runs.repository';
import { QueueService } from './queue.service';
import { JobWorkers } from './queue.workers';
import { RecurringJobs } from './recurring-jobs';

/** The queues and their one producer, in every process (the API shows them on the dashboard). */
@Global()
@Module({ providers: [QueueService], exports: [QueueService] })
export class QueueModule {}

/** The worker side: BullMQ workers dispatching to the `@HandlesJob` methods, and the schedulers. Worker process only. */
@Module({
  imports: [DiscoveryModule],
  providers: [JobHandlerDiscovery, JobRunsRepository, JobWorkers, RecurringJobs],
  exports: [JobWorkers, RecurringJobs, JobRunsRepository],
})
export class QueueWorkersModule {}
