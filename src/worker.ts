import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { AppConfig } from './config/app-config';
import { PrismaService } from './infra/prisma/prisma.service';
import { RedisService } from './infra/redis/redis.service';
import { createRootLogger } from './infra/logging';
import { bootOrExit } from './infra/preflight';
import { WorkerModule } from './worker.module';

/** Builds the worker's application context (no HTTP); used by the entry point and tests. */
export async function createWorker(config: AppConfig) {
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config, createRootLogger(config)), { bufferLogs: true, abortOnError: false });
  app.useLogger(app.get(Logger));
  await app.get(PrismaService).$connect();
  await app.get(RedisService).connected(5_000);
  return app;
}

/** The worker process: runs queues and schedules; stops cleanly on SIGTERM/SIGINT. */
async function main(): Promise<void> {
  const config = await bootOrExit();
  const app = await createWorker(config);
  app.enableShutdownHooks(['SIGTERM', 'SIGINT'], { useProcessExit: true });
  app.get(Logger).log('Worker ready', 'Worker');
}

if (require.main === module) void main();
