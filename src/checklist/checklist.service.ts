import { Injectable } from '@nestjs/common';
import { CatalogService } from '../catalog/catalog.service';
import { DocumentsRepository } from '../documents/documents.repository';
import { AppConfig } from '../config/app-config';
import { InstitutionsRepository } from '../institutions/institutions.repository';
import { StudentsRepository } from '../students/students.repository';
import { ProblemException } from '../common/problem';
import type { DossierWithStudent } from '../dossiers/dossiers.model';
import { ChecklistResponse } from './checklist.dto';
import { CheckedDocument, ChecklistReport, evaluateChecklist, filingDateOf } from './checklist.engine';
import { ChecklistDossier, ChecklistRepository, ChecklistStudent } from './checklist.repository';

@Injectable()
export class ChecklistService {
  constructor(
    private readonly inputs: ChecklistRepository,
    private readonly students: StudentsRepository,
    private readonly institutions: InstitutionsRepository,
    private readonly documents: DocumentsRepository,
    private readonly catalog: CatalogService,
    private readonly config: AppConfig,
  ) {}

  /** Every document slot of the dossier with its state, and every finding, from the dossier's own catalog version. */
  async forDossier(id: string, options: { filedOn?: string } = {}): Promise<ChecklistResponse> {
    const inputs = await this.inputs.inputsOf(id);
    if (!inputs) throw ProblemException.notFound('dossier', id);
    // a forward is judged on the filing date it is about to record (the ANEF procedures are judged on it)
    const dossier = options.filedOn ? { ...inputs.dossier, filedAt: options.filedOn } : inputs.dossier;
    return this.evaluate(dossier, inputs.student ?? undefined, inputs.institutionMember, inputs.documents);
  }

  /**
   * The checklists of many dossiers (the expiry sweep), with one query per table rather than
   * per dossier. Dossiers that do not exist are left out.
   */
  async forDossiers(dossiers: readonly DossierWithStudent[]): Promise<Map<string, ChecklistResponse>> {
    const [students, institutions, documents] = await Promise.all([
      this.students.findByIds([...new Set(dossiers.map((d) => d.studentId))]),
      Promise.all([...new Set(dossiers.map((d) => d.institutionId))].map((id) => this.institutions.findById(id))),
      this.documents.listForDossiers(dossiers.map((d) => d.id)),
    ]);
    const studentsById = new Map(students.map((s) => [s.id, s]));
    const institutionsById = new Map(institutions.filter((i) => i !== null).map((i) => [i.id, i]));
    const checklists = new Map<string, ChecklistResponse>();
    for (const dossier of dossiers) {
      checklists.set(
        dossier.id,
        await this.evaluate(
          dossier,
          studentsById.get(dossier.studentId),
          institutionsById.get(dossier.institutionId)?.member ?? false,
          documents.get(dossier.id) ?? [],
        ),
      );
    }
    return checklists;
  }

  private async evaluate(
    dossier: ChecklistDossier,
    student: ChecklistStudent | undefined,
    institutionMember: boolean,
    documents: CheckedDocument[],
  ): Promise<ChecklistResponse> {
    const version = dossier.procedureVersionId ? await this.catalog.version(dossier.procedureVersionId) : null;
    if (!student || !version) throw new Error(`dossier ${dossier.id} lacks its student or its catalog version`);
    const prefecture = dossier.prefecture ?? this.config.OFFICE_PREFECTURE;
    const report: ChecklistReport = evaluateChecklist({
      definition: version.definition,
      dossier: {
        channel: dossier.channel,
        // the office's receipt or the filing with the prefecture/ANEF, as the procedure says for the channel
        filingDate: filingDateOf(version.definition, dossier),
        prefecture,
        procedureCase: dossier.procedureCase,
        facts: dossier.facts,
      },
      student: {
        nationality: student.nationality,
        level: student.level,
        academicYear: student.academicYear,
        institutionMember,
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
