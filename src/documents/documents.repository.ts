import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock';
import type { Actor } from '../common/actor';
import { fromDbDate, toDbDate } from '../common/validators';
import { applyDossierChange } from '../dossiers/dossier-change';
import type { Prisma } from '../infra/prisma/generated/client';
import { PrismaService } from '../infra/prisma/prisma.service';
import { DocumentAttributes, DocumentChanges, DossierDocument, NewDocument, NewFile } from './documents.model';

type DocumentRow = Prisma.DossierDocumentGetPayload<{ include: { files: true } }>;

const FILES = { files: { orderBy: { uploadedAt: 'asc' } } } as const;

@Injectable()
export class DocumentsRepository {
  constructor(
    private readonly prisma: PrismaService,
    private readonly clock: Clock,
  ) {}

  async listForDossier(dossierId: string): Promise<DossierDocument[]> {
    const rows = await this.prisma.dossierDocument.findMany({ where: { dossierId }, include: FILES, orderBy: [{ receivedAt: 'asc' }, { id: 'asc' }] });
    return rows.map(toDocument);
  }

  /** The documents of many dossiers at once, by dossier (each list in the order of listForDossier). */
  async listForDossiers(dossierIds: readonly string[]): Promise<Map<string, DossierDocument[]>> {
    const rows = await this.prisma.dossierDocument.findMany({
      where: { dossierId: { in: [...dossierIds] } },
      include: FILES,
      orderBy: [{ receivedAt: 'asc' }, { id: 'asc' }],
    });
    const byDossier = new Map<string, DossierDocument[]>(dossierIds.map((id) => [id, []]));
    for (const row of rows) byDossier.get(row.dossierId)?.push(toDocument(row));
    return byDossier;
  }

  async find(dossierId: string, documentId: string): Promise<DossierDocument | null> {
    const row = await this.prisma.dossierDocument.findFirst({ where: { id: documentId, dossierId }, include: FILES });
    return row && toDocument(row);
  }

  /**
   * Records a document (or adds files to one already recorded) and bumps the dossier's
   * version, with a history row, in one transaction. `expectedVersion`, when given, is the
   * dossier version the agent saw (If-Match). A document the student sent from their page
   * (`fromStudent`: the complement item it answers) is marked so, and its history row says so.
   */
  async record(
    dossierId: string,
    target: { document: NewDocument } | { documentId: string },
    files: NewFile[],
    actor: Actor,
    expectedVersion?: number,
    fromStudent?: { slot: string },
  ): Promise<DossierDocument> {
    const row = await this.prisma.$transaction(async (tx) => {
      const documentId =
        'documentId' in target
          ? target.documentId
          : (
              await tx.dossierDocument.create({
                data: {
                  dossierId,
                  ...target.document,
                  issuedOn: toDbDate(target.document.issuedOn),
                  attributes: target.document.attributes as Prisma.InputJsonObject,
                  source: fromStudent ? 'student' : 'office',
                  recordedById: actor.agentId,
                },
              })
            ).id;
      if (files.length) await tx.documentFile.createMany({ data: files.map((file) => ({ ...file, documentId, uploadedById: actor.agentId })) });
      const event = fromStudent ? 'document_sent_by_student' : 'documentId' in target ? 'files_added' : 'document_recorded';
      const kind = 'document' in target ? target.document.kind : undefined;
      await applyDossierChange(tx, { dossierId, actor, expectedVersion, event, details: { documentId, kind, ...fromStudent, files: files.length } });
      return tx.dossierDocument.findUniqueOrThrow({ where: { id: documentId }, include: FILES });
    });
    return toDocument(row);
  }

  /** Applies a verdict or a correction, bumps the dossier version and records it, in one transaction. */
  async change(dossierId: string, documentId: string, changes: DocumentChanges, actor: Actor, expectedVersion?: number): Promise<DossierDocument> {
    const row = await this.prisma.$transaction(async (tx) => {
      const verdict = changes.status !== undefined;
      const updated = await tx.dossierDocument.update({
        where: { id: documentId },
        data: {
          ...changes,
          issuedOn: changes.issuedOn === undefined ? undefined : toDbDate(changes.issuedOn),
          attributes: changes.attributes as Prisma.InputJsonObject | undefined,
          ...(verdict && {
            reviewedAt: changes.status === 'received' ? null : this.clock.now(),
            reviewedById: changes.status === 'received' ? null : actor.agentId,
          }),
        },
        include: FILES,
      });
      const event = changes.status === 'accepted' ? 'document_accepted' : changes.status === 'rejected' ? 'document_rejected' : 'document_changed';
      await applyDossierChange(tx, {
        dossierId,
        actor,
        expectedVersion,
        event,
        reason: changes.rejectionText ?? null,
        details: { documentId, kind: updated.kind, ...changes },
      });
      return updated;
    });
    return toDocument(row);
  }
}

function toDocument(row: DocumentRow): DossierDocument {
  const { recordedById: _recorded, reviewedById: _reviewed, updatedAt: _updated, ...document } = row;
  return {
    ...document,
    issuedOn: fromDbDate(row.issuedOn),
    attributes: (row.attributes ?? {}) as DocumentAttributes,
    files: row.files.map(({ documentId: _d, uploadedById: _u, ...file }) => file),
  };
}
