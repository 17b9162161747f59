import { Injectable } from '@nestjs/common';
import type { DocumentSource } from '../documents/documents.model';
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

  /** The kind of each document of the dossier and who sent it, by id (a history row about scans added names only the document). */
  async documentKinds(dossierId: string): Promise<Map<string, { kind: string; source: DocumentSource }>> {
    const rows = await this.prisma.dossierDocument.findMany({ where: { dossierId }, select: { id: true, kind: true, source: true } });
    return new Map(rows.map((row) => [row.id, { kind: row.kind, source: row.source }]));
  }
}
