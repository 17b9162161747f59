import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { PrismaPg } from '@prisma/adapter-pg';
import { Pool, type QueryResultRow } from 'pg';
import { AppConfig } from '../../config/app-config';
import { PrismaClient } from './generated/client';
import { boundedStatementNames, type Statement } from './statements';

/** How many of Prisma's distinct query texts get a prepared statement on each connection. */
const PRISMA_NAMED_CAP = 400;

/**
 * The one PrismaClient of a process, over a `pg` pool (driver adapter). Repositories inject
 * it; besides them only the unit of work (transactions across repositories) and the readiness
 * check do. The command-line tasks get one from `withPrisma` and hand it to repositories.
 */
@Injectable()
export class PrismaService extends PrismaClient implements OnModuleDestroy {
  /** The `pg` pool under Prisma, shared with the hand-written statements (`query`). */
  readonly pool: Pool;
  private readonly named: boolean;

  constructor(config: AppConfig) {
    const pool = new Pool({
      connectionString: config.DATABASE_URL,
      max: config.DATABASE_POOL_SIZE,
      connectionTimeoutMillis: 5_000,
      application_name: 'passerelle',
    });
    super({
      adapter: new PrismaPg(pool, {
        disposeExternalPool: true,
        ...(config.DATABASE_NAMED_STATEMENTS && { statementNameGenerator: boundedStatementNames(PRISMA_NAMED_CAP) }),
      }),
      // under load a transaction may wait for a pooled connection longer than Prisma's 2 s default
      transactionOptions: { maxWait: 10_000, timeout: 15_000 },
    });
    // an idle connection that PostgreSQL closed (a restart) is dropped; the next query opens another
    pool.on('error', (error) => new Logger('Database').warn({ err: error.message }, 'An idle database connection was lost'));
    this.pool = pool;
    this.named = config.DATABASE_NAMED_STATEMENTS;
  }

  /**
   * One of the hand-written statements of the hot paths, straight on `pg` (no query engine in
   * between), prepared once per connection unless DATABASE_NAMED_STATEMENTS is off.
   */
  async query<T extends QueryResultRow>(sql: Statement, values: unknown[]): Promise<T[]> {
    const result = await this.pool.query<T>(this.named ? { name: sql.name, text: sql.text, values } : { text: sql.text, values });
    return result.rows;
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
