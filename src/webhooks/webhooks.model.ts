/**
 * Webhooks, as plain data: the event types an admin subscribes to, which dossier history row
 * is which event, the body sent (ids and statuses only, never a name or an address), the
 * retry schedule and the pause rule. No framework.
 */

/** The event types, as the receiver sees them in `type` (documented in README, Webhooks). */
export const WEBHOOK_EVENTS = [
  'dossier.opened',
  'dossier.status_changed',
  'complement.requested',
  'documents.received',
  'dossier.forwarded',
  'dossier.decided',
  'dossier.closed',
  'email.failed',
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

/** History events that are a webhook event of their own, whatever the statuses. */
const BY_HISTORY_EVENT: Record<string, WebhookEvent> = {
  opened: 'dossier.opened',
  complement_requested: 'complement.requested',
  complement_received: 'documents.received',
  document_sent_by_student: 'documents.received',
  forwarded: 'dossier.forwarded',
  decided: 'dossier.decided',
  closed: 'dossier.closed',
};

/** What the relay reads of a history row. */
export interface HistoryFact {
  id: string;
  event: string;
  fromStatus: string | null;
  toStatus: string | null;
}

/**
 * The webhook event a history row is: its own (opened, forwarded...), else a change of
 * status (verified, reopened, a withdrawn decision...), else none (a note, a detail changed).
 */
export function webhookEventOf(row: Pick<HistoryFact, 'event' | 'fromStatus' | 'toStatus'>): WebhookEvent | null {
  const own = BY_HISTORY_EVENT[row.event];
  if (own) return own;
  if (row.toStatus && row.fromStatus && row.toStatus !== row.fromStatus) return 'dossier.status_changed';
  return null;
}

/** The dossier as a webhook tells of it. */
export interface DossierFacts {
  dossierId: string;
  reference: string;
  status: string;
  procedureCode: string;
  institutionId: string;
}

/** The body of a delivery: { type, timestamp, data }. */
export interface WebhookPayload {
  type: WebhookEvent;
  timestamp: string;
  data: Record<string, string | number | null>;
}

/** A history row's body: the dossier's ids and statuses, and the row's own id. */
export function historyPayload(type: WebhookEvent, dossier: DossierFacts, row: HistoryFact, at: Date): WebhookPayload {
  const data: WebhookPayload['data'] = { ...dossierData(dossier), historyId: row.id };
  if (row.toStatus) data.status = row.toStatus;
  if (row.fromStatus && row.fromStatus !== row.toStatus) data.previousStatus = row.fromStatus;
  return { type, timestamp: at.toISOString(), data };
}

/** A failed e-mail's body: the dossier's ids, the e-mail's id and template (never its address). */
export function emailFailedPayload(dossier: DossierFacts, email: { notificationId: string; template: string }, at: Date): WebhookPayload {
  return { type: 'email.failed', timestamp: at.toISOString(), data: { ...dossierData(dossier), ...email } };
}

function dossierData(dossier: DossierFacts): WebhookPayload['data'] {
  return {
    dossierId: dossier.dossierId,
    reference: dossier.reference,
    status: dossier.status,
    procedureCode: dossier.procedureCode,
    institutionId: dossier.institutionId,
  };
}

/** What a subscription asks for. */
export interface SubscriptionFilter {
  events: readonly string[];
  institutionIds: readonly string[];
}

/** Whether a subscription is told of this event (no institution named: every institution). */
export function wants(subscription: SubscriptionFilter, type: WebhookEvent, institutionId: string): boolean {
  if (!subscription.events.includes(type)) return false;
  return subscription.institutionIds.length === 0 || subscription.institutionIds.includes(institutionId);
}

/** The workers' backoff type for webhook deliveries (src/infra/queue/queue.workers.ts). */
export const WEBHOOK_BACKOFF = 'webhook-schedule';

/** The wait before retry `attemptsMade` (1: the first retry), from the schedule; its last step repeats. */
export function webhookRetryDelay(attemptsMade: number, schedule: readonly number[]): number {
  if (schedule.length === 0) return 0;
  return schedule[Math.min(Math.max(attemptsMade, 1), schedule.length) - 1]!;
}

/** The schedule of WEBHOOK_RETRY_DELAYS_MS ("5000,300000,..."), in ms. */
export function parseSchedule(value: string): number[] {
  return value
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map(Number);
}

/** What one attempt came to. */
export type AttemptOutcome =
  | { kind: 'delivered'; status: number; body: string }
  | { kind: 'gone'; status: number; body: string }
  | { kind: 'failed'; status: number | null; body: string | null; error: string };

/** A receiver's answer: 2xx delivered, 410 Gone (no longer wanted: the subscription pauses), anything else to retry. */
export function outcomeOf(status: number, body: string): AttemptOutcome {
  if (status >= 200 && status < 300) return { kind: 'delivered', status, body };
  if (status === 410) return { kind: 'gone', status, body };
  return { kind: 'failed', status, body, error: `HTTP ${status}` };
}

/** Whether a subscription with this many deliveries failed for good in a row pauses. */
export function shouldPause(consecutiveFailures: number, pauseAfter: number): boolean {
  return consecutiveFailures >= pauseAfter;
}

/** Why the worker paused a subscription: deliveries failed for good in a row, or a 410. */
export type PauseCause = { kind: 'gone' } | { kind: 'failures'; count: number };

/** Why a subscription paused, as admins read it. */
export function pauseReason(cause: PauseCause): string {
  return cause.kind === 'gone'
    ? 'Suspendu : le destinataire a répondu 410 (Gone), il ne veut plus de ces événements.'
    : `Suspendu après ${cause.count} livraisons échouées d’affilée (toutes les tentatives épuisées).`;
}

/** Delivered and failed deliveries are kept this long (their answers, to look into), then deleted by the nightly webhooks.purge. */
export const DELIVERIES_KEPT_DAYS = 90;

/** A new secret: whsec_ and 32 random bytes in base64 (Standard Webhooks). */
export function newSecret(randomBytes: (size: number) => Buffer): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}
