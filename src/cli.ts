import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { QueueEvents } from 'bullmq';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import pino from 'pino';
import { AppModule } from './app.module';
import { openApiDocument } from './common/openapi';
import { loadConfig } from './config/app-config';
import { seedDemo } from './demo/demo-seed';
import { prepareDatabase } from './setup/database-setup';
import { ensureDatabase, migrationsUrl } from './infra/prisma/migrator';
import { bootOrExit } from './infra/preflight';
import { createAdmin } from './agents/agent-accounts';
import { demoLogins } from './demo/demo-logins';
import { JobName, queueOf, recurringJobs } from './infra/queue/queue.jobs';
import { QueueService } from './infra/queue/queue.service';
import { RecurringJobs } from './infra/queue/recurring-jobs';

const COMMANDS: Record<string, { help: string; run: (args: string[]) => Promise<void> }> = {
  'db:setup': { help: 'create the database if missing, apply pending migrations, publish the shipped catalog', run: setupDatabase },
  'db:migrate': { help: 'apply pending migrations, then publish the catalog versions shipped in prisma/catalog', run: applyMigrations },
  'demo:seed': { help: 'load the demo office (institutions, students, dossiers) unless already there', run: loadDemo },
  'agents:create-admin': {
    help: 'create an admin (or make an account admin): agents:create-admin <email> [display name]; the password is read from standard input',
    run: createAdminAccount,
  },
  'jobs:run': { help: 'run a recurring job now on the running worker and wait for its result (no name: list them)', run: runJob },
  openapi: { help: 'print the OpenAPI document the API serves at /docs-json (needs neither PostgreSQL nor Redis)', run: printOpenApi },
  up: { help: 'set up the database, load the demo office, run the API and the worker', run: up },
};

async function setupDatabase(): Promise<void> {
  const config = await bootOrExit({ databaseMustExist: false });
  const direct = migrationsUrl(config);
  if (await ensureDatabase(direct)) log(`created database ${new URL(direct).pathname.slice(1)}`);
  await applyMigrations();
}

async function applyMigrations(): Promise<void> {
  const { migrations, catalog, emails } = await prepareDatabase(loadConfig());
  log(migrations.applied.length ? `applied ${migrations.applied.join(', ')}` : `database up to date (${migrations.alreadyApplied.length} migrations)`);
  log(catalog.published.length ? `published ${catalog.published.join(', ')}` : `catalog up to date (${catalog.unchanged.length} versions)`);
  log(emails.published.length ? `published ${emails.published.length} e-mail wordings` : `e-mail wordings up to date (${emails.unchanged})`);
  if (catalog.dossiersAssigned) log(`${catalog.dossiersAssigned} dossiers given the catalog version of their receipt date`);
}

async function loadDemo(): Promise<void> {
  const config = await bootOrExit();
  const summary = await seedDemo(config);
  log(summary);
}

/** The first admin of an office (or a locked-out admin's new password): never a default password. */
async function createAdminAccount([email, ...name]: string[]): Promise<void> {
  if (!email || !/^[^\s@]+@[^\s@]+$/.test(email)) {
    process.stderr.write('usage: node dist/cli.js agents:create-admin <email> [display name]   (the password on standard input)\n');
    process.exitCode = 2;
    return;
  }
  const config = await bootOrExit();
  if (process.stdin.isTTY) process.stdout.write(`Password for ${email} (at least 12 characters, shown as typed): `);
  const password = (await readLine()).trim();
  if (!password)
    throw new Error('no password was read on standard input (give it there: printf \'%s\\n\' "$PASSWORD" | node dist/cli.js agents:create-admin …)');
  const outcome = await createAdmin(config, email, name.join(' ') || 'Administrator', password);
  log(
    outcome === 'created' ? `admin ${email} created: log in with POST /api/auth/login` : `${email} is now an admin with this password (its other logins ended)`,
  );
}

function readLine(): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    process.stdin.setEncoding('utf8');
    const onData = (chunk: string) => {
      text += chunk;
      if (text.includes('\n')) done();
    };
    const done = () => {
      process.stdin.off('data', onData);
      process.stdin.pause();
      resolve(text.split('\n')[0] ?? '');
    };
    process.stdin.on('data', onData);
    process.stdin.once('end', done);
  });
}

/** Queues a recurring job (reconciliation, a watch, the digests...) for the worker, as its schedule would, and waits for it. */
async function runJob([name]: string[]): Promise<void> {
  const names = recurringJobs().map((job) => job.name);
  if (!name || !names.includes(name as JobName)) {
    if (name) process.stderr.write(`passerelle: no recurring job named ${name}\n`);
    process.stdout.write(`recurring jobs:\n${names.map((n) => `  ${n}`).join('\n')}\n`);
    process.exitCode = name ? 2 : 0;
    return;
  }
  const config = await bootOrExit();
  const queues = new QueueService(config);
  const queue = queues.queue(queueOf(name as JobName));
  const events = new QueueEvents(queue.name, { connection: { url: config.REDIS_URL }, prefix: queue.opts.prefix });
  try {
    await events.waitUntilReady();
    const id = await new RecurringJobs(config, queues).runNow(name as JobName, 'cli');
    if ((await queue.getWorkersCount()) === 0) {
      log(`queued ${name} (job ${id}); no worker is running: it runs when one starts`);
      return;
    }
    log(`queued ${name} (job ${id}); waiting for the worker`);
    const job = (await queue.getJob(id))!;
    const result: unknown = await job.waitUntilFinished(events, 10 * 60_000);
    log(`${name} done: ${JSON.stringify(result)}`);
  } finally {
    await events.close();
    await queues.onModuleDestroy();
  }
}

/**
 * The web app's API types are generated from this at build time (npm run api:types). Nest's
 * preview mode resolves the modules without creating a provider, so nothing connects: the
 * document is the routes' and DTOs' metadata only, whatever the environment.
 */
async function printOpenApi(): Promise<void> {
  // closed ports: were anything to connect after all, it would fail here rather than touch a real database
  const config = loadConfig({ DATABASE_URL: 'postgresql://postgres@127.0.0.1:9/none', REDIS_URL: 'redis://127.0.0.1:9' });
  const app = await NestFactory.create(AppModule.forRoot(config, pino({ level: 'silent' })), new FastifyAdapter(), {
    preview: true,
    logger: false,
    abortOnError: false,
  });
  process.stdout.write(`${JSON.stringify(openApiDocument(app), null, 2)}\n`);
  await app.close();
}

/** The README's run command: everything a fresh machine needs, then API + worker until Ctrl-C. */
async function up(): Promise<void> {
  const config = loadConfig();
  if (!(await portIsFree(config.PORT, config.HOST))) {
    throw new Error(`port ${config.PORT} on ${config.HOST} is already in use: stop what uses it, or set PORT (e.g. PORT=3100 npm run demo).`);
  }
  await setupDatabase();
  await loadDemo();
  const logins = await demoLogins(config);
  const demoAccounts = logins.accounts.map((a) => `${a.email} (${a.role})`).join(', ');
  const children = ['main.js', 'worker.js'].map((entry) => spawn(process.execPath, [resolve(__dirname, entry)], { stdio: 'inherit' }));
  void announceWhenReady(`http://${config.HOST === '0.0.0.0' ? '127.0.0.1' : config.HOST}:${config.PORT}`, [
    `demo logins, password ${logins.password} (drawn for this run): ${demoAccounts}`,
    `  token=$(curl -s localhost:${config.PORT}/api/auth/login -H 'content-type: application/json' -d '{"email":"${logins.accounts[0]!.email}","password":"${logins.password}"}' | sed -E 's/.*"accessToken":"([^"]+)".*/\\1/')`,
    `  curl -s localhost:${config.PORT}/api/dossiers?limit=3 -H "authorization: Bearer $token"`,
  ]);
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    for (const child of children) if (child.exitCode === null) child.kill(signal);
  };
  process.on('SIGINT', () => stop('SIGTERM'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((done) =>
          child.on('exit', (code) => {
            if (!stopping) {
              log(`a process exited (code ${code}); stopping the other`);
              process.exitCode = code ?? 1;
              stop('SIGTERM');
            }
            done();
          }),
        ),
    ),
  );
}

function portIsFree(port: number, host: string): Promise<boolean> {
  return new Promise((done) => {
    const server = createServer();
    server.once('error', () => done(false));
    server.listen(port, host, () => server.close(() => done(true)));
  });
}

async function announceWhenReady(base: string, notes: string[]): Promise<void> {
  for (let attempt = 0; attempt < 150; attempt++) {
    const ready = await fetch(`${base}/health/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) {
      log(`API on ${base} (web app: ${base}/, Swagger UI: ${base}/docs), worker running. Ctrl-C stops both.`);
      for (const note of notes) log(note);
      return;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

function log(message: string): void {
  process.stdout.write(`passerelle: ${message}\n`);
}

async function main(): Promise<void> {
  const name = process.argv[2] ?? '';
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(
      `usage: node dist/cli.js <command>\n${Object.entries(COMMANDS)
        .map(([key, c]) => `  ${key.padEnd(10)} ${c.help}`)
        .join('\n')}\n`,
    );
    process.exit(name ? 2 : 0);
  }
  await command.run(process.argv.slice(3));
}

main().catch((error: unknown) => {
  process.stderr.write(`passerelle: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
