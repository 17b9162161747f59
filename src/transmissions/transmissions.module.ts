import { Module } from '@nestjs/common';
import { CatalogModule } from '../catalog/catalog.module';
import { DossiersModule } from '../dossiers/dossiers.module';
import { OfficeModule } from '../office/office.module';
import { WorkflowModule } from '../workflow/workflow.module';
import { TransmissionsController } from './transmissions.controller';
import { TransmissionsRepository } from './transmissions.repository';
import { TransmissionsService } from './transmissions.service';

@Module({
  imports: [DossiersModule, WorkflowModule, CatalogModule, OfficeModule],
  controllers: [TransmissionsController],
  providers: [TransmissionsService, TransmissionsRepository],
})
export class TransmissionsModule {}
