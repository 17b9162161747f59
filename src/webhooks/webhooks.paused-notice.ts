import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import type { JobName, JobRequest } from '../infra/queue/queue.jobs';
import { NotificationsService } from '../notifications/notifications.service';
import { WebhooksUpkeepRepository } from './webhooks.upkeep-repository';

/**
 * The office told of a subscription the worker paused: one e-mail (webhook_paused) to each
 * active admin of the whole office — to the office's address when it has none — drafted by the
 * relay from the outbox row the pause wrote. Its event key names the pause and the admin, so
 * relaying the row again, or a retried job, sends nothing twice.
 */
@Injectable()
export class WebhooksPausedNotice {
  constructor(
    private readonly upkeep: WebhooksUpkeepRepository,
    private readonly notifications: NotificationsService,
    private readonly config: AppConfig,
  ) {}

  /** The e-mails of outbox row `webhook.paused`, recorded; the jobs that send them. */
  async jobsFor(payload: Record<string, unknown>): Promise<JobRequest<JobName.SendEmail>[]> {
    const pausedAt = new Date(String(payload.pausedAt));
    const subscription = await this.upkeep.paused(String(payload.subscriptionId));
    // resumed (or paused again: that pause has its own row) before the relay came to it: nothing to tell
    if (subscription?.status !== 'paused' || subscription.pausedAt?.getTime() !== pausedAt.getTime()) return [];
    const admins = await this.upkeep.officeAdmins();
    const recipients = admins.length
      ? admins.map((a) => ({ key: a.id, agentId: a.id, email: a.email, name: a.displayName }))
      : [{ key: 'office', agentId: null, email: this.config.OFFICE_EMAIL, name: this.config.OFFICE_NAME }];
    const data = {
      subscriptionId: subscription.id,
      url: subscription.url,
      description: subscription.description,
      pausedAt: pausedAt.toISOString(),
      cause: payload.cause === 'gone' ? 'gone' : 'failures',
      failures: typeof payload.failures === 'number' ? payload.failures : null,
    };
    const drafts = await Promise.all(
      recipients.map((to) =>
        this.notifications.draft({
          eventKey: `webhook-paused:${subscription.id}:${pausedAt.getTime()}:${to.key}`,
          agentId: to.agentId,
          template: 'webhook_paused',
          language: 'fr',
          recipient: to.email,
          recipientName: to.name,
          data,
        }),
      ),
    );
    return this.notifications.record(drafts);
  }
}
