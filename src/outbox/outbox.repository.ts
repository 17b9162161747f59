import { Injectable } from '@nestjs/common';
import { PrismaService } from '../infra/prisma/prisma.service';

export interface OutboxMessage {
  id: bigint;
  topic: string;
  key: string;
  dossierId: string | null;
  payload: Record<string, unknown>;
}

/** A message its relay could not prepare (its own data at fault, not Redis or PostgreSQL). */
export interface OutboxFailure {
  id: bigint;
  error: string;
}

/** Tries of one message before it is set aside, so that it no longer holds up the others. */
const MAX_ATTEMPTS = 5;

@Injectable()
export class OutboxRepository {
  constructor(private readonly prisma: PrismaService) {}

  /**
   * Hands the oldest unrelayed messages to `relay` and marks them relayed once it returns —
   * all in one transaction holding the rows, so two workers never relay the same rows and a
   * relay that fails (Redis away) leaves them for the next try.
   */
  async relayBatch(limit: number, relay: (messages: OutboxMessage[]) => Promise<OutboxFailure[]>): Promise<number> {
    return this.prisma.$transaction(
      async (tx) => {
        const messages = await tx.$queryRaw<OutboxMessage[]>`
          SELECT id, topic, key, dossier_id::text AS "dossierId", payload FROM outbox
           WHERE relayed_at IS NULL AND failed_at IS NULL ORDER BY id LIMIT ${limit}
           FOR UPDATE SKIP LOCKED`;
        if (messages.length === 0) return 0;
        const failures = await relay(messages);
        const failed = new Set(failures.map((f) => f.id));
        const relayed = messages.filter((m) => !failed.has(m.id)).map((m) => m.id);
        if (relayed.length) await tx.$executeRaw`UPDATE outbox SET relayed_at = now() WHERE id = ANY(${relayed}::bigint[])`;
        for (const failure of failures) {
          await tx.$executeRaw`
            UPDATE outbox SET attempts = attempts + 1, last_error = ${failure.error.slice(0, 1000)},
                   failed_at = CASE WHEN attempts + 1 >= ${MAX_ATTEMPTS} THEN now() END
             WHERE id = ${failure.id}`;
        }
        return messages.length;
      },
      { timeout: 60_000 },
    );
  }

  /** How far behind the relay is (health, logs). */
  async backlog(): Promise<{ waiting: number; oldest: Date | null }> {
    const [row] = await this.prisma.$queryRaw<{ waiting: bigint; oldest: Date | null }[]>`
      SELECT count(*) AS waiting, min(created_at) AS oldest FROM outbox WHERE relayed_at IS NULL AND failed_at IS NULL`;
    return { waiting: Number(row?.waiting ?? 0), oldest: row?.oldest ?? null };
  }

  /** Relayed messages older than `before` are no longer needed. */
  async deleteRelayedBefore(before: Date): Promise<number> {
    return this.prisma.$executeRaw`DELETE FROM outbox WHERE relayed_at IS NOT NULL AND relayed_at < ${before}`;
  }
}
