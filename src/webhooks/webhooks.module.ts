import { Module } from '@nestjs/common';
import { NotificationsModule } from '../notifications/notifications.module';
import { WebhooksController } from './webhooks.controller';
import { WebhooksDelivery } from './webhooks.delivery';
import { WebhooksPausedNotice } from './webhooks.paused-notice';
import { WebhooksRepository } from './webhooks.repository';
import { WebhooksService } from './webhooks.service';
import { WebhooksUpkeep } from './webhooks.upkeep';
import { WebhooksUpkeepRepository } from './webhooks.upkeep-repository';

/**
 * Webhooks: the admins' subscriptions (API), their deliveries (worker: the outbox relay's
 * fan-out and the job), the admins told of a pause, the reconciliation's and the nightly purge's part.
 */
@Module({
  imports: [NotificationsModule],
  controllers: [WebhooksController],
  providers: [WebhooksService, WebhooksRepository, WebhooksDelivery, WebhooksPausedNotice, WebhooksUpkeep, WebhooksUpkeepRepository],
  exports: [WebhooksDelivery, WebhooksUpkeep],
})
export class WebhooksModule {}
