import { DynamicModule, Injectable, Logger, Module } from '@nestjs/common';
import type { Logger as PinoLogger } from 'pino';
import { coreModules, FEATURE_MODULES } from './app.module';
import { Clock } from './common/clock';
import { AppConfig } from './config/app-config';
import { EmailTemplatesService } from './email-templates/email-templates.service';
import { JobName } from './infra/queue/queue.jobs';
import { QueueWorkersModule } from './infra/queue/queue.module';
import { JobWorkers } from './infra/queue/queue.workers';
import { RecurringJobs } from './infra/queue/recurring-jobs';
import { OutboxModule } from './outbox/outbox.module';
import { OutboxRelay } from './outbox/outbox.relay';

/**
 * What the worker process runs, started and stopped in order: the job handlers' check and the
 * BullMQ workers, the schedulers, the outbox relay, and a periodic check that Redis still has
 * the schedulers. Stopping: the relay finishes its batch, then active jobs finish.
 */
@Injectable()
export class WorkerRuntime {
  private readonly logger = new Logger('Worker');
  private scheduleCheck: NodeJS.Timeout | null = null;

  constructor(
    private readonly workers: JobWorkers,
    private readonly recurring: RecurringJobs,
    private readonly relay: OutboxRelay,
    private readonly config: AppConfig,
    private readonly templates: EmailTemplatesService,
  ) {}

  async start(): Promise<void> {
    this.workers.start();
    await this.recurring.register();
    // what Redis holds may not match the database any more (Redis lost its data while no worker
    // ran, the database was restored or re-created): the deadlines are reconciled now rather
    // than tonight — adding the jobs Redis still has is a no-op
    await this.recurring.runNow(JobName.ReconcileDeadlines, 'worker-start');
    await this.templates.warmUp();
    this.relay.start();
    this.scheduleCheck = setInterval(() => {
      this.recurring.check().catch((error: Error) => this.logger.warn(`Could not check the schedulers: ${error.message}`));
    }, this.config.SCHEDULES_CHECK_MS);
  }

  async stop(): Promise<void> {
    if (this.scheduleCheck) clearInterval(this.scheduleCheck);
    await this.relay.stop();
    await this.workers.stop();
  }
}

/** The worker process: the same feature modules as the API, without HTTP, plus the processors. */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig, logger: PinoLogger, clock?: Clock): DynamicModule {
    return {
      module: WorkerModule,
      imports: [...coreModules(config, logger, clock), ...FEATURE_MODULES, QueueWorkersModule, OutboxModule],
      providers: [WorkerRuntime],
    };
  }
}
