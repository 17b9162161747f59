import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsEmail, IsIn, IsISO31661Alpha2, IsObject, IsOptional, IsString, Length, Matches, MaxLength, ValidateNested } from 'class-validator';
import { PageMeta, PageQuery } from '../common/pagination';
import { IsAcademicYear, IsCalendarDate, IsId, IsNotBefore, IsOmittable, trim } from '../common/validators';
import { LANGUAGES, PERMIT_KINDS, SEXES, STUDY_LEVELS } from './students.model';
import type { Language, PermitKind, Sex, StudyLevel } from './students.model';

const upper = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toUpperCase() : value);

export class AddressDto {
  @ApiProperty({ example: '12 rue de Saint-Malo' })
  @Transform(trim)
  @Length(1, 200)
  @IsString()
  line1!: string;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'Résidence Beaulieu, chambre 214' })
  @IsOptional()
  @Transform(trim)
  @MaxLength(200)
  @IsString()
  line2?: string | null;

  @ApiProperty({ example: '35000' })
  @Matches(/^\d{5}$/, { message: 'must be a French postal code (5 digits)' })
  postalCode!: string;

  @ApiProperty({ example: 'Rennes' })
  @Transform(trim)
  @Length(1, 100)
  @IsString()
  city!: string;
}

export class ResidencePermitDto {
  @ApiProperty({
    enum: PERMIT_KINDS,
    enumName: 'PermitKind',
    description: "vls_ts_student: long-stay visa as residence permit; extension_attestation: attestation de prolongation d'instruction",
  })
  @IsIn(PERMIT_KINDS)
  kind!: PermitKind;

  @ApiPropertyOptional({ type: String, nullable: true, example: '3501234567' })
  @IsOptional()
  @Matches(/^[A-Z0-9]{4,20}$/, { message: 'must be 4-20 capital letters or digits' })
  number?: string | null;

  @ApiPropertyOptional({ type: String, format: 'date', nullable: true, example: '2025-10-01' })
  @IsOptional()
  @IsCalendarDate()
  validFrom?: string | null;

  @ApiProperty({ format: 'date', example: '2026-09-30' })
  @IsCalendarDate()
  @IsNotBefore('validFrom')
  validUntil!: string;
}

export class CreateStudentDto {
  @ApiProperty({ format: 'uuid' })
  @IsId()
  institutionId!: string;

  @ApiProperty({ example: '22104567', description: 'Student number at the institution (unique there; letters are kept in capitals).' })
  @Transform(upper)
  @Matches(/^[A-Za-z0-9-]{1,32}$/, { message: 'must be 1-32 letters, digits or "-"' })
  studentNumber!: string;

  @ApiProperty({ example: 'NGUYEN', description: 'Nom de naissance.' })
  @Transform(trim)
  @Length(1, 100)
  @IsString()
  birthName!: string;

  @ApiPropertyOptional({ type: String, nullable: true, description: "Nom d'usage." })
  @IsOptional()
  @Transform(trim)
  @Length(1, 100)
  @IsString()
  usageName?: string | null;

  @ApiProperty({ example: 'Thi Mai' })
  @Transform(trim)
  @Length(1, 150)
  @IsString()
  firstNames!: string;

  @ApiProperty({ enum: SEXES, enumName: 'Sex' })
  @IsIn(SEXES)
  sex!: Sex;

  @ApiProperty({ format: 'date', example: '2001-04-12', description: "Before today at the office (checked by the service, on the office's clock)." })
  @IsCalendarDate()
  birthDate!: string;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'Hanoï' })
  @IsOptional()
  @Transform(trim)
  @Length(1, 100)
  @IsString()
  birthPlace?: string | null;

  @ApiProperty({ example: 'VN', description: 'ISO 3166-1 alpha-2.' })
  @Transform(upper)
  @IsISO31661Alpha2()
  birthCountry!: string;

  @ApiProperty({ example: 'VN', description: 'ISO 3166-1 alpha-2.' })
  @Transform(upper)
  @IsISO31661Alpha2()
  nationality!: string;

  @ApiPropertyOptional({ type: String, nullable: true, example: '7503012345', description: 'Numéro étranger (AGDREF), 10 digits.' })
  @IsOptional()
  @Matches(/^\d{10}$/, { message: 'must be 10 digits' })
  foreignerNumber?: string | null;

  @ApiProperty({ example: 'thi-mai.nguyen@etudiant.univ-rennes.fr' })
  @Transform(trim)
  @MaxLength(254)
  @IsEmail()
  email!: string;

  @ApiPropertyOptional({ type: String, nullable: true, example: '+33612345678', description: 'E.164.' })
  @IsOptional()
  @Matches(/^\+[1-9]\d{6,14}$/, { message: 'must be a phone number in international form (+33612345678)' })
  mobilePhone?: string | null;

  @ApiPropertyOptional({ type: AddressDto, nullable: true })
  @IsOptional()
  @ValidateNested()
  @IsObject()
  @Type(() => AddressDto)
  address?: AddressDto | null;

  @ApiPropertyOptional({ enum: LANGUAGES, default: 'fr', description: 'Language of the e-mails the student receives.' })
  @IsOmittable()
  @IsIn(LANGUAGES)
  preferredLanguage?: Language;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'Master Informatique' })
  @IsOptional()
  @Transform(trim)
  @Length(1, 200)
  @IsString()
  programme?: string | null;

  @ApiProperty({ enum: STUDY_LEVELS, enumName: 'StudyLevel' })
  @IsIn(STUDY_LEVELS)
  level!: StudyLevel;

  @ApiProperty({ example: '2026-2027' })
  @IsAcademicYear()
  academicYear!: string;

  @ApiPropertyOptional({ type: String, format: 'date', nullable: true, description: 'Expected defence date (soutenance).' })
  @IsOptional()
  @IsCalendarDate()
  expectedDefenceDate?: string | null;

  @ApiPropertyOptional({ type: String, format: 'date', nullable: true })
  @IsOptional()
  @IsCalendarDate()
  internshipEndDate?: string | null;

  @ApiPropertyOptional({ type: ResidencePermitDto, nullable: true, description: 'The residence permit held now.' })
  @IsOptional()
  @ValidateNested()
  @IsObject()
  @Type(() => ResidencePermitDto)
  currentPermit?: ResidencePermitDto | null;
}

export class UpdateStudentDto extends PartialType(CreateStudentDto, { skipNullProperties: false }) {}

export class ListStudentsQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsId()
  institutionId?: string;

  @ApiPropertyOptional({ description: 'Part of a name, the student number or the e-mail.' })
  @IsOptional()
  @MaxLength(100)
  @IsString()
  q?: string;
}

export class StudentResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) institutionId!: string;
  @ApiProperty() studentNumber!: string;
  @ApiProperty() birthName!: string;
  @ApiProperty({ type: String, nullable: true }) usageName!: string | null;
  @ApiProperty() firstNames!: string;
  @ApiProperty({ enum: SEXES, enumName: 'Sex' }) sex!: Sex;
  @ApiProperty({ format: 'date' }) birthDate!: string;
  @ApiProperty({ type: String, nullable: true }) birthPlace!: string | null;
  @ApiProperty() birthCountry!: string;
  @ApiProperty() nationality!: string;
  @ApiProperty({ type: String, nullable: true }) foreignerNumber!: string | null;
  @ApiProperty() email!: string;
  @ApiProperty({ type: String, nullable: true }) mobilePhone!: string | null;
  @ApiProperty({ type: AddressDto, nullable: true }) address!: AddressDto | null;
  @ApiProperty({ enum: LANGUAGES }) preferredLanguage!: Language;
  @ApiProperty({ type: String, nullable: true }) programme!: string | null;
  @ApiProperty({ enum: STUDY_LEVELS, enumName: 'StudyLevel' }) level!: StudyLevel;
  @ApiProperty() academicYear!: string;
  @ApiProperty({ type: String, format: 'date', nullable: true }) expectedDefenceDate!: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true }) internshipEndDate!: string | null;
  @ApiProperty({ type: ResidencePermitDto, nullable: true }) currentPermit!: ResidencePermitDto | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class StudentPage extends PageMeta {
  @ApiProperty({ type: [StudentResponse] }) items!: StudentResponse[];
}
