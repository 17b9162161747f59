import { Redis } from 'ioredis';
import type { ParsedMail } from 'mailparser';
import { loadConfig } from '../../src/config/app-config';
import { QueueService } from '../../src/infra/queue/queue.service';
import { patient } from './processes';
import { notificationIdOf, sentTo, SmtpSink } from './smtp-sink';

/** What the check needs of a test's world (a JobsWorld, or one a test builds itself). */
export interface MailWorld {
  env: NodeJS.ProcessEnv;
  sql<T extends Record<string, unknown>>(text: string, values?: unknown[]): Promise<T[]>;
}

/**
 * How long nothing may happen at the SMTP server before e-mails are counted: longer than
 * every timer of the world that could still send one — a dead worker's job taken over (its
 * lock runs out, the next stalled-job check moves it back, its lease has run out too: about
 * two locks), a send's first retries, the outbox poll, a short schedulers check — and never
 * less than 5 s.
 */
export function quietPeriodMs(env: NodeJS.ProcessEnv): number {
  const n = (name: string, fallback: number) => Number(env[name] ?? fallback);
  const lock = n('JOB_LOCK_MS', 30_000);
  const schedules = n('SCHEDULES_CHECK_MS', 60_000);
  return Math.max(5_000, 2 * lock + 1_000, 4 * n('MAIL_RETRY_DELAY_MS', 5_000), 10 * n('OUTBOX_POLL_MS', 500), schedules <= 10_000 ? schedules + 1_000 : 0);
}

/**
 * Waits until the world has settled — every e-mail sent or failed, every outbox row relayed
 * (or set aside), no job running or waiting, none due within the quiet period — and the SMTP
 * server has seen nothing for the quiet period; then expects each recipient named to have
 * received exactly the e-mails listed (by template, in any order), no message to have arrived
 * twice (same Message-ID, so same event), and every e-mail the world recorded as sent to
 * have arrived. A late duplicate or a lost e-mail fails it.
 */
export async function expectEachEmailOnce(
  sink: SmtpSink,
  world: MailWorld,
  expected: Record<string, readonly string[]>,
  options: { quietMs?: number; timeoutMs?: number } = {},
): Promise<void> {
  const quietMs = options.quietMs ?? quietPeriodMs(world.env);
  await settled(sink, world, quietMs, options.timeoutMs ?? patient(60_000) + quietMs);
  const recorded = await world.sql<{ id: string; template: string; recipient: string; status: string; event_key: string }>(
    `SELECT id::text, template, recipient, status, event_key FROM notifications`,
  );
  const byId = new Map(recorded.map((n) => [n.id, n]));
  const templateOf = (mail: ParsedMail) => byId.get(notificationIdOf(mail) ?? '')?.template ?? `not recorded: ${mail.subject}`;

  const delivered = Object.fromEntries(Object.keys(expected).map((recipient) => [recipient, sink.messages.filter(sentTo(recipient)).map(templateOf).sort()]));
  const ours = sink.messages.filter((m) => byId.has(notificationIdOf(m) ?? ''));
  const seen = new Map<string, number>();
  for (const mail of ours) seen.set(notificationIdOf(mail)!, (seen.get(notificationIdOf(mail)!) ?? 0) + 1);
  const twice = [...seen].filter(([, count]) => count > 1).map(([id, count]) => told(byId.get(id)!, `${count} times`));
  const missing = recorded.filter((n) => n.status === 'sent' && !seen.has(n.id)).map((n) => told(n, 'recorded sent, never arrived'));

  expect({ delivered, twice, missing }).toEqual({
    delivered: Object.fromEntries(Object.entries(expected).map(([recipient, templates]) => [recipient, [...templates].sort()])),
    twice: [],
    missing: [],
  });
}

const told = (n: { template: string; recipient: string; event_key: string }, what: string) => `${n.template} to ${n.recipient} (${n.event_key}): ${what}`;

/** Waits for the quiet period with the world settled (see expectEachEmailOnce). */
export async function settled(sink: SmtpSink, world: MailWorld, quietMs: number, timeoutMs: number): Promise<void> {
  const queues = new QueueService(loadConfig(world.env));
  const redis = new Redis(world.env.REDIS_URL!, { maxRetriesPerRequest: 1 });
  redis.on('error', () => undefined);
  const deadline = Date.now() + timeoutMs;
  let busy: string[] = [];
  try {
    while (Date.now() < deadline) {
      busy = await unsettled(world, queues, redis, quietMs).catch((error: Error) => [`cannot tell: ${error.message}`]);
      if (busy.length === 0 && sink.quietFor() >= quietMs) return;
      await new Promise((r) => setTimeout(r, 200));
    }
  } finally {
    await queues.onModuleDestroy();
    redis.disconnect();
  }
  throw new Error(`the world did not settle within ${timeoutMs} ms (quiet for ${sink.quietFor()} ms; ${busy.join('; ') || 'settled'})`);
}

async function unsettled(world: MailWorld, queues: QueueService, redis: Redis, quietMs: number): Promise<string[]> {
  const [mail] = await world.sql<{ n: number }>(`SELECT count(*)::int AS n FROM notifications WHERE status NOT IN ('sent', 'failed')`);
  const [outbox] = await world.sql<{ n: number }>(`SELECT count(*)::int AS n FROM outbox WHERE relayed_at IS NULL AND failed_at IS NULL`);
  const busy: string[] = [];
  if (mail!.n) busy.push(`${mail!.n} e-mail(s) not sent yet`);
  if (outbox!.n) busy.push(`${outbox!.n} outbox row(s) waiting`);
  for (const queue of queues.all()) {
    const counts = await queue.getJobCounts('active', 'wait', 'prioritized', 'waiting-children');
    const running = Object.values(counts).reduce((a, b) => a + b, 0);
    if (running) busy.push(`${queue.name}: ${JSON.stringify(counts)}`);
    // delayed jobs due within the quiet period (BullMQ scores them by due time × 4096)
    const soon = await redis.zcount(queue.toKey('delayed'), '-inf', String((Date.now() + quietMs) * 0x1000 - 1));
    if (soon) busy.push(`${queue.name}: ${soon} delayed job(s) due within the quiet period`);
  }
  return busy;
}
