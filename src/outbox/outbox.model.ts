/**
 * What must follow a committed change, written to the outbox in the change's transaction
 * and relayed by the worker: e-mails to students, deadline jobs to schedule or cancel.
 * Keys are deterministic, so one event never yields two messages.
 */

import type { StudentTemplate } from '../email-templates/email-templates.model';

/** The e-mails a workflow change sends the student (the reminders come from the jobs, not from changes). */
export type EmailTemplate = Exclude<StudentTemplate, 'complement_reminder' | 'permit_expiry_reminder' | 'attestation_expiry_reminder'>;

export type OutboxDraft =
  | { topic: 'email'; payload: { template: EmailTemplate | 'silence_alert' | 'student_message'; data?: Record<string, unknown>; to?: 'assignee' } }
  | { topic: 'deadline.schedule'; payload: { deadlineId: string; kind: string; dueAt: string } }
  | { topic: 'deadline.cancel'; payload: { deadlineId: string } }
  | { topic: 'email.resend'; payload: { notificationId: string } };

export interface OutboxRow {
  topic: string;
  key: string;
  dossierId: string;
  payload: Record<string, unknown>;
}

/** Outbox rows for the drafts that follow history event `eventId` of a dossier. */
export function outboxRows(dossierId: string, eventId: bigint, drafts: OutboxDraft[]): OutboxRow[] {
  return drafts.map((draft) => {
    const key =
      draft.topic === 'email'
        ? `email:${dossierId}:${eventId}:${draft.payload.template}`
        : draft.topic === 'email.resend'
          ? `email.resend:${draft.payload.notificationId}:${eventId}`
          : `${draft.topic}:${draft.payload.deadlineId}`;
    return { topic: draft.topic, key, dossierId, payload: { ...draft.payload, dossierId, eventId: eventId.toString() } };
  });
}

/**
 * The key outboxRows gives a draft, in SQL, for the statements that write their outbox rows
 * themselves (their event id exists only inside the statement): over a row `alias` with the
 * columns topic, dossier_id, event_id and payload (the draft's, before dossierId and eventId).
 */
export function outboxKeySql(alias: string): string {
  const { topic, dossier, event, payload } = {
    topic: `${alias}.topic`,
    dossier: `${alias}.dossier_id`,
    event: `${alias}.event_id`,
    payload: `${alias}.payload`,
  };
  return `CASE ${topic}
    WHEN 'email' THEN 'email:' || ${dossier} || ':' || ${event} || ':' || (${payload} ->> 'template')
    WHEN 'email.resend' THEN 'email.resend:' || (${payload} ->> 'notificationId') || ':' || ${event}
    ELSE ${topic} || ':' || (${payload} ->> 'deadlineId') END`;
}
