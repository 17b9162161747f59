import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';

/** A personal link's token, as the page sends it: to exchange it (POST /api/student/session), or to ask for a new link (POST /api/student/link-request). */
export class ExchangeLinkDto {
  @ApiProperty({
    description: 'The token of the personal link (what follows `#` in `/s/#…`): 43 characters, base64url. Opens a session once.',
    example: 'q3JtYJ0m8Zb1sVb6Yt0y3T2o7d2mWcXh9gkq3Hc4FQk',
  })
  @IsString()
  @MaxLength(200)
  token!: string;
}

export class StudentSessionResponse {
  @ApiProperty({ enum: ['fr', 'en'], description: "The student's language (the page's, until they switch)" }) language!: 'fr' | 'en';
  @ApiProperty({ format: 'date-time', description: 'When the session ends: the page then needs a new link' }) expiresAt!: string;
}

/** The answer to a request for a new link: always this, whatever the token was (nothing to learn from it). */
export class LinkRequestAccepted {
  @ApiProperty({
    enum: ['if-valid'],
    description: 'A new link is e-mailed to the address the office has if the token is of a dossier whose links still open its page (never says whether)',
  })
  sent!: 'if-valid';
}

export class StudentLinkStatus {
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When an e-mail carrying a personal link last reached the mail server' })
  lastSentAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When the student last opened a link' })
  lastUsedAt!: string | null;
  @ApiProperty({ description: 'Sessions open now on the student’s page' }) activeSessions!: number;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'Until when the links open the page (STUDENT_LINK_DAYS_AFTER_END days after the dossier ended); null while the dossier is open',
  })
  validUntil!: string | null;
  @ApiProperty({ description: 'Where the links are sent: the student’s e-mail address' }) email!: string;
}
