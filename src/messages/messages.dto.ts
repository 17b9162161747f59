import { ApiProperty } from '@nestjs/swagger';
import type { ApiBodies } from '../common/openapi';
import { Transform } from 'class-transformer';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { trim } from '../common/validators';

/** The longest message either side may write (characters). */
export const MESSAGE_MAX_LENGTH = 4000;

/**
 * A new message, as JSON or as the text field of a multipart upload (files beside it). The
 * text is trimmed; it may be left empty only when files are attached (the service checks that).
 */
export class NewMessageDto {
  @ApiProperty({
    required: false,
    maxLength: MESSAGE_MAX_LENGTH,
    example: 'Bonjour, voici mon attestation d’hébergement signée.',
    description: 'What is written, trimmed; required unless files are attached (multipart).',
  })
  @IsOptional()
  @Transform(trim)
  @MaxLength(MESSAGE_MAX_LENGTH)
  @IsString()
  body?: string;
}

export class MessageAttachmentResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'attestation.pdf' }) originalName!: string;
  @ApiProperty({ example: 'application/pdf', description: 'Read from the bytes, not from the name.' }) contentType!: string;
  @ApiProperty() sizeBytes!: number;
  @ApiProperty({ description: 'Where the bytes are downloaded (the same API the thread was read from).' }) url!: string;
}

export class MessageResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ['student', 'office'] }) author!: 'student' | 'office';
  @ApiProperty({
    type: String,
    nullable: true,
    description: "Who wrote it: the office's name (to the student) or the agent's (to the agents); null for the student's own messages.",
  })
  authorName!: string | null;
  @ApiProperty({ type: String, nullable: true, description: "The text (empty when only files were sent); null once the student's data was erased." })
  body!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: "When the other side read it (the office for the student's messages, the student for the office's); null: not yet.",
  })
  readAt!: string | null;
  @ApiProperty({ type: [MessageAttachmentResponse] }) attachments!: MessageAttachmentResponse[];
}

/** The body of both POST routes in OpenAPI (ApiBodies): JSON `{ body }`, or multipart with a `body` field and files. */
export const NEW_MESSAGE_BODIES: Parameters<typeof ApiBodies>[0] = {
  'application/json': {
    type: 'object',
    required: ['body'],
    properties: { body: { type: 'string', minLength: 1, maxLength: MESSAGE_MAX_LENGTH, example: 'Bonjour, voici le justificatif de domicile demandé.' } },
  },
  'multipart/form-data': {
    type: 'object',
    properties: {
      body: { type: 'string', maxLength: MESSAGE_MAX_LENGTH, example: 'Bonjour, voici le justificatif de domicile demandé.' },
      files: { type: 'array', items: { type: 'string', format: 'binary' } },
    },
  },
};
