import { Injectable, Logger } from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import { Clock } from '../common/clock';
import { AppConfig } from '../config/app-config';
import { classifySendFailure, MailTransport } from '../infra/mail/mail.transport';
import { HandlesJob, type JobContext } from '../infra/queue/job-handler';
import { JobName, jobIdOf, type JobPayload, queueOf } from '../infra/queue/queue.jobs';
import { QueueService, withTimeout } from '../infra/queue/queue.service';
import { OfficeService } from '../office/office.service';
import { containsMarker, withToken } from '../student-access/student-access.links';
import { StudentAccessService } from '../student-access/student-access.service';
import { Notification } from './notifications.model';
import { NotificationsRepository } from './notifications.repository';
import { NotificationsService, sendJob } from './notifications.service';

/** Tries at recording an e-mail the SMTP server accepted (about a minute in all). */
const RECORD_SENT_RETRIES = 15;

const BATCH = 500;

/** BullMQ states of a job that will still run: its e-mail is in flight. */
const STILL_TO_RUN = new Set(['waiting', 'active', 'delayed', 'prioritized', 'waiting-children']);

/** How long an e-mail waits for an earlier one of its dossier before it looks again. */
const BEHIND_RETRY_MS = 500;

/**
 * The recorded e-mails sent, never twice. Sending takes a lease on the row, so a retried or
 * stalled job finds the e-mail sent, being sent, or to send again — with the same Message-ID.
 */
@Injectable()
export class NotificationsDelivery {
  private readonly logger = new Logger('Notifications');

  constructor(
    private readonly notifications: NotificationsRepository,
    private readonly drafts: NotificationsService,
    private readonly queues: QueueService,
    private readonly mail: MailTransport,
    private readonly config: AppConfig,
    private readonly office: OfficeService,
    private readonly clock: Clock,
    private readonly studentAccess: StudentAccessService,
  ) {}

  @HandlesJob(JobName.SendEmail)
  async deliver({ notificationId }: JobPayload<JobName.SendEmail>, job: JobContext): Promise<unknown> {
    const leaseMs = this.config.JOB_LOCK_MS;
    const claim = await this.notifications.claim(notificationId, leaseMs);
    if (claim.kind === 'missing') return { skipped: 'no such e-mail' };
    if (claim.kind === 'done') return { skipped: `already ${claim.status}` };
    // another worker is sending it: look again when its lease ends (it may die meanwhile)
    if (claim.kind === 'busy') return job.delayUntil(new Date(this.clock.now().getTime() + claim.leaseEndsInMs + 250));
    // an earlier e-mail to the same person about this dossier goes first
    if (claim.kind === 'behind') return job.delayUntil(new Date(this.clock.now().getTime() + BEHIND_RETRY_MS));
    const notification = claim.notification;
    const attempt = notification.attempts;
    const heartbeat = setInterval(
      () => void this.notifications.extendLease(notification.id, attempt, leaseMs).catch(() => undefined),
      Math.max(250, leaseMs / 3),
    );
    let receipt: Awaited<ReturnType<MailTransport['send']>>;
    try {
      receipt = await this.mail.send({
        ...(await this.withPersonalLink(notification, await this.drafts.messageOf(notification))),
        replyTo: (await this.office.profile()).email,
        to: notification.recipient,
        messageId: this.messageIdOf(notification),
        headers: { 'X-Passerelle-Event': notification.eventKey },
      });
    } catch (error) {
      clearInterval(heartbeat);
      const failure = classifySendFailure(error);
      const final = failure.permanent || attempt >= this.config.MAIL_MAX_ATTEMPTS;
      await this.notifications.settle(notification.id, attempt, { status: final ? 'failed' : 'retrying', error: failure.message });
      if (final) {
        this.logger.error(
          { notificationId, template: notification.template, attempt, error: failure.message },
          `E-mail ${notification.template} failed for good`,
        );
        throw new UnrecoverableError(failure.message);
      }
      throw new Error(failure.message, { cause: error });
    }
    // The SMTP server has the message. From here nothing may send it again: recording it is
    // retried (the lease kept alive meanwhile), and if the database stays away the job ends
    // without a retry, the row left `sending` under its lease.
    try {
      const settled = await this.recordSent(notification.id, attempt, receipt.messageId);
      if (!settled) this.logger.warn({ notificationId, attempt }, 'E-mail sent, but another attempt had already recorded it sent');
    } catch (error) {
      this.logger.error({ notificationId, err: (error as Error).message }, 'E-mail sent but not recorded: left as sending, not retried');
      throw new UnrecoverableError(`sent (${receipt.messageId}) but could not be recorded: ${(error as Error).message}`);
    } finally {
      clearInterval(heartbeat);
    }
    this.logger.log({ notificationId, template: notification.template, attempt }, `E-mail ${notification.template} sent`);
    return { sent: receipt.messageId, response: receipt.response };
  }

  /**
   * A student's e-mail about a dossier leaves with a personal link of its own: a fresh token
   * in place of the marker, its hash kept against this e-mail (a retried attempt's token
   * replaces the failed one's). The recorded e-mail keeps the marker, never the token.
   */
  private async withPersonalLink(notification: Notification, message: { subject: string; text: string; html: string }) {
    const { dossierId, studentId } = notification;
    if (!dossierId || !studentId || !(containsMarker(message.subject) || containsMarker(message.text) || containsMarker(message.html))) return message;
    const token = await this.studentAccess.mintForNotification(dossierId, notification.id);
    return { subject: withToken(message.subject, token), text: withToken(message.text, token), html: withToken(message.html, token) };
  }

  private async recordSent(id: string, attempt: number, smtpMessageId: string): Promise<boolean> {
    for (let retry = 0; ; retry++) {
      try {
        return await this.notifications.settle(id, attempt, { status: 'sent', smtpMessageId });
      } catch (error) {
        if (retry >= RECORD_SENT_RETRIES) throw error;
        await new Promise((resolve) => setTimeout(resolve, Math.min(250 * 2 ** retry, 5_000)));
      }
    }
  }

  /**
   * E-mails still to send whose job Redis no longer has (or holds as finished): queued again
   * (the reconciliation). Those in flight are left alone: sending under a live lease (the
   * query skips them), or with a job still to run (waiting, delayed for a retry, active).
   * A batch's jobs are looked up together: ioredis pipelines the concurrent calls on its one
   * connection, one round trip per batch instead of two per e-mail. Putting back one that
   * went out meanwhile is harmless: its claim finds it sent.
   */
  async requeueUnsent(): Promise<number> {
    const queue = this.queues.queue(queueOf(JobName.SendEmail));
    let requeued = 0;
    for (let after: string | null = null; ;) {
      const batch = await this.notifications.unsent(after, BATCH);
      if (batch.length === 0) return requeued;
      after = batch.at(-1)!.id;
      const jobs = batch.map(({ id }) => sendJob(id));
      const states = await withTimeout(
        Promise.all(jobs.map((job) => queue.getJobState(jobIdOf(job.name, job.payload)!))),
        15_000,
        'checking the e-mail jobs in Redis',
      );
      const lost = jobs.filter((_, i) => !STILL_TO_RUN.has(states[i]!));
      // a finished job (or a stray one in no list) under the same id would make adding it a no-op
      await this.queues.remove(lost);
      await this.queues.add(lost);
      requeued += lost.length;
    }
  }

  private messageIdOf(notification: Notification): string {
    const domain = /@([^>\s]+)>?\s*$/.exec(this.config.MAIL_FROM)?.[1] ?? 'passerelle.localhost';
    return `<${notification.id}@${domain}>`;
  }
}
