import { Injectable, Logger } from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import { Clock } from '../common/clock';
import { AppConfig } from '../config/app-config';
import { HandlesJob, type JobContext } from '../infra/queue/job-handler';
import { JobName, type JobPayload, type JobRequest } from '../infra/queue/queue.jobs';
import { allowedHosts } from './webhooks.address';
import {
  emailFailedPayload,
  historyPayload,
  pauseReason,
  shouldPause,
  wants,
  webhookEventOf,
  type PauseCause,
  type WebhookEvent,
  type WebhookPayload,
} from './webhooks.model';
import { DossierFacts } from './webhooks.model';
import { WebhooksPausedNotice } from './webhooks.paused-notice';
import { WebhooksRepository } from './webhooks.repository';
import { sendWebhook } from './webhooks.sender';
import { WebhooksUpkeepRepository } from './webhooks.upkeep-repository';

export const deliverJob = (deliveryId: string): JobRequest<JobName.DeliverWebhook> => ({ name: JobName.DeliverWebhook, payload: { deliveryId } });

/**
 * The worker's side of webhooks: an event of the outbox fanned out to the subscriptions that
 * want it (one delivery each, recorded once, its job queued), and each delivery sent, signed,
 * retried on the schedule of WEBHOOK_RETRY_DELAYS_MS, until delivered or failed for good.
 * WEBHOOK_PAUSE_AFTER_FAILURES failed for good in a row, or a 410, pause the subscription,
 * and the office's admins are told by e-mail (outbox row webhook.paused, in the pause's transaction).
 */
@Injectable()
export class WebhooksDelivery {
  private readonly logger = new Logger('Webhooks');

  constructor(
    private readonly webhooks: WebhooksRepository,
    private readonly upkeep: WebhooksUpkeepRepository,
    private readonly notice: WebhooksPausedNotice,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** The outbox relay's part: the jobs an outbox row of topic webhook.event, webhook.resend or webhook.paused asks for. */
  async jobsFor(topic: string, payload: Record<string, unknown>): Promise<{ add: JobRequest[]; remove?: JobRequest[] }> {
    if (topic === 'webhook.paused') return { add: await this.notice.jobsFor(payload) };
    if (topic === 'webhook.resend') {
      // the finished job is still in Redis under the same id: it goes, a new one comes
      const jobs = (Array.isArray(payload.deliveryIds) ? payload.deliveryIds : []).map((id) => deliverJob(String(id)));
      return { remove: jobs, add: jobs };
    }
    const event = await this.eventOf(payload);
    if (!event) return { add: [] };
    // a paused subscription's deliveries are recorded too, pending without a job: resuming it sends them
    const targets = (await this.webhooks.subscribed()).filter((s) => wants(s, event.type, event.dossier.institutionId));
    const recorded = await this.webhooks.record(
      targets.map((s) => ({ subscriptionId: s.id, eventKey: event.key, eventType: event.type, dossierId: event.dossier.dossierId, payload: event.body })),
    );
    const active = new Set(targets.filter((s) => s.status === 'active').map((s) => s.id));
    return { add: recorded.filter((d) => active.has(d.subscriptionId)).map((d) => deliverJob(d.id)) };
  }

  private async eventOf(payload: Record<string, unknown>): Promise<{ key: string; type: WebhookEvent; dossier: DossierFacts; body: WebhookPayload } | null> {
    if (typeof payload.historyId === 'string') {
      const facts = await this.webhooks.historyFacts(payload.historyId);
      const type = facts && webhookEventOf(facts.row);
      if (!facts || !type) return null;
      return { key: `history:${facts.row.id}`, type, dossier: facts.dossier, body: historyPayload(type, facts.dossier, facts.row, facts.at) };
    }
    if (typeof payload.notificationId === 'string') {
      const facts = await this.webhooks.emailFacts(payload.notificationId);
      if (!facts) return null;
      const email = { notificationId: payload.notificationId, template: facts.template };
      return {
        key: `email:${payload.notificationId}:${String(payload.attempts)}`,
        type: 'email.failed',
        dossier: facts.dossier,
        body: emailFailedPayload(facts.dossier, email, facts.at),
      };
    }
    throw new Error('webhook.event without historyId or notificationId');
  }

  /** One attempt at a delivery; throws to have BullMQ retry it (UnrecoverableError: no more tries). */
  @HandlesJob(JobName.DeliverWebhook)
  async deliver({ deliveryId }: JobPayload<JobName.DeliverWebhook>, job: JobContext): Promise<unknown> {
    const delivery = await this.webhooks.toSend(deliveryId);
    if (!delivery) return { skipped: 'no such delivery' };
    if (delivery.status !== 'pending') return { skipped: `already ${delivery.status}` };
    // left pending: resuming the subscription sends it
    if (delivery.subscription.status !== 'active') return { skipped: 'subscription paused' };
    const outcome = await sendWebhook(
      { url: delivery.subscription.url, messageId: delivery.id, secret: delivery.subscription.secret, body: JSON.stringify(delivery.payload) },
      { timeoutMs: this.config.WEBHOOK_TIMEOUT_MS, allowedHosts: allowedHosts(this.config.WEBHOOK_ALLOWED_HOSTS) },
    );
    const subscriptionId = delivery.subscription.id;
    const log = { deliveryId, subscriptionId, attempt: job.attemptsMade + 1 };
    if (outcome.kind === 'delivered') {
      await this.webhooks.recordAttempt(deliveryId, { status: 'delivered', lastStatus: outcome.status, lastBody: outcome.body, lastError: null });
      await this.webhooks.resetFailures(subscriptionId);
      return { delivered: outcome.status };
    }
    if (outcome.kind === 'gone') {
      await this.webhooks.recordAttempt(deliveryId, { status: 'failed', lastStatus: outcome.status, lastBody: outcome.body, lastError: 'HTTP 410' });
      await this.pause(subscriptionId, { kind: 'gone' });
      throw new UnrecoverableError('the receiver answered 410 Gone: subscription paused');
    }
    const final = job.attemptsMade + 1 >= job.maxAttempts;
    await this.webhooks.recordAttempt(deliveryId, {
      status: final ? 'failed' : 'pending',
      lastStatus: outcome.status,
      lastBody: outcome.body,
      lastError: outcome.error,
    });
    if (!final) throw new Error(outcome.error);
    this.logger.warn({ ...log, err: outcome.error }, 'Webhook delivery failed for good');
    const inARow = await this.webhooks.countFailure(subscriptionId);
    if (shouldPause(inARow, this.config.WEBHOOK_PAUSE_AFTER_FAILURES)) await this.pause(subscriptionId, { kind: 'failures', count: inARow });
    throw new UnrecoverableError(outcome.error);
  }

  /** Paused, and the admins told (a pause already made by another attempt, or by an admin, tells nothing more). */
  private async pause(subscriptionId: string, cause: PauseCause): Promise<void> {
    const reason = pauseReason(cause);
    if (await this.upkeep.pauseAndTell(subscriptionId, reason, cause, this.clock.now()))
      this.logger.error({ subscriptionId, reason }, 'Webhook subscription paused');
  }
}
