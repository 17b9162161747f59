import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '../common/clock';
import { AppConfig } from '../config/app-config';
import { HandlesJob } from '../infra/queue/job-handler';
import { JobName, JobRequest } from '../infra/queue/queue.jobs';
import { QueueService } from '../infra/queue/queue.service';
import { NotificationDraft } from '../notifications/notifications.model';
import { sendJob, NotificationsService } from '../notifications/notifications.service';
import type { TemplateName } from '../email-templates/email-templates.model';
import { RemindersService } from '../reminders/reminders.service';
import { WebhooksDelivery } from '../webhooks/webhooks.delivery';
import { OutboxFailure, OutboxMessage, OutboxRepository } from './outbox.repository';

const BATCH = 200;
const MAX_PAUSE_MS = 10_000;
/** Relayed rows are kept this long (to see what a change asked for), then deleted. */
const RELAYED_KEPT_DAYS = 30;

/**
 * Relays what committed changes asked for (the outbox) to the queues: e-mails are recorded
 * and queued, deadlines get their jobs, stopped deadlines lose them. A row is marked relayed
 * only once Redis has the jobs, so a commit made while Redis was down is relayed when it is
 * back; the jobs' ids are deterministic, so relaying twice adds nothing. Runs in the worker.
 */
@Injectable()
export class OutboxRelay {
  private readonly logger = new Logger('Outbox');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = true;
  private failures = 0;

  constructor(
    private readonly outbox: OutboxRepository,
    private readonly notifications: NotificationsService,
    private readonly reminders: RemindersService,
    private readonly webhooks: WebhooksDelivery,
    private readonly queues: QueueService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  /** Stops polling; a batch under way finishes first. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  /** Relays every waiting row now (tests, the CLI); returns how many. */
  async drain(): Promise<number> {
    let total = 0;
    for (let relayed = -1; relayed !== 0; total += relayed) relayed = await this.relayOnce();
    return total;
  }

  /** Relays one batch of the oldest waiting rows; returns how many. */
  relayOnce(): Promise<number> {
    return this.outbox.relayBatch(BATCH, (messages) => this.relay(messages));
  }

  /** Nightly: relayed rows older than 30 days go. */
  @HandlesJob(JobName.PurgeOutbox)
  async purge(): Promise<{ deleted: number }> {
    return { deleted: await this.outbox.deleteRelayedBefore(new Date(this.clock.now().getTime() - RELAYED_KEPT_DAYS * 86_400_000)) };
  }

  private schedule(delay: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.tick().finally(() => (this.running = null));
    }, delay);
  }

  private async tick(): Promise<void> {
    let next = this.config.OUTBOX_POLL_MS;
    try {
      const relayed = await this.relayOnce();
      if (this.failures > 0) this.logger.log(`Relaying again after ${this.failures} failed attempt(s)`);
      this.failures = 0;
      if (relayed === BATCH) next = 0;
    } catch (error) {
      this.failures++;
      // while Redis (or PostgreSQL) is away the rows wait; say so once in a while, not every poll
      if (this.failures === 1 || this.failures % 30 === 0) {
        const { waiting } = await this.outbox.backlog().catch(() => ({ waiting: NaN }));
        this.logger.warn({ err: (error as Error).message, waiting }, `Outbox not relayed (attempt ${this.failures}); its rows wait`);
      }
      next = Math.min(this.config.OUTBOX_POLL_MS * 2 ** Math.min(this.failures, 6), MAX_PAUSE_MS);
    }
    this.schedule(next);
  }

  /**
   * Prepares each message, then adds and removes the jobs of all of them. A message that
   * cannot be prepared (its data, a template or topic this worker does not know) is returned
   * as failed and the others go on; PostgreSQL or Redis being away fails the whole batch,
   * which waits.
   */
  private async relay(messages: OutboxMessage[]): Promise<OutboxFailure[]> {
    const drafts: NotificationDraft[] = [];
    const add: JobRequest[] = [];
    const remove: JobRequest[] = [];
    const failures: OutboxFailure[] = [];
    const emails = await this.draftEmails(messages.filter((m) => m.topic === 'email'));
    for (const message of messages) {
      try {
        const prepared = await this.prepare(message, emails);
        if (prepared.draft) drafts.push(prepared.draft);
        add.push(...(prepared.add ?? []));
        remove.push(...(prepared.remove ?? []));
      } catch (error) {
        if (isOutage(error)) throw error;
        const reason = (error as Error).message;
        this.logger.error(
          { id: message.id.toString(), topic: message.topic, key: message.key, err: reason },
          'An outbox message could not be relayed; the others go on',
        );
        failures.push({ id: message.id, error: reason });
      }
    }
    add.push(...(await this.notifications.record(drafts)));
    await this.queues.remove(remove);
    await this.queues.add(add);
    return failures;
  }

  /** The batch's e-mails drafted together (their dossiers read in one query), by message id. */
  private async draftEmails(messages: OutboxMessage[]): Promise<Map<bigint, PromiseSettledResult<NotificationDraft | null>>> {
    const drafted = await this.notifications.draftsForDossiers(
      messages.map(({ key, dossierId, payload }) => ({
        dossierId: typeof payload.dossierId === 'string' ? payload.dossierId : String(dossierId),
        eventKey: key,
        template: payload.template as TemplateName,
        data: (payload.data ?? {}) as Record<string, unknown>,
        to: payload.to === 'assignee' ? 'assignee' : 'student',
      })),
    );
    return new Map(messages.map((message, i) => [message.id, drafted[i]!]));
  }

  private async prepare(
    message: OutboxMessage,
    emails: Map<bigint, PromiseSettledResult<NotificationDraft | null>>,
  ): Promise<{ draft?: NotificationDraft | null; add?: JobRequest[]; remove?: JobRequest[] }> {
    const payload = message.payload;
    switch (message.topic) {
      case 'email': {
        const drafted = emails.get(message.id)!;
        if (drafted.status === 'rejected') throw drafted.reason;
        return { draft: drafted.value };
      }
      case 'deadline.schedule':
        return { add: await this.reminders.jobsFor(String(payload.deadlineId)) };
      case 'deadline.cancel':
        return { remove: await this.reminders.jobsToCancel(String(payload.deadlineId)) };
      case 'email.resend':
        // the failed job is still in Redis under the same id: it goes, a new one comes
        return { remove: [sendJob(String(payload.notificationId))], add: [sendJob(String(payload.notificationId))] };
      case 'webhook.event':
      case 'webhook.resend':
      case 'webhook.paused':
        // a dossier's history row or a failed e-mail (the migration's triggers), an admin's resend, the admins told of a pause
        return this.webhooks.jobsFor(message.topic, payload);
      default:
        // a newer worker may know it (a rolling deploy): kept, not dropped
        throw new Error(`unknown outbox topic ${message.topic}`);
    }
  }
}

/** PostgreSQL or Redis out of reach: nothing to do with the message itself. */
function isOutage(error: unknown): boolean {
  const { name, code, message } = (error ?? {}) as { name?: string; code?: unknown; message?: string };
  if (name === 'PrismaClientInitializationError' || name === 'PrismaClientRustPanicError') return true;
  if (typeof code === 'string' && /^(P10\d\d|P2024|ECONN\w+|ETIMEDOUT|EPIPE|57P0\d|08\d\d\d)$/.test(code)) return true;
  return /ECONNREFUSED|ECONNRESET|ETIMEDOUT|Connection terminated|connection (is )?closed|Can't reach database|Stream isn't writeable|enableOfflineQueue|timed out/i.test(
    message ?? '',
  );
}
