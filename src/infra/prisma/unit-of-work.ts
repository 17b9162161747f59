import { Injectable } from '@nestjs/common';
import { PrismaService, PrismaTx } from './prisma.service';

/**
 * The writes of several repositories committed together (documents deleted and the audit row
 * saying so). A service gets the transaction boundary here rather than the client itself, so
 * the queries stay in the repositories, and a unit spec fakes it with `run: (work) => work(tx)`.
 */
@Injectable()
export class UnitOfWork {
  constructor(private readonly prisma: PrismaService) {}

  /** `work` hands the transaction to each repository call (their `tx` argument); only repositories look inside it. */
  run<T>(work: (tx: PrismaTx) => Promise<T>): Promise<T> {
    return this.prisma.$transaction(work);
  }
}
