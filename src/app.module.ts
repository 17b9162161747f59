import { DynamicModule, Module } from '@nestjs/common';
import { AgentsModule } from './agents/agents.module';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { CatalogModule } from './catalog/catalog.module';
import { Clock } from './common/clock';
import { CommonModule } from './common/common.module';
import { DashboardModule } from './dashboard/dashboard.module';
import { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { ChecklistModule } from './checklist/checklist.module';
import { DocumentsModule } from './documents/documents.module';
import { EmailTemplatesModule } from './email-templates/email-templates.module';
import { DossiersModule } from './dossiers/dossiers.module';
import { HealthModule } from './health/health.module';
import { ProblemPagesModule } from './problem-pages/problem-pages.module';
import { PrismaModule } from './infra/prisma/prisma.module';
import { RedisModule } from './infra/redis/redis.module';
import { StorageModule } from './infra/storage/storage.module';
import type { Logger } from 'pino';
import { loggingModule } from './infra/logging';
import { InstitutionsModule } from './institutions/institutions.module';
import { QueueModule } from './infra/queue/queue.module';
import { NotificationsModule } from './notifications/notifications.module';
import { WebhooksModule } from './webhooks/webhooks.module';
import { NotesModule } from './notes/notes.module';
import { MessagesModule } from './messages/messages.module';
import { OfficeModule } from './office/office.module';
import { RemindersModule } from './reminders/reminders.module';
import { PrefectureModule } from './prefecture/prefecture.module';
import { PrivacyModule } from './privacy/privacy.module';
import { StudentsModule } from './students/students.module';
import { StudentPortalModule } from './student-portal/student-portal.module';
import { StudentAccessModule } from './student-access/student-access.module';
import { TimelineModule } from './timeline/timeline.module';
import { TransmissionsModule } from './transmissions/transmissions.module';
import { WorkflowModule } from './workflow/workflow.module';

/** The feature modules, shared by the API and the worker. */
export const FEATURE_MODULES = [
  AgentsModule,
  OfficeModule,
  InstitutionsModule,
  StudentsModule,
  CatalogModule,
  DossiersModule,
  DocumentsModule,
  ChecklistModule,
  WorkflowModule,
  TransmissionsModule,
  PrefectureModule,
  NotesModule,
  MessagesModule,
  StudentPortalModule,
  TimelineModule,
  EmailTemplatesModule,
  NotificationsModule,
  WebhooksModule,
  RemindersModule,
  PrivacyModule,
  StudentAccessModule,
];

/** Infrastructure every process needs: config, logs, PostgreSQL, Redis, queues, clock. */
export function coreModules(config: AppConfig, logger: Logger, clock?: Clock) {
  return [ConfigModule.forRoot(config), loggingModule(logger), PrismaModule, RedisModule, QueueModule, StorageModule, CommonModule.forRoot(clock), AuditModule];
}

/** The HTTP API. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig, logger: Logger, clock?: Clock): DynamicModule {
    return {
      module: AppModule,
      imports: [...coreModules(config, logger, clock), HealthModule, ProblemPagesModule, AuthModule, ...FEATURE_MODULES, DashboardModule],
    };
  }
}
