import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsBoolean, IsIn, IsObject, IsOptional, IsString, Matches, MaxLength, ValidateIf } from 'class-validator';
import { CODE_PATTERN } from '../common/parse-code.pipe';
import { PageMeta, PageQuery } from '../common/pagination';
import { IsCalendarDate, IsId, IsOmittable } from '../common/validators';
import { CHANNELS, CLOSE_REASONS, DECISIONS, DOSSIER_SORTS, DOSSIER_STATUSES } from './dossiers.model';
import type { Channel, CloseReason, Decision, DossierSort, DossierStatus } from './dossiers.model';

const FACTS_DESCRIPTION =
  'Facts the procedure asks about, by code (see the `facts` of GET /api/procedures/:code): e.g. `{ "housing": "hosted", "hostIdAddressOutdated": true, "businessCreation": false }`. On PATCH, facts are merged; null removes one.';

export class CreateDossierDto {
  @ApiProperty({ format: 'uuid' })
  @IsId()
  studentId!: string;

  @ApiProperty({ example: 'rece', description: 'A procedure of the catalog (GET /api/procedures).' })
  @Matches(CODE_PATTERN, { message: 'must be a procedure code (lower-case letters, digits, dashes)' })
  procedureCode!: string;

  @ApiPropertyOptional({
    example: 'renewal',
    description: 'For a procedure with cases (talent-researcher: first, renewal, change-of-status, renewal-after-job-loss).',
  })
  @IsOmittable()
  @Matches(CODE_PATTERN, { message: 'must be a case code' })
  procedureCase?: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: FACTS_DESCRIPTION })
  @IsOmittable()
  @IsObject()
  facts?: Record<string, unknown>;

  @ApiPropertyOptional({ format: 'date', description: 'Day the office received the dossier; today (office time zone) when left out. Not in the future.' })
  @IsOmittable()
  @IsCalendarDate()
  receivedAt?: string;

  @ApiPropertyOptional({ enum: CHANNELS, enumName: 'Channel', description: "How it arrived; the procedure's channel when left out." })
  @IsOmittable()
  @IsIn(CHANNELS)
  channel?: Channel;
}

/** `status=a,b` and `status=a&status=b` both give [a, b]. */
export class UpdateDossierDto {
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: FACTS_DESCRIPTION })
  @IsOmittable()
  @IsObject()
  facts?: Record<string, unknown>;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'The case of the procedure, or null.' })
  @IsOptional()
  @Matches(CODE_PATTERN, { message: 'must be a case code' })
  procedureCase?: string | null;

  @ApiPropertyOptional({ enum: CHANNELS, enumName: 'Channel' })
  @IsOmittable()
  @IsIn(CHANNELS)
  channel?: Channel;
}

export class AssigneeDto {
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The agent who takes the dossier, or null to leave it to nobody.' })
  @ValidateIf((_object, value) => value !== null)
  @IsId()
  agentId!: string | null;
}

const splitList = ({ value }: { value: unknown }) => {
  const parts = typeof value === 'string' ? [value] : Array.isArray(value) && value.every((v) => typeof v === 'string') ? value : null;
  return parts
    ? parts
        .flatMap((part: string) => part.split(','))
        .map((s) => s.trim())
        .filter(Boolean)
    : value;
};

export class ListDossiersQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'One status or several separated by commas.', example: 'received,incomplete', type: String })
  @IsOptional()
  @Transform(splitList)
  @ArrayMaxSize(DOSSIER_STATUSES.length)
  @IsIn(DOSSIER_STATUSES, { each: true, message: `each value must be one of ${DOSSIER_STATUSES.join(', ')}` })
  status?: DossierStatus[];

  @ApiPropertyOptional({ example: 'rece' })
  @IsOptional()
  @Matches(CODE_PATTERN, { message: 'must be a procedure code' })
  procedureCode?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsId()
  institutionId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: "One student's dossiers (the student page lists them)." })
  @IsOptional()
  @IsId()
  studentId?: string;

  @ApiPropertyOptional({ description: 'An agent id, or `none` for dossiers nobody has taken.' })
  @IsOptional()
  @Matches(/^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|none)$/i, { message: 'must be an agent id (UUID) or none' })
  assigneeId?: string;

  @ApiPropertyOptional({
    description: 'Dossiers whose running deadline is before this instant; a date (YYYY-MM-DD) means the start of that day in the office time zone.',
    example: '2026-12-01',
  })
  @IsOptional()
  // an unencoded "+" in a query string arrives as a space
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.replace(/ (\d{2}:\d{2})$/, '+$1') : value))
  @Matches(/^\d{4}-\d{2}-\d{2}(T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,3})?)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d))?$/, {
    message: 'must be a date (YYYY-MM-DD) or a date-time with offset',
  })
  deadlineBefore?: string;

  @ApiPropertyOptional({
    type: Boolean,
    description:
      'true: only the dossiers where the student sent something no agent has looked at yet (a document still to review, a message unread: see `studentActivity`); false: only the others.',
  })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  studentActivity?: boolean;

  @ApiPropertyOptional({
    description:
      'Words, each of which must start a word of the reference, the student number or the names (case, accents and punctuation ignored): "CMI-2026-000123", "000123", "2026-000123", "nguy".',
    example: 'nguyen',
  })
  @IsOptional()
  @MaxLength(100)
  @IsString()
  q?: string;

  @ApiPropertyOptional({ enum: DOSSIER_SORTS, default: '-receivedAt', description: 'A leading "-" sorts descending.' })
  @IsOmittable()
  @IsIn(DOSSIER_SORTS)
  sort: DossierSort = '-receivedAt';
}

export class StudentSummaryResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() studentNumber!: string;
  @ApiProperty() birthName!: string;
  @ApiProperty({ type: String, nullable: true }) usageName!: string | null;
  @ApiProperty() firstNames!: string;
}

/** What the student sent from their page that no agent has looked at yet. */
export class StudentActivityResponse {
  @ApiProperty({ description: 'Documents the student sent that are still to review (status received).', example: 2 }) newDocuments!: number;
  @ApiProperty({ description: "The student's messages no agent has read yet.", example: 1 }) unreadMessages!: number;
}

export class DossierResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'CMI-2026-000123' }) reference!: string;
  @ApiProperty({ enum: DOSSIER_STATUSES, enumName: 'DossierStatus' }) status!: DossierStatus;
  @ApiProperty({ example: 'rece' }) procedureCode!: string;
  @ApiProperty({ type: Number, nullable: true, description: 'The catalog version the dossier was opened under.' }) procedureVersion!: number | null;
  @ApiProperty({ type: String, nullable: true }) procedureCase!: string | null;
  @ApiProperty({ type: String, nullable: true, example: '35', description: 'Département of the competent prefecture.' }) prefecture!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: { oneOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }] } }) facts!: Record<
    string,
    string | boolean | number
  >;
  @ApiProperty({ enum: CHANNELS, enumName: 'Channel' }) channel!: Channel;
  @ApiProperty({ enum: DECISIONS, enumName: 'Decision', nullable: true }) decision!: Decision | null;
  @ApiProperty({ enum: CLOSE_REASONS, enumName: 'CloseReason', nullable: true }) closeReason!: CloseReason | null;
  @ApiProperty({ description: 'Optimistic-locking version; also sent as the ETag.' }) version!: number;
  @ApiProperty({ format: 'date' }) receivedAt!: string;
  @ApiProperty({ type: String, format: 'date', nullable: true, description: 'Filed with the prefecture or on ANEF.' }) filedAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) prefectureReference!: string | null;
  @ApiProperty({
    type: String,
    format: 'date',
    nullable: true,
    description: "Without a decision by this day, the prefecture's silence is an implicit rejection.",
  })
  implicitRejectionOn!: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true }) decidedOn!: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true }) cardReadyOn!: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true }) cardHandedOverOn!: string | null;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'When the nearest deadline falls due (the start of the day after the last day given).',
  })
  deadlineAt!: string | null;
  @ApiProperty({
    type: String,
    format: 'date',
    nullable: true,
    description:
      'The day the nearest deadline names, at the office: the last day a complement leaves, what the student is told ("by 2 January 2027"); for a forwarded dossier, the implicit-rejection day.',
  })
  deadlineOn!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) assigneeId!: string | null;
  @ApiProperty({ format: 'uuid' }) institutionId!: string;
  @ApiProperty({ format: 'uuid' }) studentId!: string;
  @ApiProperty({ type: StudentSummaryResponse }) student!: StudentSummaryResponse;
  @ApiProperty({ type: StudentActivityResponse, description: 'What the student sent that no agent has looked at yet.' })
  studentActivity!: StudentActivityResponse;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class DossierPage extends PageMeta {
  @ApiProperty({ type: [DossierResponse] }) items!: DossierResponse[];
}
