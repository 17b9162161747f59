import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { fromDbDate, toDbDate } from '../common/validators';
import { applyDossierChange, refreshDeadlineAt } from '../dossiers/dossier-change';
import type { Prisma } from '../infra/prisma/generated/client';
import { PrismaService, PrismaTx } from '../infra/prisma/prisma.service';
import { OPEN_DOSSIER_STATUSES, OpenDossierExists } from '../dossiers/dossiers.model';
import type { OutboxDraft } from '../outbox/outbox.model';
import { ComplementItem, ComplementRequest, Move } from './workflow.model';

@Injectable()
export class WorkflowRepository {
  constructor(private readonly prisma: PrismaService) {}

  /**
   * Writes a move in one transaction: the dossier's new status (only from the status, and
   * at the version, the caller saw), its history row, the deadlines started and stopped, the
   * complement request opened or closed, and the outbox messages that must follow.
   */
  async move(move: Move): Promise<void> {
    await this.prisma.$transaction((tx) => this.moveWithin(tx, move));
  }

  /** The same, inside a transaction of the caller's (a transmission moves many dossiers at once). */
  async moveWithin(tx: PrismaTx, move: Move): Promise<void> {
    if (move.reopening) await assertNoOtherOpenDossier(tx, move.dossierId, move.reopening);
    const stopping = move.stopDeadlines?.length
      ? await tx.deadline.findMany({ where: { dossierId: move.dossierId, status: 'pending', kind: { in: [...move.stopDeadlines] } }, select: { id: true } })
      : [];
    const deadlineId = move.startDeadline ? randomUUID() : null;
    const requestId = move.complementRequest && 'open' in move.complementRequest ? randomUUID() : null;
    const outbox: OutboxDraft[] = [];
    if (move.email) outbox.push({ topic: 'email', payload: { template: move.email.template, data: move.email.data } });
    if (move.deadlinesEndAs !== 'fired') for (const { id } of stopping) outbox.push({ topic: 'deadline.cancel', payload: { deadlineId: id } });
    if (move.startDeadline && deadlineId) {
      outbox.push({ topic: 'deadline.schedule', payload: { deadlineId, kind: move.startDeadline.kind, dueAt: move.startDeadline.dueAt.toISOString() } });
    }
    await applyDossierChange(tx, {
      dossierId: move.dossierId,
      actor: move.actor,
      expectedVersion: move.expectedVersion,
      fromStatuses: [move.from],
      set: { ...move.set, status: move.to } as Prisma.DossierUncheckedUpdateManyInput,
      event: move.event,
      fromStatus: move.from,
      toStatus: move.to,
      reason: move.reason,
      details: { ...move.details, ...(requestId && { complementRequestId: requestId }) },
      outbox,
    });
    if (stopping.length) {
      await tx.deadline.updateMany({
        where: { id: { in: stopping.map((d) => d.id) } },
        data: { status: move.deadlinesEndAs ?? 'cancelled', settledAt: new Date() },
      });
    }
    if (move.complementRequest && 'open' in move.complementRequest && requestId) {
      const { items, message, dueOn } = move.complementRequest.open;
      await tx.complementRequest.create({
        data: { id: requestId, dossierId: move.dossierId, items: items as unknown as Prisma.InputJsonArray, message, dueOn: toDbDate(dueOn), requestedById: move.actor.agentId },
      });
    }
    if (move.complementRequest && 'close' in move.complementRequest) {
      await tx.complementRequest.updateMany({ where: { dossierId: move.dossierId, status: 'open' }, data: { status: move.complementRequest.close, closedAt: new Date() } });
    }
    if (move.startDeadline && deadlineId) {
      await tx.deadline.create({
        data: { id: deadlineId, dossierId: move.dossierId, kind: move.startDeadline.kind, dueAt: move.startDeadline.dueAt, complementRequestId: requestId },
      });
    }
    if (stopping.length || move.startDeadline) await refreshDeadlineAt(tx, move.dossierId);
  }

  async complementRequests(dossierId: string): Promise<ComplementRequest[]> {
    const rows = await this.prisma.complementRequest.findMany({ where: { dossierId }, orderBy: { requestedAt: 'asc' } });
    return rows.map((row) => ({
      id: row.id,
      dossierId: row.dossierId,
      status: row.status,
      items: row.items as unknown as ComplementItem[],
      message: row.message,
      dueOn: fromDbDate(row.dueOn),
      requestedAt: row.requestedAt,
      closedAt: row.closedAt,
    }));
  }

  /** The complement deadline of the dossier still waiting to fire, if any. */
  async pendingComplementDeadline(dossierId: string): Promise<{ id: string; dueAt: Date } | null> {
    return this.prisma.deadline.findFirst({ where: { dossierId, kind: 'complement', status: 'pending' }, select: { id: true, dueAt: true } });
  }
}

/** Locks the student (openings for one student go one at a time) and refuses a second open dossier for the procedure. */
async function assertNoOtherOpenDossier(tx: PrismaTx, dossierId: string, { studentId, procedureCode }: { studentId: string; procedureCode: string }): Promise<void> {
  await tx.$queryRaw`SELECT 1 FROM students WHERE id = ${studentId}::uuid FOR UPDATE`;
  const open = await tx.dossier.findFirst({
    where: { studentId, procedureCode, status: { in: [...OPEN_DOSSIER_STATUSES] }, id: { not: dossierId } },
    select: { id: true, reference: true },
  });
  if (open) throw new OpenDossierExists(open);
}
