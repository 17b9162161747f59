import { ApiProperty } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { LocalizedTextResponse } from '../catalog/catalog.dto';
import { DOCUMENT_SOURCES, DOCUMENT_STATUSES, REJECTION_REASONS } from '../documents/documents.model';
import type { DocumentSource, DocumentStatus, RejectionReason } from '../documents/documents.model';
import { CLOSE_REASONS, DECISIONS, DOSSIER_STATUSES } from '../dossiers/dossiers.model';
import type { CloseReason, Decision, DossierStatus } from '../dossiers/dossiers.model';
import { SUMMONS_REASONS } from '../prefecture/prefecture.dto';
import type { SummonsReason } from '../prefecture/prefecture.dto';
import { NEXT_STEPS, STEP_KEYS, STEP_STATES } from './student-portal.steps';
import type { NextStep, StepKey, StepState } from './student-portal.steps';

/*
 * The student's page, as GET /api/student/dossier answers it: what the student may see of their
 * dossier and nothing of the office's own work (notes, agents, findings meant for agents, audit).
 */

export class StudentProcedureResponse {
  @ApiProperty({ example: 'rece' }) code!: string;
  @ApiProperty({ type: LocalizedTextResponse }) name!: LocalizedTextResponse;
}

export class StudentStepResponse {
  @ApiProperty({ enum: STEP_KEYS, enumName: 'StudentStepKey' }) key!: StepKey;
  @ApiProperty({
    enum: STEP_STATES,
    enumName: 'StudentStepState',
    description: 'done: behind the dossier; current: where it is; next: still to come; skipped: the dossier ended before it.',
  })
  state!: StepState;
  @ApiProperty({ type: String, format: 'date', nullable: true, description: 'The day the step was reached.' }) on!: string | null;
}

export class StudentItemResponse {
  @ApiProperty({ example: 'proof-of-address', description: 'The document slot asked for: upload to POST /api/student/dossier/items/{slot}/files.' })
  slot!: string;
  @ApiProperty({ type: LocalizedTextResponse, description: 'What to send, in the second person.' }) what!: LocalizedTextResponse;
  @ApiProperty({ type: LocalizedTextResponse, nullable: true, description: 'Why what was received does not do; null when nothing was received.' })
  why!: LocalizedTextResponse | null;
  @ApiProperty({
    type: [String],
    example: ['rent-receipt', 'electricity-bill'],
    description: 'The document kinds the item takes (the first is the default of an upload).',
  })
  kinds!: string[];
  @ApiProperty({ description: 'Something was sent for it since the request, and nothing the student must fix is left on it.' }) received!: boolean;
  @ApiProperty({ type: [String], format: 'uuid', description: 'The documents received for it since the request.' }) documentIds!: string[];
}

export class StudentComplementResponse {
  @ApiProperty({ format: 'date' }) requestedOn!: string;
  @ApiProperty({ format: 'date', description: 'The last day to send the documents.' }) dueOn!: string;
  @ApiProperty({ type: String, nullable: true, description: "The office's message with the request." }) message!: string | null;
  @ApiProperty({ type: [StudentItemResponse] }) items!: StudentItemResponse[];
}

export class StudentFileResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'passeport.pdf' }) originalName!: string;
  @ApiProperty({ example: 'application/pdf' }) contentType!: string;
  @ApiProperty() sizeBytes!: number;
  @ApiProperty({ example: '/api/student/dossier/documents/…/files/…' }) url!: string;
}

export class StudentDocumentResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'passport' }) kind!: string;
  @ApiProperty({ type: LocalizedTextResponse }) kindName!: LocalizedTextResponse;
  @ApiProperty({ format: 'date-time' }) receivedAt!: string;
  @ApiProperty({ enum: DOCUMENT_SOURCES, enumName: 'DocumentSource' }) source!: DocumentSource;
  @ApiProperty({ enum: DOCUMENT_STATUSES, enumName: 'DocumentStatus', description: 'received: not reviewed yet.' }) status!: DocumentStatus;
  @ApiProperty({ enum: REJECTION_REASONS, enumName: 'RejectionReason', nullable: true }) rejectionReason!: RejectionReason | null;
  @ApiProperty({ type: String, nullable: true, description: "The office's words on a rejection." }) rejectionText!: string | null;
  @ApiProperty({ type: [StudentFileResponse] }) files!: StudentFileResponse[];
}

export class StudentAppointmentResponse {
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({ type: String, nullable: true }) place!: string | null;
  @ApiProperty({ enum: SUMMONS_REASONS }) reason!: SummonsReason;
  @ApiProperty({ type: String, nullable: true }) note!: string | null;
}

export class StudentDecisionResponse {
  @ApiProperty({ enum: DECISIONS, enumName: 'Decision' }) decision!: Decision;
  @ApiProperty({ type: String, format: 'date', nullable: true }) decidedOn!: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true }) cardReadyOn!: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true }) cardHandedOverOn!: string | null;
}

export class StudentOfficeResponse {
  @ApiProperty({ example: 'CMI Rennes' }) name!: string;
  @ApiProperty({ type: [String] }) postalAddress!: string[];
  @ApiProperty({ type: LocalizedTextResponse }) frontDeskHours!: LocalizedTextResponse;
  @ApiProperty({ type: String, nullable: true }) phone!: string | null;
  @ApiProperty() email!: string;
  @ApiProperty({ type: String, nullable: true }) website!: string | null;
}

export class StudentFileLimitsResponse {
  @ApiProperty({ type: [String], example: ['pdf', 'jpg', 'png', 'tiff'] }) types!: string[];
  @ApiProperty({ example: 20_971_520 }) maxFileBytes!: number;
  @ApiProperty({ example: 10 }) maxFilesPerDocument!: number;
}

export class StudentDossierResponse {
  @ApiProperty({ example: 'CMI-2026-000123' }) reference!: string;
  @ApiProperty({ enum: ['fr', 'en'], description: "The student's language." }) language!: 'fr' | 'en';
  @ApiProperty({ type: StudentProcedureResponse }) procedure!: StudentProcedureResponse;
  @ApiProperty({ enum: DOSSIER_STATUSES, enumName: 'DossierStatus' }) status!: DossierStatus;
  @ApiProperty({ type: [StudentStepResponse], description: 'received, verified, forwarded, decided, in this order.' }) steps!: StudentStepResponse[];
  @ApiProperty({ type: StudentComplementResponse, nullable: true, description: 'The open complement request, if any.' })
  complement!: StudentComplementResponse | null;
  @ApiProperty({ type: [StudentDocumentResponse], description: 'The documents received, oldest first, with their verdicts.' })
  documents!: StudentDocumentResponse[];
  @ApiProperty({ type: [StudentAppointmentResponse], description: "The prefecture's appointments, earliest first." })
  appointments!: StudentAppointmentResponse[];
  @ApiProperty({ type: StudentDecisionResponse, nullable: true }) decision!: StudentDecisionResponse | null;
  @ApiProperty({ enum: CLOSE_REASONS, enumName: 'CloseReason', nullable: true }) closeReason!: CloseReason | null;
  @ApiProperty({ enum: NEXT_STEPS, enumName: 'StudentNextStep', description: 'What the student should do or expect now (the page words it).' })
  nextStep!: NextStep;
  @ApiProperty({ type: StudentOfficeResponse }) office!: StudentOfficeResponse;
  @ApiProperty({ type: StudentFileLimitsResponse, description: 'What an upload may hold (the dossier channel’s limits).' })
  fileLimits!: StudentFileLimitsResponse;
  @ApiProperty({ description: "The office's messages not read yet." }) unreadMessages!: number;
  @ApiProperty({ format: 'date-time', description: 'When the session ends (a new link is needed then).' }) sessionExpiresAt!: string;
}

/** The text fields of a student's upload (multipart): only `kind`, when the item takes several; any other field is refused, as on every write. */
export class StudentUploadFieldsDto {
  @IsOptional()
  @IsString()
  @MaxLength(100)
  kind?: string;
}
