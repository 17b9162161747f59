import { Module } from '@nestjs/common';
import { CatalogModule } from '../catalog/catalog.module';
import { ChecklistModule } from '../checklist/checklist.module';
import { DossiersModule } from '../dossiers/dossiers.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { WorkflowController, WorkflowRulesController } from './workflow.controller';
import { WorkflowRepository } from './workflow.repository';
import { WorkflowService } from './workflow.service';

@Module({
  imports: [DossiersModule, ChecklistModule, CatalogModule, NotificationsModule],
  controllers: [WorkflowController, WorkflowRulesController],
  providers: [WorkflowService, WorkflowRepository],
  exports: [WorkflowService, WorkflowRepository],
})
export class WorkflowModule {}
