import { Injectable } from '@nestjs/common';
import { PrismaService } from '../infra/prisma/prisma.service';

export interface TimelineRow {
  id: bigint;
  event: string;
  fromStatus: string | null;
  toStatus: string | null;
  reason: string | null;
  details: unknown;
  at: Date;
  actorId: string | null;
  actorLabel: string | null;
  actorName: string | null;
}

@Injectable()
export class TimelineRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** The dossier's history, in order, with the names of the agents who acted. */
  async history(dossierId: string): Promise<TimelineRow[]> {
    const rows = await this.prisma.dossierHistory.findMany({
      where: { dossierId },
      include: { actor: { select: { displayName: true } } },
      orderBy: [{ at: 'asc' }, { id: 'asc' }],
    });
    return rows.map(({ actor, dossierId: _d, ...row }) => ({ ...row, actorName: actor?.displayName ?? null }));
  }
}
