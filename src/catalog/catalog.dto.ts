import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsObject, IsOptional, IsString, MaxLength, Min } from 'class-validator';
import { toIntegerQuery } from '../common/pagination';
import { IsCalendarDate } from '../common/validators';
import { CHANNELS } from './catalog.model';
import type { Channel, LocalizedText, ProcedureDefinition } from './catalog.model';

export class LocalizedTextResponse {
  @ApiProperty() fr!: string;
  @ApiProperty() en!: string;
}

export class VersionSummaryResponse {
  @ApiProperty() version!: number;
  @ApiProperty({ format: 'date' }) effectiveFrom!: string;
}

export class ProcedureSummaryResponse {
  @ApiProperty({ example: 'rece' }) code!: string;
  @ApiProperty({ type: LocalizedTextResponse }) names!: LocalizedText;
  @ApiProperty({ type: LocalizedTextResponse }) summary!: LocalizedText;
  @ApiProperty({ enum: CHANNELS, enumName: 'Channel' }) channel!: Channel;
  @ApiProperty({ description: 'The version in effect today' }) currentVersion!: number;
  @ApiProperty({ format: 'date' }) effectiveFrom!: string;
  @ApiProperty({ type: [VersionSummaryResponse] }) versions!: VersionSummaryResponse[];
}

export class ProcedureVersionResponse {
  @ApiProperty({ example: 'rece' }) code!: string;
  @ApiProperty() version!: number;
  @ApiProperty({ format: 'date' }) effectiveFrom!: string;
  @ApiProperty({ type: String, nullable: true }) note!: string | null;
  @ApiProperty({ format: 'date-time' }) publishedAt!: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      'The procedure as data: names, channel, the date rules are judged on by channel (`filingDate`: `received` or `filed`), cases, facts, document kinds, slots (what the student is asked to send, alternatives, bundles, conditions, counts, maximum ages, required attributes), eligibility rules, parameters with their sources, prefecture overrides, file constraints, fee, result and sources (public references: title, publisher, URL or article, the day they were read).',
  })
  definition!: ProcedureDefinition;
}

export class ProcedureQuery {
  @ApiPropertyOptional({ description: 'A given version number (default: the version in effect today, or on `on`).' })
  @IsOptional()
  @Transform(toIntegerQuery)
  @Min(1)
  @IsInt()
  version?: number;

  @ApiPropertyOptional({ format: 'date', description: 'The version in effect on this date.' })
  @IsOptional()
  @IsCalendarDate()
  on?: string;
}

export class PublishVersionDto {
  @ApiProperty({ format: 'date', description: 'From this day, dossiers received get this version; dossiers opened before keep theirs.' })
  @IsCalendarDate()
  effectiveFrom!: string;

  @ApiPropertyOptional({ description: 'What changed, for the people who read the catalog.' })
  @IsOptional()
  @MaxLength(1000)
  @IsString()
  note?: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'The full procedure definition (as GET /api/procedures/:code returns it); checked whole before publication.',
  })
  @IsObject()
  definition!: Record<string, unknown>;
}
