import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsEmail, IsIn, IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';
import { PageMeta, PageQuery } from '../common/pagination';
import { IsOmittable, trim } from '../common/validators';
import { INSTITUTION_KINDS } from './institutions.model';
import type { InstitutionKind } from './institutions.model';

export class CreateInstitutionDto {
  @ApiProperty({ example: 'UR', description: 'Short code, unique in the office (capital letters, digits, "-").' })
  @Matches(/^[A-Z0-9][A-Z0-9-]{0,31}$/, { message: 'must be 1-32 capital letters, digits or "-"' })
  code!: string;

  @ApiProperty({ example: 'Université de Rennes' })
  @Transform(trim)
  @Length(2, 200)
  @IsString()
  name!: string;

  @ApiProperty({ enum: INSTITUTION_KINDS })
  @IsIn(INSTITUTION_KINDS)
  kind!: InstitutionKind;

  @ApiPropertyOptional({ example: 'Rennes', nullable: true, type: String })
  @IsOptional()
  @Transform(trim)
  @Length(1, 100)
  @IsString()
  city?: string | null;

  @ApiPropertyOptional({ example: 'international@univ-rennes.fr', nullable: true, type: String })
  @IsOptional()
  @Transform(trim)
  @MaxLength(254)
  @IsEmail()
  contactEmail?: string | null;

  @ApiPropertyOptional({ default: true, description: 'Member institution of the office (RECE eligibility depends on it).' })
  @IsOmittable()
  @IsBoolean()
  member?: boolean;
}

export class UpdateInstitutionDto extends PartialType(CreateInstitutionDto, { skipNullProperties: false }) {}

export class ListInstitutionsQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Part of the name or code.' })
  @IsOptional()
  @MaxLength(100)
  @IsString()
  q?: string;
}

export class InstitutionResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() code!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: INSTITUTION_KINDS }) kind!: InstitutionKind;
  @ApiProperty({ type: String, nullable: true }) city!: string | null;
  @ApiProperty({ type: String, nullable: true }) contactEmail!: string | null;
  @ApiProperty() member!: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class InstitutionPage extends PageMeta {
  @ApiProperty({ type: [InstitutionResponse] }) items!: InstitutionResponse[];
}
