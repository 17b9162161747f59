import type { Actor } from '../common/actor';
import type { Prisma } from '../infra/prisma/generated/client';
import type { PrismaTx } from '../infra/prisma/prisma.service';
import { OutboxDraft, outboxRows } from '../outbox/outbox.model';
import type { Channel } from '../catalog/catalog.model';
import { CloseReason, Decision, DossierFacts, DossierStateChanged, DossierStatus, StaleDossier } from './dossiers.model';

/**
 * What a change may write on the dossier row besides its version, as the domain names it:
 * calendar days as dates at midnight UTC (`toDbDate`), ids, enumerations. Each is the column of
 * that name, so the row takes them as they are (the compiler checks it in applyDossierChange).
 */
export interface DossierColumns {
  status?: DossierStatus;
  facts?: DossierFacts;
  procedureCase?: string | null;
  channel?: Channel;
  prefecture?: string | null;
  prefectureReference?: string | null;
  assigneeId?: string | null;
  filedAt?: Date | null;
  implicitRejectionOn?: Date | null;
  decision?: Decision | null;
  decidedOn?: Date | null;
  closeReason?: CloseReason | null;
  cardReadyOn?: Date | null;
  cardHandedOverOn?: Date | null;
}

/**
 * One change of a dossier, as every feature writes it: the dossier row (only if it is still
 * at the version or in the status the caller saw), its version bumped, one history row with
 * who, why and what, and the outbox messages that must follow — all inside the caller's
 * transaction, so they are committed together or not at all.
 */
export interface DossierChange {
  dossierId: string;
  actor: Actor;
  /** The version the caller saw (If-Match); a moved dossier throws StaleDossier. */
  expectedVersion?: number;
  /** The statuses the change applies from; another status throws DossierStateChanged. */
  fromStatuses?: readonly DossierStatus[];
  set?: DossierColumns;
  event: string;
  fromStatus?: DossierStatus | null;
  toStatus?: DossierStatus | null;
  reason?: string | null;
  details?: Record<string, unknown>;
  outbox?: OutboxDraft[];
}

export async function applyDossierChange(tx: PrismaTx, change: DossierChange): Promise<{ eventId: bigint }> {
  const { count } = await tx.dossier.updateMany({
    where: {
      id: change.dossierId,
      ...(change.expectedVersion !== undefined && { version: change.expectedVersion }),
      ...(change.fromStatuses && { status: { in: [...change.fromStatuses] } }),
    },
    data: { ...change.set, version: { increment: 1 } },
  });
  if (count === 0) {
    const current = await tx.dossier.findUnique({ where: { id: change.dossierId }, select: { version: true, status: true } });
    if (!current) throw new Error(`dossier ${change.dossierId} does not exist`);
    if (change.expectedVersion !== undefined && current.version !== change.expectedVersion) throw new StaleDossier(current.version);
    throw new DossierStateChanged(current.status);
  }
  const history = await tx.dossierHistory.create({
    data: {
      dossierId: change.dossierId,
      event: change.event,
      fromStatus: change.fromStatus ?? null,
      toStatus: change.toStatus ?? null,
      actorId: change.actor.agentId,
      actorLabel: change.actor.label,
      reason: change.reason ?? null,
      details: change.details as Prisma.InputJsonObject | undefined,
    },
    select: { id: true },
  });
  if (change.outbox?.length) {
    await tx.outboxMessage.createMany({ data: outboxRows(change.dossierId, history.id, change.outbox) as Prisma.OutboxMessageCreateManyInput[] });
  }
  return { eventId: history.id };
}

/** The dossier's `deadlineAt` is its nearest pending deadline. */
export async function refreshDeadlineAt(tx: PrismaTx, dossierId: string): Promise<void> {
  await tx.$executeRaw`
    UPDATE dossiers SET deadline_at = (SELECT min(due_at) FROM deadlines WHERE dossier_id = ${dossierId}::uuid AND status = 'pending')
    WHERE id = ${dossierId}::uuid`;
}
