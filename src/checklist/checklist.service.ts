import { Injectable } from '@nestjs/common';
import { CatalogService } from '../catalog/catalog.service';
import { DocumentsRepository } from '../documents/documents.repository';
import { DossiersService } from '../dossiers/dossiers.service';
import { AppConfig } from '../config/app-config';
import { InstitutionsRepository } from '../institutions/institutions.repository';
import { StudentsRepository } from '../students/students.repository';
import { ChecklistResponse } from './checklist.dto';
import { ChecklistReport, evaluateChecklist } from './checklist.engine';

@Injectable()
export class ChecklistService {
  constructor(
    private readonly dossiers: DossiersService,
    private readonly students: StudentsRepository,
    private readonly institutions: InstitutionsRepository,
    private readonly documents: DocumentsRepository,
    private readonly catalog: CatalogService,
    private readonly config: AppConfig,
  ) {}

  /** Every document slot of the dossier with its state, and every finding, from the dossier's own catalog version. */
  async forDossier(id: string): Promise<ChecklistResponse> {
    const dossier = await this.dossiers.require(id);
    const [student, institution, documents, version] = await Promise.all([
      this.students.findById(dossier.studentId),
      this.institutions.findById(dossier.institutionId),
      this.documents.listForDossier(id),
      dossier.procedureVersionId ? this.catalog.version(dossier.procedureVersionId) : null,
    ]);
    if (!student || !version) throw new Error(`dossier ${id} lacks its student or its catalog version`);
    const prefecture = dossier.prefecture ?? this.config.OFFICE_PREFECTURE;
    const report: ChecklistReport = evaluateChecklist({
      definition: version.definition,
      dossier: {
        channel: dossier.channel,
        filingDate: dossier.filedAt ?? dossier.receivedAt,
        prefecture,
        procedureCase: dossier.procedureCase,
        facts: dossier.facts,
      },
      student: {
        nationality: student.nationality,
        level: student.level,
        academicYear: student.academicYear,
        institutionMember: institution?.member ?? false,
        currentPermit: student.currentPermit && { kind: student.currentPermit.kind, validUntil: student.currentPermit.validUntil },
        expectedDefenceDate: student.expectedDefenceDate,
        internshipEndDate: student.internshipEndDate,
      },
      documents,
    });
    return {
      dossierId: dossier.id,
      reference: dossier.reference,
      procedure: { code: version.code, version: version.version, names: version.definition.names },
      filingDate: report.filingDate,
      prefecture,
      complete: report.blocking === 0,
      allReviewed: report.allReviewed,
      blocking: report.blocking,
      warnings: report.warnings,
      slots: report.slots,
      findings: report.findings,
      parameters: report.parameters,
    };
  }
}
