import type { Readable } from 'node:stream';
import { Injectable, Logger } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { ProcedureDefinition } from '../catalog/catalog.model';
import { CatalogService } from '../catalog/catalog.service';
import { ChecklistService } from '../checklist/checklist.service';
import type { Actor } from '../common/actor';
import { Clock } from '../common/clock';
import { DossierEvents } from '../common/dossier-events';
import { ProblemException } from '../common/problem';
import { validateBody } from '../common/validation';
import type { DocumentFile, DossierDocument } from '../documents/documents.model';
import { DocumentsRepository } from '../documents/documents.repository';
import { fileConstraints } from '../documents/documents.service';
import { receiveUpload, removeAll, tooManyFiles } from '../documents/documents.uploads';
import type { DossierWithStudent } from '../dossiers/dossiers.model';
import { DossiersService } from '../dossiers/dossiers.service';
import { DocumentStorage, StoredObjectMissing } from '../infra/storage/document-storage';
import { OfficeService } from '../office/office.service';
import { PrefectureRepository } from '../prefecture/prefecture.repository';
import type { StudentContext } from '../student-access/student-access.decorators';
import type { ComplementRequest } from '../workflow/workflow.model';
import { WorkflowRepository } from '../workflow/workflow.repository';
import { StudentComplementResponse, StudentDocumentResponse, StudentDossierResponse, StudentUploadFieldsDto } from './student-portal.dto';
import { slotKinds, studentItems, uploadKind } from './student-portal.items';
import { StudentPortalRepository } from './student-portal.repository';
import { dossierSteps, nextStep } from './student-portal.steps';

/**
 * The student's own page (issue 17): their dossier as they may see it, the missing documents
 * they send from it, and the files of their documents. Always the dossier of the session — an
 * id of another dossier's document is answered as one that does not exist.
 */
@Injectable()
export class StudentPortalService {
  private readonly logger = new Logger('StudentPortal');

  constructor(
    private readonly dossiers: DossiersService,
    private readonly catalog: CatalogService,
    private readonly documents: DocumentsRepository,
    private readonly complements: WorkflowRepository,
    private readonly checklist: ChecklistService,
    private readonly prefecture: PrefectureRepository,
    private readonly office: OfficeService,
    private readonly portal: StudentPortalRepository,
    private readonly storage: DocumentStorage,
    private readonly events: DossierEvents,
    private readonly clock: Clock,
  ) {}

  async page(student: StudentContext): Promise<StudentDossierResponse> {
    const { dossier, definition } = await this.context(student);
    const [documents, requests, summonses, office, moves, unreadMessages] = await Promise.all([
      this.documents.listForDossier(dossier.id),
      this.complements.complementRequests(dossier.id),
      this.prefecture.summonses(dossier.id),
      this.office.profile(),
      this.portal.statusMoves(dossier.id),
      this.portal.unreadOfficeMessages(dossier.id),
    ]);
    const open = openRequest(requests);
    const complement = open && (await this.complement(dossier, definition, open, documents));
    const now = this.clock.now();
    const limits = fileConstraints(definition, dossier.channel);
    return {
      reference: dossier.reference,
      language: student.language,
      procedure: { code: dossier.procedureCode, name: definition.names },
      status: dossier.status,
      steps: dossierSteps({ ...dossier, moves: moves.map((m) => ({ from: m.from, to: m.to, on: this.clock.dayOf(m.at) })) }),
      complement,
      documents: documents.map((d) => presentDocument(d, definition)),
      appointments: summonses.map((s) => ({ at: s.appointmentAt.toISOString(), place: s.place, reason: s.reason, note: s.note })),
      decision: dossier.decision && {
        decision: dossier.decision,
        decidedOn: dossier.decidedOn,
        cardReadyOn: dossier.cardReadyOn,
        cardHandedOverOn: dossier.cardHandedOverOn,
      },
      closeReason: dossier.closeReason,
      nextStep: nextStep({
        ...dossier,
        itemsMissing: complement ? complement.items.filter((i) => !i.received).length : null,
        appointmentAhead: summonses.some((s) => s.appointmentAt >= now),
      }),
      office: {
        name: office.name,
        postalAddress: office.postalAddress,
        frontDeskHours: office.frontDeskHours,
        phone: office.phone,
        email: office.email,
        website: office.website,
      },
      fileLimits: { types: limits.types, maxFileBytes: limits.maxFileBytes, maxFilesPerDocument: limits.maxFilesPerDocument },
      unreadMessages,
      sessionExpiresAt: student.expiresAt.toISOString(),
    };
  }

  /**
   * A document the student sends for an item of the open complement request (multipart: the
   * files, and `kind` when the item takes several). The channel's limits apply as for agents
   * (413, 415, 422; nothing stored on refusal). It lands as a document to review, sent by the
   * student; once everything asked for is in, the dossier goes back to "received".
   */
  async upload(student: StudentContext, slot: string, request: FastifyRequest, actor: Actor): Promise<StudentDocumentResponse> {
    const { dossier, definition } = await this.context(student);
    const open = openRequest(await this.complements.complementRequests(dossier.id));
    if (!open?.items.some((item) => item.slot === slot)) throw ProblemException.of('student.item-not-found', { slot });
    if (!request.isMultipart()) throw ProblemException.of('request.multipart-expected');
    const constraints = fileConstraints(definition, dossier.channel);
    const received = await receiveUpload(request, constraints, this.storage);
    let recorded: DossierDocument;
    try {
      const fields = await validateBody(StudentUploadFieldsDto, received.fields);
      const kinds = slotKinds(definition, slot, dossier);
      const kind = uploadKind(kinds, fields.kind);
      if (!kind) throw ProblemException.validation([{ field: 'kind', code: 'kindNotOfItem', params: { known: kinds } }]);
      if (received.files.length === 0) throw ProblemException.validation([{ field: 'files', code: 'filesExpected' }]);
      if (received.files.length > constraints.maxFilesPerDocument) {
        throw tooManyFiles(constraints.maxFilesPerDocument, { channel: dossier.channel, total: received.files.length });
      }
      const files = received.files.map(({ key, originalName, contentType, sizeBytes, sha256 }) => ({
        storageKey: key,
        originalName,
        contentType,
        sizeBytes,
        sha256,
      }));
      const document = { kind, issuedOn: null, quantity: 1, attributes: {}, note: null };
      recorded = await this.documents.record(dossier.id, { document }, files, actor, undefined, { slot });
    } catch (error) {
      await removeAll(received.files, this.storage);
      throw error;
    }
    try {
      await this.events.checklistInputsChanged(dossier.id);
    } catch (error) {
      // the document stands whatever the reactions do
      this.logger.error({ err: error, dossierId: dossier.id }, 'A reaction to a student upload failed');
    }
    return presentDocument(recorded, definition);
  }

  /** The bytes of a file of the session's dossier; any other id is one that does not exist. */
  async download(student: StudentContext, documentId: string, fileId: string): Promise<{ file: DocumentFile; stream: Readable }> {
    const document = await this.documents.find(student.dossierId, documentId);
    const file = document?.files.find((f) => f.id === fileId);
    if (!file) throw ProblemException.of('student.not-in-dossier');
    try {
      return { file, stream: await this.storage.open(file.storageKey) };
    } catch (error) {
      if (error instanceof StoredObjectMissing) throw ProblemException.of('student.not-in-dossier');
      throw error;
    }
  }

  private async context(student: StudentContext): Promise<{ dossier: DossierWithStudent; definition: ProcedureDefinition }> {
    const dossier = await this.dossiers.require(student.dossierId);
    if (!dossier.procedureVersionId) throw new Error(`dossier ${dossier.id} has no catalog version: run db:migrate`);
    return { dossier, definition: (await this.catalog.version(dossier.procedureVersionId)).definition };
  }

  private async complement(
    dossier: DossierWithStudent,
    definition: ProcedureDefinition,
    open: ComplementRequest,
    documents: DossierDocument[],
  ): Promise<StudentComplementResponse> {
    const checklist = await this.checklist.forDossier(dossier.id);
    return {
      requestedOn: this.clock.dayOf(open.requestedAt),
      dueOn: open.dueOn,
      message: open.message,
      items: studentItems(open, definition, dossier, documents, checklist),
    };
  }
}

function openRequest(requests: ComplementRequest[]): ComplementRequest | null {
  return requests.findLast((r) => r.status === 'open') ?? null;
}

/** A document as the student sees it: its kind and verdict, the files — not the office's notes or attributes. */
export function presentDocument(document: DossierDocument, definition: Pick<ProcedureDefinition, 'documentKinds'>): StudentDocumentResponse {
  return {
    id: document.id,
    kind: document.kind,
    kindName: definition.documentKinds[document.kind]?.names ?? { fr: document.kind, en: document.kind },
    receivedAt: document.receivedAt.toISOString(),
    source: document.source,
    status: document.status,
    rejectionReason: document.rejectionReason,
    rejectionText: document.rejectionText,
    files: document.files.map((file) => ({
      id: file.id,
      originalName: file.originalName,
      contentType: file.contentType,
      sizeBytes: file.sizeBytes,
      url: `/api/student/dossier/documents/${document.id}/files/${file.id}`,
    })),
  };
}
