import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsString, Length } from 'class-validator';
import { trim } from '../common/validators';

/** The longest note an agent may write (characters). */
export const NOTE_MAX_LENGTH = 4000;

export class NewNoteDto {
  @ApiProperty({
    minLength: 1,
    maxLength: NOTE_MAX_LENGTH,
    example: "Appel de l'étudiante le 3 décembre : l'attestation d'hébergement arrive par courrier.",
    description: 'What the agent notes, for the other agents only: never e-mailed, never shown to the student.',
  })
  @Transform(trim)
  @IsString()
  @Length(1, NOTE_MAX_LENGTH)
  body!: string;
}

export class NoteAuthorResponse {
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) id!: string | null;
  @ApiProperty({ description: "The agent's name (or who wrote it when no agent did)." }) name!: string;
}

export class NoteResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) dossierId!: string;
  @ApiProperty({ type: String, nullable: true, description: "The note's text; null once the student's personal data was erased." })
  body!: string | null;
  @ApiProperty({ type: NoteAuthorResponse }) author!: NoteAuthorResponse;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}
