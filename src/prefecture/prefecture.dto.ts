import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { IsCalendarDate, IsOmittable, trim } from '../common/validators';

export const SUMMONS_REASONS = ['fingerprints', 'additional_information', 'card_collection', 'other'] as const;
export type SummonsReason = (typeof SUMMONS_REASONS)[number];

export const CARD_EVENTS = ['ready', 'handed_over'] as const;
export type CardEvent = (typeof CARD_EVENTS)[number];

const INSTANT = /^\d{4}-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,3})?)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/;

export class SummonsDto {
  @ApiProperty({ enum: SUMMONS_REASONS })
  @IsIn(SUMMONS_REASONS)
  reason!: SummonsReason;

  @ApiProperty({ format: 'date-time', example: '2026-12-15T09:30:00+01:00' })
  @Matches(INSTANT, { message: 'must be a date-time with offset (2026-12-15T09:30:00+01:00)' })
  appointmentAt!: string;

  @ApiPropertyOptional({ example: 'Préfecture d’Ille-et-Vilaine, 3 avenue de la Préfecture, Rennes' })
  @IsOptional()
  @Transform(trim)
  @MaxLength(300)
  @IsString()
  place?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trim)
  @MaxLength(1000)
  @IsString()
  note?: string;
}

export class SummonsResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: SUMMONS_REASONS }) reason!: SummonsReason;
  @ApiProperty({ format: 'date-time' }) appointmentAt!: string;
  @ApiProperty({ type: String, nullable: true }) place!: string | null;
  @ApiProperty({ type: String, nullable: true }) note!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class CardEventDto {
  @ApiProperty({ enum: CARD_EVENTS, description: 'The card is ready at the prefecture; or it has been handed over.' })
  @IsIn(CARD_EVENTS)
  event!: CardEvent;

  @ApiPropertyOptional({ format: 'date', description: 'Default today.' })
  @IsOmittable()
  @IsCalendarDate()
  on?: string;
}
