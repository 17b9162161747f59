import type { LocalizedText } from '../catalog/catalog.model';
import type { Language, TemplateName } from './notifications.templates';

export const NOTIFICATION_STATUSES = ['pending', 'sending', 'sent', 'retrying', 'failed'] as const;
export type NotificationStatus = (typeof NOTIFICATION_STATUSES)[number];

/** An e-mail to send, once: the event key says which event it tells of. */
export interface NotificationDraft {
  eventKey: string;
  dossierId?: string | null;
  studentId?: string | null;
  agentId?: string | null;
  template: TemplateName;
  language: Language;
  recipient: string;
  recipientName: string;
  /** The dossier the e-mail is about, as the student reads it. */
  dossier?: { reference: string; procedure: LocalizedText };
  subject: string;
  data: Record<string, unknown>;
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
  studentId: string;
  email: string;
  name: string;
  language: Language;
  /** The agent the dossier is assigned to, while active. */
  assignee: { id: string; email: string; name: string } | null;
}

/** What a claim on an e-mail found: it is ours to send, done already, or being sent elsewhere. */
export type Claim = { kind: 'claimed'; notification: Notification } | { kind: 'done'; status: NotificationStatus } | { kind: 'busy'; leaseUntil: Date } | { kind: 'missing' };
