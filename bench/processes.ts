/** The bench's processes and helpers: the production build's processes, the CLI, a local SMTP sink. */
import autocannon from 'autocannon';
import { ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import Redis from 'ioredis';
import { Pool } from 'pg';
import { SMTPServer } from 'smtp-server';

export interface Started {
  child: ChildProcess;
  stop: () => Promise<void>;
}

/** Node's flags for the API as the image starts it (docker/Dockerfile's CMD): the bench measures what is deployed. */
export function apiNodeFlags(root: string): string[] {
  const command = /exec node ((?:--\S+ )*)dist\/main\.js/.exec(readFileSync(resolve(root, 'docker/Dockerfile'), 'utf8'));
  if (!command) throw new Error("docker/Dockerfile: no 'exec node … dist/main.js' in its CMD");
  return command[1]!.split(' ').filter(Boolean);
}

/** The API of the build in `dist`, on `port`, started as the image starts it; resolves once ready. */
export function startApi(dist: string, root: string, env: Record<string, string>, port: number): Promise<Started> {
  const url = `http://127.0.0.1:${port}/health/ready`;
  return startProcess('api', resolve(dist, 'main.js'), { ...env, PORT: String(port), HOST: '127.0.0.1' }, url, 200, apiNodeFlags(root));
}

export async function startProcess(
  name: string,
  script: string,
  env: Record<string, string>,
  readyUrl: string | null,
  readyStatus = 200,
  nodeFlags: string[] = [],
): Promise<Started> {
  const child = spawn(process.execPath, [...nodeFlags, script], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
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

export function run(command: string, args: string[], env: Record<string, string>, input?: string): Promise<void> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stdin.end(input ?? '');
    child.once('exit', (code) => (code === 0 ? resolveRun() : reject(new Error(`${args.slice(1).join(' ')} failed (${code}): ${output}`))));
  });
}

export async function waitUntil(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePort(port));
    });
  });
}

export interface Sink {
  port: number;
  count: () => number;
  close: () => Promise<void>;
}

/** A local SMTP server that accepts and counts every message (reads it to its end, keeps nothing). */
export async function startSink(): Promise<Sink> {
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

export interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  errors: number;
}

export async function load(
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
export function watchMemory(pid: number) {
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

export async function holdsDossiers(url: string, n: number): Promise<boolean> {
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

export async function clearRedis(url: string, prefix: string): Promise<void> {
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

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
