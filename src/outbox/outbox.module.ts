import { Module } from '@nestjs/common';
import { NotificationsModule } from '../notifications/notifications.module';
import { RemindersModule } from '../reminders/reminders.module';
import { WebhooksModule } from '../webhooks/webhooks.module';
import { OutboxRelay } from './outbox.relay';
import { OutboxRepository } from './outbox.repository';

/** The relay from the outbox to the queues (worker process). */
@Module({
  imports: [NotificationsModule, RemindersModule, WebhooksModule],
  providers: [OutboxRepository, OutboxRelay],
  exports: [OutboxRelay, OutboxRepository],
})
export class OutboxModule {}
