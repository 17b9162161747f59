import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { freePort, waitFor } from './processes';

const exec = promisify(execFile);
const BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';

/**
 * A PostgreSQL server of the test's own (`initdb` + `pg_ctl` into a temporary folder, on a
 * free port), that the test may stop and start again without disturbing the machine's. As
 * root, the server runs as the `postgres` user (initdb refuses root).
 */
export class PrivatePostgres {
  private readonly data: string;
  private readonly log: string;

  private constructor(
    readonly port: number,
    private readonly folder: string,
    private readonly runAs: { uid: number; gid: number } | null,
  ) {
    this.data = join(folder, 'data');
    this.log = join(folder, 'server.log');
  }

  static async start(): Promise<PrivatePostgres> {
    if (!existsSync(join(BIN, 'initdb'))) throw new Error(`${BIN}/initdb is missing: install PostgreSQL 15 (apt-get install postgresql) or set PG_BIN`);
    const folder = mkdtempSync(join(tmpdir(), 'passerelle-pg-'));
    const runAs = process.getuid?.() === 0 ? await userIds('postgres') : null;
    if (runAs) chownSync(folder, runAs.uid, runAs.gid);
    const server = new PrivatePostgres(await freePort(), folder, runAs);
    try {
      await server.command('initdb', ['-D', server.data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync', '--no-instructions']);
      await server.resume();
    } catch (error) {
      rmSync(folder, { recursive: true, force: true });
      throw error;
    }
    return server;
  }

  /** A URL for `database` on this server. */
  url(database = 'postgres'): string {
    return `postgresql://postgres@127.0.0.1:${this.port}/${database}`;
  }

  async resume(): Promise<void> {
    const options = [
      `-p ${this.port}`,
      `-c listen_addresses=127.0.0.1`,
      `-c unix_socket_directories=${this.folder}`,
      // a test server: the OS keeps what PostgreSQL wrote when PostgreSQL itself is killed
      `-c fsync=off`,
      `-c max_connections=100`,
    ].join(' ');
    await this.command('pg_ctl', ['start', '-D', this.data, '-l', this.log, '-w', '-t', '60', '-o', options]);
    await waitFor(() => this.answers(), 30_000, `PostgreSQL on port ${this.port}`);
  }

  /**
   * Stops the server: `immediate` as a crash would (every connection cut, recovery at the
   * next start), `fast` as an orderly shutdown.
   */
  async stop(mode: 'immediate' | 'fast' = 'immediate'): Promise<void> {
    if (!existsSync(join(this.data, 'postmaster.pid'))) return;
    await this.command('pg_ctl', ['stop', '-D', this.data, '-m', mode, '-w', '-t', '60']);
  }

  /** The server's log (to explain a failure). */
  output(): string {
    return existsSync(this.log) ? readFileSync(this.log, 'utf8') : '';
  }

  async close(): Promise<void> {
    await this.stop('immediate').catch(() => undefined);
    rmSync(this.folder, { recursive: true, force: true });
  }

  async answers(): Promise<boolean> {
    const client = new Client({ connectionString: this.url(), connectionTimeoutMillis: 2_000 });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.query('SELECT 1');
      return true;
    } catch {
      return false;
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  private async command(name: string, args: string[]): Promise<void> {
    const file = join(BIN, name);
    try {
      if (this.runAs) await exec('runuser', ['-u', 'postgres', '--', file, ...args], { cwd: this.folder });
      else await exec(file, args, { cwd: this.folder });
    } catch (error) {
      const { stdout, stderr } = error as { stdout?: string; stderr?: string };
      throw new Error(`${name} ${args[0]} failed: ${stderr || stdout || (error as Error).message}\n${this.output().slice(-2000)}`, { cause: error });
    }
  }
}

async function userIds(name: string): Promise<{ uid: number; gid: number }> {
  const [{ stdout: uid }, { stdout: gid }] = await Promise.all([exec('id', ['-u', name]), exec('id', ['-g', name])]);
  return { uid: Number(uid.trim()), gid: Number(gid.trim()) };
}
