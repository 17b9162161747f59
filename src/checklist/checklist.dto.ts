import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { LocalizedTextResponse } from '../catalog/catalog.dto';
import type { LocalizedText } from '../catalog/catalog.model';

/** A rule's source as a reader can open it: a public page or article, or the office's policy and why. */
export class SourceResponse {
  @ApiProperty({ example: 'sp-rece' }) id!: string;
  @ApiProperty({ example: 'Carte de séjour « recherche d’emploi ou création d’entreprise »' }) title!: string;
  @ApiProperty({ required: false, example: 'Service-public.fr (DILA)' }) publisher?: string;
  @ApiProperty({ required: false, format: 'uri' }) url?: string;
  @ApiProperty({ required: false, example: 'CESEDA, art. L. 422-10' }) article?: string;
  @ApiProperty({ required: false, format: 'date', description: 'When it was read.' }) readOn?: string;
  @ApiProperty({ required: false }) note?: string;
}

export class FindingResponse {
  @ApiProperty({ example: 'document.missing', description: 'Stable code, for scripts and translations.' }) code!: string;
  @ApiProperty({ enum: ['blocking', 'warning'] }) severity!: 'blocking' | 'warning';
  @ApiProperty({ required: false, example: 'cerfa' }) slot?: string;
  @ApiProperty({ required: false, example: 'rece.permit-valid' }) rule?: string;
  @ApiProperty({ required: false }) fact?: string;
  @ApiProperty({ required: false, format: 'uuid' }) documentId?: string;
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { oneOf: [{ type: 'string' }, { type: 'number' }, { type: 'array', items: { type: 'string' } }] },
    example: { kind: 'electricity-bill', issuedOn: '2026-04-02', oldest: '2026-05-23' },
    description: 'The raw values of the finding (ISO dates, numbers, codes of document kinds, options, levels...), for a client or an e-mail to word it.',
  })
  params?: Record<string, string | number | boolean | string[]>;
  @ApiProperty({ type: LocalizedTextResponse, description: 'For agents; dates and amounts written out.' }) message!: LocalizedText;
  @ApiProperty({ type: SourceResponse, nullable: true }) source!: SourceResponse | null;
}

export class SlotResponse {
  @ApiProperty({ example: 'proof-of-address' }) code!: string;
  @ApiProperty({ type: LocalizedTextResponse }) names!: LocalizedText;
  @ApiProperty({ type: LocalizedTextResponse, nullable: true, description: 'For agents: what to look for.' }) hint!: LocalizedText | null;
  @ApiProperty({ type: LocalizedTextResponse, nullable: true, description: 'For the student, in the second person: what to send.' }) ask!: LocalizedText | null;
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
  @ApiProperty({
    format: 'date',
    description:
      "The date the rules are judged on, as the procedure's `filingDate` says for the channel: when the office received the dossier, or when it was filed with the prefecture/ANEF (until then, when it was received).",
  })
  filingDate!: string;
  @ApiProperty({ example: '35' }) prefecture!: string;
  @ApiProperty({ description: 'No blocking finding: the dossier can be verified.' }) complete!: boolean;
  @ApiProperty({ description: 'Every applicable slot is satisfied by documents an agent has accepted (no document left to review).' }) allReviewed!: boolean;
  @ApiProperty() blocking!: number;
  @ApiProperty() warnings!: number;
  @ApiProperty({ type: [SlotResponse] }) slots!: SlotResponse[];
  @ApiProperty({ type: [FindingResponse], description: 'Every finding: eligibility, filing window, facts, then documents slot by slot.' })
  findings!: FindingResponse[];
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'The parameters applied (maximum ages, delays), with their source and any prefecture override.',
  })
  parameters!: Record<string, unknown>;
}
