import { Module } from '@nestjs/common';
import { CatalogModule } from '../catalog/catalog.module';
import { DocumentsModule } from '../documents/documents.module';
import { DossiersModule } from '../dossiers/dossiers.module';
import { InstitutionsModule } from '../institutions/institutions.module';
import { StudentsModule } from '../students/students.module';
import { ChecklistController } from './checklist.controller';
import { ChecklistService } from './checklist.service';

@Module({
  imports: [DossiersModule, StudentsModule, InstitutionsModule, DocumentsModule, CatalogModule],
  controllers: [ChecklistController],
  providers: [ChecklistService],
  exports: [ChecklistService],
})
export class ChecklistModule {}
