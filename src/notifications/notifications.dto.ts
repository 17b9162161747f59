import { withPlaceholder } from '../student-access/student-access.links';
import { ApiProperty } from '@nestjs/swagger';
import { type Notification, NOTIFICATION_STATUSES, type NotificationStatus } from './notifications.model';
import { AGENT_TEMPLATES, STUDENT_TEMPLATES } from '../email-templates/email-templates.model';

export class NotificationResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: [...STUDENT_TEMPLATES, ...AGENT_TEMPLATES], description: 'Which e-mail (the event it tells of).' }) template!: string;
  @ApiProperty({ description: 'Who it was sent to: the student, or the agent alerted.' }) recipient!: string;
  @ApiProperty({ enum: ['student', 'agent', 'office'] }) audience!: 'student' | 'agent' | 'office';
  @ApiProperty({ enum: ['fr', 'en'] }) language!: string;
  @ApiProperty({ type: String, nullable: true }) subject!: string | null;
  @ApiProperty({
    enum: NOTIFICATION_STATUSES,
    description:
      'pending: queued; sending: with the SMTP server now; sent; retrying: a temporary failure, tried again later; failed: refused for good (see lastError)',
  })
  status!: NotificationStatus;
  @ApiProperty({ description: 'SMTP attempts so far.' }) attempts!: number;
  @ApiProperty({ type: String, nullable: true, description: "The SMTP server's last refusal or the connection error." }) lastError!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Message-ID of the e-mail sent.' }) smtpMessageId!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) sentAt!: string | null;
}

/** One e-mail of the dossier as its recipient received it: what the list says, and its bodies as sent. */
export class NotificationMessageResponse extends NotificationResponse {
  @ApiProperty({ description: 'The plain-text body, as sent (every attempt sends the same).' }) textBody!: string;
  @ApiProperty({
    description:
      "The HTML body, as sent: a whole document written by the office's templates. Show it as the student saw it, in a sandboxed frame (no scripts, no same origin).",
  })
  htmlBody!: string;
}

export function presentNotification(n: Notification): NotificationResponse {
  return {
    id: n.id,
    template: n.template,
    recipient: n.recipient,
    audience: n.agentId ? 'agent' : n.studentId ? 'student' : 'office',
    language: n.language,
    // a subject holding the personal link shows agents no marker
    subject: n.subject && withPlaceholder(n.subject),
    status: n.status,
    attempts: n.attempts,
    lastError: n.lastError,
    smtpMessageId: n.smtpMessageId,
    createdAt: n.createdAt.toISOString(),
    sentAt: n.sentAt?.toISOString() ?? null,
  };
}
