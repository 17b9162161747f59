import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { Prisma } from '../infra/prisma/generated/client';
import { PrismaService } from '../infra/prisma/prisma.service';
import type { DossierFacts, HistoryFact, WebhookPayload } from './webhooks.model';

export interface Subscription {
  id: string;
  url: string;
  description: string | null;
  events: string[];
  institutionIds: string[];
  status: 'active' | 'paused';
  pausedReason: string | null;
  pausedAt: Date | null;
  consecutiveFailures: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface Delivery {
  id: string;
  subscriptionId: string;
  eventKey: string;
  eventType: string;
  dossierId: string | null;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  lastStatus: number | null;
  lastBody: string | null;
  lastError: string | null;
  lastAttemptAt: Date | null;
  deliveredAt: Date | null;
  createdAt: Date;
}

export interface NewDelivery {
  subscriptionId: string;
  eventKey: string;
  eventType: string;
  dossierId: string;
  payload: WebhookPayload;
}

const SUBSCRIPTION = {
  id: true,
  url: true,
  description: true,
  events: true,
  institutionIds: true,
  status: true,
  pausedReason: true,
  pausedAt: true,
  consecutiveFailures: true,
  createdAt: true,
  updatedAt: true,
} as const;
const DELIVERY = {
  id: true,
  subscriptionId: true,
  eventKey: true,
  eventType: true,
  dossierId: true,
  status: true,
  attempts: true,
  lastStatus: true,
  lastBody: true,
  lastError: true,
  lastAttemptAt: true,
  deliveredAt: true,
  createdAt: true,
} as const;

/** Pending deliveries sent again when a subscription resumes: this many per outbox row (every one of them is). */
const RESUMED_PER_ROW = 1_000;

@Injectable()
export class WebhooksRepository {
  constructor(private readonly prisma: PrismaService) {}

  async create(data: { url: string; description: string | null; events: string[]; institutionIds: string[]; secret: string; createdById: string | null }) {
    return this.prisma.webhookSubscription.create({ data, select: SUBSCRIPTION });
  }

  async list(): Promise<Subscription[]> {
    return this.prisma.webhookSubscription.findMany({ select: SUBSCRIPTION, orderBy: { createdAt: 'asc' } });
  }

  async get(id: string): Promise<Subscription | null> {
    return this.prisma.webhookSubscription.findUnique({ where: { id }, select: SUBSCRIPTION });
  }

  async rotateSecret(id: string, secret: string): Promise<boolean> {
    return (await this.prisma.webhookSubscription.updateMany({ where: { id }, data: { secret } })).count > 0;
  }

  /** Paused by an admin, by a 410 or by failures (`reason` says which). */
  async pause(id: string, reason: string): Promise<boolean> {
    const { count } = await this.prisma.webhookSubscription.updateMany({
      where: { id, status: 'active' },
      data: { status: 'paused', pausedReason: reason, pausedAt: new Date() },
    });
    return count > 0;
  }

  /** Active again, its failures forgotten, its pending deliveries sent again (an outbox row, in the same transaction). */
  async resume(id: string): Promise<boolean> {
    return this.prisma.$transaction(async (tx) => {
      const { count } = await tx.webhookSubscription.updateMany({
        where: { id, status: 'paused' },
        data: { status: 'active', pausedReason: null, pausedAt: null, consecutiveFailures: 0 },
      });
      if (count === 0) return false;
      const pending = await tx.webhookDelivery.findMany({
        where: { subscriptionId: id, status: 'pending' },
        select: { id: true },
        orderBy: { createdAt: 'asc' },
      });
      // every one of them, oldest first, in outbox rows of RESUMED_PER_ROW deliveries
      const resumed = randomUUID();
      const rows = [];
      for (let at = 0; at < pending.length; at += RESUMED_PER_ROW) {
        const deliveryIds = pending.slice(at, at + RESUMED_PER_ROW).map((d) => d.id);
        rows.push({ topic: 'webhook.resend', key: `webhook.resume:${id}:${resumed}:${at / RESUMED_PER_ROW}`, payload: { deliveryIds } });
      }
      if (rows.length) await tx.outboxMessage.createMany({ data: rows });
      return true;
    });
  }

  /** An admin sends a delivery again: pending, and an outbox row (the worker replaces its job). */
  async resend(subscriptionId: string, deliveryId: string): Promise<boolean> {
    return this.prisma.$transaction(async (tx) => {
      const rows = await tx.$queryRaw<{ resends: number }[]>`
        UPDATE webhook_deliveries SET status = 'pending', resends = resends + 1, updated_at = now()
         WHERE id = ${deliveryId}::uuid AND subscription_id = ${subscriptionId}::uuid RETURNING resends`;
      if (rows.length === 0) return false;
      await tx.outboxMessage.create({
        data: { topic: 'webhook.resend', key: `webhook.resend:${deliveryId}:${rows[0]!.resends}`, payload: { deliveryIds: [deliveryId] } },
      });
      return true;
    });
  }

  async deliveries(subscriptionId: string, limit: number, before: string | null): Promise<Delivery[]> {
    return this.prisma.webhookDelivery.findMany({
      where: { subscriptionId, ...(before && { id: { lt: before } }) },
      select: DELIVERY,
      orderBy: { id: 'desc' },
      take: limit,
    });
  }

  // ------------------------------------------------------------ the worker's side

  /** The active subscriptions, with what they ask for (the relay's fan-out). */
  /** Every subscription, active or paused (a paused one's deliveries wait for it to resume). */
  async subscribed(): Promise<Pick<Subscription, 'id' | 'events' | 'institutionIds' | 'status'>[]> {
    return this.prisma.webhookSubscription.findMany({ select: { id: true, events: true, institutionIds: true, status: true } });
  }

  /** A history row and its dossier as the webhook tells of them; null once the dossier is gone. */
  async historyFacts(historyId: string): Promise<{ row: HistoryFact; dossier: DossierFacts; at: Date } | null> {
    const [found] = await this.prisma.$queryRaw<(HistoryFact & DossierFacts & { at: Date })[]>`
      SELECT h.id::text, h.event, h.from_status::text AS "fromStatus", h.to_status::text AS "toStatus", h.at,
             d.id::text AS "dossierId", d.reference, d.status::text, d.procedure_code AS "procedureCode", d.institution_id::text AS "institutionId"
        FROM dossier_history h JOIN dossiers d ON d.id = h.dossier_id WHERE h.id = ${BigInt(historyId)}`;
    if (!found) return null;
    const { id, event, fromStatus, toStatus, at, ...dossier } = found;
    return { row: { id, event, fromStatus, toStatus }, dossier, at };
  }

  /** A failed e-mail's template and its dossier; null once either is gone. */
  async emailFacts(notificationId: string): Promise<{ template: string; dossier: DossierFacts; at: Date } | null> {
    const [found] = await this.prisma.$queryRaw<(DossierFacts & { template: string; at: Date })[]>`
      SELECT n.template, n.updated_at AS at, d.id::text AS "dossierId", d.reference, d.status::text,
             d.procedure_code AS "procedureCode", d.institution_id::text AS "institutionId"
        FROM notifications n JOIN dossiers d ON d.id = n.dossier_id WHERE n.id = ${notificationId}::uuid`;
    if (!found) return null;
    const { template, at, ...dossier } = found;
    return { template, dossier, at };
  }

  /** The deliveries of an event, recorded once per subscription (relaying twice adds none); their ids. */
  async record(deliveries: NewDelivery[]): Promise<{ id: string; subscriptionId: string }[]> {
    if (deliveries.length === 0) return [];
    await this.prisma.webhookDelivery.createMany({
      data: deliveries.map((d) => ({ ...d, payload: d.payload as unknown as Prisma.InputJsonValue })),
      skipDuplicates: true,
    });
    const found = await this.prisma.webhookDelivery.findMany({
      where: { OR: deliveries.map(({ subscriptionId, eventKey }) => ({ subscriptionId, eventKey })), status: 'pending' },
      select: { id: true, subscriptionId: true },
    });
    return found;
  }

  /** What one attempt needs: the delivery, its body, and its subscription's address and secret. */
  async toSend(deliveryId: string) {
    return this.prisma.webhookDelivery.findUnique({
      where: { id: deliveryId },
      select: { id: true, status: true, payload: true, subscription: { select: { id: true, url: true, secret: true, status: true } } },
    });
  }

  /** An attempt recorded: its answer, and the delivery delivered, failed for good, or still pending. */
  async recordAttempt(
    deliveryId: string,
    attempt: { status: 'pending' | 'delivered' | 'failed'; lastStatus: number | null; lastBody: string | null; lastError: string | null },
  ): Promise<void> {
    const now = new Date();
    await this.prisma.webhookDelivery.update({
      where: { id: deliveryId },
      data: {
        ...attempt,
        lastBody: attempt.lastBody?.slice(0, 2000) ?? null,
        lastError: attempt.lastError?.slice(0, 1000) ?? null,
        attempts: { increment: 1 },
        lastAttemptAt: now,
        ...(attempt.status === 'delivered' && { deliveredAt: now }),
      },
    });
  }

  /** A delivery delivered: the subscription's failures in a row start again from 0. */
  async resetFailures(subscriptionId: string): Promise<void> {
    await this.prisma.webhookSubscription.updateMany({ where: { id: subscriptionId, consecutiveFailures: { gt: 0 } }, data: { consecutiveFailures: 0 } });
  }

  /** A delivery failed for good: one more in a row; the count now. */
  async countFailure(subscriptionId: string): Promise<number> {
    const row = await this.prisma.webhookSubscription.update({
      where: { id: subscriptionId },
      data: { consecutiveFailures: { increment: 1 } },
      select: { consecutiveFailures: true },
    });
    return row.consecutiveFailures;
  }
}
