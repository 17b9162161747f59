import { Module } from '@nestjs/common';
import { CatalogModule } from '../catalog/catalog.module';
import { DossiersModule } from '../dossiers/dossiers.module';
import { OfficeModule } from '../office/office.module';
import { WorkflowModule } from '../workflow/workflow.module';
import { TransmissionsController } from './transmissions.controller';
import { TransmissionsRepository } from './transmissions.repository';
import { TransmissionsService } from './transmissions.service';
import { SlipLinks } from './transmissions.slip-links';

@Module({
  imports: [DossiersModule, WorkflowModule, CatalogModule, OfficeModule],
  controllers: [TransmissionsController],
  providers: [TransmissionsService, TransmissionsRepository, SlipLinks],
})
export class TransmissionsModule {}
