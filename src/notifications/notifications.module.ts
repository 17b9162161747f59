import { Module } from '@nestjs/common';
import { CatalogModule } from '../catalog/catalog.module';
import { DossiersModule } from '../dossiers/dossiers.module';
import { EmailTemplatesModule } from '../email-templates/email-templates.module';
import { MailModule } from '../infra/mail/mail.module';
import { OfficeModule } from '../office/office.module';
import { StudentAccessModule } from '../student-access/student-access.module';
import { NotificationsController } from './notifications.controller';
import { NotificationsDelivery } from './notifications.delivery';
import { NotificationsRepository } from './notifications.repository';
import { NotificationsService } from './notifications.service';

@Module({
  imports: [DossiersModule, CatalogModule, MailModule, EmailTemplatesModule, OfficeModule, StudentAccessModule],
  controllers: [NotificationsController],
  providers: [NotificationsService, NotificationsDelivery, NotificationsRepository],
  exports: [NotificationsService, NotificationsDelivery],
})
export class NotificationsModule {}
