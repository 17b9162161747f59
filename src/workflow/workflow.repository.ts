import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock';
import { fromDbDate } from '../common/validators';
import type { Prisma } from '../infra/prisma/generated/client';
import { PrismaService, PrismaTx } from '../infra/prisma/prisma.service';
import { DossierStateChanged, DossierStatus, OPEN_DOSSIER_STATUSES, OpenDossierExists, StaleDossier } from '../dossiers/dossiers.model';
import { OutboxDraft, OutboxRow, outboxRows } from '../outbox/outbox.model';
import { ComplementItem, ComplementRequest, Move } from './workflow.model';
import { DOSSIER_STANDING, MOVE_DOSSIER, moveParameters } from './workflow.statements';

@Injectable()
export class WorkflowRepository {
  constructor(
    private readonly prisma: PrismaService,
    private readonly clock: Clock,
  ) {}

  /**
   * Writes a move in one transaction: the dossier's new status (only from the status, and
   * at the version, the caller saw), its history row, the deadlines started and stopped, the
   * complement request opened or closed, and the outbox messages that must follow — one
   * statement (MOVE_DOSSIER), which is its own transaction, unless the move reopens the dossier.
   */
  async move(move: Move): Promise<void> {
    if (move.reopening) {
      await this.prisma.$transaction((tx) => this.moveWithin(tx, move));
      return;
    }
    await this.written(move, (values) => this.prisma.query<{ moved: number }>(MOVE_DOSSIER, values));
  }

  /** The same, inside a transaction of the caller's (a transmission moves many dossiers at once). */
  async moveWithin(tx: PrismaTx, move: Move): Promise<void> {
    if (move.reopening) await assertNoOtherOpenDossier(tx, move.dossierId, move.reopening);
    await this.written(move, (values) => tx.$queryRawUnsafe<{ moved: number }[]>(MOVE_DOSSIER.text, ...values), tx);
  }

  /** Runs MOVE_DOSSIER for the move; a dossier found elsewhere throws StaleDossier or DossierStateChanged, as applyDossierChange does. */
  private async written(move: Move, run: (values: unknown[]) => Promise<{ moved: number }[]>, tx?: PrismaTx): Promise<void> {
    const ids = {
      deadlineId: move.startDeadline ? randomUUID() : null,
      requestId: move.complementRequest && 'open' in move.complementRequest ? randomUUID() : null,
    };
    const [result] = await run(moveParameters(move, ids, this.clock.now()));
    if (result?.moved) return;
    const [current] = tx
      ? await tx.$queryRawUnsafe<{ version: number; status: DossierStatus }[]>(DOSSIER_STANDING.text, move.dossierId)
      : await this.prisma.query<{ version: number; status: DossierStatus }>(DOSSIER_STANDING, [move.dossierId]);
    if (!current) throw new Error(`dossier ${move.dossierId} does not exist`);
    if (move.expectedVersion !== undefined && current.version !== move.expectedVersion) throw new StaleDossier(current.version);
    throw new DossierStateChanged(current.status);
  }

  /**
   * Writes many moves of one kind (same statuses, event, actor, columns set, deadlines and
   * complement request handling) in one transaction, set-based: for each dossier what `move`
   * writes, with one statement per table. A dossier no longer in the status, or at the
   * version, its move was planned from is left out. Returns the dossiers moved. Moves that
   * reopen a dossier, start a deadline or open a complement request go through `move`.
   */
  async moveMany(moves: Move[]): Promise<string[]> {
    const first = moves[0];
    if (!first) return [];
    const kind = (m: Move) =>
      JSON.stringify([
        m.from,
        m.to,
        m.event,
        m.actor.agentId,
        m.actor.label,
        m.set ?? {},
        m.stopDeadlines ?? [],
        m.deadlinesEndAs ?? null,
        m.complementRequest ?? null,
        m.email?.template ?? null,
      ]);
    if (moves.some((m) => m.reopening || m.startDeadline || (m.complementRequest && 'open' in m.complementRequest) || kind(m) !== kind(first))) {
      throw new Error('moveMany writes moves of one kind that neither reopen, start a deadline nor open a complement request');
    }
    const ids = moves.map((m) => m.dossierId);
    const versions = moves.map((m) => m.expectedVersion ?? null);
    const now = this.clock.now();
    return this.prisma.$transaction(async (tx) => {
      const moved = await tx.$queryRaw<{ id: string }[]>`
        UPDATE dossiers d SET status = ${first.to}::"DossierStatus", version = d.version + 1, updated_at = now()
        FROM unnest(${ids}::uuid[], ${versions}::int[]) AS m(id, version)
        WHERE d.id = m.id AND d.status = ${first.from}::"DossierStatus" AND (m.version IS NULL OR d.version = m.version)
        RETURNING d.id::text AS id`;
      if (moved.length === 0) return [];
      const movedIds = new Set(moved.map((r) => r.id));
      const applied = moves.filter((m) => movedIds.has(m.dossierId));
      const appliedIds = applied.map((m) => m.dossierId);
      if (first.set && Object.keys(first.set).length) {
        await tx.dossier.updateMany({ where: { id: { in: appliedIds } }, data: first.set });
      }
      const history = await tx.$queryRaw<{ id: bigint; dossier_id: string }[]>`
        INSERT INTO dossier_history (dossier_id, event, from_status, to_status, actor_id, actor_label, reason, details)
        SELECT m.id, ${first.event}, ${first.from}::"DossierStatus", ${first.to}::"DossierStatus", ${first.actor.agentId}::uuid, ${first.actor.label}, m.reason, m.details::jsonb
        FROM unnest(${appliedIds}::uuid[], ${applied.map((m) => m.reason ?? null)}::text[], ${applied.map((m) => JSON.stringify(m.details ?? {}))}::text[]) AS m(id, reason, details)
        RETURNING id, dossier_id::text`;
      const eventOf = new Map(history.map((h) => [h.dossier_id, h.id]));
      const stopped = first.stopDeadlines?.length
        ? await tx.$queryRaw<{ id: string; dossier_id: string }[]>`
            UPDATE deadlines SET status = ${first.deadlinesEndAs ?? 'cancelled'}::"DeadlineStatus", settled_at = ${now}
            WHERE dossier_id = ANY(${appliedIds}::uuid[]) AND status = 'pending' AND kind = ANY(${[...first.stopDeadlines]}::"DeadlineKind"[])
            RETURNING id::text, dossier_id::text`
        : [];
      const outbox: OutboxRow[] = [];
      for (const move of applied) {
        const drafts: OutboxDraft[] = [];
        if (move.email) drafts.push({ topic: 'email', payload: { template: move.email.template, data: move.email.data } });
        if (move.deadlinesEndAs !== 'fired') {
          for (const d of stopped) if (d.dossier_id === move.dossierId) drafts.push({ topic: 'deadline.cancel', payload: { deadlineId: d.id } });
        }
        outbox.push(...outboxRows(move.dossierId, eventOf.get(move.dossierId)!, drafts));
      }
      if (outbox.length) await tx.outboxMessage.createMany({ data: outbox as Prisma.OutboxMessageCreateManyInput[] });
      if (first.complementRequest && 'close' in first.complementRequest) {
        await tx.complementRequest.updateMany({
          where: { dossierId: { in: appliedIds }, status: 'open' },
          data: { status: first.complementRequest.close, closedAt: now },
        });
      }
      if (stopped.length) {
        await tx.$executeRaw`
          UPDATE dossiers d SET deadline_at = (SELECT min(x.due_at) FROM deadlines x WHERE x.dossier_id = d.id AND x.status = 'pending')
          WHERE d.id = ANY(${appliedIds}::uuid[])`;
      }
      return appliedIds;
    });
  }

  /** Dossiers whose complement deadline has passed and not fired yet, the oldest first. */
  async dueComplementDeadlines(now: Date, limit: number): Promise<string[]> {
    const rows = await this.prisma.$queryRaw<{ dossier_id: string }[]>`
      SELECT dossier_id::text FROM deadlines
      WHERE status = 'pending' AND due_at <= ${now} AND kind = 'complement'
      ORDER BY due_at, id LIMIT ${limit}`;
    return rows.map((r) => r.dossier_id);
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
async function assertNoOtherOpenDossier(
  tx: PrismaTx,
  dossierId: string,
  { studentId, procedureCode }: { studentId: string; procedureCode: string },
): Promise<void> {
  await tx.$queryRaw`SELECT 1 FROM students WHERE id = ${studentId}::uuid FOR UPDATE`;
  const open = await tx.dossier.findFirst({
    where: { studentId, procedureCode, status: { in: [...OPEN_DOSSIER_STATUSES] }, id: { not: dossierId } },
    select: { id: true, reference: true },
  });
  if (open) throw new OpenDossierExists(open);
}
