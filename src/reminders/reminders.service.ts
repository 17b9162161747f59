import { Injectable, Logger } from '@nestjs/common';
import { CatalogService } from '../catalog/catalog.service';
import { resolveParameters } from '../checklist/checklist.engine';
import { Clock } from '../common/clock';
import { AppConfig } from '../config/app-config';
import { HandlesJob, type JobContext } from '../infra/queue/job-handler';
import { JobName, type JobPayload, type JobRequest } from '../infra/queue/queue.jobs';
import { QueueService } from '../infra/queue/queue.service';
import { NotificationsDelivery } from '../notifications/notifications.delivery';
import { NotificationsService } from '../notifications/notifications.service';
import { WebhooksUpkeep } from '../webhooks/webhooks.upkeep';
import { ComplementRequestsService } from '../workflow/workflow.complement-requests';
import { WorkflowSweeps } from '../workflow/workflow.sweeps';
import { DeadlineFacts, RemindersRepository } from './reminders.repository';
import { daysLeft, plannedReminders, PlannedReminder, reminderPlan } from './reminders.schedule';
import { WatchesService } from './watches.service';

const DEFAULT_REMINDER_DAYS = [7, 3, 1];
const BATCH = 2000;
/** Dossiers closed per transaction by the expiry sweep. */
const SWEEP_BATCH = 500;

/**
 * Deadlines on the queues. The deadline lives in PostgreSQL; a delayed job wakes it on time
 * and reminder jobs come before it. Every handler re-reads the deadline, so a job that runs
 * late, twice, or after the deadline stopped does nothing wrong; the nightly reconciliation
 * puts back whatever Redis lost and fires what passed unfired.
 */
@Injectable()
export class RemindersService {
  private readonly logger = new Logger('Deadlines');

  constructor(
    private readonly reminders: RemindersRepository,
    private readonly complements: ComplementRequestsService,
    private readonly sweeps: WorkflowSweeps,
    private readonly notifications: NotificationsService,
    private readonly delivery: NotificationsDelivery,
    private readonly webhooks: WebhooksUpkeep,
    private readonly watches: WatchesService,
    private readonly catalog: CatalogService,
    private readonly queues: QueueService,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  /** The jobs that wake a pending deadline: it firing, and the reminders before it still ahead (plus the latest one missed). */
  async jobsFor(deadlineId: string): Promise<JobRequest[]> {
    const deadline = await this.reminders.deadline(deadlineId);
    return deadline?.status === 'pending' ? this.jobsOf(deadline) : [];
  }

  /** The jobs of a deadline that stopped (documents in, dossier closed...), to remove. */
  async jobsToCancel(deadlineId: string): Promise<JobRequest[]> {
    const deadline = await this.reminders.deadline(deadlineId);
    if (!deadline) return [{ name: JobName.FireDeadline, payload: { deadlineId } }];
    const reminders = deadline.kind === 'complement' ? await this.remindersOf(deadline) : [];
    return [
      { name: JobName.FireDeadline, payload: { deadlineId } },
      ...reminders.map((r) => ({ name: JobName.RemindDeadline, payload: { deadlineId, daysBefore: r.daysBefore } })),
    ];
  }

  @HandlesJob(JobName.FireDeadline)
  async fire({ deadlineId }: JobPayload<JobName.FireDeadline>, job: JobContext): Promise<unknown> {
    const deadline = await this.reminders.deadline(deadlineId);
    if (!deadline || deadline.status !== 'pending') return { skipped: `deadline ${deadline?.status ?? 'gone'}` };
    if (deadline.dueAt > this.clock.now()) return job.delayUntil(deadline.dueAt);
    return this.fireNow(deadline);
  }

  @HandlesJob(JobName.RemindDeadline)
  async remind({ deadlineId, daysBefore }: JobPayload<JobName.RemindDeadline>): Promise<unknown> {
    const deadline = await this.reminders.deadline(deadlineId);
    if (!deadline || deadline.status !== 'pending' || deadline.kind !== 'complement') return { skipped: `deadline ${deadline?.status ?? 'gone'}` };
    if (deadline.dueAt <= this.clock.now()) return { skipped: 'deadline passed' };
    // a worker back after a while finds several reminders due: only the latest is sent
    const later = (await this.remindersOf(deadline)).filter((r) => r.daysBefore < daysBefore && r.at <= this.clock.now());
    if (later.length > 0) return { skipped: `superseded by the ${later.at(-1)!.daysBefore}-day reminder` };
    const items = await this.complements.stillMissing(deadline.dossierId);
    if (items.length === 0) return { skipped: 'nothing missing any more' };
    const draft = await this.notifications.draftForDossier(deadline.dossierId, `complement_reminder:${deadlineId}:${daysBefore}`, 'complement_reminder', {
      items,
      dueOn: deadline.complementDueOn,
      // a reminder caught up late says what is really left
      daysLeft: daysLeft(this.clock.now(), deadline.dueAt, deadline.complementDueOn, this.config.OFFICE_TIMEZONE, this.config.DEADLINE_DAY_MS),
    });
    const queued = draft ? await this.notifications.notify([draft]) : 0;
    return { reminded: queued, daysBefore, missing: items.length };
  }

  /**
   * The nightly reconciliation (and the run after Redis lost its data): fires every pending
   * deadline whose time has passed, gives every other one its jobs back, and queues again the
   * e-mails still to send and the webhook deliveries still pending whose job Redis forgot.
   */
  @HandlesJob(JobName.ReconcileDeadlines)
  async reconcile(): Promise<Record<string, number>> {
    const outcome = { fired: 0, restored: 0, emailsRequeued: 0, webhooksRequeued: 0, errors: 0 };
    // complement deadlines that passed while nothing ran: closed in batches, set-based
    for (;;) {
      const swept = await this.sweeps.expireDueComplements(SWEEP_BATCH);
      outcome.fired += swept.closed + swept.resumed;
      if (!swept.more || swept.closed + swept.resumed === 0) break;
    }
    let after: string | null = null;
    for (;;) {
      const batch = await this.reminders.pendingAfter(after, BATCH);
      if (batch.length === 0) break;
      after = batch.at(-1)!.id;
      const now = this.clock.now();
      // the others past due (prefecture silences, complements the sweep left): one by one
      for (const deadline of batch.filter((d) => d.dueAt <= now)) {
        try {
          await this.fireNow(deadline);
          outcome.fired++;
        } catch (error) {
          outcome.errors++;
          this.logger.error({ deadlineId: deadline.id, err: (error as Error).message }, 'A deadline past due could not be fired; the next run tries again');
        }
      }
      // a deadline whose job Redis lost gets it back, with its reminders (Redis loses all of
      // its data or none: a deadline job still there means its reminders are there too)
      const ahead = batch.filter((d) => d.dueAt > now);
      const held = await this.queues.holds(
        JobName.FireDeadline,
        ahead.map((d) => ({ deadlineId: d.id })),
      );
      const jobs: JobRequest[] = [];
      for (const [i, deadline] of ahead.entries()) {
        if (held[i]) continue;
        outcome.restored++;
        jobs.push(...(await this.jobsOf(deadline)));
      }
      await this.queues.add(jobs, { timeoutMs: 30_000 });
    }
    outcome.emailsRequeued = await this.delivery.requeueUnsent();
    outcome.webhooksRequeued = await this.webhooks.requeuePending();
    if (outcome.fired || outcome.restored || outcome.emailsRequeued || outcome.webhooksRequeued) this.logger.warn(outcome, 'Reconciliation put things right');
    return outcome;
  }

  @HandlesJob(JobName.WatchPermitExpiry)
  watchPermitExpiry() {
    return this.watches.permitExpiry();
  }

  @HandlesJob(JobName.WatchPrefectureSilence)
  watchPrefectureSilence() {
    return this.watches.prefectureSilence();
  }

  @HandlesJob(JobName.WatchAttestationExpiry)
  watchAttestationExpiry() {
    return this.watches.attestationExpiry();
  }

  @HandlesJob(JobName.SendAgentDigests)
  sendAgentDigests() {
    return this.watches.agentDigests();
  }

  private async fireNow(deadline: DeadlineFacts): Promise<unknown> {
    if (deadline.kind === 'complement') {
      const result = await this.sweeps.expireComplement(deadline.dossierId);
      this.logger.log({ deadlineId: deadline.id, dossierId: deadline.dossierId, result }, `Complement deadline: ${result}`);
      return { result };
    }
    // the alert is recorded first (once per deadline, whatever the retries), then the deadline
    // fires: a failure in between retries the job, which finds the alert already there
    const alerted = await this.watches.implicitRejectionReached(deadline.dossierId, deadline.id);
    const fired = await this.reminders.fireSilence(deadline.id);
    if (!fired) return { skipped: 'already settled' };
    return { result: 'implicit-rejection', alerted };
  }

  private async jobsOf(deadline: DeadlineFacts): Promise<JobRequest[]> {
    const jobs: JobRequest[] = [{ name: JobName.FireDeadline, payload: { deadlineId: deadline.id }, runAt: deadline.dueAt }];
    if (deadline.kind !== 'complement') return jobs;
    const { ahead, overdue } = reminderPlan(await this.remindersOf(deadline), deadline.dueAt, this.clock.now(), deadline.createdAt);
    for (const reminder of ahead)
      jobs.push({ name: JobName.RemindDeadline, payload: { deadlineId: deadline.id, daysBefore: reminder.daysBefore }, runAt: reminder.at });
    // a reminder whose time passed while nothing ran (its e-mail, if sent, is not sent again)
    if (overdue) jobs.push({ name: JobName.RemindDeadline, payload: { deadlineId: deadline.id, daysBefore: overdue.daysBefore } });
    return jobs;
  }

  /** The procedure's reminder days (complementReminderDays), at the moments they fall. */
  private async remindersOf(deadline: DeadlineFacts): Promise<PlannedReminder[]> {
    let days = DEFAULT_REMINDER_DAYS;
    if (deadline.procedureVersionId) {
      const definition = (await this.catalog.version(deadline.procedureVersionId)).definition;
      const value = resolveParameters(definition, deadline.prefecture, deadline.receivedAt).complementReminderDays?.value;
      if (Array.isArray(value)) days = value.filter((d): d is number => typeof d === 'number');
    }
    return plannedReminders(deadline.dueAt, days, this.config.OFFICE_TIMEZONE, this.config.DEADLINE_DAY_MS);
  }
}
