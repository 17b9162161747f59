/**
 * The bench's jobs part, against the production worker (its own process, as the README starts
 * it): the reconciliation when Redis is empty and the nightly one, e-mails to a local SMTP sink
 * with one worker process and then two, and closing up to 10,000 dossiers whose complement
 * deadline passed while nothing ran.
 */
import { resolve } from 'node:path';
import { Pool } from 'pg';
import { run, Sink, startProcess, waitUntil } from './processes';
import { Measure } from './report';

const RECONCILE = 'deadlines.reconcile';
const EMAILS = 5000;
/** Each run's e-mail events are its own, so that a reused database (--reuse) sends them again. */
const RUN = Date.now().toString(36);
/** Time for a second worker process to boot and start taking jobs (about 1 s here). */
const SECOND_WORKER_BOOT_MS = 4000;

export async function jobsBench(dist: string, env: Record<string, string>, pool: Pool, sink: Sink): Promise<Measure[]> {
  const measures: Measure[] = [];
  const count = async (sql: string) => Number((await pool.query<{ n: string }>(sql)).rows[0]!.n);
  const dossiers = await count(`SELECT count(*) AS n FROM dossiers`);
  const workerEnv = { ...env, WORKER_CONCURRENCY: '8' };
  // a reused database (--reuse) holds earlier runs: wait for this worker's own
  const lastRun = await count(`SELECT coalesce(max(id), 0) AS n FROM job_runs WHERE name = '${RECONCILE}'`);
  const worker = await startProcess('worker', resolve(dist, 'worker.js'), workerEnv, null);
  try {
    // the worker reconciles when it starts: with an empty Redis, it gives every pending deadline its jobs
    const first = await waitForRun(pool, lastRun, 600_000);
    measures.push({
      key: 'reconcile.restore',
      value: first.seconds,
      unit: 's',
      detail: `${dossiers.toLocaleString('en')} dossiers, ${first.outcome.restored?.toLocaleString('en')} pending deadlines given their jobs back (Redis empty)`,
    });
    log(`reconciliation at start (Redis empty): ${first.seconds.toFixed(1)} s, ${JSON.stringify(first.outcome)}`);

    // BENCH_EMAILS_ONLY=1: only the e-mails (an A/B run of the e-mail path on a reused database)
    const emailsOnly = process.env.BENCH_EMAILS_ONLY === '1';
    // the nightly run: Redis has the jobs, PostgreSQL is checked against it
    if (!emailsOnly) {
      const nightly = await runRecurring(dist, env, pool);
      const pending = await count(`SELECT count(*) AS n FROM deadlines WHERE status = 'pending'`);
      measures.push({
        key: 'reconcile.nightly',
        value: nightly.seconds,
        unit: 's',
        detail: `${dossiers.toLocaleString('en')} dossiers, ${pending.toLocaleString('en')} pending deadlines checked`,
      });
      log(`nightly reconciliation: ${nightly.seconds.toFixed(1)} s, ${JSON.stringify(nightly.outcome)}`);
    }

    // e-mails: 5,000 events whose e-mails the worker relays, renders and sends to the sink
    const one = await emails(pool, sink, 0, `bench-${RUN}`);
    measures.push({ key: 'emails', value: one.rate, unit: '/s', detail: `${one.detail} (outbox → queue → SMTP, 1 worker process)` });
    log(`e-mails, 1 worker: ${one.detail}`);

    // the same with a second worker process beside the first (other dossiers, other events)
    const second = await startProcess('worker-2', resolve(dist, 'worker.js'), workerEnv, null);
    try {
      await new Promise((r) => setTimeout(r, SECOND_WORKER_BOOT_MS));
      const two = await emails(pool, sink, EMAILS, `bench-2-${RUN}`);
      measures.push({ key: 'emails.2workers', value: two.rate, unit: '/s', detail: `${two.detail} (outbox → queue → SMTP, 2 worker processes)` });
      log(`e-mails, 2 workers: ${two.detail}`);
    } finally {
      await second.stop();
    }

    if (emailsOnly) return measures;
    // closing: 10,000 incomplete dossiers whose complement deadline passed while nothing ran
    const toClose = Math.min(10_000, await count(`SELECT count(*) AS n FROM dossiers WHERE status = 'incomplete'`));
    await pool.query(
      `WITH due AS (SELECT d.id FROM dossiers d WHERE d.status = 'incomplete' ORDER BY d.id LIMIT $1)
       UPDATE deadlines SET due_at = now() - interval '1 minute' FROM due WHERE deadlines.dossier_id = due.id AND deadlines.status = 'pending' AND deadlines.kind = 'complement'`,
      [toClose],
    );
    await pool.query(
      `UPDATE dossiers SET deadline_at = now() - interval '1 minute' WHERE id IN (SELECT dossier_id FROM deadlines WHERE status = 'pending' AND due_at < now())`,
    );
    const expired = `SELECT count(*) AS n FROM dossiers WHERE close_reason = 'deadline_expired'`;
    const closedBefore = await count(expired);
    const closing = await runRecurring(dist, env, pool);
    const closed = (await count(expired)) - closedBefore;
    measures.push({
      key: 'close',
      value: closing.seconds,
      unit: 's',
      detail: `${closed.toLocaleString('en')} of ${toClose.toLocaleString('en')} dossiers closed with their history and outbox rows (reconciliation run: ${JSON.stringify(closing.outcome)})`,
      count: closed,
    });
    log(`closing: ${closed} in ${closing.seconds.toFixed(1)} s`);
  } finally {
    await worker.stop();
  }
  return measures;
}

/** 5,000 e-mail events (decided dossiers from `offset` on) written to the outbox at once, and the time until the sink has them all. */
async function emails(pool: Pool, sink: Sink, offset: number, event: string): Promise<{ rate: number; detail: string }> {
  const { rows } = await pool.query<{ id: string }>(`SELECT id FROM dossiers WHERE status = 'decided' ORDER BY id OFFSET $1 LIMIT $2`, [offset, EMAILS]);
  const targets = rows.map((r) => r.id);
  const before = sink.count();
  const sentAt = Date.now();
  await pool.query(
    `INSERT INTO outbox (topic, key, dossier_id, payload)
     SELECT 'email', 'email:' || id || ':' || $2 || ':decision_favourable', id, jsonb_build_object('template', 'decision_favourable', 'dossierId', id, 'eventId', $2::text)
     FROM unnest($1::uuid[]) AS id`,
    [targets, event],
  );
  await waitUntil(() => sink.count() - before >= targets.length, 600_000, 'the e-mails');
  const seconds = (Date.now() - sentAt) / 1000;
  return { rate: targets.length / seconds, detail: `${targets.length.toLocaleString('en')} e-mails in ${seconds.toFixed(1)} s` };
}

interface Run {
  id: number;
  seconds: number;
  outcome: Record<string, number>;
}

async function waitForRun(pool: Pool, afterId: number, timeoutMs: number): Promise<Run> {
  let found: Run | undefined;
  await waitUntil(
    async () => {
      const { rows } = await pool.query<{ id: string; seconds: number; outcome: Record<string, number> }>(
        `SELECT id, extract(epoch FROM finished_at - started_at)::float AS seconds, outcome FROM job_runs
         WHERE name = $1 AND id > $2 AND finished_at IS NOT NULL ORDER BY id LIMIT 1`,
        [RECONCILE, afterId],
      );
      if (rows[0]) found = { id: Number(rows[0].id), seconds: rows[0].seconds, outcome: rows[0].outcome };
      return Boolean(found);
    },
    timeoutMs,
    'a reconciliation run',
  );
  return found!;
}

/**
 * Runs the reconciliation now on the running worker (as its schedule would), through the CLI;
 * waits for that run, not one started before it (a second worker reconciles when it starts).
 */
async function runRecurring(dist: string, env: Record<string, string>, pool: Pool): Promise<Run> {
  const { rows } = await pool.query<{ last: string }>(`SELECT coalesce(max(id), 0) AS last FROM job_runs WHERE name = $1`, [RECONCILE]);
  await run('node', [resolve(dist, 'cli.js'), 'jobs:run', RECONCILE], env);
  return waitForRun(pool, Number(rows[0]!.last), 600_000);
}

const log = (line: string) => process.stdout.write(`bench: ${line}\n`);
