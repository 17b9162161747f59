import { Injectable } from '@nestjs/common';
import type { Channel } from '../catalog/catalog.model';
import type { PermitKind, StudyLevel } from '../common/vocabulary';
import type { DossierFacts } from '../dossiers/dossiers.model';
import { PrismaService } from '../infra/prisma/prisma.service';
import { statement } from '../infra/prisma/statements';
import type { CheckedDocument } from './checklist.engine';

/** The dossier as the checklist judges it. */
export interface ChecklistDossier {
  id: string;
  reference: string;
  studentId: string;
  institutionId: string;
  procedureVersionId: string | null;
  procedureCase: string | null;
  prefecture: string | null;
  facts: DossierFacts;
  channel: Channel;
  receivedAt: string;
  filedAt: string | null;
}

/** The student as the checklist judges them. */
export interface ChecklistStudent {
  nationality: string;
  level: StudyLevel;
  academicYear: string;
  currentPermit: { kind: PermitKind; validUntil: string } | null;
  expectedDefenceDate: string | null;
  internshipEndDate: string | null;
}

/** Everything one dossier's checklist is worked out from, besides its catalog version (immutable, cached by CatalogService). */
export interface ChecklistInputs {
  dossier: ChecklistDossier;
  student: ChecklistStudent | null;
  institutionMember: boolean;
  documents: CheckedDocument[];
}

/**
 * The dossier, its student, its institution's membership and its documents (in the order of
 * DocumentsRepository.listForDossier), in one prepared statement instead of four queries.
 * DATE columns come back as `YYYY-MM-DD` text, as fromDbDate makes them.
 */
const CHECKLIST_INPUTS = statement(
  'checklist_inputs',
  `SELECT d.id, d.reference, d.student_id, d.institution_id, d.procedure_version_id, d.procedure_case, d.prefecture,
          d.facts, d.channel::text AS channel,
          to_char(d.received_at, 'YYYY-MM-DD') AS received_at, to_char(d.filed_at, 'YYYY-MM-DD') AS filed_at,
          s.id IS NOT NULL AS has_student, s.nationality, s.level::text AS level, s.academic_year,
          s.permit_kind::text AS permit_kind, to_char(s.permit_valid_until, 'YYYY-MM-DD') AS permit_valid_until,
          to_char(s.expected_defence_date, 'YYYY-MM-DD') AS expected_defence_date,
          to_char(s.internship_end_date, 'YYYY-MM-DD') AS internship_end_date,
          coalesce(i.member, false) AS institution_member,
          coalesce((SELECT json_agg(json_build_object(
                             'id', dd.id, 'kind', dd.kind, 'status', dd.status, 'rejectionReason', dd.rejection_reason,
                             'rejectionText', dd.rejection_text, 'issuedOn', to_char(dd.issued_on, 'YYYY-MM-DD'),
                             'quantity', dd.quantity, 'attributes', coalesce(dd.attributes, '{}'::jsonb))
                           ORDER BY dd.received_at, dd.id)
                      FROM dossier_documents dd WHERE dd.dossier_id = d.id), '[]'::json) AS documents
     FROM dossiers d
     LEFT JOIN students s ON s.id = d.student_id
     LEFT JOIN institutions i ON i.id = d.institution_id
    WHERE d.id = $1::uuid`,
);

interface ChecklistInputsRow {
  id: string;
  reference: string;
  student_id: string;
  institution_id: string;
  procedure_version_id: string | null;
  procedure_case: string | null;
  prefecture: string | null;
  facts: unknown;
  channel: Channel;
  received_at: string;
  filed_at: string | null;
  has_student: boolean;
  nationality: string;
  level: StudyLevel;
  academic_year: string;
  permit_kind: PermitKind | null;
  permit_valid_until: string | null;
  expected_defence_date: string | null;
  internship_end_date: string | null;
  institution_member: boolean;
  documents: CheckedDocument[];
}

@Injectable()
export class ChecklistRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** What the checklist of this dossier needs, or null when there is no such dossier. */
  async inputsOf(dossierId: string): Promise<ChecklistInputs | null> {
    const [row] = await this.prisma.query<ChecklistInputsRow>(CHECKLIST_INPUTS, [dossierId]);
    if (!row) return null;
    return {
      dossier: {
        id: row.id,
        reference: row.reference,
        studentId: row.student_id,
        institutionId: row.institution_id,
        procedureVersionId: row.procedure_version_id,
        procedureCase: row.procedure_case,
        prefecture: row.prefecture,
        facts: (row.facts ?? {}) as DossierFacts,
        channel: row.channel,
        receivedAt: row.received_at,
        filedAt: row.filed_at,
      },
      student: row.has_student
        ? {
            nationality: row.nationality,
            level: row.level,
            academicYear: row.academic_year,
            currentPermit: row.permit_kind !== null && row.permit_valid_until !== null ? { kind: row.permit_kind, validUntil: row.permit_valid_until } : null,
            expectedDefenceDate: row.expected_defence_date,
            internshipEndDate: row.internship_end_date,
          }
        : null,
      institutionMember: row.institution_member,
      documents: row.documents,
    };
  }
}
