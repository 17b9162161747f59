import { ApiProperty } from '@nestjs/swagger';
import { LocalizedTextResponse } from '../catalog/catalog.dto';
import type { LocalizedText } from '../catalog/catalog.model';

export class SourceResponse {
  @ApiProperty({ example: 'seed-000' }) id!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ required: false }) url?: string;
  @ApiProperty({ required: false }) ref?: string;
}

export class FindingResponse {
  @ApiProperty({ example: 'document.missing', description: 'Stable code, for scripts and translations.' }) code!: string;
  @ApiProperty({ enum: ['blocking', 'warning'] }) severity!: 'blocking' | 'warning';
  @ApiProperty({ required: false, example: 'cerfa' }) slot?: string;
  @ApiProperty({ required: false, example: 'rece.permit-valid' }) rule?: string;
  @ApiProperty({ required: false }) fact?: string;
  @ApiProperty({ required: false, format: 'uuid' }) documentId?: string;
  @ApiProperty({ type: LocalizedTextResponse }) message!: LocalizedText;
  @ApiProperty({ type: SourceResponse, nullable: true }) source!: SourceResponse | null;
}

export class SlotResponse {
  @ApiProperty({ example: 'proof-of-address' }) code!: string;
  @ApiProperty({ type: LocalizedTextResponse }) names!: LocalizedText;
  @ApiProperty({ type: LocalizedTextResponse, nullable: true }) hint!: LocalizedText | null;
  @ApiProperty({ enum: ['satisfied', 'to_review', 'missing', 'incomplete', 'invalid', 'rejected', 'not_applicable'] }) state!: string;
  @ApiProperty({ type: String, nullable: true, description: 'The alternative that satisfies the slot, or the closest one.' }) option!: string | null;
  @ApiProperty({ type: [String], description: 'The documents counted for the slot.' }) documentIds!: string[];
  @ApiProperty({ type: [FindingResponse] }) findings!: FindingResponse[];
}

export class ChecklistProcedureResponse {
  @ApiProperty() code!: string;
  @ApiProperty() version!: number;
  @ApiProperty({ type: LocalizedTextResponse }) names!: LocalizedText;
}

export class ChecklistResponse {
  @ApiProperty({ format: 'uuid' }) dossierId!: string;
  @ApiProperty() reference!: string;
  @ApiProperty({ type: ChecklistProcedureResponse }) procedure!: ChecklistProcedureResponse;
  @ApiProperty({ format: 'date', description: 'The date the rules are judged on: when the dossier was filed with the prefecture, else when the office received it.' })
  filingDate!: string;
  @ApiProperty({ example: '35' }) prefecture!: string;
  @ApiProperty({ description: 'No blocking finding: the dossier can be verified.' }) complete!: boolean;
  @ApiProperty({ description: 'Every applicable slot is satisfied by documents an agent has accepted (no document left to review).' }) allReviewed!: boolean;
  @ApiProperty() blocking!: number;
  @ApiProperty() warnings!: number;
  @ApiProperty({ type: [SlotResponse] }) slots!: SlotResponse[];
  @ApiProperty({ type: [FindingResponse], description: 'Every finding: eligibility, filing window, facts, then documents slot by slot.' }) findings!: FindingResponse[];
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The parameters applied (maximum ages, delays), with their source and any prefecture override.' })
  parameters!: Record<string, unknown>;
}
