/**
 * `npm run bench [-- --dossiers N] [--duration S] [--reuse] [--keep] [--only http|jobs]`
 *
 * Builds a database of N dossiers (default 1,000,000), then measures, against the production
 * build started as the README starts it (API and worker as their own processes, with
 * authentication on):
 *   - HTTP load with autocannon: reading a dossier, the filtered and searched list, the
 *     checklist, opening a dossier, a transition — at full speed (50 connections) and at a
 *     fixed rate for the latency targets; the API's peak memory;
 *   - the ceiling: the same read served by a bare Fastify + pg handler (bench/ceiling.ts);
 *   - jobs: the nightly reconciliation, closing 10,000 dossiers past their deadline, 5,000
 *     e-mails to a local SMTP sink.
 * Writes bench/results/latest.json and bench/results/latest.md (the table), and prints the table.
 * Never part of `npm test`.
 */
import autocannon from 'autocannon';
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, totalmem } from 'node:os';
import { resolve } from 'node:path';
import { Pool } from 'pg';
import Redis from 'ioredis';
import { SMTPServer } from 'smtp-server';
import { generate, GenerationReport } from './generate';
import { markdownTable, Measure } from './report';

const ROOT = resolve(__dirname, '../..');
const DIST = resolve(ROOT, 'dist');
const RESULTS = resolve(ROOT, 'bench/results');

interface Options {
  dossiers: number;
  duration: number;
  reuse: boolean;
  keep: boolean;
  only: 'http' | 'jobs' | null;
  databaseUrl: string;
  redisUrl: string;
}

function parseOptions(argv: string[]): Options {
  const value = (name: string): string | undefined => {
    const i = argv.indexOf(`--${name}`);
    if (i >= 0) return argv[i + 1];
    const inline = argv.find((a) => a.startsWith(`--${name}=`));
    // `npm run bench --dossiers=1000` reaches us as npm_config_dossiers
    return inline?.split('=')[1] ?? process.env[`npm_config_${name}`];
  };
  const flag = (name: string) => argv.includes(`--${name}`) || process.env[`npm_config_${name}`] === 'true';
  const dossiers = Number((value('dossiers') ?? '1000000').replace(/_/g, ''));
  const duration = Number(value('duration') ?? '10');
  const only = value('only') ?? null;
  if (!Number.isInteger(dossiers) || dossiers < 1000) throw new Error('--dossiers must be a whole number of at least 1000');
  if (!Number.isFinite(duration) || duration < 1) throw new Error('--duration must be a number of seconds (at least 1)');
  if (only !== null && only !== 'http' && only !== 'jobs') throw new Error('--only must be http or jobs');
  return {
    dossiers,
    duration,
    reuse: flag('reuse'),
    keep: flag('keep') || flag('reuse'),
    only,
    databaseUrl: process.env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/passerelle_bench',
    redisUrl: process.env.BENCH_REDIS_URL ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
  };
}

const log = (line: string) => process.stdout.write(`bench: ${line}\n`);

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const started = new Date();
  const measures: Measure[] = [];
  const prefix = `passerelle-bench-${process.pid}`;
  const secret = randomBytes(32).toString('hex');
  const sink = await startSink();
  const env = {
    NODE_ENV: 'production',
    DATABASE_URL: options.databaseUrl,
    REDIS_URL: options.redisUrl,
    REDIS_PREFIX: prefix,
    SMTP_URL: `smtp://127.0.0.1:${sink.port}`,
    AUTH_TOKEN_SECRET: secret,
    AUTH_ACCESS_TTL_SECONDS: '7200',
    // the bench is one client hammering the API: the per-client rate limit would be all it measures
    RATE_LIMIT_PER_MINUTE: '1000000',
    LOG_LEVEL: 'warn',
    STORAGE_DIR: resolve(ROOT, 'bench/.storage'),
  };

  let generation: GenerationReport | null = null;
  const admin = new Pool({ connectionString: withDatabase(options.databaseUrl, 'postgres'), max: 1 });
  const dbName = new URL(options.databaseUrl).pathname.slice(1);
  let pool: Pool | null = null;
  try {
    const reused = options.reuse && (await holdsDossiers(options.databaseUrl, options.dossiers));
    if (reused) {
      log(`reusing ${dbName} (${options.dossiers.toLocaleString('en')} dossiers)`);
    } else {
      await admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
      await admin.query(`CREATE DATABASE "${dbName}"`);
      await run('node', [resolve(DIST, 'cli.js'), 'db:setup'], env);
      log(`generating ${options.dossiers.toLocaleString('en')} dossiers…`);
      pool = new Pool({ connectionString: options.databaseUrl, max: 3 });
      generation = await generate(pool, {
        dossiers: options.dossiers,
        onStep: (step, rows, ms) => log(`  ${step}: ${rows.toLocaleString('en')} rows in ${(ms / 1000).toFixed(1)} s`),
      });
      log(`generated in ${generation.seconds.toFixed(1)} s`);
      measures.push({
        key: 'generate',
        value: generation.seconds,
        unit: 's',
        detail: `${Object.values(generation.rows)
          .reduce((a, b) => a + b, 0)
          .toLocaleString('en')} rows`,
      });
    }
    pool ??= new Pool({ connectionString: options.databaseUrl, max: 3 });

    if (options.only !== 'jobs') measures.push(...(await httpBench(options, env, pool)));
    if (options.only !== 'http') measures.push(...(await jobsBench(options, env, pool, sink)));
  } finally {
    await pool?.end();
    await sink.close();
    await clearRedis(options.redisUrl, prefix);
    if (!options.keep) await admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`).catch(() => undefined);
    await admin.end();
  }

  const result = {
    startedAt: started.toISOString(),
    finishedAt: new Date().toISOString(),
    dossiers: options.dossiers,
    durationPerRun: options.duration,
    machine: await machine(options.databaseUrl, options.redisUrl),
    generation,
    measures,
  };
  mkdirSync(RESULTS, { recursive: true });
  writeFileSync(resolve(RESULTS, 'latest.json'), `${JSON.stringify(result, null, 2)}\n`);
  const table = markdownTable(result);
  writeFileSync(resolve(RESULTS, 'latest.md'), table);
  process.stdout.write(`\n${table}\n`);
  log(`written bench/results/latest.json and bench/results/latest.md`);
}

// --- HTTP ----------------------------------------------------------------------------------

async function httpBench(options: Options, env: Record<string, string>, pool: Pool): Promise<Measure[]> {
  const measures: Measure[] = [];
  const password = randomBytes(12).toString('base64url');
  await run('node', [resolve(DIST, 'cli.js'), 'agents:create-admin', 'bench-admin@bench.example', 'Bench admin'], env, `${password}\n`);
  const port = await freePort();
  const api = await startProcess('api', resolve(DIST, 'main.js'), { ...env, PORT: String(port), HOST: '127.0.0.1' }, `http://127.0.0.1:${port}/health/ready`);
  const base = `http://127.0.0.1:${port}`;
  try {
    const login = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'bench-admin@bench.example', password }),
    });
    if (!login.ok) throw new Error(`login failed: ${login.status} ${await login.text()}`);
    const token = ((await login.json()) as { accessToken: string }).accessToken;
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };

    const ids = (await pool.query<{ id: string }>(`SELECT id FROM dossiers TABLESAMPLE SYSTEM (5) LIMIT 20000`)).rows.map((r) => r.id);
    const openIds = (await pool.query<{ id: string }>(`SELECT id FROM dossiers WHERE status IN ('received', 'incomplete', 'verified') LIMIT 5000`)).rows.map(
      (r) => r.id,
    );
    const forwarded = (await pool.query<{ id: string; version: number }>(`SELECT id, version FROM dossiers WHERE status = 'forwarded' ORDER BY id`)).rows;
    const freshStudents = (
      await pool.query<{ id: string }>(`SELECT s.id FROM students s WHERE NOT EXISTS (SELECT 1 FROM dossiers d WHERE d.student_id = s.id) ORDER BY s.id`)
    ).rows.map((r) => r.id);
    const searchWords = ['nguyen', 'diallo', 'martinez', 'kouassi', 'sharma', 'haddad', 'wang', 'silva', 'yilmaz', 'tanaka', 'mehdi', 'priya', 'lucas'];
    const statuses = ['decided', 'closed', 'forwarded', 'incomplete', 'received'];
    const today = new Date().toISOString().slice(0, 10);
    const rotating = <T>(items: T[]) => {
      let i = 0;
      return () => items[i++ % items.length]!;
    };
    const once = <T>(items: T[]) => {
      let i = 0;
      return () => items[i++];
    };

    type Scenario = { key: string; label: string; build: () => autocannon.Request };
    const scenarios: Scenario[] = [];
    const nextId = rotating(ids);
    const byId: Scenario = {
      key: 'get',
      label: 'GET /api/dossiers/:id',
      build: () => ({ method: 'GET' as const, setupRequest: (r: autocannon.Request) => ({ ...r, path: `/api/dossiers/${nextId()}` }) }),
    };
    const nextWord = rotating(searchWords);
    const nextStatus = rotating(statuses);
    const list: Scenario = {
      key: 'list',
      label: 'GET /api/dossiers?status=…&q=…&limit=50',
      build: () => ({
        method: 'GET' as const,
        setupRequest: (r: autocannon.Request) => ({ ...r, path: `/api/dossiers?status=${nextStatus()}&q=${nextWord()}&limit=50` }),
      }),
    };
    const nextOpen = rotating(openIds);
    const checklist: Scenario = {
      key: 'checklist',
      label: 'GET /api/dossiers/:id/checklist',
      build: () => ({ method: 'GET' as const, setupRequest: (r: autocannon.Request) => ({ ...r, path: `/api/dossiers/${nextOpen()}/checklist` }) }),
    };
    const nextStudent = once(freshStudents);
    const open: Scenario = {
      key: 'create',
      label: 'POST /api/dossiers',
      build: () => ({
        method: 'POST' as const,
        path: '/api/dossiers',
        setupRequest: (r: autocannon.Request) => ({
          ...r,
          body: JSON.stringify({
            studentId: nextStudent() ?? randomUUID(),
            procedureCode: 'rece',
            receivedAt: today,
            facts: { housing: 'tenant', businessCreation: false },
          }),
        }),
      }),
    };
    const nextForwarded = once(forwarded);
    const transition: Scenario = {
      key: 'transition',
      label: 'POST /api/dossiers/:id/transitions (decided)',
      build: () => ({
        method: 'POST' as const,
        setupRequest: (r: autocannon.Request) => {
          const dossier = nextForwarded();
          return {
            ...r,
            path: `/api/dossiers/${dossier?.id ?? randomUUID()}/transitions`,
            headers: { ...r.headers, 'if-match': `"${dossier?.version ?? 1}"` },
            body: JSON.stringify({ to: 'decided', decision: 'favourable', decidedOn: today }),
          };
        },
      }),
    };
    scenarios.push(byId, list, checklist, open, transition);

    const rss = watchMemory(api.child.pid!);
    // a short warm-up: the JIT, the pools and the caches as a running office has them
    await load(base, headers, byId.build(), { connections: 10, duration: 2 });
    await load(base, headers, list.build(), { connections: 10, duration: 2 });
    for (const scenario of scenarios) {
      log(`${scenario.label}: 50 connections for ${options.duration} s`);
      rss.reset();
      const result = await load(base, headers, scenario.build(), { connections: 50, duration: options.duration });
      measures.push({ key: `${scenario.key}.throughput`, ...result, peakRssMb: rss.peakMb() });
    }
    const fixed: [Scenario, number][] = [
      [byId, 1000],
      [list, 300],
      [open, 300],
    ];
    for (const [scenario, rate] of fixed) {
      log(`${scenario.label}: ${rate} req/s for ${options.duration} s`);
      rss.reset();
      const result = await load(base, headers, scenario.build(), { connections: 50, duration: options.duration, overallRate: rate });
      measures.push({ key: `${scenario.key}.at${rate}`, ...result, peakRssMb: rss.peakMb() });
    }
    measures.push({ key: 'api.memory', value: rss.highWaterMb(), unit: 'MB', detail: 'peak RSS of the API process over the whole HTTP run (VmHWM)' });
    rss.stop();
  } finally {
    await api.stop();
  }

  // the ceiling, on the same database, same pool size, same load
  const ceilingPort = await freePort();
  const ceiling = await startProcess(
    'ceiling',
    resolve(__dirname, 'ceiling.js'),
    { DATABASE_URL: options.databaseUrl, PORT: String(ceilingPort), DATABASE_POOL_SIZE: '10' },
    `http://127.0.0.1:${ceilingPort}/api/dossiers/${randomUUID()}`,
    404,
  );
  try {
    const ids = (await pool.query<{ id: string }>(`SELECT id FROM dossiers TABLESAMPLE SYSTEM (5) LIMIT 20000`)).rows.map((r) => r.id);
    let i = 0;
    const request = { method: 'GET' as const, setupRequest: (r: autocannon.Request) => ({ ...r, path: `/api/dossiers/${ids[i++ % ids.length]}` }) };
    await load(`http://127.0.0.1:${ceilingPort}`, {}, request, { connections: 10, duration: 2 });
    log(`ceiling (bare Fastify + pg): 50 connections for ${options.duration} s`);
    const result = await load(`http://127.0.0.1:${ceilingPort}`, {}, request, { connections: 50, duration: options.duration });
    measures.push({ key: 'ceiling.throughput', ...result });
  } finally {
    await ceiling.stop();
  }
  return measures;
}

interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  errors: number;
}

async function load(
  base: string,
  headers: Record<string, string>,
  request: autocannon.Request,
  opts: { connections: number; duration: number; overallRate?: number },
): Promise<LoadResult> {
  const result = await autocannon({
    url: base,
    headers,
    requests: [request],
    connections: opts.connections,
    duration: opts.duration,
    overallRate: opts.overallRate,
    timeout: 10,
  });
  const total = result.requests.total;
  return {
    rps: Math.round(total / opts.duration),
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: total,
    errors: result.errors + result.timeouts + result.non2xx,
  };
}

/** The RSS of a process, sampled every 100 ms, and its high-water mark as the kernel keeps it. */
function watchMemory(pid: number) {
  let peak = 0;
  const read = (field: 'VmRSS' | 'VmHWM') => {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0) / 1024;
  };
  const timer = setInterval(() => {
    try {
      peak = Math.max(peak, read('VmRSS'));
    } catch {
      /* the process ended */
    }
  }, 100);
  return {
    reset: () => (peak = 0),
    peakMb: () => Math.round(peak),
    highWaterMb: () => Math.round(read('VmHWM')),
    stop: () => clearInterval(timer),
  };
}

// --- jobs ----------------------------------------------------------------------------------

const RECONCILE = 'deadlines.reconcile';

async function jobsBench(options: Options, env: Record<string, string>, pool: Pool, sink: Sink): Promise<Measure[]> {
  const measures: Measure[] = [];
  const dossiers = Number((await pool.query<{ n: string }>(`SELECT count(*) AS n FROM dossiers`)).rows[0]!.n);
  const worker = await startProcess('worker', resolve(DIST, 'worker.js'), { ...env, WORKER_CONCURRENCY: '8' }, null);
  try {
    // the worker reconciles when it starts: with an empty Redis, it gives every pending deadline its jobs
    const first = await waitForRun(pool, 0, 600_000);
    measures.push({
      key: 'reconcile.restore',
      value: first.seconds,
      unit: 's',
      detail: `${dossiers.toLocaleString('en')} dossiers, ${first.outcome.restored?.toLocaleString('en')} pending deadlines given their jobs back (Redis empty)`,
    });
    log(`reconciliation at start (Redis empty): ${first.seconds.toFixed(1)} s, ${JSON.stringify(first.outcome)}`);

    // the nightly run: Redis has the jobs, PostgreSQL is checked against it
    const nightly = await runRecurring(env, pool, first.id);
    const pending = Number((await pool.query<{ n: string }>(`SELECT count(*) AS n FROM deadlines WHERE status = 'pending'`)).rows[0]!.n);
    measures.push({
      key: 'reconcile.nightly',
      value: nightly.seconds,
      unit: 's',
      detail: `${dossiers.toLocaleString('en')} dossiers, ${pending.toLocaleString('en')} pending deadlines checked`,
    });
    log(`nightly reconciliation: ${nightly.seconds.toFixed(1)} s, ${JSON.stringify(nightly.outcome)}`);

    // e-mails: 5,000 events whose e-mails the worker relays, renders and sends to the sink
    const emailCount = 5000;
    const targets = (await pool.query<{ id: string }>(`SELECT id FROM dossiers WHERE status = 'decided' ORDER BY id LIMIT $1`, [emailCount])).rows.map(
      (r) => r.id,
    );
    const before = sink.count();
    const sentAt = Date.now();
    await pool.query(
      `INSERT INTO outbox (topic, key, dossier_id, payload)
       SELECT 'email', 'email:' || id || ':bench:decision_favourable', id, jsonb_build_object('template', 'decision_favourable', 'dossierId', id, 'eventId', 'bench')
       FROM unnest($1::uuid[]) AS id`,
      [targets],
    );
    await waitUntil(() => sink.count() - before >= targets.length, 600_000, 'the e-mails');
    const emailSeconds = (Date.now() - sentAt) / 1000;
    measures.push({
      key: 'emails',
      value: targets.length / emailSeconds,
      unit: '/s',
      detail: `${targets.length.toLocaleString('en')} e-mails in ${emailSeconds.toFixed(1)} s (outbox → queue → SMTP)`,
    });
    log(`e-mails: ${targets.length} in ${emailSeconds.toFixed(1)} s`);

    // closing: 10,000 incomplete dossiers whose complement deadline passed while nothing ran
    const toClose = Math.min(10_000, Number((await pool.query<{ n: string }>(`SELECT count(*) AS n FROM dossiers WHERE status = 'incomplete'`)).rows[0]!.n));
    await pool.query(
      `WITH due AS (SELECT d.id FROM dossiers d WHERE d.status = 'incomplete' ORDER BY d.id LIMIT $1)
       UPDATE deadlines SET due_at = now() - interval '1 minute' FROM due WHERE deadlines.dossier_id = due.id AND deadlines.status = 'pending' AND deadlines.kind = 'complement'`,
      [toClose],
    );
    await pool.query(
      `UPDATE dossiers SET deadline_at = now() - interval '1 minute' WHERE id IN (SELECT dossier_id FROM deadlines WHERE status = 'pending' AND due_at < now())`,
    );
    const closedBefore = Number((await pool.query<{ n: string }>(`SELECT count(*) AS n FROM dossiers WHERE close_reason = 'deadline_expired'`)).rows[0]!.n);
    const closing = await runRecurring(env, pool, nightly.id);
    const closed =
      Number((await pool.query<{ n: string }>(`SELECT count(*) AS n FROM dossiers WHERE close_reason = 'deadline_expired'`)).rows[0]!.n) - closedBefore;
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

interface Run {
  id: number;
  seconds: number;
  outcome: Record<string, number>;
}

async function waitForRun(pool: Pool, afterId: number, timeoutMs: number): Promise<Run> {
  let run: Run | undefined;
  await waitUntil(
    async () => {
      const { rows } = await pool.query<{ id: string; seconds: number; outcome: Record<string, number> }>(
        `SELECT id, extract(epoch FROM finished_at - started_at)::float AS seconds, outcome FROM job_runs
         WHERE name = $1 AND id > $2 AND finished_at IS NOT NULL ORDER BY id LIMIT 1`,
        [RECONCILE, afterId],
      );
      if (rows[0]) run = { id: Number(rows[0].id), seconds: rows[0].seconds, outcome: rows[0].outcome };
      return Boolean(run);
    },
    timeoutMs,
    'a reconciliation run',
  );
  return run!;
}

/** Runs the reconciliation now on the running worker (as its schedule would), through the CLI. */
async function runRecurring(env: Record<string, string>, pool: Pool, afterId: number): Promise<Run> {
  await run('node', [resolve(DIST, 'cli.js'), 'jobs:run', RECONCILE], env);
  return waitForRun(pool, afterId, 600_000);
}

// --- processes and helpers ------------------------------------------------------------------

interface Started {
  child: ChildProcess;
  stop: () => Promise<void>;
}

async function startProcess(name: string, script: string, env: Record<string, string>, readyUrl: string | null, readyStatus = 200): Promise<Started> {
  const child = spawn(process.execPath, [script], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
  child.stderr.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
  const exited = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()));
  let ended = false;
  void exited.then(() => (ended = true));
  if (readyUrl) {
    await waitUntil(
      async () => {
        if (ended) throw new Error(`${name} exited: ${output}`);
        try {
          return (await fetch(readyUrl)).status === readyStatus;
        } catch {
          return false;
        }
      },
      60_000,
      `${name} to be ready`,
    );
  }
  return {
    child,
    stop: async () => {
      if (ended) return;
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
      if (!ended) child.kill('SIGKILL');
    },
  };
}

function run(command: string, args: string[], env: Record<string, string>, input?: string): Promise<void> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stdin.end(input ?? '');
    child.once('exit', (code) => (code === 0 ? resolveRun() : reject(new Error(`${args.slice(1).join(' ')} failed (${code}): ${output}`))));
  });
}

async function waitUntil(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePort(port));
    });
  });
}

interface Sink {
  port: number;
  count: () => number;
  close: () => Promise<void>;
}

/** A local SMTP server that accepts and counts every message (reads it to its end, keeps nothing). */
async function startSink(): Promise<Sink> {
  let received = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      stream.on('data', () => undefined);
      stream.on('end', () => {
        received++;
        callback();
      });
    },
  });
  const port = await freePort();
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', () => r()));
  return { port, count: () => received, close: () => new Promise<void>((r) => server.close(() => r())) };
}

async function holdsDossiers(url: string, n: number): Promise<boolean> {
  const pool = new Pool({ connectionString: url, max: 1 });
  try {
    const { rows } = await pool.query<{ n: string }>(`SELECT count(*) AS n FROM dossiers`);
    return Number(rows[0]!.n) >= n;
  } catch {
    return false;
  } finally {
    await pool.end();
  }
}

async function clearRedis(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) await redis.unlink(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function machine(databaseUrl: string, redisUrl: string) {
  const pool = new Pool({ connectionString: databaseUrl.replace(/\/[^/]*$/, '/postgres'), max: 1 });
  const postgres = (await pool.query<{ server_version: string }>('SHOW server_version')).rows[0]!.server_version;
  await pool.end();
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  const info = await redis.info('server');
  redis.disconnect();
  const cpu = cpus();
  return {
    cpu: `${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown'}`,
    memoryGb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    postgres,
    redis: /redis_version:(\S+)/.exec(info)?.[1] ?? 'unknown',
  };
}

main().catch((error) => {
  process.stderr.write(`bench: ${(error as Error).stack ?? error}\n`);
  process.exit(1);
});
