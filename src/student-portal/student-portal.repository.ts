import { Injectable } from '@nestjs/common';
import type { DossierStatus } from '../dossiers/dossiers.model';
import { PrismaService } from '../infra/prisma/prisma.service';

/** What the student's page reads besides the features' own services: the status moves and the unread messages. */
@Injectable()
export class StudentPortalRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** The dossier's status moves, oldest first (who made them is the office's business). */
  async statusMoves(dossierId: string): Promise<{ from: DossierStatus | null; to: DossierStatus; at: Date }[]> {
    const rows = await this.prisma.dossierHistory.findMany({
      where: { dossierId, toStatus: { not: null } },
      select: { fromStatus: true, toStatus: true, at: true },
      orderBy: [{ at: 'asc' }, { id: 'asc' }],
    });
    return rows.map((row) => ({ from: row.fromStatus, to: row.toStatus!, at: row.at }));
  }

  /** The office's messages the student has not read yet. */
  unreadOfficeMessages(dossierId: string): Promise<number> {
    return this.prisma.dossierMessage.count({ where: { dossierId, author: 'office', readAt: null } });
  }
}
