import { Module } from '@nestjs/common';
import { CatalogModule } from '../catalog/catalog.module';
import { DocumentsModule } from '../documents/documents.module';
import { InstitutionsModule } from '../institutions/institutions.module';
import { StudentsModule } from '../students/students.module';
import { ChecklistController } from './checklist.controller';
import { ChecklistRepository } from './checklist.repository';
import { ChecklistService } from './checklist.service';

@Module({
  imports: [StudentsModule, InstitutionsModule, DocumentsModule, CatalogModule],
  controllers: [ChecklistController],
  providers: [ChecklistService, ChecklistRepository],
  exports: [ChecklistService],
})
export class ChecklistModule {}
