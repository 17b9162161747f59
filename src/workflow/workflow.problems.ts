/**
 * What the workflow refuses, and how it says so (problem+json): a move the table has not, a
 * role it is not for, a request missing what the move needs, a dossier not ready, a write that
 * lost a race.
 */
import { type FieldProblem, ProblemException } from '../common/problem';
import { DossierStateChanged, DossierStatus, DossierWithStudent, OpenDossierExists, StaleDossier } from '../dossiers/dossiers.model';
import { stale } from '../dossiers/dossiers.service';
import type { IsoDate } from '../students/students.model';
import type { TransitionDto } from './workflow.dto';
import { nextStatuses, type Transition } from './workflow.transitions';

/** 409: the workflow has no move from `from` to `to`; the answer lists where the dossier can go. */
export function notAllowed(from: DossierStatus, to: DossierStatus): ProblemException {
  const allowed = nextStatuses(from);
  return ProblemException.of('workflow.transition-not-allowed', { from, to, allowed }, { currentStatus: from, allowed });
}

export function complementAlreadyOpen(): ProblemException {
  return ProblemException.of('workflow.complement-already-open', {}, { currentStatus: 'incomplete' });
}

export function notForYourRole(transition: Transition, closeReason: string | undefined): ProblemException {
  return ProblemException.of('workflow.role-not-allowed', { to: transition.to, closeReason: closeReason ?? null });
}

/** What a POST /transitions lacks or gets wrong (400): a field the move requires, a date out of its bounds. */
export function requestErrors(
  transition: Transition,
  request: TransitionDto,
  dossier: Pick<DossierWithStudent, 'filedAt' | 'receivedAt'>,
  today: IsoDate,
): FieldProblem[] {
  const errors: FieldProblem[] = [];
  for (const requirement of transition.requires)
    if (!request[requirement]) errors.push({ field: requirement, code: 'requiredForMove', params: { to: transition.to } });
  if (request.closeReason === 'other' && !request.reason) errors.push({ field: 'reason', code: 'requiredForOtherCloseReason' });
  const { decidedOn, filedOn } = request;
  if (decidedOn && decidedOn > today) errors.push({ field: 'decidedOn', code: 'notInFuture' });
  if (decidedOn && dossier.filedAt && decidedOn < dossier.filedAt)
    errors.push({ field: 'decidedOn', code: 'notBeforeFiling', params: { date: dossier.filedAt } });
  if (filedOn && filedOn > today) errors.push({ field: 'filedOn', code: 'notInFuture' });
  if (filedOn && filedOn < dossier.receivedAt) errors.push({ field: 'filedOn', code: 'notBeforeReceipt', params: { date: dossier.receivedAt } });
  return errors;
}

export function blockingFindings(transition: Transition, reference: string, findings: readonly object[]): ProblemException {
  return ProblemException.of('workflow.blocking-findings', { to: transition.to, count: findings.length }, { reference, findings });
}

export function documentsNotReviewed(transition: Transition, reference: string, toReview: { names: { fr: string; en: string } }[]): ProblemException {
  const names = toReview.map((t) => ({ fr: t.names.fr, en: t.names.en }));
  return ProblemException.of('workflow.documents-not-reviewed', { to: transition.to, names }, { reference, toReview });
}

export function nothingToRequest(findings: readonly object[]): ProblemException {
  return ProblemException.of('workflow.nothing-to-request', {}, { findings });
}

/** Maps a refused write to the answer the caller gets (412 stale, 409 moved elsewhere or a second open dossier). */
export function refusal(error: unknown, from: string): unknown {
  if (error instanceof StaleDossier) return stale(error.current);
  if (error instanceof DossierStateChanged) {
    return ProblemException.of('workflow.status-changed', { current: error.current, from }, { currentStatus: error.current });
  }
  if (error instanceof OpenDossierExists) {
    return ProblemException.of(
      'workflow.open-dossier-exists',
      { reference: error.existing.reference, dossierId: error.existing.id },
      { existingDossier: error.existing },
    );
  }
  return error;
}
