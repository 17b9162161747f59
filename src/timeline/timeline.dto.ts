import { ApiProperty } from '@nestjs/swagger';
import { LocalizedTextResponse } from '../catalog/catalog.dto';
import type { LocalizedText } from '../catalog/catalog.model';

export class TimelineActorResponse {
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) id!: string | null;
  @ApiProperty({ description: "The agent's name, or who acted when no agent did (system, seed...)." }) name!: string;
}

export class TimelineEntryResponse {
  @ApiProperty() id!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({ example: 'verified' }) event!: string;
  @ApiProperty({ type: LocalizedTextResponse }) title!: LocalizedText;
  @ApiProperty({ type: String, nullable: true }) fromStatus!: string | null;
  @ApiProperty({ type: String, nullable: true }) toStatus!: string | null;
  @ApiProperty({ type: TimelineActorResponse }) actor!: TimelineActorResponse;
  @ApiProperty({ type: String, nullable: true }) reason!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true }) details!: unknown;
}
