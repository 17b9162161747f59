import 'reflect-metadata';
import { setFlagsFromString } from 'node:v8';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { Clock } from './common/clock';
import { AppConfig } from './config/app-config';
import { PrismaModule } from './infra/prisma/prisma.module';
import { RedisService } from './infra/redis/redis.service';
import { createRootLogger } from './infra/logging';
import { bootOrExit } from './infra/preflight';
import { WorkerModule, WorkerRuntime } from './worker.module';

export interface RunningWorker {
  app: INestApplicationContext;
  /** Stops taking work, lets the active jobs finish, closes the connections. */
  stop(): Promise<void>;
}

/** Builds and starts the worker (queues, schedules, outbox relay); used by the entry point and tests (which may give it their clock). */
export async function startWorker(config: AppConfig, options: { clock?: Clock } = {}): Promise<RunningWorker> {
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config, createRootLogger(config), options.clock), {
    bufferLogs: true,
    abortOnError: false,
  });
  app.useLogger(app.get(Logger));
  await PrismaModule.connect(app);
  await app.get(RedisService).connected(5_000);
  const runtime = app.get(WorkerRuntime);
  await runtime.start();
  let stopping: Promise<void> | null = null;
  return {
    app,
    stop: () =>
      (stopping ??= (async () => {
        await runtime.stop();
        await app.close();
      })()),
  };
}

/** The worker process: runs queues and schedules; on SIGTERM/SIGINT, finishes what it is doing and exits. */
async function main(): Promise<void> {
  // Prisma's WebAssembly compiler in its baseline tier only, as in the API (src/main.ts says why)
  setFlagsFromString('--liftoff-only');
  const config = await bootOrExit();
  const worker = await startWorker(config);
  const logger = worker.app.get(Logger);
  logger.log('Worker ready', 'Worker');
  const shutdown = (signal: string) => {
    logger.log(`${signal}: finishing the jobs under way, then stopping`, 'Worker');
    worker.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error(`Stopping failed: ${error instanceof Error ? error.message : String(error)}`, 'Worker');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`passerelle worker: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
