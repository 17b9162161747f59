/**
 * Where a dossier stands, as the student's page shows it: the four steps of its way (received,
 * verified, forwarded, decided), each done, current, next or skipped, with the day it was
 * reached; and what comes next, as a code the page words. Pure: the student portal's service
 * gives the dossier, its status moves and what is still asked for.
 */
import type { CloseReason, Decision, DossierStatus } from '../dossiers/dossiers.model';
import type { IsoDate } from '../students/students.model';

export const STEP_KEYS = ['received', 'verified', 'forwarded', 'decided'] as const;
export type StepKey = (typeof STEP_KEYS)[number];

/** done: behind the dossier; current: where it is; next: still to come; skipped: it ended before. */
export const STEP_STATES = ['done', 'current', 'next', 'skipped'] as const;
export type StepState = (typeof STEP_STATES)[number];

export interface Step {
  key: StepKey;
  state: StepState;
  /** The day the step was reached (office's day); null for a step not reached. */
  on: IsoDate | null;
}

/**
 * What the student should expect or do now:
 * - `send-documents`: send what the office asked for, before the deadline;
 * - `office-checks`: the office is checking the dossier;
 * - `office-forwards`: the dossier is complete; the office will forward it to the prefecture;
 * - `attend-appointment`: go to the prefecture's appointment;
 * - `prefecture-decides`: the prefecture is examining the dossier;
 * - `card-being-made`: the permit is granted; the card is being made;
 * - `collect-card`: the card is ready at the prefecture;
 * - `nothing-more`: nothing is left to do;
 * - `contact-office`: the office can tell what is possible now (refused, closed).
 */
export const NEXT_STEPS = [
  'send-documents',
  'office-checks',
  'office-forwards',
  'attend-appointment',
  'prefecture-decides',
  'card-being-made',
  'collect-card',
  'nothing-more',
  'contact-office',
] as const;
export type NextStep = (typeof NEXT_STEPS)[number];

/** A move of the dossier's status, from its history, on the office's day. */
export interface StatusMove {
  from: DossierStatus | null;
  to: DossierStatus;
  on: IsoDate;
}

export interface StepsInput {
  status: DossierStatus;
  receivedAt: IsoDate;
  filedAt: IsoDate | null;
  decidedOn: IsoDate | null;
  /** Oldest first. */
  moves: readonly StatusMove[];
}

/** The step each open or decided status is at: an incomplete dossier is still being checked. */
const POSITION: Partial<Record<DossierStatus, number>> = { received: 0, incomplete: 0, verified: 1, forwarded: 2, decided: 3 };

export function dossierSteps(input: StepsInput): Step[] {
  const { status } = input;
  if (status === 'closed') {
    // it ended where it was when closed: the steps before are done, the rest never came
    const closing = input.moves.findLast((move) => move.to === 'closed');
    const reached = (closing?.from && POSITION[closing.from]) ?? 0;
    return STEP_KEYS.map((key, index) => (index <= reached ? { key, state: 'done', on: reachedOn(key, input) } : { key, state: 'skipped', on: null }));
  }
  const position = POSITION[status]!;
  return STEP_KEYS.map((key, index) => {
    if (index > position) return { key, state: 'next', on: null };
    // a decision ends the way: nothing is current any more
    const state: StepState = index < position || status === 'decided' ? 'done' : 'current';
    return { key, state, on: reachedOn(key, input) };
  });
}

/** The day a step was reached: the receipt, the last verification, the filing, the decision. */
function reachedOn(key: StepKey, input: StepsInput): IsoDate | null {
  const lastMoveTo = (status: DossierStatus) => input.moves.findLast((move) => move.to === status)?.on ?? null;
  if (key === 'received') return input.receivedAt;
  if (key === 'verified') return lastMoveTo('verified');
  if (key === 'forwarded') return input.filedAt ?? lastMoveTo('forwarded');
  return input.decidedOn ?? lastMoveTo('decided');
}

export interface NextStepInput {
  status: DossierStatus;
  decision: Decision | null;
  closeReason: CloseReason | null;
  cardReadyOn: IsoDate | null;
  cardHandedOverOn: IsoDate | null;
  /** Items of the open complement request not received yet (null: no request open). */
  itemsMissing: number | null;
  /** A prefecture appointment is still to come. */
  appointmentAhead: boolean;
}

export function nextStep(input: NextStepInput): NextStep {
  switch (input.status) {
    case 'incomplete':
      return input.itemsMissing === 0 ? 'office-checks' : 'send-documents';
    case 'received':
      return 'office-checks';
    case 'verified':
      return 'office-forwards';
    case 'forwarded':
      return input.appointmentAhead ? 'attend-appointment' : 'prefecture-decides';
    case 'decided':
      if (input.decision !== 'favourable') return 'contact-office';
      if (input.cardHandedOverOn) return 'nothing-more';
      if (input.appointmentAhead) return 'attend-appointment';
      return input.cardReadyOn ? 'collect-card' : 'card-being-made';
    case 'closed':
      // withdrawn by the student, or a duplicate of a dossier that goes on: nothing to do here
      return input.closeReason === 'withdrawn' || input.closeReason === 'duplicate' ? 'nothing-more' : 'contact-office';
  }
}
