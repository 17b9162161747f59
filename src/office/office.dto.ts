import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsEmail, IsOptional, IsString, IsUrl, Length, Matches, MaxLength, ValidateNested } from 'class-validator';
import { trim } from '../common/validators';
import type { OfficeProfile } from './office.model';

export class LocalizedTextDto {
  @ApiProperty({ example: 'du lundi au vendredi, de 9 h à 12 h 30 et de 13 h 30 à 17 h' })
  @Transform(trim)
  @Length(1, 300)
  @IsString()
  fr!: string;

  @ApiProperty({ example: 'Monday to Friday, 9 am to 12:30 pm and 1:30 pm to 5 pm' })
  @Transform(trim)
  @Length(1, 300)
  @IsString()
  en!: string;
}

export class OfficeProfileDto {
  @ApiProperty({ example: 'CMI Rennes' })
  @Transform(trim)
  @Length(2, 200)
  @IsString()
  name!: string;

  @ApiProperty({
    type: [String],
    example: ['CMI Rennes (M2 fin de formation carte RE/CE)', 'Cité Internationale Paul Ricœur', '1 place Paul Ricœur', '35000 RENNES'],
    description: 'Where students send their documents, one line per entry.',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(8)
  @Length(1, 120, { each: true })
  @IsString({ each: true })
  postalAddress!: string[];

  @ApiProperty({ type: LocalizedTextDto, description: 'Front-desk opening hours, as written in a sentence ("du lundi au vendredi, de 9 h à 17 h").' })
  @ValidateNested()
  @Type(() => LocalizedTextDto)
  frontDeskHours!: LocalizedTextDto;

  @ApiPropertyOptional({ type: String, nullable: true, example: '02 61 91 00 35' })
  @IsOptional()
  @Transform(trim)
  @Matches(/^\+?[0-9][0-9 .-]{5,38}$/, { message: 'must be a phone number (digits, spaces, dots or dashes)' })
  phone?: string | null;

  @ApiProperty({ example: 'contact@cmi-rennes.example', description: 'The address students write to (e-mails from Passerelle are not answered).' })
  @Transform(trim)
  @MaxLength(254)
  @IsEmail()
  email!: string;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'https://cmi.univ-rennes.fr/' })
  @IsOptional()
  @MaxLength(300)
  @IsUrl({ protocols: ['https', 'http'], require_protocol: true }, { message: 'must be a web address starting with https://' })
  website?: string | null;

  @ApiProperty({ type: LocalizedTextDto, description: 'The closing line of every e-mail.' })
  @ValidateNested()
  @Type(() => LocalizedTextDto)
  signature!: LocalizedTextDto;
}

export class OfficeProfileResponse extends OfficeProfileDto {
  @ApiProperty() version!: number;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiProperty({ type: String, nullable: true }) updatedBy!: string | null;
}

export function presentProfile(profile: OfficeProfile): OfficeProfileResponse {
  return { ...profile, updatedAt: profile.updatedAt.toISOString() };
}
