import type { DossierStatus } from '../dossiers/dossiers.model';

/** A dossier the dashboard points at, with why and by when. */
export interface DashboardDossier {
  id: string;
  reference: string;
  status: DossierStatus;
  studentName: string;
  assigneeId: string | null;
  /** The pending deadline (complement, prefecture silence), or the start of the implicit-rejection day reached (office time). */
  dueAt: Date;
  kind: 'complement' | 'prefecture_silence';
}

/** An open dossier where the student sent something no agent has looked at yet. */
export interface StudentActivityDossier extends Omit<DashboardDossier, 'dueAt' | 'kind'> {
  /** As on the other lists, when a deadline is running (a received dossier has none). */
  dueAt: Date | null;
  kind: DashboardDossier['kind'] | null;
  /** Documents the student sent still to review. */
  newDocuments: number;
  /** The student's messages no agent has read. */
  unreadMessages: number;
  /** The latest of those documents and messages. */
  lastActivityAt: Date;
}

export interface FailedEmail {
  id: string;
  dossierId: string | null;
  reference: string | null;
  recipient: string;
  subject: string | null;
  lastError: string | null;
  attempts: number;
  createdAt: Date;
}

/** How many of each there are, and the first `limit` of them. */
export interface Listed<T> {
  count: number;
  items: T[];
}

export interface Dashboard {
  countsByStatus: Record<DossierStatus, number>;
  deadlinesThisWeek: Listed<DashboardDossier>;
  overdue: Listed<DashboardDossier>;
  failedEmails: Listed<FailedEmail>;
  studentActivity: Listed<StudentActivityDossier>;
}
