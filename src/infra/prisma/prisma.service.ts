import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { PrismaPg } from '@prisma/adapter-pg';
import { AppConfig } from '../../config/app-config';
import { PrismaClient } from './generated/client';

/**
 * The one PrismaClient of a process, over a `pg` pool (driver adapter). Repositories inject
 * it; besides them only the unit of work (transactions across repositories) and the readiness
 * check do. The command-line tasks get one from `withPrisma` and hand it to repositories.
 */
@Injectable()
export class PrismaService extends PrismaClient implements OnModuleDestroy {
  constructor(config: AppConfig) {
    super({
      adapter: new PrismaPg({
        connectionString: config.DATABASE_URL,
        max: config.DATABASE_POOL_SIZE,
        connectionTimeoutMillis: 5_000,
        application_name: 'passerelle',
      }),
      // under load a transaction may wait for a pooled connection longer than Prisma's 2 s default
      transactionOptions: { maxWait: 10_000, timeout: 15_000 },
    });
  }

  /** Resolves when PostgreSQL answers (readiness). */
  async ping(): Promise<void> {
    await this.$queryRaw`SELECT 1`;
  }

  async onModuleDestroy(): Promise<void> {
    await this.$disconnect();
  }
}

/** The client type repositories receive inside a transaction. */
export type PrismaTx = Parameters<Parameters<PrismaService['$transaction']>[0]>[0];

/** A client for one command-line task (set-up, demo seed, accounts), closed when the task is done. */
export async function withPrisma<T>(config: AppConfig, work: (prisma: PrismaService) => Promise<T>): Promise<T> {
  const prisma = new PrismaService(config);
  try {
    return await work(prisma);
  } finally {
    await prisma.$disconnect();
  }
}
