import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, Length, MaxLength } from 'class-validator';
import { EMAIL_LANGUAGES, TEMPLATE_NAMES, TemplateVersion } from './email-templates.model';

export class UpdateEmailTemplateDto {
  @ApiProperty({
    example: 'Dossier {{ dossier.reference }} : pièces à envoyer avant le {{ dueOn | date }}',
    description: 'Liquid; the variables of the template (GET …/:key lists them) and the filters date, appointment, euros, megabytes.',
  })
  @Length(1, 300)
  @IsString()
  subject!: string;

  @ApiProperty({ description: 'Markdown with Liquid variables: paragraphs, "- " lists, **bold**, links. HTML is shown as text.' })
  @Length(1, 20_000)
  @IsString()
  body!: string;

  @ApiPropertyOptional({ description: 'Why the wording changed (kept in the history).' })
  @IsOptional()
  @MaxLength(500)
  @IsString()
  note?: string;
}

export class PreviewEmailTemplateDto {
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'A dossier whose data the e-mail is rendered with (its student, reference, procedure and channel); without one, an example.',
  })
  @IsOptional()
  @IsUUID()
  dossierId?: string;

  @ApiPropertyOptional({ description: 'A wording to try (the one in force when absent).' })
  @IsOptional()
  @Length(1, 300)
  @IsString()
  subject?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Length(1, 20_000)
  @IsString()
  body?: string;
}

export class EmailTemplateSummary {
  @ApiProperty({ example: 'complement_requested.anef.fr' }) key!: string;
  @ApiProperty({ enum: TEMPLATE_NAMES }) template!: string;
  @ApiProperty({ example: 'anef', description: '`default`, a procedure code or a channel.' }) variant!: string;
  @ApiProperty({ enum: EMAIL_LANGUAGES }) language!: string;
  @ApiProperty({ enum: ['shipped', 'office'], description: "Shipped with Passerelle, or the office's own wording." }) origin!: 'shipped' | 'office';
  @ApiProperty() version!: number;
  @ApiProperty() subject!: string;
}

export class EmailTemplateVersionResponse {
  @ApiProperty({ enum: ['shipped', 'office'] }) origin!: 'shipped' | 'office';
  @ApiProperty() version!: number;
  @ApiProperty({ type: String, nullable: true, description: 'Null: back to the shipped wording.' }) subject!: string | null;
  @ApiProperty({ type: String, nullable: true }) body!: string | null;
  @ApiProperty({ type: String, nullable: true }) note!: string | null;
  @ApiProperty({ format: 'date-time' }) publishedAt!: string;
  @ApiProperty({ type: String, nullable: true }) publishedBy!: string | null;
}

export class EmailTemplateDetail {
  @ApiProperty() key!: string;
  @ApiProperty({ enum: TEMPLATE_NAMES }) template!: string;
  @ApiProperty() variant!: string;
  @ApiProperty({ enum: EMAIL_LANGUAGES }) language!: string;
  @ApiProperty({ enum: ['shipped', 'office'] }) origin!: 'shipped' | 'office';
  @ApiProperty() version!: number;
  @ApiProperty({ type: String, nullable: true }) subject!: string | null;
  @ApiProperty({ type: String, nullable: true }) body!: string | null;
  @ApiProperty({ type: EmailTemplateVersionResponse, nullable: true, description: 'The wording shipped with Passerelle, if any.' })
  shipped!: EmailTemplateVersionResponse | null;
  @ApiProperty({ type: [String], description: 'The variables of this e-mail, beside office, recipient, dossier and language.' }) variables!: string[];
  @ApiProperty({ type: [EmailTemplateVersionResponse] }) history!: EmailTemplateVersionResponse[];
}

export class EmailTemplatePreview {
  @ApiProperty() key!: string;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) dossierId!: string | null;
  @ApiProperty() subject!: string;
  @ApiProperty() text!: string;
  @ApiProperty() html!: string;
  @ApiProperty() templateVersion!: string;
}

export function presentVersion(v: TemplateVersion): EmailTemplateVersionResponse {
  return {
    origin: v.origin,
    version: v.version,
    subject: v.subject,
    body: v.body,
    note: v.note,
    publishedAt: v.publishedAt.toISOString(),
    publishedBy: v.publishedBy,
  };
}
