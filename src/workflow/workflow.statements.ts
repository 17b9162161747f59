import { fromDbDate } from '../common/validators';
import { outboxKeySql } from '../outbox/outbox.model';
import { statement } from '../infra/prisma/statements';
import type { Move } from './workflow.model';

/**
 * A move of one dossier as one statement (one round trip, its own transaction when run alone):
 * the dossier's status, columns, version and nearest deadline, only from the status and at the
 * version the move was planned from; the pending deadlines it stops; its history row (and the
 * alert's); the complement request it opens or closes; the deadline it starts; the outbox
 * messages that follow, keyed as outboxRows keys them; `deadline_at`, the nearest deadline still
 * pending once the move's are stopped and started (left alone by a move touching none, as
 * refreshDeadlineAt). When the dossier has moved on, nothing
 * is written and `moved` is 0. Every part reads `moved`, so nothing is written without it.
 *
 * Parameters: $1 dossier, $2 expected version (null: any), $3 from, $4 to, $5 the columns set
 * (JSON by MoveColumn name, dates as YYYY-MM-DD), $6 deadline kinds stopped, $7 the started
 * deadline's due time, $8 how stopped deadlines end, $9 now (the Clock's), $10 event, $11 actor
 * id, $12 actor label, $13 reason, $14 details, $15/$16 the alert's event and details, $17..$20
 * the complement request opened (id, items, message, due day), $21 how the open one ends,
 * $22/$23 the started deadline's id and kind, $24 the e-mail's payload, $25 the scheduling
 * message's payload, $26 the alert e-mail's payload, $27 whether stopped deadlines are cancelled
 * (a cancel message each).
 */
export const MOVE_DOSSIER = statement(
  'workflow_move_dossier',
  `WITH moved AS (
     UPDATE dossiers d SET
       status = $4::text::"DossierStatus",
       version = d.version + 1,
       updated_at = statement_timestamp(),
       filed_at = CASE WHEN $5::jsonb ? 'filedAt' THEN ($5::jsonb ->> 'filedAt')::date ELSE d.filed_at END,
       implicit_rejection_on = CASE WHEN $5::jsonb ? 'implicitRejectionOn' THEN ($5::jsonb ->> 'implicitRejectionOn')::date ELSE d.implicit_rejection_on END,
       prefecture = CASE WHEN $5::jsonb ? 'prefecture' THEN $5::jsonb ->> 'prefecture' ELSE d.prefecture END,
       prefecture_reference = CASE WHEN $5::jsonb ? 'prefectureReference' THEN $5::jsonb ->> 'prefectureReference' ELSE d.prefecture_reference END,
       decision = CASE WHEN $5::jsonb ? 'decision' THEN ($5::jsonb ->> 'decision')::"Decision" ELSE d.decision END,
       decided_on = CASE WHEN $5::jsonb ? 'decidedOn' THEN ($5::jsonb ->> 'decidedOn')::date ELSE d.decided_on END,
       card_ready_on = CASE WHEN $5::jsonb ? 'cardReadyOn' THEN ($5::jsonb ->> 'cardReadyOn')::date ELSE d.card_ready_on END,
       card_handed_over_on = CASE WHEN $5::jsonb ? 'cardHandedOverOn' THEN ($5::jsonb ->> 'cardHandedOverOn')::date ELSE d.card_handed_over_on END,
       close_reason = CASE WHEN $5::jsonb ? 'closeReason' THEN ($5::jsonb ->> 'closeReason')::"CloseReason" ELSE d.close_reason END,
       deadline_at = CASE
         WHEN $7::timestamptz IS NOT NULL
           OR EXISTS (SELECT 1 FROM deadlines x WHERE x.dossier_id = d.id AND x.status = 'pending' AND x.kind::text = ANY($6::text[]))
         THEN LEAST((SELECT min(x.due_at) FROM deadlines x
                      WHERE x.dossier_id = d.id AND x.status = 'pending' AND NOT (x.kind::text = ANY($6::text[]))), $7::timestamptz)
         ELSE d.deadline_at END
     WHERE d.id = $1::uuid AND d.status = $3::text::"DossierStatus" AND ($2::int IS NULL OR d.version = $2::int)
     RETURNING d.id
   ),
   stopped AS (
     UPDATE deadlines x SET status = $8::text::"DeadlineStatus", settled_at = $9::timestamptz
       FROM moved m
      WHERE x.dossier_id = m.id AND x.status = 'pending' AND x.kind::text = ANY($6::text[])
     RETURNING x.id
   ),
   history AS (
     INSERT INTO dossier_history (dossier_id, event, from_status, to_status, actor_id, actor_label, reason, details, at)
     SELECT m.id, $10::text, $3::text::"DossierStatus", $4::text::"DossierStatus", $11::uuid, $12::text, $13::text, $14::jsonb, statement_timestamp()
       FROM moved m
     RETURNING id, dossier_id
   ),
   notice AS (
     INSERT INTO dossier_history (dossier_id, event, actor_id, actor_label, details, at)
     SELECT h.dossier_id, $15::text, $11::uuid, $12::text, $16::jsonb, statement_timestamp()
       FROM history h WHERE $15::text IS NOT NULL
     RETURNING id, dossier_id
   ),
   opened AS (
     INSERT INTO complement_requests (id, dossier_id, items, message, due_on, requested_by_id)
     SELECT $17::uuid, m.id, $18::jsonb, $19::text, $20::date, $11::uuid FROM moved m WHERE $17::uuid IS NOT NULL
   ),
   closed AS (
     UPDATE complement_requests c SET status = $21::text::"ComplementStatus", closed_at = $9::timestamptz
       FROM moved m WHERE c.dossier_id = m.id AND c.status = 'open' AND $21::text IS NOT NULL
   ),
   started AS (
     INSERT INTO deadlines (id, dossier_id, kind, due_at, complement_request_id)
     SELECT $22::uuid, m.id, $23::text::"DeadlineKind", $7::timestamptz, $17::uuid FROM moved m WHERE $22::uuid IS NOT NULL
   ),
   drafts AS (
     SELECT 1 AS part, NULL::uuid AS stopped_id, 'email'::text AS topic, h.dossier_id, h.id AS event_id, $24::jsonb AS payload
       FROM history h WHERE $24::jsonb IS NOT NULL
     UNION ALL
     SELECT 2, s.id, 'deadline.cancel', h.dossier_id, h.id, jsonb_build_object('deadlineId', s.id) FROM history h, stopped s WHERE $27::boolean
     UNION ALL
     SELECT 3, NULL, 'deadline.schedule', h.dossier_id, h.id, $25::jsonb FROM history h WHERE $25::jsonb IS NOT NULL
     UNION ALL
     SELECT 4, NULL, 'email', n.dossier_id, n.id, $26::jsonb FROM notice n
   ),
   outbox AS (
     INSERT INTO outbox (topic, key, dossier_id, payload)
     SELECT o.topic, ${outboxKeySql('o')}, o.dossier_id, o.payload || jsonb_build_object('dossierId', o.dossier_id, 'eventId', o.event_id::text)
       FROM drafts o ORDER BY o.part, o.stopped_id
   )
   SELECT (SELECT count(*)::int FROM moved) AS moved`,
);

/** Where the dossier stands, when a move found it elsewhere. */
export const DOSSIER_STANDING = statement('workflow_dossier_standing', 'SELECT version, status::text AS status FROM dossiers WHERE id = $1::uuid');

/** A JSON parameter; SQL NULL for nothing. */
const json = (value: unknown) => (value === undefined || value === null || value === false ? null : JSON.stringify(value));

/** The parameters of MOVE_DOSSIER for a move (`now`: the Clock's, for the deadlines and complement request it settles). */
export function moveParameters(move: Move, ids: { deadlineId: string | null; requestId: string | null }, now: Date): unknown[] {
  const columns = Object.fromEntries(Object.entries(move.set ?? {}).map(([column, value]) => [column, value instanceof Date ? fromDbDate(value) : value]));
  const details = { ...move.details, ...(ids.requestId && { complementRequestId: ids.requestId }) };
  const open = move.complementRequest && 'open' in move.complementRequest ? move.complementRequest.open : null;
  const start = move.startDeadline && ids.deadlineId ? { ...move.startDeadline, id: ids.deadlineId } : null;
  return [
    move.dossierId,
    move.expectedVersion ?? null,
    move.from,
    move.to,
    JSON.stringify(columns),
    [...(move.stopDeadlines ?? [])],
    start?.dueAt.toISOString() ?? null,
    move.deadlinesEndAs ?? 'cancelled',
    now.toISOString(),
    move.event,
    move.actor.agentId,
    move.actor.label,
    move.reason ?? null,
    JSON.stringify(details),
    move.notice?.event ?? null,
    json(move.notice?.details),
    open ? ids.requestId : null,
    json(open?.items),
    open?.message ?? null,
    open?.dueOn ?? null,
    move.complementRequest && 'close' in move.complementRequest ? move.complementRequest.close : null,
    start?.id ?? null,
    start?.kind ?? null,
    json(move.email && { template: move.email.template, data: move.email.data }),
    json(start && { deadlineId: start.id, kind: start.kind, dueAt: start.dueAt.toISOString() }),
    json(move.notice && { ...move.notice.email, to: 'assignee' }),
    move.deadlinesEndAs !== 'fired',
  ];
}
