import { Injectable } from '@nestjs/common';
import { CatalogService } from '../catalog/catalog.service';
import type { LocalizedText } from '../catalog/catalog.model';
import { type DocumentSource, REJECTION_REASONS, type RejectionReason } from '../documents/documents.model';
import { CLOSE_REASONS, type CloseReason, DECISIONS, type Decision } from '../dossiers/dossiers.model';
import { DossiersService } from '../dossiers/dossiers.service';
import type { NoteResponse } from '../notes/notes.dto';
import { NotesService } from '../notes/notes.service';
import { NotificationResponse } from '../notifications/notifications.dto';
import { NotificationsService } from '../notifications/notifications.service';
import { TimelineDocumentResponse, TimelineEntryResponse } from './timeline.dto';
import { emailTitle, STUDENT_EVENTS, timelineTitle } from './timeline.events';
import { TimelineRepository, TimelineRow } from './timeline.repository';

/** The names of the document kinds of the dossier's procedure, and the kind and sender of each of its documents. */
interface DocumentNames {
  kinds: Record<string, { names: LocalizedText }>;
  kindOf: Map<string, { kind: string; source: DocumentSource }>;
}

/** Who acted when the student did: they have no agent id, and no name to show but their role. */
const THE_STUDENT = { id: null, name: 'student' };

/** What a timeline entry that is not a history row leaves empty. */
const NOTHING_MORE = { fromStatus: null, toStatus: null, reason: null, document: null, rejectionReason: null, decision: null, closeReason: null };

@Injectable()
export class TimelineService {
  constructor(
    private readonly timeline: TimelineRepository,
    private readonly dossiers: DossiersService,
    private readonly catalog: CatalogService,
    private readonly notifications: NotificationsService,
    private readonly notes: NotesService,
  ) {}

  /**
   * Every status change, verdict, request, transmission, summons..., every e-mail and reminder
   * (with its delivery status) and every internal note, in order, with who and when. An entry
   * about a document names it as the dossier's procedure does.
   */
  async forDossier(id: string): Promise<TimelineEntryResponse[]> {
    const dossier = await this.dossiers.require(id);
    const [rows, emails, notes, kindOf, definition] = await Promise.all([
      this.timeline.history(id),
      this.notifications.forDossier(id),
      this.notes.of(id),
      this.timeline.documentKinds(id),
      dossier.procedureVersionId ? this.catalog.version(dossier.procedureVersionId).then((v) => v.definition) : null,
    ]);
    const names: DocumentNames = { kinds: definition?.documentKinds ?? {}, kindOf };
    const history = rows.map((row) => historyEntry(row, names));
    // stable: an e-mail comes after the change that asked for it when both bear the same time
    return [...history, ...emails.map(emailEntry), ...notes.map(noteEntry)].sort((a, b) => a.at.localeCompare(b.at));
  }
}

function historyEntry(row: TimelineRow, names: DocumentNames): TimelineEntryResponse {
  const details = isRecord(row.details) ? row.details : {};
  return {
    id: row.id.toString(),
    at: row.at.toISOString(),
    event: row.event,
    title: timelineTitle(row.event),
    fromStatus: row.fromStatus,
    toStatus: row.toStatus,
    actor: STUDENT_EVENTS.has(row.event) ? THE_STUDENT : { id: row.actorId, name: row.actorName ?? row.actorLabel ?? 'unknown' },
    reason: row.reason,
    details: row.details ?? null,
    document: documentOf(row.event, details, names),
    rejectionReason: oneOf(REJECTION_REASONS, details.rejectionReason) as RejectionReason | null,
    decision: oneOf(DECISIONS, details.decision) as Decision | null,
    closeReason: oneOf(CLOSE_REASONS, details.closeReason) as CloseReason | null,
    email: null,
    note: null,
  };
}

/**
 * The document a history row is about: its kind as recorded, or as the document still says (scans added record only its
 * id); who sent it as the document says, or as the event does once the document is gone.
 */
function documentOf(event: string, details: Record<string, unknown>, names: DocumentNames): TimelineDocumentResponse | null {
  const id = typeof details.documentId === 'string' ? details.documentId : null;
  const document = id ? names.kindOf.get(id) : undefined;
  const kind = typeof details.kind === 'string' ? details.kind : document?.kind;
  if (!kind) return null;
  const source = document?.source ?? (event === 'document_sent_by_student' ? 'student' : null);
  return { id: document ? id : null, kind, names: names.kinds[kind]?.names ?? null, source };
}

function emailEntry(email: NotificationResponse): TimelineEntryResponse {
  const reminder = /_reminder$|_alert$|_digest$/.test(email.template);
  return {
    ...NOTHING_MORE,
    id: `notification:${email.id}`,
    at: email.sentAt ?? email.createdAt,
    event: reminder ? 'reminder' : 'email',
    title: emailTitle(reminder, email.status),
    actor: { id: null, name: 'Passerelle' },
    reason: email.status === 'failed' || email.status === 'retrying' ? email.lastError : null,
    details: {
      notificationId: email.id,
      template: email.template,
      recipient: email.recipient,
      audience: email.audience,
      subject: email.subject,
      status: email.status,
      attempts: email.attempts,
    },
    email: { notificationId: email.id, template: email.template, status: email.status },
    note: null,
  };
}

function noteEntry(note: NoteResponse): TimelineEntryResponse {
  return {
    ...NOTHING_MORE,
    id: `note:${note.id}`,
    at: note.createdAt,
    event: 'note',
    title: timelineTitle('note'),
    actor: note.author,
    details: null,
    email: null,
    note: { id: note.id, body: note.body },
  };
}

function oneOf(values: readonly string[], value: unknown): string | null {
  return typeof value === 'string' && values.includes(value) ? value : null;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
