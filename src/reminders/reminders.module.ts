import { Module } from '@nestjs/common';
import { CatalogModule } from '../catalog/catalog.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { WebhooksModule } from '../webhooks/webhooks.module';
import { WorkflowModule } from '../workflow/workflow.module';
import { RemindersRepository } from './reminders.repository';
import { RemindersService } from './reminders.service';
import { WatchesService } from './watches.service';

/** Deadlines on the queues, the reminders before them, the nightly reconciliation and watches. */
@Module({
  imports: [WorkflowModule, NotificationsModule, CatalogModule, WebhooksModule],
  providers: [RemindersService, RemindersRepository, WatchesService],
  exports: [RemindersService],
})
export class RemindersModule {}
