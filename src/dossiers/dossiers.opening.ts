import { Injectable } from '@nestjs/common';
import type { DatabaseError } from 'pg';
import type { Actor } from '../common/actor';
import { uuid7 } from '../common/uuid7';
import { PrismaService } from '../infra/prisma/prisma.service';
import { statement } from '../infra/prisma/statements';
import { outboxKeySql } from '../outbox/outbox.model';
import { DossierWithStudent, NewDossier, OPEN_DOSSIER_STATUSES, OpenDossierExists } from './dossiers.model';
import { DOSSIER_COLUMNS, dossierOfViewRow, type DossierViewRow } from './dossiers.statements';

/** What opening a dossier is checked against, read at once. */
export interface OpeningContext {
  /** The student (null: no such student), with the postal code of their address when it is complete (it names the prefecture). */
  student: { id: string; institutionId: string; postalCode: string | null } | null;
  /** The catalog version in effect for the procedure on the day received (as CatalogRepository.versionIdInEffect picks it); null: no such procedure. */
  versionId: string | null;
}

/**
 * The student and the catalog version in effect on the day received — the latest version in
 * effect that day, of those taking effect the same day the highest; before the first takes
 * effect, the first (CatalogService's inEffect) —, in one prepared statement.
 */
const OPENING_CONTEXT = statement(
  'dossier_opening_context',
  `SELECT s.id AS student_id, s.institution_id,
          CASE WHEN s.address_line1 IS NOT NULL AND s.city IS NOT NULL THEN s.postal_code END AS postal_code,
          coalesce((SELECT v.id FROM procedure_versions v WHERE v.code = $2::text AND v.effective_from <= $3::date
                     ORDER BY v.effective_from DESC, v.version DESC LIMIT 1),
                   (SELECT v.id FROM procedure_versions v WHERE v.code = $2::text ORDER BY v.version LIMIT 1)) AS version_id
     FROM (SELECT 1) AS one LEFT JOIN students s ON s.id = $1::uuid`,
);

/**
 * Opens a dossier in one statement (its own transaction): locks the student (a concurrent change
 * of institution waits for the dossier, then moves it too; the institution is read as committed),
 * takes the next reference of the year (gap-free: the counter row stays locked until commit, and
 * a failed statement leaves it as it was), inserts the dossier, its first history row and the
 * student's e-mail (keyed as outboxRows keys it). A second open dossier for the student and
 * procedure fails on the unique index dossiers_one_open_per_student_procedure. Returns the
 * dossier as DOSSIER_VIEW does (nothing from the student yet); no row when the student is gone.
 */
const OPEN_DOSSIER = statement(
  'dossier_open',
  `WITH student AS (
     SELECT id, institution_id, student_number, birth_name, usage_name, first_names FROM students WHERE id = $1::uuid FOR UPDATE
   ),
   counter AS (
     INSERT INTO reference_counters (prefix, year, last) SELECT $2::text, $3::int, 1 FROM student
     ON CONFLICT (prefix, year) DO UPDATE SET last = reference_counters.last + 1
     RETURNING last
   ),
   created AS (
     INSERT INTO dossiers (id, reference, student_id, institution_id, procedure_code, procedure_version_id, procedure_case, prefecture,
                           facts, channel, received_at, created_at, updated_at)
     SELECT $4::uuid, $2::text || '-' || $3::int || '-' || lpad(c.last::text, greatest(6, length(c.last::text)), '0'), s.id, s.institution_id,
            $5::text, $6::uuid, $7::text, $8::text, $9::jsonb, $10::text::"Channel", $11::date, statement_timestamp(), statement_timestamp()
       FROM student s, counter c
     RETURNING *
   ),
   opened AS (
     INSERT INTO dossier_history (dossier_id, event, to_status, actor_id, actor_label, at)
     SELECT id, 'opened', 'received', $12::uuid, $13::text, statement_timestamp() FROM created
     RETURNING id AS event_id, dossier_id
   ),
   outbox AS (
     INSERT INTO outbox (topic, key, dossier_id, payload)
     SELECT o.topic, ${outboxKeySql('o')}, o.dossier_id, o.payload || jsonb_build_object('dossierId', o.dossier_id, 'eventId', o.event_id::text)
       FROM (SELECT 'email'::text AS topic, h.dossier_id, h.event_id, $14::jsonb AS payload FROM opened h) AS o
   )
   SELECT ${DOSSIER_COLUMNS},
          $15::int AS procedure_version_number, 0 AS new_documents, 0 AS unread_messages
     FROM created d CROSS JOIN student s`,
);

/** The student's open dossier for the procedure, which a second opening ran into. */
const OPEN_ONE = statement(
  'dossier_open_one',
  `SELECT id, reference FROM dossiers WHERE student_id = $1::uuid AND procedure_code = $2::text AND status::text = ANY($3::text[]) LIMIT 1`,
);

/** Tries of an opening that ran into an open dossier closed before it could be named. */
const ATTEMPTS = 3;

/** Opening a dossier: what it is checked against, and the opening itself. */
@Injectable()
export class DossierOpeningRepository {
  constructor(private readonly prisma: PrismaService) {}

  async context(studentId: string, procedureCode: string, receivedAt: string): Promise<OpeningContext> {
    const [row] = await this.prisma.query<{ student_id: string | null; institution_id: string; postal_code: string | null; version_id: string | null }>(
      OPENING_CONTEXT,
      [studentId, procedureCode, receivedAt],
    );
    return {
      student: row?.student_id ? { id: row.student_id, institutionId: row.institution_id, postalCode: row.postal_code } : null,
      versionId: row?.version_id ?? null,
    };
  }

  /**
   * Opens the dossier under catalog version `versionNumber` of `input.procedureVersionId`.
   * Throws OpenDossierExists when the student has one open for the procedure already.
   */
  async open(input: NewDossier, versionNumber: number, referencePrefix: string, actor: Actor): Promise<DossierWithStudent> {
    const year = Number(input.receivedAt.slice(0, 4));
    // the student hears that the office has the dossier
    const email = { template: 'dossier_opened', data: { receivedOn: input.receivedAt } };
    for (let attempt = 1; ; attempt++) {
      try {
        const [row] = await this.prisma.query<DossierViewRow>(OPEN_DOSSIER, [
          input.studentId,
          referencePrefix,
          year,
          uuid7(),
          input.procedureCode,
          input.procedureVersionId,
          input.procedureCase,
          input.prefecture,
          JSON.stringify(input.facts),
          input.channel,
          input.receivedAt,
          actor.agentId,
          actor.label,
          JSON.stringify(email),
          versionNumber,
        ]);
        if (!row) throw new Error(`student ${input.studentId} vanished while its dossier was being opened`);
        return dossierOfViewRow(row).dossier;
      } catch (error) {
        if ((error as DatabaseError).constraint !== 'dossiers_one_open_per_student_procedure') throw error;
        const [open] = await this.prisma.query<{ id: string; reference: string }>(OPEN_ONE, [input.studentId, input.procedureCode, [...OPEN_DOSSIER_STATUSES]]);
        if (open) throw new OpenDossierExists(open);
        if (attempt === ATTEMPTS) throw error;
      }
    }
  }
}
