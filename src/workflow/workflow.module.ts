import { Module } from '@nestjs/common';
import { CatalogModule } from '../catalog/catalog.module';
import { ChecklistModule } from '../checklist/checklist.module';
import { DossiersModule } from '../dossiers/dossiers.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { ComplementRequestsService } from './workflow.complement-requests';
import { WorkflowController, WorkflowRulesController } from './workflow.controller';
import { WorkflowService } from './workflow.moves';
import { WorkflowRepository } from './workflow.repository';
import { WorkflowSweeps } from './workflow.sweeps';

@Module({
  imports: [DossiersModule, ChecklistModule, CatalogModule, NotificationsModule],
  controllers: [WorkflowController, WorkflowRulesController],
  providers: [WorkflowService, ComplementRequestsService, WorkflowSweeps, WorkflowRepository],
  exports: [WorkflowService, ComplementRequestsService, WorkflowSweeps, WorkflowRepository],
})
export class WorkflowModule {}
