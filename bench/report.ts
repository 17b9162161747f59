/** The bench's measures, the targets of issue 7, the machine it ran on, and the Markdown table the README quotes. */
import { cpus, loadavg, totalmem } from 'node:os';
import Redis from 'ioredis';
import { Pool } from 'pg';

export interface Measure {
  key: string;
  /** HTTP runs */
  rps?: number;
  p50?: number;
  p99?: number;
  requests?: number;
  errors?: number;
  peakRssMb?: number;
  /** other measures */
  value?: number;
  unit?: 's' | '/s' | 'MB';
  detail?: string;
  count?: number;
}

export interface BenchResult {
  startedAt: string;
  dossiers: number;
  durationPerRun: number;
  machine: Machine;
  measures: Measure[];
}

export interface Machine {
  cpu: string;
  cpuCount: number;
  memoryGb: number;
  node: string;
  postgres: string;
  redis: string;
  /** os.loadavg() (1, 5 and 15 minutes) when the run started and when it ended: how busy the shared cores were. */
  loadAtStart: number[];
  loadAtEnd: number[];
}

interface Target {
  label: string;
  target: string;
  /** The figure shown, and whether it meets the target (undefined: not measured in this run). */
  check: (m: (key: string) => Measure | undefined) => { figure: string; met: boolean } | undefined;
}

const http = (m: Measure | undefined) =>
  m && `${m.rps!.toLocaleString('en')} req/s (p50 ${m.p50} ms, p99 ${m.p99} ms${m.errors ? `, **${m.errors} errors**` : ''})`;

export const TARGETS: Target[] = [
  {
    label: '`GET /api/dossiers/:id`, authenticated, 50 connections',
    target: '≥ 50% of the raw Fastify + pg ceiling',
    check: (m) => {
      const get = m('get.throughput');
      const ceiling = m('ceiling.throughput');
      if (!get || !ceiling) return undefined;
      const ratio = get.rps! / ceiling.rps!;
      return { figure: `${http(get)} = **${Math.round(ratio * 100)}%** of ${ceiling.rps!.toLocaleString('en')} req/s`, met: ratio >= 0.5 && !get.errors };
    },
  },
  { label: '`GET /api/dossiers/:id` at a fixed 1,000 req/s', target: 'p99 ≤ 25 ms', check: (m) => latency(m('get.at1000'), 25) },
  { label: 'filtered list with a search term, 50 rows', target: '≥ 800 req/s', check: (m) => throughput(m('list.throughput'), 800) },
  { label: 'filtered list at a fixed 300 req/s', target: 'p99 ≤ 50 ms', check: (m) => latency(m('list.at300'), 50) },
  { label: 'checklist', target: '≥ 1,000 req/s', check: (m) => throughput(m('checklist.throughput'), 1000) },
  { label: '`POST /api/dossiers` (history + outbox in one transaction)', target: '≥ 600 req/s', check: (m) => throughput(m('create.throughput'), 600) },
  { label: '`POST /api/dossiers` at a fixed 300 req/s', target: 'p99 ≤ 50 ms', check: (m) => latency(m('create.at300'), 50) },
  { label: 'a transition (forwarded → decided)', target: '≥ 500 req/s', check: (m) => throughput(m('transition.throughput'), 500) },
  { label: 'nightly reconciliation', target: '≤ 10 s', check: (m) => seconds(m('reconcile.nightly'), 10) },
  {
    label: 'reconciliation after Redis lost its data (every job put back)',
    target: '(measured, no target)',
    check: (m) => seconds(m('reconcile.restore'), Infinity),
  },
  {
    label: 'closing 10,000 expired dossiers (with their outbox rows)',
    target: '≤ 30 s',
    check: (m) => seconds(m('close'), 30, (x) => `, ${Math.round(x.count! / x.value!).toLocaleString('en')} dossiers/s`),
  },
  { label: 'e-mails to a local SMTP sink', target: '≥ 200 per second', check: (m) => perSecond(m('emails'), 200) },
  { label: 'e-mails to a local SMTP sink, 2 worker processes', target: '≥ 500 per second', check: (m) => perSecond(m('emails.2workers'), 500) },
  { label: 'API memory under load', target: '≤ 300 MB RSS', check: (m) => mb(m('api.memory'), 300) },
  { label: 'generating the dossiers', target: '≤ 5 min (1M)', check: (m) => seconds(m('generate'), 300) },
];

function throughput(m: Measure | undefined, min: number) {
  return m && { figure: http(m)!, met: m.rps! >= min && !m.errors };
}
function latency(m: Measure | undefined, maxP99: number) {
  return (
    m && {
      figure: `p99 **${m.p99} ms** (p50 ${m.p50} ms, ${m.rps!.toLocaleString('en')} req/s${m.errors ? `, **${m.errors} errors**` : ''})`,
      met: m.p99! <= maxP99 && !m.errors,
    }
  );
}
function seconds(m: Measure | undefined, max: number, extra: (m: Measure) => string = () => '') {
  return m && { figure: `**${m.value!.toFixed(2)} s**${extra(m)} — ${m.detail}`, met: m.value! <= max };
}
function perSecond(m: Measure | undefined, min: number) {
  return m && { figure: `**${Math.round(m.value!).toLocaleString('en')}/s** — ${m.detail}`, met: m.value! >= min };
}
function mb(m: Measure | undefined, max: number) {
  return m && { figure: `**${m.value} MB**`, met: m.value! <= max };
}

export function markdownTable(result: BenchResult): string {
  const find = (key: string) => result.measures.find((m) => m.key === key);
  const lines = [
    `Run of ${result.startedAt.slice(0, 16).replace('T', ' ')} UTC, ${result.dossiers.toLocaleString('en')} dossiers, ${result.durationPerRun} s per HTTP run — ` +
      `${result.machine.cpu}, ${result.machine.memoryGb} GB, Node ${result.machine.node}, PostgreSQL ${result.machine.postgres}, Redis ${result.machine.redis} ` +
      `(API, worker, PostgreSQL, Redis and autocannon on the same cores; load average ${loadLine(result.machine)}).`,
    '',
    '| measure | target | result | met |',
    '|---|---|---|---|',
  ];
  for (const target of TARGETS) {
    const checked = target.check(find);
    if (!checked) continue;
    const measured = target.target.startsWith('(');
    lines.push(`| ${target.label} | ${target.target} | ${checked.figure} | ${measured ? '—' : checked.met ? 'yes' : '**no**'} |`);
  }
  return `${lines.join('\n')}\n`;
}

/** `1.20 / 0.85 / 0.40 → 2.10 / … on 2 CPUs`; older results have no load figures. */
function loadLine(machine: Machine): string {
  const shown = (load: number[] | undefined) => (load ?? []).map((x) => x.toFixed(2)).join(' / ') || '?';
  return `${shown(machine.loadAtStart)} at the start, ${shown(machine.loadAtEnd)} at the end, 1/5/15 min, on ${machine.cpuCount ?? '?'} CPUs`;
}

/** The machine the run had: its CPUs and memory, the versions, and how loaded it was at the start (given) and now. */
export async function machine(databaseUrl: string, redisUrl: string, loadAtStart: number[]): Promise<Machine> {
  const pool = new Pool({ connectionString: databaseUrl.replace(/\/[^/]*$/, '/postgres'), max: 1 });
  const postgres = (await pool.query<{ server_version: string }>('SHOW server_version')).rows[0]!.server_version;
  await pool.end();
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  const info = await redis.info('server');
  redis.disconnect();
  const cpu = cpus();
  return {
    cpu: `${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown'}`,
    cpuCount: cpu.length,
    memoryGb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    postgres,
    redis: /redis_version:(\S+)/.exec(info)?.[1] ?? 'unknown',
    loadAtStart: loadAtStart.map((x) => Math.round(x * 100) / 100),
    loadAtEnd: loadavg().map((x) => Math.round(x * 100) / 100),
  };
}
