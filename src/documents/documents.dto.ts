import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsObject, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { CODE_PATTERN } from '../common/parse-code.pipe';
import { IsCalendarDate, IsOmittable, trim } from '../common/validators';
import { DOCUMENT_SOURCES, DOCUMENT_STATUSES, REJECTION_REASONS } from './documents.model';
import type { DocumentSource, DocumentStatus, RejectionReason } from './documents.model';

export class DocumentAttributesDto {
  @ApiPropertyOptional({ description: 'The document is signed (CERFA, CERPR, host attestation...).' })
  @IsOptional()
  @IsBoolean()
  signed?: boolean;

  @ApiPropertyOptional({ description: "Every page is there (the CERFA's 2nd page; the passport's identity, validity, stamp and visa pages)." })
  @IsOptional()
  @IsBoolean()
  allPages?: boolean;

  @ApiPropertyOptional({ description: 'The document is dated (host attestation).' })
  @IsOptional()
  @IsBoolean()
  dated?: boolean;

  @ApiPropertyOptional({ format: 'date', description: 'End of validity (passport, residence permit).' })
  @IsOptional()
  @IsCalendarDate()
  validUntil?: string;

  @ApiPropertyOptional({ example: '1PMTVR13', description: 'E-photo code (8 capital letters or digits); checked by the checklist.' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toUpperCase() : value))
  @MaxLength(20)
  @IsString()
  ePhotoCode?: string;

  @ApiPropertyOptional({ description: "The student's mobile phone number is written on it (RECE request letter)." })
  @IsOptional()
  @IsBoolean()
  hasMobileNumber?: boolean;

  @ApiPropertyOptional({ description: "The student's e-mail address is written on it (RECE request letter)." })
  @IsOptional()
  @IsBoolean()
  hasEmailAddress?: boolean;
}

export class RecordDocumentDto {
  @ApiProperty({ example: 'cerfa-form', description: "A document kind of the dossier's procedure (`documentKinds` in GET /api/procedures/:code)." })
  @Matches(CODE_PATTERN, { message: 'must be a document kind code' })
  kind!: string;

  @ApiPropertyOptional({
    type: String,
    format: 'date',
    nullable: true,
    description: 'Date on the document (needed for documents with a maximum age, such as a proof of address).',
  })
  @IsOptional()
  @IsCalendarDate()
  issuedOn?: string | null;

  @ApiPropertyOptional({ default: 1, description: 'How many (3 identity photos).' })
  @IsOmittable()
  @Max(50)
  @Min(1)
  @IsInt()
  quantity?: number;

  @ApiPropertyOptional({ type: DocumentAttributesDto })
  @IsOmittable()
  @ValidateNested()
  @IsObject()
  @Type(() => DocumentAttributesDto)
  attributes?: DocumentAttributesDto;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @Transform(trim)
  @MaxLength(500)
  @IsString()
  note?: string | null;
}

/** Multipart fields arrive as text: the same document (kind then required), or an existing document to add scans to. */
export class UploadFieldsDto extends PartialType(RecordDocumentDto, { skipNullProperties: false }) {
  @ApiPropertyOptional({ format: 'uuid', description: 'Add the files to this document instead of recording a new one (then `kind` is not needed).' })
  @IsOptional()
  @Matches(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, { message: 'must be a UUID' })
  documentId?: string;
}

/** A verdict, and/or a correction of what was recorded (the kind cannot change: record another document). */
export class ChangeDocumentDto extends PartialType(OmitType(RecordDocumentDto, ['kind'] as const), { skipNullProperties: false }) {
  @ApiPropertyOptional({
    enum: DOCUMENT_STATUSES,
    enumName: 'DocumentStatus',
    description: 'The verdict: accepted, or rejected with a reason (received takes a verdict back).',
  })
  @IsOmittable()
  @IsIn(DOCUMENT_STATUSES)
  status?: DocumentStatus;

  @ApiPropertyOptional({ enum: REJECTION_REASONS, enumName: 'RejectionReason', nullable: true, description: 'Required with status rejected.' })
  @IsOptional()
  @IsIn(REJECTION_REASONS)
  rejectionReason?: RejectionReason | null;

  @ApiPropertyOptional({ type: String, nullable: true, description: "The agent's words (required when the reason is other); shown to the student." })
  @IsOptional()
  @Transform(trim)
  @MaxLength(500)
  @IsString()
  rejectionText?: string | null;
}

export class DocumentFileResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'cerfa.pdf' }) originalName!: string;
  @ApiProperty({ example: 'application/pdf', description: 'Read from the bytes, not the name.' }) contentType!: string;
  @ApiProperty() sizeBytes!: number;
  @ApiProperty({ description: 'SHA-256 of the bytes, hex.' }) sha256!: string;
  @ApiProperty({ format: 'date-time' }) uploadedAt!: string;
  @ApiProperty({ example: '/api/dossiers/…/documents/…/files/…' }) url!: string;
}

export class DocumentResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) dossierId!: string;
  @ApiProperty() kind!: string;
  @ApiProperty({ type: String, format: 'date', nullable: true }) issuedOn!: string | null;
  @ApiProperty() quantity!: number;
  @ApiProperty({ type: DocumentAttributesDto }) attributes!: DocumentAttributesDto;
  @ApiProperty({ type: String, nullable: true }) note!: string | null;
  @ApiProperty({ enum: DOCUMENT_STATUSES, enumName: 'DocumentStatus' }) status!: DocumentStatus;
  @ApiProperty({ enum: REJECTION_REASONS, enumName: 'RejectionReason', nullable: true }) rejectionReason!: RejectionReason | null;
  @ApiProperty({ type: String, nullable: true }) rejectionText!: string | null;
  @ApiProperty({ format: 'date-time' }) receivedAt!: string;
  @ApiProperty({
    enum: DOCUMENT_SOURCES,
    enumName: 'DocumentSource',
    description: 'Who sent it: the office recorded it (paper, e-mail, front desk), or the student uploaded it on their page.',
  })
  source!: DocumentSource;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) reviewedAt!: string | null;
  @ApiProperty({ type: [DocumentFileResponse] }) files!: DocumentFileResponse[];
}
