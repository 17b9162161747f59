/**
 * What the workflow refuses, and how it says so (problem+json): a move the table has not, a
 * role it is not for, a request missing what the move needs, a dossier not ready, a write that
 * lost a race.
 */
import type { FieldError } from '../common/problem';
import { ProblemException } from '../common/problem';
import { DossierStateChanged, DossierStatus, DossierWithStudent, OpenDossierExists, StaleDossier } from '../dossiers/dossiers.model';
import { stale } from '../dossiers/dossiers.service';
import type { IsoDate } from '../students/students.model';
import type { TransitionDto } from './workflow.dto';
import { nextStatuses, type Transition } from './workflow.transitions';

/** 409: the workflow has no move from `from` to `to`; the answer lists where the dossier can go. */
export function notAllowed(from: DossierStatus, to: DossierStatus): ProblemException {
  const allowed = nextStatuses(from);
  return ProblemException.conflict(`A ${from} dossier cannot move to ${to}${allowed.length ? `; it can move to ${allowed.join(', ')}` : ''}.`, {
    type: '/problems/transition-not-allowed',
    currentStatus: from,
    allowed,
  });
}

export function complementAlreadyOpen(): ProblemException {
  return ProblemException.conflict('A complement request is already open for this dossier.', {
    type: '/problems/transition-not-allowed',
    currentStatus: 'incomplete',
  });
}

export function notForYourRole(transition: Transition, closeReason: string | undefined): ProblemException {
  return ProblemException.of(403, `Moving a dossier to ${transition.to}${closeReason ? ` (${closeReason})` : ''} is not for your role.`);
}

/** What a POST /transitions lacks or gets wrong (400): a field the move requires, a date out of its bounds. */
export function requestErrors(
  transition: Transition,
  request: TransitionDto,
  dossier: Pick<DossierWithStudent, 'filedAt' | 'receivedAt'>,
  today: IsoDate,
): FieldError[] {
  const errors: FieldError[] = [];
  for (const requirement of transition.requires)
    if (!request[requirement]) errors.push({ field: requirement, message: `is required to move to ${transition.to}` });
  if (request.closeReason === 'other' && !request.reason) errors.push({ field: 'reason', message: 'is required when the close reason is other' });
  const { decidedOn, filedOn } = request;
  if (decidedOn && decidedOn > today) errors.push({ field: 'decidedOn', message: 'must not be in the future' });
  if (decidedOn && dossier.filedAt && decidedOn < dossier.filedAt)
    errors.push({ field: 'decidedOn', message: `must not be before the filing date (${dossier.filedAt})` });
  if (filedOn && filedOn > today) errors.push({ field: 'filedOn', message: 'must not be in the future' });
  if (filedOn && filedOn < dossier.receivedAt)
    errors.push({ field: 'filedOn', message: `must not be before the dossier was received (${dossier.receivedAt})` });
  return errors;
}

export function blockingFindings(transition: Transition, reference: string, findings: readonly object[]): ProblemException {
  return ProblemException.of(422, `The dossier cannot be ${transition.to}: ${findings.length} blocking finding(s).`, {
    type: '/problems/blocking-findings',
    reference,
    findings,
  });
}

export function documentsNotReviewed(transition: Transition, reference: string, toReview: { names: { en: string } }[]): ProblemException {
  const names = toReview.map((t) => t.names.en).join(', ');
  return ProblemException.of(422, `The dossier cannot be ${transition.to}: ${toReview.length} document(s) still to review (${names}).`, {
    type: '/problems/documents-not-reviewed',
    reference,
    toReview,
  });
}

export function nothingToRequest(findings: readonly object[]): ProblemException {
  return ProblemException.of(
    422,
    'Nothing the student can send is missing or wrong: there is nothing to ask for (facts and dates to record are the agent’s).',
    {
      type: '/problems/nothing-to-request',
      findings,
    },
  );
}

/** Maps a refused write to the answer the caller gets (412 stale, 409 moved elsewhere or a second open dossier). */
export function refusal(error: unknown, from: string): unknown {
  if (error instanceof StaleDossier) return stale(error.current);
  if (error instanceof DossierStateChanged) {
    return ProblemException.conflict(`The dossier is now ${error.current}: the move from ${from} no longer applies.`, {
      type: '/problems/transition-not-allowed',
      currentStatus: error.current,
    });
  }
  if (error instanceof OpenDossierExists) {
    return ProblemException.conflict(`The student has dossier ${error.existing.reference} open for this procedure: this one cannot be open too.`, {
      type: '/problems/open-dossier-exists',
      existingDossier: error.existing,
    });
  }
  return error;
}
