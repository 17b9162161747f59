import { Global, INestApplicationContext, Module } from '@nestjs/common';
import { PrismaService } from './prisma.service';
import { UnitOfWork } from './unit-of-work';

@Global()
@Module({ providers: [PrismaService, UnitOfWork], exports: [PrismaService, UnitOfWork] })
export class PrismaModule {
  /** Opens the pool now: a worker that cannot reach PostgreSQL fails at start, not at its first job. */
  static async connect(app: INestApplicationContext): Promise<void> {
    await app.get(PrismaService).$connect();
  }
}
