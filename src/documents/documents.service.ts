import { Injectable, Logger } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { FileConstraints, ProcedureDefinition } from '../catalog/catalog.model';
import { CatalogService } from '../catalog/catalog.service';
import type { Actor } from '../common/actor';
import { DossierEvents } from '../common/dossier-events';
import { FieldProblem, ProblemException } from '../common/problem';
import { validateBody } from '../common/validation';
import { DossierWithStudent, StaleDossier } from '../dossiers/dossiers.model';
import { DossiersService, stale } from '../dossiers/dossiers.service';
import { DocumentStorage, StoredObjectMissing } from '../infra/storage/document-storage';
import type { Readable } from 'node:stream';
import { ChangeDocumentDto, DocumentResponse, RecordDocumentDto, UploadFieldsDto } from './documents.dto';
import { DossierDocument, DocumentFile } from './documents.model';
import { DocumentsRepository } from './documents.repository';
import { receiveUpload, removeAll, tooManyFiles } from './documents.uploads';

@Injectable()
export class DocumentsService {
  private readonly logger = new Logger('Documents');

  constructor(
    private readonly documents: DocumentsRepository,
    private readonly dossiers: DossiersService,
    private readonly catalog: CatalogService,
    private readonly storage: DocumentStorage,
    private readonly events: DossierEvents,
  ) {}

  async list(dossierId: string): Promise<DocumentResponse[]> {
    await this.dossiers.require(dossierId);
    return (await this.documents.listForDossier(dossierId)).map(present);
  }

  /** A paper document as an agent records it (JSON). */
  async recordPaper(dossierId: string, body: unknown, actor: Actor, expectedVersion?: number): Promise<DocumentResponse> {
    const request = await validateBody(RecordDocumentDto, body);
    const { definition } = await this.context(dossierId, expectedVersion);
    this.assertKind(definition, request.kind);
    const recorded = await this.persist(dossierId, { document: newDocument(request) }, [], actor, expectedVersion);
    await this.afterChange(dossierId);
    return recorded;
  }

  /**
   * Scans (multipart), for a new document (`kind` and its details as fields) or for one
   * already recorded (`documentId`). Streamed to storage, typed from their bytes, checked
   * against the channel's limits: size (413), type (415), files per document (422).
   */
  async upload(dossierId: string, request: FastifyRequest, actor: Actor, expectedVersion?: number): Promise<DocumentResponse> {
    const { dossier, definition } = await this.context(dossierId, expectedVersion);
    const constraints = fileConstraints(definition, dossier.channel);
    const received = await receiveUpload(request, constraints, this.storage);
    let recorded: DocumentResponse;
    try {
      const fields = await validateBody(UploadFieldsDto, multipartFields(received.fields));
      const existing = fields.documentId ? await this.documents.find(dossierId, fields.documentId) : null;
      if (fields.documentId && !existing) throw ProblemException.validation([{ field: 'documentId', code: 'notADocumentOfDossier' }]);
      if (!existing) this.assertKind(definition, fields.kind);
      if (received.files.length === 0) throw ProblemException.validation([{ field: 'files', code: 'filesExpected' }]);
      const total = (existing?.files.length ?? 0) + received.files.length;
      if (total > constraints.maxFilesPerDocument) {
        throw tooManyFiles(constraints.maxFilesPerDocument, { channel: dossier.channel, total });
      }
      const files = received.files.map(({ key, originalName, contentType, sizeBytes, sha256 }) => ({
        storageKey: key,
        originalName,
        contentType,
        sizeBytes,
        sha256,
      }));
      const target = existing ? { documentId: existing.id } : { document: newDocument({ ...fields, kind: fields.kind! }) };
      recorded = await this.persist(dossierId, target, files, actor, expectedVersion);
    } catch (error) {
      await removeAll(received.files, this.storage);
      throw error;
    }
    await this.afterChange(dossierId);
    return recorded;
  }

  /**
   * Tells those who react to a dossier's documents (the workflow) once the change is committed.
   * The change stands whatever they do: their failure is logged, not the caller's error.
   */
  private async afterChange(dossierId: string): Promise<void> {
    try {
      await this.events.checklistInputsChanged(dossierId);
    } catch (error) {
      this.logger.error({ err: error, dossierId }, 'A reaction to new documents failed');
    }
  }

  /** An agent's verdict (accepted, or rejected with a reason) or a correction of what was recorded. */
  async change(dossierId: string, documentId: string, request: ChangeDocumentDto, actor: Actor, expectedVersion?: number): Promise<DocumentResponse> {
    await this.context(dossierId, expectedVersion);
    const document = await this.requireDocument(dossierId, documentId);
    const problems: FieldProblem[] = [];
    const status = request.status ?? document.status;
    const reason = request.rejectionReason !== undefined ? request.rejectionReason : document.rejectionReason;
    const text = request.rejectionText !== undefined ? request.rejectionText : document.rejectionText;
    if (status === 'rejected' && !reason) problems.push({ field: 'rejectionReason', code: 'rejectionReasonRequired' });
    if (status === 'rejected' && reason === 'other' && !text) problems.push({ field: 'rejectionText', code: 'rejectionTextRequired' });
    if (status !== 'rejected' && request.rejectionReason) problems.push({ field: 'rejectionReason', code: 'rejectionReasonOnlyRejected' });
    if (problems.length) throw ProblemException.validation(problems);
    const changes = {
      ...request,
      // a document that is no longer rejected keeps no rejection reason
      ...(request.status !== undefined && request.status !== 'rejected' && { rejectionReason: null, rejectionText: null }),
    };
    try {
      const changed = present(await this.documents.change(dossierId, documentId, changes, actor, expectedVersion));
      await this.afterChange(dossierId);
      return changed;
    } catch (error) {
      if (error instanceof StaleDossier) throw stale(error.current);
      throw error;
    }
  }

  /** The bytes of a scan, as uploaded. */
  async download(dossierId: string, documentId: string, fileId: string): Promise<{ file: DocumentFile; stream: Readable }> {
    const document = await this.requireDocument(dossierId, documentId);
    const file = document.files.find((f) => f.id === fileId);
    if (!file) throw ProblemException.notFound('file', fileId);
    try {
      return { file, stream: await this.storage.open(file.storageKey) };
    } catch (error) {
      if (error instanceof StoredObjectMissing) throw ProblemException.of('documents.scan-missing', { id: fileId });
      throw error;
    }
  }

  private async context(dossierId: string, expectedVersion?: number): Promise<{ dossier: DossierWithStudent; definition: ProcedureDefinition }> {
    const dossier = await this.dossiers.require(dossierId);
    if (expectedVersion !== undefined && dossier.version !== expectedVersion) throw stale(dossier.version);
    if (!dossier.procedureVersionId) throw new Error(`dossier ${dossierId} has no catalog version: run db:migrate`);
    return { dossier, definition: (await this.catalog.version(dossier.procedureVersionId)).definition };
  }

  private async requireDocument(dossierId: string, documentId: string): Promise<DossierDocument> {
    const document = await this.documents.find(dossierId, documentId);
    if (!document) throw ProblemException.notFound('document', documentId);
    return document;
  }

  private assertKind(definition: ProcedureDefinition, kind: string | undefined): asserts kind is string {
    if (!kind) throw ProblemException.validation([{ field: 'kind', code: 'kindRequired' }]);
    if (!definition.documentKinds[kind]) {
      throw ProblemException.validation([{ field: 'kind', code: 'kindUnknown', params: { known: Object.keys(definition.documentKinds) } }]);
    }
  }

  private async persist(...args: Parameters<DocumentsRepository['record']>): Promise<DocumentResponse> {
    try {
      return present(await this.documents.record(...args));
    } catch (error) {
      if (error instanceof StaleDossier) throw stale(error.current);
      throw error;
    }
  }
}

export function fileConstraints(definition: ProcedureDefinition, channel: string): FileConstraints {
  return definition.fileConstraints[channel] ?? definition.fileConstraints.default!;
}

function newDocument(request: RecordDocumentDto | (UploadFieldsDto & { kind: string })) {
  return {
    kind: request.kind,
    issuedOn: request.issuedOn ?? null,
    quantity: request.quantity ?? 1,
    attributes: { ...request.attributes },
    note: request.note ?? null,
  };
}

/** Multipart fields are text: numbers and the attributes object are read back from it. */
function multipartFields(fields: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...fields };
  if (fields.quantity !== undefined && /^\d{1,3}$/.test(fields.quantity)) out.quantity = Number(fields.quantity);
  if (fields.attributes !== undefined) {
    try {
      out.attributes = JSON.parse(fields.attributes);
    } catch {
      throw ProblemException.validation([{ field: 'attributes', code: 'attributesJson' }]);
    }
  }
  return out;
}

function present(document: DossierDocument): DocumentResponse {
  return {
    ...document,
    receivedAt: document.receivedAt.toISOString(),
    reviewedAt: document.reviewedAt?.toISOString() ?? null,
    files: document.files.map(({ storageKey: _key, ...file }) => ({
      ...file,
      uploadedAt: file.uploadedAt.toISOString(),
      url: `/api/dossiers/${document.dossierId}/documents/${document.id}/files/${file.id}`,
    })),
  };
}
