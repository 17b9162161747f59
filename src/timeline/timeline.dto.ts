import { ApiProperty } from '@nestjs/swagger';
import { LocalizedTextResponse } from '../catalog/catalog.dto';
import type { LocalizedText } from '../catalog/catalog.model';
import { DOCUMENT_SOURCES, type DocumentSource, REJECTION_REASONS, type RejectionReason } from '../documents/documents.model';
import { CLOSE_REASONS, type CloseReason, DECISIONS, type Decision } from '../dossiers/dossiers.model';
import { AGENT_TEMPLATES, STUDENT_TEMPLATES } from '../email-templates/email-templates.model';
import { NOTIFICATION_STATUSES, type NotificationStatus } from '../notifications/notifications.model';

export class TimelineActorResponse {
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) id!: string | null;
  @ApiProperty({ description: "The agent's name, or who acted when no agent did (`system`, `seed`, `student`...)." }) name!: string;
}

/** The document an entry is about, named as the dossier's procedure names it. */
export class TimelineDocumentResponse {
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'Null when the document has since been deleted.' }) id!: string | null;
  @ApiProperty({ example: 'passport' }) kind!: string;
  @ApiProperty({
    type: LocalizedTextResponse,
    nullable: true,
    description: "The kind's name in the catalog version the dossier is handled under (null for a kind it does not list).",
  })
  names!: LocalizedText | null;
  @ApiProperty({
    enum: DOCUMENT_SOURCES,
    enumName: 'DocumentSource',
    nullable: true,
    description: 'Who sent it: the office recorded it, or the student sent it from their page (null when the document has since been deleted).',
  })
  source!: DocumentSource | null;
}

/** The e-mail an `email` or `reminder` entry is. */
export class TimelineEmailResponse {
  @ApiProperty({ format: 'uuid' }) notificationId!: string;
  @ApiProperty({ enum: [...STUDENT_TEMPLATES, ...AGENT_TEMPLATES], description: 'Which e-mail (the event it tells of).' }) template!: string;
  @ApiProperty({ enum: NOTIFICATION_STATUSES }) status!: NotificationStatus;
}

/** The internal note a `note` entry is (agents only, never e-mailed). */
export class TimelineNoteResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: String, nullable: true, description: "The note's text; null once the student's personal data was erased." }) body!: string | null;
}

export class TimelineEntryResponse {
  @ApiProperty() id!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({ example: 'verified', description: 'The history event; `email` and `reminder` for e-mails, `note` for internal notes.' }) event!: string;
  @ApiProperty({ type: LocalizedTextResponse }) title!: LocalizedText;
  @ApiProperty({ type: String, nullable: true }) fromStatus!: string | null;
  @ApiProperty({ type: String, nullable: true }) toStatus!: string | null;
  @ApiProperty({ type: TimelineActorResponse }) actor!: TimelineActorResponse;
  @ApiProperty({ type: String, nullable: true }) reason!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true }) details!: unknown;
  @ApiProperty({
    type: TimelineDocumentResponse,
    nullable: true,
    description: 'For the entries about a document (received, scans added, verdicts, corrections).',
  })
  document!: TimelineDocumentResponse | null;
  @ApiProperty({ enum: REJECTION_REASONS, enumName: 'RejectionReason', nullable: true, description: 'Why a document was rejected.' })
  rejectionReason!: RejectionReason | null;
  @ApiProperty({ enum: DECISIONS, enumName: 'Decision', nullable: true, description: "The prefecture's decision recorded." }) decision!: Decision | null;
  @ApiProperty({ enum: CLOSE_REASONS, enumName: 'CloseReason', nullable: true, description: 'Why the dossier was closed.' })
  closeReason!: CloseReason | null;
  @ApiProperty({ type: TimelineEmailResponse, nullable: true }) email!: TimelineEmailResponse | null;
  @ApiProperty({ type: TimelineNoteResponse, nullable: true }) note!: TimelineNoteResponse | null;
}
