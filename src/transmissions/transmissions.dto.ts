import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';
import { PageMeta, PageQuery } from '../common/pagination';
import { PREFECTURE_PATTERN } from '../dossiers/dossiers.model';
import { IsCalendarDate, IsOmittable, trim, UUID_PATTERN } from '../common/validators';

export class CreateTransmissionDto {
  @ApiProperty({ type: [String], description: 'The verified dossiers to forward together (1 to 200).' })
  @ArrayUnique({ message: 'must not name a dossier twice' })
  @ArrayMaxSize(200)
  @ArrayMinSize(1)
  @Matches(UUID_PATTERN, { each: true, message: 'each must be a dossier id (UUID)' })
  @IsArray()
  dossierIds!: string[];

  @ApiProperty({ example: 'Préfecture d’Ille-et-Vilaine — bureau du séjour, Mme Le Goff' })
  @Transform(trim)
  @Length(2, 200)
  @IsString()
  contact!: string;

  @ApiPropertyOptional({ example: '35', description: "Département of the prefecture (default: the dossiers' own, which must then all be the same)." })
  @IsOmittable()
  @Matches(PREFECTURE_PATTERN, { message: 'must be a département code (35, 2A, 974...)' })
  prefecture?: string;

  @ApiPropertyOptional({ format: 'date', description: 'Day the batch leaves (default today): the dossiers are filed on that day.' })
  @IsOmittable()
  @IsCalendarDate()
  sentOn?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trim)
  @MaxLength(1000)
  @IsString()
  note?: string;
}

export class TransmissionItemResponse {
  @ApiProperty() position!: number;
  @ApiProperty({ format: 'uuid' }) dossierId!: string;
  @ApiProperty() reference!: string;
  @ApiProperty() studentName!: string;
  @ApiProperty() procedureCode!: string;
  @ApiProperty() documentCount!: number;
}

export class TransmissionSlipResponse {
  @ApiProperty({ example: '/api/transmissions/1b0e6f5c-8a57-4f3e-9d4c-2f1f0c6b7a10/slip.csv' }) csv!: string;
  @ApiProperty({ example: '/api/transmissions/1b0e6f5c-8a57-4f3e-9d4c-2f1f0c6b7a10/slip.html' }) html!: string;
}

export class TransmissionResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'TR-2026-000004' }) reference!: string;
  @ApiProperty() prefecture!: string;
  @ApiProperty() contact!: string;
  @ApiProperty({ format: 'date' }) sentOn!: string;
  @ApiProperty({ type: String, nullable: true }) note!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, nullable: true }) createdBy!: string | null;
  @ApiProperty({ type: [TransmissionItemResponse] }) items!: TransmissionItemResponse[];
  @ApiProperty({ type: TransmissionSlipResponse, description: 'The slip as CSV and as printable HTML.' }) slip!: TransmissionSlipResponse;
}

export class TransmissionPage extends PageMeta {
  @ApiProperty({ type: [TransmissionResponse] }) items!: TransmissionResponse[];
}

export class ListTransmissionsQuery extends PageQuery {}

export class SlipLinkResponse {
  @ApiProperty({
    example: '/api/transmissions/slips/3q2-7wAbc…',
    description: 'Open it (once, within a minute) in a new window: the slip, in a page of its own.',
  })
  url!: string;
  @ApiProperty({ format: 'date-time' }) expiresAt!: string;
}
