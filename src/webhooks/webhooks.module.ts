import { Module } from '@nestjs/common';
import { WebhooksController } from './webhooks.controller';
import { WebhooksDelivery } from './webhooks.delivery';
import { WebhooksRepository } from './webhooks.repository';
import { WebhooksService } from './webhooks.service';

/** Webhooks: the admins' subscriptions (API), their deliveries (worker: the outbox relay's fan-out and the job). */
@Module({
  controllers: [WebhooksController],
  providers: [WebhooksService, WebhooksRepository, WebhooksDelivery],
  exports: [WebhooksDelivery],
})
export class WebhooksModule {}
