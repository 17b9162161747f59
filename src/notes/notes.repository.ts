import { Injectable } from '@nestjs/common';
import type { Actor } from '../common/actor';
import { Clock } from '../common/clock';
import { PrismaService } from '../infra/prisma/prisma.service';

/** An internal note as the feature reads it, with its author's name. */
export interface Note {
  id: string;
  dossierId: string;
  body: string | null;
  authorId: string | null;
  authorName: string;
  createdAt: Date;
}

/** Nothing was written: the dossier's student had their personal data erased. */
export class StudentErased extends Error {}

const WITH_AUTHOR = { author: { select: { displayName: true } } } as const;

@Injectable()
export class NotesRepository {
  constructor(
    private readonly prisma: PrismaService,
    private readonly clock: Clock,
  ) {}

  /** The dossier's notes, oldest first. */
  async forDossier(dossierId: string): Promise<Note[]> {
    const rows = await this.prisma.dossierNote.findMany({ where: { dossierId }, include: WITH_AUTHOR, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
    return rows.map(toNote);
  }

  /**
   * Writes a note, unless the dossier's student was erased. The student's row is read under a
   * share lock, which erasure's update lock waits for (and the other way round): a note written
   * during an erasure is either erased with the rest or refused, never left behind.
   */
  async add(dossierId: string, body: string, actor: Actor): Promise<Note> {
    return this.prisma.$transaction(async (tx) => {
      const [student] = await tx.$queryRaw<{ erased: boolean }[]>`
        SELECT s.erased_at IS NOT NULL AS erased FROM students s JOIN dossiers d ON d.student_id = s.id
         WHERE d.id = ${dossierId}::uuid FOR SHARE OF s`;
      if (!student) throw new Error(`dossier ${dossierId} does not exist`);
      if (student.erased) throw new StudentErased();
      const row = await tx.dossierNote.create({
        data: { dossierId, body, authorId: actor.agentId, authorLabel: actor.label.slice(0, 64), createdAt: this.clock.now() },
        include: WITH_AUTHOR,
      });
      return toNote(row);
    });
  }
}

function toNote(row: {
  id: string;
  dossierId: string;
  body: string | null;
  authorId: string | null;
  authorLabel: string | null;
  createdAt: Date;
  author: { displayName: string } | null;
}): Note {
  return {
    id: row.id,
    dossierId: row.dossierId,
    body: row.body,
    authorId: row.authorId,
    authorName: row.author?.displayName ?? row.authorLabel ?? 'unknown',
    createdAt: row.createdAt,
  };
}
