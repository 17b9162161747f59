import 'reflect-metadata';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { loadConfig } from './config/app-config';
import { seedDemo } from './demo/demo-seed';
import { prepareDatabase } from './infra/database-setup';
import { ensureDatabase } from './infra/prisma/migrator';
import { bootOrExit } from './infra/preflight';


const COMMANDS: Record<string, { help: string; run: () => Promise<void> }> = {
  'db:setup': { help: 'create the database if missing, apply pending migrations, publish the shipped catalog', run: setupDatabase },
  'db:migrate': { help: 'apply pending migrations, then publish the catalog versions shipped in prisma/catalog', run: applyMigrations },
  'demo:seed': { help: 'load the demo office (institutions, students, dossiers) unless already there', run: loadDemo },
  up: { help: 'set up the database, load the demo office, run the API and the worker', run: up },
};

async function setupDatabase(): Promise<void> {
  const config = await bootOrExit({ databaseMustExist: false });
  if (await ensureDatabase(config.DATABASE_URL)) log(`created database ${new URL(config.DATABASE_URL).pathname.slice(1)}`);
  await applyMigrations();
}

async function applyMigrations(): Promise<void> {
  const { migrations, catalog } = await prepareDatabase(loadConfig());
  log(migrations.applied.length ? `applied ${migrations.applied.join(', ')}` : `database up to date (${migrations.alreadyApplied.length} migrations)`);
  log(catalog.published.length ? `published ${catalog.published.join(', ')}` : `catalog up to date (${catalog.unchanged.length} versions)`);
  if (catalog.dossiersAssigned) log(`${catalog.dossiersAssigned} dossiers given the catalog version of their receipt date`);
}

async function loadDemo(): Promise<void> {
  const config = await bootOrExit();
  const summary = await seedDemo(config);
  log(summary);
}

/** The README's run command: everything a fresh machine needs, then API + worker until Ctrl-C. */
async function up(): Promise<void> {
  const config = loadConfig();
  if (!(await portIsFree(config.PORT, config.HOST))) {
    throw new Error(`port ${config.PORT} on ${config.HOST} is already in use: stop what uses it, or set PORT (e.g. PORT=3100 npm run demo).`);
  }
  await setupDatabase();
  await loadDemo();
  const children = ['main.js', 'worker.js'].map((entry) => spawn(process.execPath, [resolve(__dirname, entry)], { stdio: 'inherit' }));
  void announceWhenReady(`http://${config.HOST === '0.0.0.0' ? '127.0.0.1' : config.HOST}:${config.PORT}`);
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

async function announceWhenReady(base: string): Promise<void> {
  for (let attempt = 0; attempt < 150; attempt++) {
    const ready = await fetch(`${base}/health/ready`).then((r) => r.ok, () => false);
    if (ready) {
      log(`API on ${base} (Swagger UI: ${base}/docs), worker running. Ctrl-C stops both.`);
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
  await command.run();
}

main().catch((error: unknown) => {
  process.stderr.write(`passerelle: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
