import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';

const DIST = resolve(__dirname, '../../dist');

/** A built entry point (`npm test` builds before running jest). */
export function distEntry(name: string): string {
  const path = resolve(DIST, name);
  if (!existsSync(path)) throw new Error(`${path} is missing: run \`npm run build\` first (npm test does).`);
  return path;
}

export interface RunningProcess {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

export function run(entry: string, args: string[] = [], env: NodeJS.ProcessEnv = {}): RunningProcess {
  const child = spawn(process.execPath, [distEntry(entry), ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  return { child, output: () => output, exited };
}

/**
 * How many times its nominal deadline a wait may last (TEST_PATIENCE, 4 unless set): a wait
 * ends as soon as its condition holds, so patience costs nothing when the code is right, and a
 * busy machine (CI shares two cores) makes the suite slower, never red.
 */
export const PATIENCE = Number(process.env.TEST_PATIENCE ?? 4);
export const patient = (ms: number): number => ms * PATIENCE;

export async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + patient(timeoutMs);
  while (Date.now() < deadline) {
    if (await condition()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
    server.on('error', fail);
  });
}
