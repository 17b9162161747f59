import type { Actor } from '../common/actor';
import type { DossierColumns } from '../dossiers/dossier-change';
import type { DossierStatus } from '../dossiers/dossiers.model';
import type { ComplementItem } from './complement-items';
import type { EmailTemplate } from '../outbox/outbox.model';
import type { DeadlineKind, MoveColumn } from './workflow.transitions';

export const COMPLEMENT_STATUSES = ['open', 'satisfied', 'expired', 'cancelled'] as const;
export type ComplementStatus = (typeof COMPLEMENT_STATUSES)[number];

export type { ComplementItem } from './complement-items';

export interface ComplementRequest {
  id: string;
  dossierId: string;
  status: ComplementStatus;
  items: ComplementItem[];
  message: string | null;
  dueOn: string;
  requestedAt: Date;
  closedAt: Date | null;
}

/**
 * Everything one move of a dossier writes, planned by WorkflowService from the move's row of
 * workflow.transitions.ts, written by WorkflowRepository in one transaction.
 */
export interface Move {
  dossierId: string;
  actor: Actor;
  expectedVersion?: number;
  from: DossierStatus;
  to: DossierStatus;
  event: string;
  reason?: string | null;
  /** The history row's details. */
  details?: Record<string, unknown>;
  /** Columns of the dossier besides its status, as the database takes them. */
  set?: Pick<DossierColumns, MoveColumn>;
  email?: { template: EmailTemplate; data?: Record<string, unknown> };
  startDeadline?: { kind: DeadlineKind; dueAt: Date };
  /** Pending deadlines of these kinds stop: cancelled, or fired when the move is their firing. */
  stopDeadlines?: readonly DeadlineKind[];
  deadlinesEndAs?: 'cancelled' | 'fired';
  complementRequest?: { open: { items: ComplementItem[]; message: string | null; dueOn: string } } | { close: Exclude<ComplementStatus, 'open'> };
  /**
   * Something the agents must know at once, recorded in the history beside the move and
   * e-mailed to the dossier's assignee (the office when nobody has it): an implicit rejection
   * already reached when the dossier is forwarded.
   */
  notice?: { event: string; details: Record<string, unknown>; email: { template: 'silence_alert'; data: Record<string, unknown> } };
  /** The move makes the dossier open again (reopen, decision withdrawn): the student must have no other open for the procedure. */
  reopening?: { studentId: string; procedureCode: string };
}
