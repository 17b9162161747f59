import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { IsCalendarDate, IsOmittable, trim } from '../common/validators';
import { CLOSE_REASONS, DECISIONS, DOSSIER_STATUSES } from '../dossiers/dossiers.model';
import type { CloseReason, Decision, DossierStatus } from '../dossiers/dossiers.model';
import { COMPLEMENT_STATUSES } from './workflow.model';
import type { ComplementStatus } from './workflow.model';

export class TransitionDto {
  @ApiProperty({ enum: DOSSIER_STATUSES, enumName: 'DossierStatus', description: 'The status to move to.' })
  @IsIn(DOSSIER_STATUSES)
  to!: DossierStatus;

  @ApiPropertyOptional({ description: 'Why (required to withdraw a verification, reopen, close for "other", withdraw a decision); shown in the timeline.' })
  @IsOptional()
  @Transform(trim)
  @MaxLength(1000)
  @IsString()
  reason?: string;

  @ApiPropertyOptional({ enum: DECISIONS, enumName: 'Decision', description: 'With to = decided.' })
  @IsOmittable()
  @IsIn(DECISIONS)
  decision?: Decision;

  @ApiPropertyOptional({ format: 'date', description: 'With to = decided: the date of the decision (default today).' })
  @IsOmittable()
  @IsCalendarDate()
  decidedOn?: string;

  @ApiPropertyOptional({ enum: CLOSE_REASONS, enumName: 'CloseReason', description: 'With to = closed (deadline_expired is for the deadline job).' })
  @IsOmittable()
  @IsIn(CLOSE_REASONS)
  closeReason?: CloseReason;

  @ApiPropertyOptional({ format: 'date', description: 'With to = forwarded: the day it was filed with the prefecture or on ANEF (default today).' })
  @IsOmittable()
  @IsCalendarDate()
  filedOn?: string;

  @ApiPropertyOptional({ description: "With to = forwarded: the prefecture's or ANEF's reference." })
  @IsOmittable()
  @Transform(trim)
  @MaxLength(64)
  @IsString()
  prefectureReference?: string;
}

/** A request body per kind of move, as an agent sends it (OpenAPI `examples` of POST …/transitions). */
export const TRANSITION_EXAMPLES = {
  verify: { summary: 'Verify a received dossier', value: { to: 'verified' } },
  forward: { summary: 'Forward it to the prefecture', value: { to: 'forwarded', filedOn: '2026-03-02', prefectureReference: 'ANEF-2026-0012345' } },
  decide: { summary: "Record the prefecture's decision", value: { to: 'decided', decision: 'favourable', decidedOn: '2026-04-15' } },
  close: { summary: 'Close it (the student withdrew)', value: { to: 'closed', closeReason: 'withdrawn', reason: 'L’étudiant a renoncé à sa demande.' } },
  reopen: { summary: 'Reopen a closed dossier (supervisors)', value: { to: 'received', reason: 'Pièce retrouvée, dossier repris.' } },
};

export class ComplementRequestDto {
  @ApiPropertyOptional({ description: 'A word from the agent, added to the e-mail.' })
  @IsOptional()
  @Transform(trim)
  @MaxLength(2000)
  @IsString()
  message?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 180, description: "Days given to the student (default: the procedure's complementDelayDays, 30)." })
  @IsOmittable()
  @Max(180)
  @Min(1)
  @IsInt()
  dueInDays?: number;
}

export class LocalizedMessage {
  @ApiProperty() fr!: string;
  @ApiProperty() en!: string;
}

/** One thing a complement request asks the student for (workflow/complement-items.ts). */
export class ComplementItemResponse {
  @ApiProperty({ example: 'proof-of-address' }) slot!: string;
  @ApiProperty({ type: [String], example: ['document.rejected'], description: 'The finding codes behind the item.' }) codes!: string[];
  @ApiProperty({ type: [String], format: 'uuid' }) documentIds!: string[];
  @ApiProperty({ type: LocalizedMessage, description: 'What to send, in the second person.' }) what!: LocalizedMessage;
  @ApiProperty({ type: LocalizedMessage, nullable: true, description: 'Why what was received does not do; null when nothing was received.' })
  why!: LocalizedMessage | null;
}

export class ComplementRequestResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) dossierId!: string;
  @ApiProperty({ enum: COMPLEMENT_STATUSES }) status!: ComplementStatus;
  @ApiProperty({ type: [ComplementItemResponse], description: 'What is asked for, with the reason, in French and English.' }) items!: ComplementItemResponse[];
  @ApiProperty({ type: String, nullable: true }) message!: string | null;
  @ApiProperty({ format: 'date', description: 'The last day to send the documents.' }) dueOn!: string;
  @ApiProperty({ format: 'date-time' }) requestedAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) closedAt!: string | null;
}

export class EmailPreviewResponse {
  @ApiProperty({ description: "The student's address" }) to!: string;
  @ApiProperty({ enum: ['fr', 'en'], description: "The student's language" }) language!: 'fr' | 'en';
  @ApiProperty() subject!: string;
  @ApiProperty({ description: 'The e-mail as plain text' }) text!: string;
  @ApiProperty({ description: 'The e-mail as HTML' }) html!: string;
}

export class ComplementPreviewResponse {
  @ApiProperty({ format: 'uuid' }) dossierId!: string;
  @ApiProperty({ type: [ComplementItemResponse], description: 'What the request would ask for.' }) items!: ComplementItemResponse[];
  @ApiProperty({ format: 'date', description: 'The last day the student would have.' }) dueOn!: string;
  @ApiProperty({ type: EmailPreviewResponse }) email!: EmailPreviewResponse;
}

export class TransitionRuleResponse {
  @ApiProperty({ enum: DOSSIER_STATUSES, enumName: 'DossierStatus', isArray: true }) from!: DossierStatus[];
  @ApiProperty({ enum: DOSSIER_STATUSES, enumName: 'DossierStatus' }) to!: DossierStatus;
  @ApiProperty({ example: 'verified', description: 'The event of the timeline' }) event!: string;
  @ApiProperty({ type: [String], example: ['agent', 'supervisor', 'admin'], description: 'Who may (system: only Passerelle itself)' }) roles!: string[];
  @ApiProperty({ type: [String], example: ['reason'], description: 'Fields of POST /transitions the move needs' }) requires!: string[];
  @ApiPropertyOptional({
    enum: ['complete-and-reviewed'],
    description: 'Refused (422) while the checklist has a blocking finding or a document no agent has accepted yet',
  })
  guard?: string;
  @ApiPropertyOptional({ enum: ['complement-request'], description: 'Made through POST /complement-requests' }) via?: string;
  @ApiProperty({ description: 'Whether the student gets an e-mail' }) emailsStudent!: boolean;
}
