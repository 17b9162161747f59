import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, chownSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { freePort, waitFor } from './processes';

const BINARY = existsSync('/usr/sbin/pgbouncer') ? '/usr/sbin/pgbouncer' : 'pgbouncer';

/** A database PgBouncer fronts: clients connect to `alias`, PgBouncer keeps `poolSize` server connections to it. */
export interface PooledDatabase {
  alias: string;
  poolSize: number;
}

/**
 * A private PgBouncer in transaction mode in front of one PostgreSQL database (the test's own),
 * under one or more aliases, each with its own pool; its folder (config, users, log) removed on stop.
 */
export class PgBouncer {
  private constructor(
    private readonly child: ChildProcess,
    private readonly exited: Promise<unknown>,
    private readonly folder: string,
    private readonly databaseUrl: string,
    readonly port: number,
  ) {}

  static async start(databaseUrl: string, databases: PooledDatabase[]): Promise<PgBouncer> {
    const server = new URL(databaseUrl);
    const user = decodeURIComponent(server.username);
    const folder = mkdtempSync(join(tmpdir(), 'passerelle-pgbouncer-'));
    const port = await freePort();
    const target = `host=${server.hostname} port=${server.port || 5432} dbname=${decodeURIComponent(server.pathname.slice(1))}`;
    writeFileSync(join(folder, 'users.txt'), `"${user}" ""\n`);
    writeFileSync(
      join(folder, 'pgbouncer.ini'),
      [
        '[databases]',
        ...databases.map((d) => `${d.alias} = ${target} pool_size=${d.poolSize}`),
        '[pgbouncer]',
        'listen_addr = 127.0.0.1',
        `listen_port = ${port}`,
        "unix_socket_dir = ''",
        // the test's PostgreSQL trusts local connections; PgBouncer still wants the user in its auth_file
        'auth_type = trust',
        `auth_file = ${join(folder, 'users.txt')}`,
        'pool_mode = transaction',
        // its admin console (database `pgbouncer`), where a test sees which server connections it holds
        `admin_users = ${user}`,
        'max_client_conn = 500',
        `logfile = ${join(folder, 'pgbouncer.log')}`,
        `pidfile = ${join(folder, 'pgbouncer.pid')}`,
        '',
      ].join('\n'),
    );
    // PgBouncer refuses to run as root: as root, it runs as postgres, which must reach its folder
    const asRoot = process.getuid?.() === 0;
    if (asRoot) {
      const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres']).toString());
      for (const file of ['', 'users.txt', 'pgbouncer.ini']) chownSync(join(folder, file), id('-u'), id('-g'));
    }
    const child = spawn(BINARY, [...(asRoot ? ['-u', 'postgres'] : []), join(folder, 'pgbouncer.ini')], { stdio: 'ignore' });
    const exited = new Promise((done) => child.once('exit', done));
    const bouncer = new PgBouncer(child, exited, folder, databaseUrl, port);
    await waitFor(() => bouncer.answers(databases[0]!.alias), 10_000, `PgBouncer on port ${port}`).catch(async (error: Error) => {
      await bouncer.stop();
      throw new Error(`${error.message}: ${bouncer.lastLog}`);
    });
    return bouncer;
  }

  /** The URL clients use for `alias` (user and password as in the direct URL). */
  url(alias: string): string {
    const url = new URL(this.databaseUrl);
    url.hostname = '127.0.0.1';
    url.port = String(this.port);
    url.pathname = `/${alias}`;
    return url.toString();
  }

  /** What PgBouncer logged (its refusals name the startup parameter or the user). */
  get lastLog(): string {
    const log = join(this.folder, 'pgbouncer.log');
    return existsSync(log) ? readFileSync(log, 'utf8').slice(-2_000) : '(no log)';
  }

  /** The rows of an admin console command: `show('SERVERS')` lists the server connections, each with its backend's `remote_pid`. */
  async show(what: 'SERVERS' | 'CLIENTS' | 'POOLS'): Promise<Record<string, string | number | null>[]> {
    const client = new Client({ connectionString: this.url('pgbouncer') });
    await client.connect();
    try {
      return (await client.query<Record<string, string | number | null>>(`SHOW ${what}`)).rows;
    } finally {
      await client.end();
    }
  }

  async stop(): Promise<void> {
    // SIGTERM: immediate shutdown (SIGINT would wait for the clients to leave)
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGTERM');
    await this.exited;
    rmSync(this.folder, { recursive: true, force: true });
  }

  private async answers(alias: string): Promise<boolean> {
    const client = new Client({ connectionString: this.url(alias), connectionTimeoutMillis: 2_000 });
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
}
