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
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { Pool } from 'pg';
import { generate, GenerationReport } from './generate';
import { jobsBench } from './jobs';
import { clearRedis, freePort, startApi, holdsDossiers, load, run, startProcess, startSink, watchMemory, withDatabase } from './processes';
import { machine, markdownTable, Measure } from './report';

const ROOT = resolve(__dirname, '../..');
// BENCH_DIST: another build of the app (an A/B run against a baseline worktree's dist)
const DIST = resolve(process.env.BENCH_DIST ?? resolve(ROOT, 'dist'));
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
  const loadAtStart = loadavg();
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
    if (options.only !== 'http') measures.push(...(await jobsBench(DIST, env, pool, sink)));
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
    machine: await machine(options.databaseUrl, options.redisUrl, loadAtStart),
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

async function httpBench(options: Options, env: Record<string, string>, pool: Pool): Promise<Measure[]> {
  const measures: Measure[] = [];
  const password = randomBytes(12).toString('base64url');
  await run('node', [resolve(DIST, 'cli.js'), 'agents:create-admin', 'bench-admin@bench.example', 'Bench admin'], env, `${password}\n`);
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const api = await startApi(DIST, ROOT, env, port);
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

main().catch((error) => {
  process.stderr.write(`bench: ${(error as Error).stack ?? error}\n`);
  process.exit(1);
});
