import type { Actor } from '../common/actor';

/** What an audit event is about. */
export type AuditResource =
  | 'student'
  | 'dossier'
  | 'institution'
  | 'agent'
  | 'session'
  | 'procedure'
  | 'transmission'
  | 'document'
  | 'retention'
  | 'office'
  | 'email_template'
  | 'api_key'
  | 'webhook';

export interface AuditEntry {
  actor: Pick<Actor, 'agentId' | 'label'>;
  /** `student.view`, `dossier.update`, `auth.login_failed`, `retention.documents_deleted`... */
  action: string;
  resourceType: AuditResource;
  resourceId?: string | null;
  /** The students whose data was seen or touched (what a data-protection query asks for). */
  studentIds?: string[];
  details?: Record<string, unknown>;
  requestId?: string;
  ip?: string;
}

export interface AuditEvent {
  id: string;
  at: Date;
  actor: { id: string | null; name: string };
  action: string;
  resourceType: string;
  resourceId: string | null;
  studentIds: string[];
  requestId: string | null;
  ip: string | null;
  details: unknown;
}

export interface AuditFilter {
  studentId?: string;
  agentId?: string;
  action?: string;
  resourceType?: string;
  resourceId?: string;
  from?: Date;
  to?: Date;
  before?: { at: Date; id: string };
  limit: number;
}
