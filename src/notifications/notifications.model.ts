import type { EmailLanguage as Language, TemplateName } from '../email-templates/email-templates.model';

export const NOTIFICATION_STATUSES = ['pending', 'sending', 'sent', 'retrying', 'failed'] as const;
export type NotificationStatus = (typeof NOTIFICATION_STATUSES)[number];

/** An e-mail to send, once: the event key says which event it tells of; rendered when drafted, sent as rendered. */
export interface NotificationDraft {
  eventKey: string;
  dossierId?: string | null;
  studentId?: string | null;
  agentId?: string | null;
  template: TemplateName;
  language: Language;
  recipient: string;
  recipientName: string;
  /** What the event recorded (the template's variables). */
  data: Record<string, unknown>;
  subject: string;
  textBody: string;
  htmlBody: string;
  templateVersion: string;
}

export interface Notification {
  id: string;
  eventKey: string;
  dossierId: string | null;
  studentId: string | null;
  agentId: string | null;
  template: TemplateName;
  language: Language;
  recipient: string;
  subject: string | null;
  data: Record<string, unknown>;
  status: NotificationStatus;
  attempts: number;
  leaseUntil: Date | null;
  lastError: string | null;
  smtpMessageId: string | null;
  textBody: string | null;
  htmlBody: string | null;
  templateVersion: string | null;
  createdAt: Date;
  updatedAt: Date;
  sentAt: Date | null;
}

/** Who a dossier's e-mails go to, and what they name. */
export interface DossierAddressee {
  dossierId: string;
  reference: string;
  procedureVersionId: string | null;
  procedureCode: string;
  channel: string;
  filedOn: string | null;
  prefectureReference: string | null;
  studentId: string;
  email: string;
  name: string;
  language: Language;
  /** The agent the dossier is assigned to, while active. */
  assignee: { id: string; email: string; name: string } | null;
}

/** What a claim on an e-mail found: it is ours to send, done already, or being sent elsewhere. */
export type Claim =
  | { kind: 'claimed'; notification: Notification }
  | { kind: 'done'; status: NotificationStatus }
  | { kind: 'busy'; leaseEndsInMs: number }
  /** an earlier e-mail of the dossier to the same person is still on its way */
  | { kind: 'behind' }
  | { kind: 'missing' };
