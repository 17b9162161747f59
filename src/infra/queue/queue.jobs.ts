/**
 * The job catalogue: every job Passerelle runs, its queue, its payload and its id. One enum of
 * names, one map of payloads, deterministic ids — adding the same job twice while it is still
 * known to Redis is a no-op, and the handlers are idempotent for when Redis forgot it.
 * Plain data, no framework.
 */
export enum QueueName {
  /** E-mails to students and agents. */
  Notifications = 'notifications',
  /** Deadlines firing and the reminders before them. */
  Deadlines = 'deadlines',
  /** Recurring work: reconciliation, watches, digests, clean-up. */
  Maintenance = 'maintenance',
  /** Webhook deliveries (src/webhooks), apart: a slow receiver holds up no e-mail. */
  Webhooks = 'webhooks',
}

export enum JobName {
  SendEmail = 'email.send',
  FireDeadline = 'deadline.fire',
  RemindDeadline = 'deadline.remind',
  ReconcileDeadlines = 'deadlines.reconcile',
  WatchPermitExpiry = 'watch.permit-expiry',
  WatchPrefectureSilence = 'watch.prefecture-silence',
  WatchAttestationExpiry = 'watch.attestation-expiry',
  SendAgentDigests = 'digest.agents',
  PurgeOutbox = 'outbox.purge',
  ApplyRetention = 'privacy.retention',
  DeliverWebhook = 'webhook.deliver',
  PurgeWebhookDeliveries = 'webhooks.purge',
}

type NoPayload = Record<string, never>;

export interface JobPayloads {
  [JobName.SendEmail]: { notificationId: string };
  [JobName.FireDeadline]: { deadlineId: string };
  [JobName.RemindDeadline]: { deadlineId: string; daysBefore: number };
  [JobName.ReconcileDeadlines]: NoPayload;
  [JobName.WatchPermitExpiry]: NoPayload;
  [JobName.WatchPrefectureSilence]: NoPayload;
  [JobName.WatchAttestationExpiry]: NoPayload;
  [JobName.SendAgentDigests]: NoPayload;
  [JobName.PurgeOutbox]: NoPayload;
  [JobName.ApplyRetention]: NoPayload;
  [JobName.DeliverWebhook]: { deliveryId: string };
  [JobName.PurgeWebhookDeliveries]: NoPayload;
}

export type JobPayload<N extends JobName> = JobPayloads[N];

/** When a recurring job runs: on the nightly cron or the agents' digest cron (AppConfig). */
export type Schedule = 'nightly' | 'digest';

interface JobDefinition<N extends JobName> {
  queue: QueueName;
  /** The job's id, from its payload (BullMQ accepts ids with exactly two colons). */
  id?: (payload: JobPayload<N>) => string;
  /** Recurring jobs: a job scheduler of this id is kept in Redis by the worker. */
  schedule?: Schedule;
}

export const JOBS: { readonly [N in JobName]: JobDefinition<N> } = {
  [JobName.SendEmail]: { queue: QueueName.Notifications, id: (p) => `email:${p.notificationId}:send` },
  [JobName.FireDeadline]: { queue: QueueName.Deadlines, id: (p) => `deadline:${p.deadlineId}:fire` },
  [JobName.RemindDeadline]: { queue: QueueName.Deadlines, id: (p) => `deadline:${p.deadlineId}:remind-${p.daysBefore}` },
  [JobName.ReconcileDeadlines]: { queue: QueueName.Maintenance, schedule: 'nightly' },
  [JobName.WatchPermitExpiry]: { queue: QueueName.Maintenance, schedule: 'nightly' },
  [JobName.WatchPrefectureSilence]: { queue: QueueName.Maintenance, schedule: 'nightly' },
  [JobName.WatchAttestationExpiry]: { queue: QueueName.Maintenance, schedule: 'nightly' },
  [JobName.SendAgentDigests]: { queue: QueueName.Maintenance, schedule: 'digest' },
  [JobName.PurgeOutbox]: { queue: QueueName.Maintenance, schedule: 'nightly' },
  [JobName.ApplyRetention]: { queue: QueueName.Maintenance, schedule: 'nightly' },
  [JobName.DeliverWebhook]: { queue: QueueName.Webhooks, id: (p) => `webhook:${p.deliveryId}:deliver` },
  [JobName.PurgeWebhookDeliveries]: { queue: QueueName.Maintenance, schedule: 'nightly' },
};

export const JOB_NAMES = Object.values(JobName);
export const QUEUE_NAMES = Object.values(QueueName);

/** A job to add: its name, payload, and when it should run (a Date in the future delays it). */
export interface JobRequest<N extends JobName = JobName> {
  name: N;
  payload: JobPayload<N>;
  runAt?: Date;
}

export function jobIdOf<N extends JobName>(name: N, payload: JobPayload<N>): string | undefined {
  return (JOBS[name] as JobDefinition<N>).id?.(payload);
}

export function queueOf(name: JobName): QueueName {
  return JOBS[name].queue;
}

/** The recurring jobs, with their schedule. */
export function recurringJobs(): { name: JobName; schedule: Schedule }[] {
  return JOB_NAMES.flatMap((name) => {
    const schedule = JOBS[name].schedule;
    return schedule ? [{ name, schedule }] : [];
  });
}

/**
 * What the start-up check finds wrong with the handlers found for the catalogue: names
 * without a handler, names with more than one, handlers for names the catalogue lacks.
 */
export function handlerProblems(found: readonly { name: string; owner: string }[]): string[] {
  const problems: string[] = [];
  for (const name of JOB_NAMES) {
    const owners = found.filter((h) => h.name === (name as string)).map((h) => h.owner);
    if (owners.length === 0) problems.push(`job ${name} has no handler`);
    if (owners.length > 1) problems.push(`job ${name} has ${owners.length} handlers (${owners.join(', ')})`);
  }
  for (const handler of found) {
    if (!(JOB_NAMES as string[]).includes(handler.name)) problems.push(`${handler.owner} handles ${handler.name}, which is not in the job catalogue`);
  }
  return problems;
}

/** Exponential back-off: `first`, doubling with each attempt, never more than `cap`. */
export function backoffDelay(attemptsMade: number, first: number, cap: number): number {
  return Math.min(first * 2 ** Math.max(0, attemptsMade - 1), cap);
}
