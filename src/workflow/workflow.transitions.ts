/**
 * The dossier workflow, in one place: which status may go to which, who may move it, what
 * the move needs and what must follow (the student's e-mail, deadlines to start or stop).
 * Plain data and functions, no framework: the service applies it, the tests read it.
 *
 *   received ──verify──▶ verified ──forward──▶ forwarded ──decide──▶ decided
 *      ▲  │                 │                     ▲    │
 *      │  └─complement─▶ incomplete               │    └─(supervisor) decision withdrawn
 *      └──documents in──────┘                     │
 *   any open status ──close──▶ closed ──(supervisor) reopen──▶ received
 */
import type { ActorRole } from '../common/actor';
import type { CloseReason, Decision, DossierStatus } from '../dossiers/dossiers.model';
import type { EmailTemplate } from '../outbox/outbox.model';

export type Requirement = 'reason' | 'decision' | 'closeReason';
export type DeadlineKind = 'complement' | 'prefecture_silence';

export interface Transition {
  from: readonly DossierStatus[];
  to: DossierStatus;
  /** The history event (and the word in the timeline). */
  event: string;
  /** Who may: the agent roles, or only the system (the deadline job). */
  roles: readonly ActorRole[];
  requires: readonly Requirement[];
  /** Refused (422) while the checklist has a blocking finding or a document no agent has accepted yet. */
  guard?: 'complete-and-reviewed';
  /** Reached through another operation, which builds what the move needs. */
  via?: 'complement-request';
  email?: EmailTemplate | ((input: TransitionInput) => EmailTemplate);
  startDeadline?: DeadlineKind;
  stopDeadlines?: readonly DeadlineKind[];
}

export interface TransitionInput {
  decision?: Decision;
  closeReason?: CloseReason;
}

const AGENTS: readonly ActorRole[] = ['agent', 'supervisor', 'admin'];
const SUPERVISORS: readonly ActorRole[] = ['supervisor', 'admin'];
const OPEN: readonly DossierStatus[] = ['received', 'incomplete', 'verified', 'forwarded'];
const EVERY_DEADLINE: readonly DeadlineKind[] = ['complement', 'prefecture_silence'];

export const TRANSITIONS: readonly Transition[] = [
  { from: ['received'], to: 'verified', event: 'verified', roles: AGENTS, requires: [], guard: 'complete-and-reviewed', email: 'dossier_verified' },
  {
    from: ['received', 'verified'],
    to: 'incomplete',
    event: 'complement_requested',
    roles: AGENTS,
    requires: [],
    via: 'complement-request',
    email: 'complement_requested',
    startDeadline: 'complement',
  },
  { from: ['incomplete'], to: 'received', event: 'complement_received', roles: [...AGENTS, 'system'], requires: [], email: 'complement_received', stopDeadlines: ['complement'] },
  { from: ['verified'], to: 'received', event: 'verification_withdrawn', roles: AGENTS, requires: ['reason'] },
  // a verdict changed after verification is caught here: only a dossier with nothing blocking leaves
  { from: ['verified'], to: 'forwarded', event: 'forwarded', roles: AGENTS, requires: [], guard: 'complete-and-reviewed', email: 'dossier_forwarded', startDeadline: 'prefecture_silence' },
  {
    from: ['forwarded'],
    to: 'decided',
    event: 'decided',
    roles: AGENTS,
    requires: ['decision'],
    email: (input) => (input.decision === 'refused' ? 'decision_refused' : 'decision_favourable'),
    stopDeadlines: ['prefecture_silence'],
  },
  { from: ['decided'], to: 'forwarded', event: 'decision_withdrawn', roles: SUPERVISORS, requires: ['reason'], email: 'decision_withdrawn', startDeadline: 'prefecture_silence' },
  { from: OPEN, to: 'closed', event: 'closed', roles: [...AGENTS, 'system'], requires: ['closeReason'], email: 'dossier_closed', stopDeadlines: EVERY_DEADLINE },
  { from: ['closed'], to: 'received', event: 'reopened', roles: SUPERVISORS, requires: ['reason'], email: 'dossier_reopened' },
];

/** The move from `from` to `to`, if the workflow has one. */
export function findTransition(from: DossierStatus, to: DossierStatus): Transition | undefined {
  return TRANSITIONS.find((t) => t.to === to && t.from.includes(from));
}

/** Where a dossier in `status` can go (for the 409 answer and the admin UI). */
export function nextStatuses(status: DossierStatus): DossierStatus[] {
  return [...new Set(TRANSITIONS.filter((t) => t.from.includes(status)).map((t) => t.to))];
}

/** Whether the actor may make the move (before authentication exists, role null, roles are not checked). */
export function mayMove(transition: Transition, role: ActorRole, input: TransitionInput): boolean {
  // only the deadline job closes a dossier for an expired deadline
  if (input.closeReason === 'deadline_expired') return role === 'system';
  return transition.roles.includes(role);
}

export function emailFor(transition: Transition, input: TransitionInput): EmailTemplate | undefined {
  return typeof transition.email === 'function' ? transition.email(input) : transition.email;
}
