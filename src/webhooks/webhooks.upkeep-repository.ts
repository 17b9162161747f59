import { Injectable } from '@nestjs/common';
import { PrismaService } from '../infra/prisma/prisma.service';
import type { PauseCause } from './webhooks.model';

/** A subscription paused by the worker, as the admins' e-mail tells of it. */
export interface PausedSubscription {
  id: string;
  url: string;
  description: string | null;
  status: 'active' | 'paused';
  pausedAt: Date | null;
}

/** An admin of the whole office, whom a paused subscription is told to. */
export interface OfficeAdmin {
  id: string;
  email: string;
  displayName: string;
}

/**
 * What keeps the webhooks right without anyone asking: a subscription paused by the worker
 * (with the outbox row that tells the admins, in the same transaction), the pending deliveries
 * looked over by the reconciliation, the finished ones deleted after a while.
 */
@Injectable()
export class WebhooksUpkeepRepository {
  constructor(private readonly prisma: PrismaService) {}

  /**
   * Paused by the worker (failures in a row, a 410), and an outbox row `webhook.paused` in the
   * same transaction: the relay drafts the admins' e-mails from it. False if it was not active.
   */
  async pauseAndTell(id: string, reason: string, cause: PauseCause, at: Date): Promise<boolean> {
    return this.prisma.$transaction(async (tx) => {
      const { count } = await tx.webhookSubscription.updateMany({
        where: { id, status: 'active' },
        data: { status: 'paused', pausedReason: reason, pausedAt: at },
      });
      if (count === 0) return false;
      await tx.outboxMessage.create({
        data: {
          topic: 'webhook.paused',
          key: `webhook.paused:${id}:${at.getTime()}`,
          payload: { subscriptionId: id, pausedAt: at.toISOString(), cause: cause.kind, failures: cause.kind === 'failures' ? cause.count : null },
        },
      });
      return true;
    });
  }

  async paused(id: string): Promise<PausedSubscription | null> {
    return this.prisma.webhookSubscription.findUnique({ where: { id }, select: { id: true, url: true, description: true, status: true, pausedAt: true } });
  }

  /** The active admins of the whole office (no institution of their own), people only (not an API key's agent). */
  async officeAdmins(): Promise<OfficeAdmin[]> {
    return this.prisma.agent.findMany({
      where: { kind: 'person', role: 'admin', active: true, institutions: { none: {} } },
      select: { id: true, email: true, displayName: true },
      orderBy: { id: 'asc' },
    });
  }

  /** Pending deliveries of active subscriptions (a paused one's wait for its resume), in id order after `afterId`. */
  async pendingAfter(afterId: string | null, limit: number): Promise<string[]> {
    const rows = await this.prisma.webhookDelivery.findMany({
      where: { status: 'pending', subscription: { status: 'active' }, ...(afterId && { id: { gt: afterId } }) },
      select: { id: true },
      orderBy: { id: 'asc' },
      take: limit,
    });
    return rows.map((r) => r.id);
  }

  /** Delivered or failed deliveries last changed before `before`, at most `limit` of them deleted; how many. */
  async deleteFinishedBefore(before: Date, limit: number): Promise<number> {
    return this.prisma.$executeRaw`
      DELETE FROM webhook_deliveries WHERE id IN (
        SELECT id FROM webhook_deliveries WHERE status IN ('delivered', 'failed') AND updated_at < ${before} LIMIT ${limit})`;
  }
}
