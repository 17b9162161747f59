import { statement } from '../infra/prisma/statements';
import type { DossierFacts, DossierWithStudent, StudentActivity } from './dossiers.model';

/**
 * The hand-written reads of one dossier, prepared once per connection (the GET of a dossier is
 * the API's hottest path). Dates of DATE columns come back as `YYYY-MM-DD` text: pg would turn
 * them into local midnights.
 */

/** The columns of DossierViewRow from the dossier `d` and its student `s`. */
export const DOSSIER_COLUMNS = `d.id, d.reference, d.student_id, d.institution_id, d.procedure_code, d.procedure_version_id, d.procedure_case,
          d.prefecture, d.facts, d.channel::text AS channel, d.status::text AS status, d.decision::text AS decision,
          d.close_reason::text AS close_reason, d.version,
          to_char(d.received_at, 'YYYY-MM-DD') AS received_at, to_char(d.filed_at, 'YYYY-MM-DD') AS filed_at,
          d.prefecture_reference, to_char(d.implicit_rejection_on, 'YYYY-MM-DD') AS implicit_rejection_on,
          to_char(d.decided_on, 'YYYY-MM-DD') AS decided_on, to_char(d.card_ready_on, 'YYYY-MM-DD') AS card_ready_on,
          to_char(d.card_handed_over_on, 'YYYY-MM-DD') AS card_handed_over_on, d.deadline_at, d.assignee_id,
          d.created_at, d.updated_at,
          s.student_number, s.birth_name, s.usage_name, s.first_names`;

/**
 * Every column of DossierViewRow (dossierOfViewRow reads them): the dossier `d`, its student's
 * summary `s`, its catalog version's number `pv` and what the student sent that no agent has
 * looked at yet. The dossier's page and the list's search both select these.
 */
export const DOSSIER_VIEW_COLUMNS = `${DOSSIER_COLUMNS},
          pv.version AS procedure_version_number,
          (SELECT count(*)::int FROM dossier_documents dd
            WHERE dd.source = 'student' AND dd.status = 'received' AND dd.dossier_id = d.id) AS new_documents,
          (SELECT count(*)::int FROM dossier_messages dm
            WHERE dm.author = 'student' AND dm.read_at IS NULL AND dm.dossier_id = d.id) AS unread_messages`;

/** A dossier as its page shows it, in one round trip. */
export const DOSSIER_VIEW = statement(
  'dossier_view',
  `SELECT ${DOSSIER_VIEW_COLUMNS}
     FROM dossiers d
     JOIN students s ON s.id = d.student_id
     LEFT JOIN procedure_versions pv ON pv.id = d.procedure_version_id
    WHERE d.id = $1::uuid`,
);

export interface DossierViewRow {
  id: string;
  reference: string;
  student_id: string;
  institution_id: string;
  procedure_code: string;
  procedure_version_id: string | null;
  procedure_case: string | null;
  prefecture: string | null;
  facts: unknown;
  channel: DossierWithStudent['channel'];
  status: DossierWithStudent['status'];
  decision: DossierWithStudent['decision'];
  close_reason: DossierWithStudent['closeReason'];
  version: number;
  received_at: string;
  filed_at: string | null;
  prefecture_reference: string | null;
  implicit_rejection_on: string | null;
  decided_on: string | null;
  card_ready_on: string | null;
  card_handed_over_on: string | null;
  deadline_at: Date | null;
  assignee_id: string | null;
  created_at: Date;
  updated_at: Date;
  student_number: string;
  birth_name: string;
  usage_name: string | null;
  first_names: string;
  procedure_version_number: number | null;
  new_documents: number;
  unread_messages: number;
}

/** The row as the repository's Prisma reads return it: same fields, in the same order (the JSON answer keeps it). */
export function dossierOfViewRow(row: DossierViewRow): { dossier: DossierWithStudent; activity: StudentActivity } {
  const dossier: DossierWithStudent = {
    id: row.id,
    reference: row.reference,
    studentId: row.student_id,
    institutionId: row.institution_id,
    procedureCode: row.procedure_code,
    procedureVersionId: row.procedure_version_id,
    procedureCase: row.procedure_case,
    prefecture: row.prefecture,
    facts: (row.facts ?? {}) as DossierFacts,
    channel: row.channel,
    status: row.status,
    decision: row.decision,
    closeReason: row.close_reason,
    version: row.version,
    receivedAt: row.received_at,
    filedAt: row.filed_at,
    prefectureReference: row.prefecture_reference,
    implicitRejectionOn: row.implicit_rejection_on,
    decidedOn: row.decided_on,
    cardReadyOn: row.card_ready_on,
    cardHandedOverOn: row.card_handed_over_on,
    deadlineAt: row.deadline_at,
    assigneeId: row.assignee_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    student: { id: row.student_id, studentNumber: row.student_number, birthName: row.birth_name, usageName: row.usage_name, firstNames: row.first_names },
    procedureVersion: row.procedure_version_number,
  };
  return { dossier, activity: { newDocuments: row.new_documents, unreadMessages: row.unread_messages } };
}
