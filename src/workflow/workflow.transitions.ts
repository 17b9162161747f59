/**
 * The dossier workflow, in one place: which status may go to which, who may move it, what the
 * move needs, and everything it writes — the dossier's columns, what its history row records,
 * the student's e-mail, the deadlines it starts and stops, the complement request it opens or
 * ends. Plain data and functions, no framework: WorkflowService (workflow.moves.ts) applies a
 * row as it is written, the tests read it.
 *
 *   received ──verify──▶ verified ──forward──▶ forwarded ──decide──▶ decided
 *   received, verified ──complement request──▶ incomplete ──documents in──▶ received
 *   verified ──withdraw the verification (reason)──▶ received
 *   decided ──(supervisor) withdraw the decision──▶ forwarded
 *   any open status ──close──▶ closed ──(supervisor) reopen──▶ received
 */
import type { ActorRole } from '../common/actor';
import { OPEN_DOSSIER_STATUSES } from '../dossiers/dossiers.model';
import type { CloseReason, Decision, DossierStatus } from '../dossiers/dossiers.model';
import type { DossierColumns } from '../dossiers/dossier-change';
import type { EmailTemplate } from '../outbox/outbox.model';
import type { IsoDate } from '../students/students.model';
import type { ComplementItem } from './complement-items';
import type { ComplementStatus, Move } from './workflow.model';

export type Requirement = 'reason' | 'decision' | 'closeReason';

/**
 * complement: runs out at the office's midnight ending the last day given to the student;
 * prefecture_silence: at the start of the dossier's implicit-rejection day, and is not started
 * once that day has come.
 */
export type DeadlineKind = 'complement' | 'prefecture_silence';

/**
 * What a move knows when it is planned: the request's fields (today for a date it leaves out)
 * and what the workflow works out. A row of the table names the facts it writes.
 */
export interface MoveFacts {
  /** The agent's why (for a complement request, their message), shown in the timeline. */
  reason?: string;
  /** The agent's word to the student, added to a complement request's e-mail. */
  message?: string;
  decision?: Decision;
  decidedOn?: IsoDate;
  closeReason?: CloseReason;
  /** The day the dossier was filed with the prefecture or on ANEF. */
  filedOn?: IsoDate;
  prefecture?: string;
  prefectureReference?: string;
  /** The filing day plus the procedure's silence, with the prefecture's override. */
  implicitRejectionOn?: IsoDate;
  /** The checklist's findings when a guard let the move through (none blocking by then). */
  warnings?: readonly object[];
  /** What a complement request asks the student for, and the last day given. */
  items?: readonly ComplementItem[];
  dueOn?: IsoDate;
}
export type Fact = keyof MoveFacts;

/** The facts the functions of a row decide on (the decision's e-mail, a close for an expired deadline). */
export type TransitionInput = Pick<MoveFacts, 'decision' | 'closeReason'>;

/** Columns of the dossier a move may set besides its status. */
export type MoveColumn =
  'filedAt' | 'implicitRejectionOn' | 'prefecture' | 'prefectureReference' | 'decision' | 'decidedOn' | 'cardReadyOn' | 'cardHandedOverOn' | 'closeReason';

/** The columns the row keeps as dates, which a move's facts give as calendar days. */
export type DateColumn = { [C in MoveColumn]: Date extends NonNullable<DossierColumns[C]> ? C : never }[MoveColumn];

/** What a move sets on the dossier's columns (DossierColumns), calendar days as IsoDate. */
export type MoveColumnValues = { [C in MoveColumn]?: C extends DateColumn ? IsoDate | null : DossierColumns[C] };

/** The facts a column may be set from: those whose value the column takes. */
type FactFor<C extends MoveColumn> = { [F in Fact]-?: NonNullable<MoveFacts[F]> extends NonNullable<MoveColumnValues[C]> ? F : never }[Fact];

export type ComplementEnd = Exclude<ComplementStatus, 'open'>;

export interface Transition {
  from: readonly DossierStatus[];
  to: DossierStatus;
  /** The history event (and the word in the timeline). */
  event: string;
  /** Who may: the agent roles, and 'system' where Passerelle makes the move itself (the deadline job, documents in). */
  roles: readonly ActorRole[];
  /** Fields of the request the move refuses to go without (400). */
  requires: readonly Requirement[];
  /** Refused (422) while the checklist has a blocking finding or a document still to review. */
  guard?: 'complete-and-reviewed';
  /** The day the guard's checklist is judged on, when not today: a forward is judged on the filing date it records. */
  checklistOn?: 'filedOn';
  /** Made through another operation (POST /complement-requests); POST /transitions makes the same, its reason as the message. */
  via?: 'complement-request';
  /** Columns set from a fact of the move, or cleared (null); a fact the move lacks leaves its column as it was. */
  sets?: { [C in MoveColumn]?: FactFor<C> | null };
  /** Facts kept in the details of the move's history row. */
  records?: readonly Fact[];
  /** The student's e-mail, and the facts it quotes. */
  email?: { template: EmailTemplate | ((input: TransitionInput) => EmailTemplate); quotes: readonly Fact[] };
  /**
   * What the agents must know at once when the day in `when` is today or past: recorded in the
   * history beside the move and e-mailed to the dossier's assignee (the office when nobody has it).
   */
  alert?: {
    when: 'implicitRejectionOn';
    event: string;
    records: readonly Fact[];
    email: { template: 'silence_alert'; data: Record<string, unknown>; quotes: readonly Fact[] };
  };
  startDeadline?: DeadlineKind;
  /** Pending deadlines of these kinds stop with the move. */
  stopDeadlines?: readonly DeadlineKind[];
  /** How they end (cancelled unless said): fired when the move is their firing. */
  stoppedDeadlinesEnd?: (input: TransitionInput) => 'cancelled' | 'fired';
  /** The complement request the move opens, or how the one open ends (only an incomplete dossier has one). */
  complementRequest?: 'open' | ComplementEnd | ((input: TransitionInput) => ComplementEnd);
}

const AGENTS: readonly ActorRole[] = ['agent', 'supervisor', 'admin'];
const SUPERVISORS: readonly ActorRole[] = ['supervisor', 'admin'];
const EVERY_DEADLINE: readonly DeadlineKind[] = ['complement', 'prefecture_silence'];
const expired = (input: TransitionInput) => input.closeReason === 'deadline_expired';

export const TRANSITIONS: readonly Transition[] = [
  {
    from: ['received'],
    to: 'verified',
    event: 'verified',
    roles: AGENTS,
    requires: [],
    guard: 'complete-and-reviewed',
    records: ['warnings'],
    email: { template: 'dossier_verified', quotes: ['reason'] },
  },
  {
    from: ['received', 'verified'],
    to: 'incomplete',
    event: 'complement_requested',
    roles: AGENTS,
    requires: [],
    via: 'complement-request',
    records: ['items', 'dueOn'],
    email: { template: 'complement_requested', quotes: ['items', 'dueOn', 'message'] },
    startDeadline: 'complement',
    complementRequest: 'open',
  },
  {
    from: ['incomplete'],
    to: 'received',
    event: 'complement_received',
    roles: [...AGENTS, 'system'],
    requires: [],
    email: { template: 'complement_received', quotes: ['reason'] },
    stopDeadlines: ['complement'],
    complementRequest: 'satisfied',
  },
  { from: ['verified'], to: 'received', event: 'verification_withdrawn', roles: AGENTS, requires: ['reason'] },
  {
    from: ['verified'],
    to: 'forwarded',
    event: 'forwarded',
    roles: AGENTS,
    requires: [],
    // a verdict changed after verification is caught here: only a dossier with nothing blocking leaves
    guard: 'complete-and-reviewed',
    checklistOn: 'filedOn',
    sets: { filedAt: 'filedOn', implicitRejectionOn: 'implicitRejectionOn', prefecture: 'prefecture', prefectureReference: 'prefectureReference' },
    records: ['warnings', 'filedOn', 'implicitRejectionOn', 'prefecture', 'prefectureReference'],
    email: { template: 'dossier_forwarded', quotes: ['filedOn', 'implicitRejectionOn'] },
    startDeadline: 'prefecture_silence',
    // an old filing date can put the implicit-rejection day behind us already
    alert: {
      when: 'implicitRejectionOn',
      event: 'implicit_rejection_past',
      records: ['filedOn', 'implicitRejectionOn'],
      email: { template: 'silence_alert', data: { stage: 'past_when_forwarded', daysLeft: 0 }, quotes: ['implicitRejectionOn'] },
    },
  },
  {
    from: ['forwarded'],
    to: 'decided',
    event: 'decided',
    roles: AGENTS,
    requires: ['decision'],
    sets: { decision: 'decision', decidedOn: 'decidedOn' },
    records: ['decision', 'decidedOn'],
    email: { template: (input) => (input.decision === 'refused' ? 'decision_refused' : 'decision_favourable'), quotes: ['decision', 'decidedOn'] },
    stopDeadlines: ['prefecture_silence'],
  },
  {
    from: ['decided'],
    to: 'forwarded',
    event: 'decision_withdrawn',
    roles: SUPERVISORS,
    requires: ['reason'],
    // a decision recorded in error, or withdrawn on appeal: it and the card go, the silence runs again
    sets: { decision: null, decidedOn: null, cardReadyOn: null, cardHandedOverOn: null },
    email: { template: 'decision_withdrawn', quotes: ['reason'] },
    startDeadline: 'prefecture_silence',
  },
  {
    from: OPEN_DOSSIER_STATUSES,
    to: 'closed',
    event: 'closed',
    roles: [...AGENTS, 'system'],
    requires: ['closeReason'],
    sets: { closeReason: 'closeReason' },
    records: ['closeReason'],
    email: { template: 'dossier_closed', quotes: ['closeReason', 'reason'] },
    stopDeadlines: EVERY_DEADLINE,
    stoppedDeadlinesEnd: (input) => (expired(input) ? 'fired' : 'cancelled'),
    complementRequest: (input) => (expired(input) ? 'expired' : 'cancelled'),
  },
  {
    from: ['closed'],
    to: 'received',
    event: 'reopened',
    roles: SUPERVISORS,
    requires: ['reason'],
    sets: { closeReason: null },
    email: { template: 'dossier_reopened', quotes: ['reason'] },
  },
];

/** The move from `from` to `to`, if the workflow has one. */
export function findTransition(from: DossierStatus, to: DossierStatus): Transition | undefined {
  return TRANSITIONS.find((t) => t.to === to && t.from.includes(from));
}

/** Where a dossier in `status` can go (for the 409 answer and the admin UI). */
export function nextStatuses(status: DossierStatus): DossierStatus[] {
  return [...new Set(TRANSITIONS.filter((t) => t.from.includes(status)).map((t) => t.to))];
}

/** Whether the actor's role may make the move. */
export function mayMove(transition: Transition, role: ActorRole, input: TransitionInput): boolean {
  // only the deadline job closes a dossier for an expired deadline
  if (expired(input)) return role === 'system';
  return transition.roles.includes(role);
}

export function emailFor(transition: Transition, input: TransitionInput): EmailTemplate | undefined {
  const template = transition.email?.template;
  return typeof template === 'function' ? template(input) : template;
}

/** Whether the move takes a closed or decided dossier back among the open ones (the student may have only one open per procedure). */
export function reopens(from: DossierStatus, transition: Transition): boolean {
  return !OPEN_DOSSIER_STATUSES.includes(from) && OPEN_DOSSIER_STATUSES.includes(transition.to);
}

/** What a row writes once its facts are known; the deadline it starts is timed by the service. */
export interface MoveWrites extends Pick<Move, 'details' | 'email' | 'notice' | 'stopDeadlines' | 'deadlinesEndAs' | 'complementRequest'> {
  /** The columns set, calendar dates as IsoDate. */
  columns: MoveColumnValues;
  details: Record<string, unknown>;
}

/** The writes of a move as its row declares them, from the move's facts: a fact the move lacks is left out. */
export function writesOf(transition: Transition, facts: MoveFacts, today: IsoDate): MoveWrites {
  // `sets` pairs each column with facts of the column's type; walking it by name loses that pairing
  const columns: Partial<Record<MoveColumn, unknown>> = {};
  for (const [column, fact] of Object.entries(transition.sets ?? {}) as [MoveColumn, Fact | null][]) {
    if (fact === null) columns[column] = null;
    else if (facts[fact] !== undefined) columns[column] = facts[fact];
  }
  const writes: MoveWrites = { columns: columns as MoveColumnValues, details: pick(facts, transition.records) };
  const template = emailFor(transition, facts);
  if (template) writes.email = { template, data: pick(facts, transition.email?.quotes) };
  const { alert } = transition;
  const alertDay = alert && facts[alert.when];
  if (alert && alertDay && alertDay <= today) {
    writes.notice = {
      event: alert.event,
      details: pick(facts, alert.records),
      email: { template: alert.email.template, data: { ...alert.email.data, ...pick(facts, alert.email.quotes) } },
    };
  }
  if (transition.stopDeadlines) {
    writes.stopDeadlines = transition.stopDeadlines;
    if (transition.stoppedDeadlinesEnd) writes.deadlinesEndAs = transition.stoppedDeadlinesEnd(facts);
  }
  const request = transition.complementRequest;
  if (request === 'open') writes.complementRequest = { open: { items: [...(facts.items ?? [])], message: facts.message ?? null, dueOn: facts.dueOn! } };
  else if (request) writes.complementRequest = { close: typeof request === 'function' ? request(facts) : request };
  return writes;
}

/** The facts a row names anywhere (which the service must work out before it applies the row). */
export function factsNamed(transition: Transition): Set<Fact> {
  const { sets, records = [], email, alert } = transition;
  const named = [...Object.values(sets ?? {}), ...records, ...(email?.quotes ?? []), ...(alert ? [alert.when, ...alert.records, ...alert.email.quotes] : [])];
  return new Set(named.filter((fact): fact is Fact => fact !== null));
}

function pick(facts: MoveFacts, names: readonly Fact[] = []): Record<string, unknown> {
  return Object.fromEntries(names.filter((name) => facts[name] !== undefined).map((name) => [name, facts[name]]));
}
