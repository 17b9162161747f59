import { Injectable } from '@nestjs/common';
import type { Actor } from '../common/actor';
import { fromDbDate, toDbDate } from '../common/validators';
import { nextReference } from '../dossiers/dossiers.repository';
import type { Prisma } from '../infra/prisma/generated/client';
import { keysetAfter } from '../infra/prisma/keyset';
import { PrismaService } from '../infra/prisma/prisma.service';
import type { Move } from '../workflow/workflow.model';
import { WorkflowRepository } from '../workflow/workflow.repository';
import { Transmission, TransmissionItem } from './transmissions.model';

const WITH_ITEMS = { items: { orderBy: { position: 'asc' } }, createdBy: { select: { displayName: true } } } as const;
type TransmissionRow = Prisma.TransmissionGetPayload<{ include: typeof WITH_ITEMS }>;

@Injectable()
export class TransmissionsRepository {
  constructor(
    private readonly prisma: PrismaService,
    private readonly workflow: WorkflowRepository,
  ) {}

  /** How many documents (not rejected) each dossier holds, for the slip. */
  async documentCounts(dossierIds: string[]): Promise<Map<string, number>> {
    const rows = await this.prisma.dossierDocument.groupBy({
      by: ['dossierId'],
      where: { dossierId: { in: dossierIds }, status: { not: 'rejected' } },
      _count: true,
    });
    return new Map(rows.map((r) => [r.dossierId, r._count]));
  }

  /**
   * Creates the transmission and forwards every dossier of it, in one transaction: either the
   * whole batch leaves with its slip, or nothing moves (a dossier no longer verified stops it).
   */
  async create(
    transmission: { prefecture: string; contact: string; sentOn: string; note: string | null },
    items: Omit<TransmissionItem, 'position'>[],
    moves: Move[],
    actor: Actor,
  ): Promise<Transmission> {
    const row = await this.prisma.$transaction(async (tx) => {
      const created = await tx.transmission.create({
        data: {
          reference: await nextReference(tx, 'TR', Number(transmission.sentOn.slice(0, 4))),
          prefecture: transmission.prefecture,
          contact: transmission.contact,
          sentOn: toDbDate(transmission.sentOn),
          note: transmission.note,
          createdById: actor.agentId,
          createdByLabel: actor.label,
          items: { create: items.map((item, index) => ({ ...item, position: index + 1 })) },
        },
        select: { id: true, reference: true },
      });
      for (const move of moves) {
        await this.workflow.moveWithin(tx, { ...move, details: { ...move.details, transmissionId: created.id, transmission: created.reference } });
      }
      return tx.transmission.findUniqueOrThrow({ where: { id: created.id }, include: WITH_ITEMS });
    });
    return toTransmission(row);
  }

  async findById(id: string): Promise<Transmission | null> {
    const row = await this.prisma.transmission.findUnique({ where: { id }, include: WITH_ITEMS });
    return row && toTransmission(row);
  }

  /** The latest first. */
  async list(limit: number, before?: { sentOn: string; id: string }): Promise<Transmission[]> {
    const rows = await this.prisma.transmission.findMany({
      where: before ? keysetAfter('sentOn', { key: toDbDate(before.sentOn), id: before.id }, { descending: true }) : {},
      include: WITH_ITEMS,
      orderBy: [{ sentOn: 'desc' }, { id: 'desc' }],
      take: limit,
    });
    return rows.map(toTransmission);
  }
}

function toTransmission(row: TransmissionRow): Transmission {
  return {
    id: row.id,
    reference: row.reference,
    prefecture: row.prefecture,
    contact: row.contact,
    sentOn: fromDbDate(row.sentOn),
    note: row.note,
    createdAt: row.createdAt,
    createdBy: row.createdBy?.displayName ?? row.createdByLabel,
    items: row.items.map(({ transmissionId: _t, ...item }) => item),
  };
}
