import { Module } from '@nestjs/common';
import { CatalogModule } from '../catalog/catalog.module';
import { ChecklistModule } from '../checklist/checklist.module';
import { DocumentsModule } from '../documents/documents.module';
import { DossiersModule } from '../dossiers/dossiers.module';
import { OfficeModule } from '../office/office.module';
import { PrefectureModule } from '../prefecture/prefecture.module';
import { WorkflowModule } from '../workflow/workflow.module';
import { StudentPortalController } from './student-portal.controller';
import { StudentPortalRepository } from './student-portal.repository';
import { StudentPortalService } from './student-portal.service';

/** The student's own page of their dossier (/api/student/dossier): opened by their session (src/student-access). */
@Module({
  imports: [DossiersModule, CatalogModule, DocumentsModule, WorkflowModule, ChecklistModule, PrefectureModule, OfficeModule],
  controllers: [StudentPortalController],
  providers: [StudentPortalService, StudentPortalRepository],
})
export class StudentPortalModule {}
