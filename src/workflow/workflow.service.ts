import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { Duration } from '../catalog/catalog.model';
import { CatalogService } from '../catalog/catalog.service';
import { resolveParameters } from '../checklist/checklist.engine';
import { ChecklistResponse } from '../checklist/checklist.dto';
import { ChecklistService } from '../checklist/checklist.service';
import { Actor, SYSTEM_ACTOR } from '../common/actor';
import { Clock } from '../common/clock';
import { addDays, addDuration } from '../common/dates';
import { DossierEvents } from '../common/dossier-events';
import { FieldError, ProblemException } from '../common/problem';
import { fromDbDate, toDbDate } from '../common/validators';
import { AppConfig } from '../config/app-config';
import { DossierResponse } from '../dossiers/dossiers.dto';
import { DossierStateChanged, DossierWithStudent, OPEN_DOSSIER_STATUSES, OpenDossierExists, StaleDossier } from '../dossiers/dossiers.model';
import { DossiersService, stale } from '../dossiers/dossiers.service';
import { ComplementPreviewResponse, ComplementRequestDto, ComplementRequestResponse, TransitionDto } from './workflow.dto';
import { NotificationsService } from '../notifications/notifications.service';
import { complementItems, isStudentFinding } from './complement-items';
import { ComplementItem, ComplementRequest, Move } from './workflow.model';
import { WorkflowRepository } from './workflow.repository';
import { emailFor, findTransition, mayMove, nextStatuses, Transition } from './workflow.transitions';

/** How many times an automatic move is tried again when an unrelated change moved the version. */
const AUTOMATIC_MOVE_ATTEMPTS = 5;

/**
 * Moves dossiers through the workflow. workflow.transitions.ts says what may move where, who
 * may, what the move needs, the e-mail and the deadlines; this service checks the move and
 * fills in the dates; WorkflowRepository.move writes it in one transaction.
 */
@Injectable()
export class WorkflowService implements OnModuleInit {
  private readonly logger = new Logger('Workflow');

  constructor(
    private readonly dossiers: DossiersService,
    private readonly checklist: ChecklistService,
    private readonly catalog: CatalogService,
    private readonly workflow: WorkflowRepository,
    private readonly events: DossierEvents,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly notifications: NotificationsService,
  ) {}

  onModuleInit(): void {
    this.events.onChecklistInputsChanged(async (dossierId) => {
      await this.resumeIfComplete(dossierId);
    });
  }

  /** POST /transitions: the move the agent asks for, if the workflow allows it from where the dossier is. */
  async transition(id: string, expectedVersion: number, request: TransitionDto, actor: Actor): Promise<DossierResponse> {
    const dossier = await this.current(id, expectedVersion);
    const transition = findTransition(dossier.status, request.to);
    if (!transition) throw notAllowed(dossier.status, request.to);
    if (transition.via === 'complement-request') {
      await this.requestComplement(id, expectedVersion, { message: request.reason }, actor);
      return this.dossiers.get(id);
    }
    this.assertMayMove(transition, actor, request);
    this.assertRequirements(transition, request, dossier);
    await this.write(await this.planMove(dossier, transition, request, actor, expectedVersion));
    return this.dossiers.get(id);
  }

  /**
   * Asks the student for what the checklist finds missing or wrong (documents, facts), with a
   * deadline (the procedure's complementDelayDays, 30 by default). The dossier becomes
   * incomplete; at most one request is open at a time.
   */
  async requestComplement(id: string, expectedVersion: number, request: ComplementRequestDto, actor: Actor): Promise<ComplementRequestResponse> {
    const dossier = await this.current(id, expectedVersion);
    const { transition, items, dueOn, dueAt } = await this.planComplement(dossier, request, actor);
    await this.write({
      ...this.base(dossier, transition, actor, expectedVersion),
      reason: request.message ?? null,
      details: { items, dueOn },
      email: { template: 'complement_requested', data: { items, dueOn, message: request.message ?? null } },
      startDeadline: { kind: 'complement', dueAt },
      complementRequest: { open: { items, message: request.message ?? null, dueOn } },
    });
    const created = (await this.workflow.complementRequests(id)).at(-1)!;
    return presentRequest(created);
  }

  /**
   * What a complement request would ask and the e-mail the student would get, as it would be
   * sent — recording and sending nothing. Refused as the request itself would be (409, 422).
   */
  async previewComplement(id: string, request: ComplementRequestDto, actor: Actor): Promise<ComplementPreviewResponse> {
    const dossier = await this.dossiers.require(id);
    const { items, dueOn } = await this.planComplement(dossier, request, actor);
    const email = await this.notifications.previewForDossier(id, 'complement_requested', { items, dueOn, message: request.message ?? null });
    if (!email) throw ProblemException.notFound('dossier', id);
    return { dossierId: id, items, dueOn, email };
  }

  /** The checks and contents shared by a complement request and its preview. */
  private async planComplement(dossier: DossierWithStudent, request: ComplementRequestDto, actor: Actor) {
    const transition = findTransition(dossier.status, 'incomplete');
    if (!transition) {
      if (dossier.status === 'incomplete') throw ProblemException.conflict('A complement request is already open for this dossier.', { type: '/problems/transition-not-allowed', currentStatus: dossier.status });
      throw notAllowed(dossier.status, 'incomplete');
    }
    this.assertMayMove(transition, actor, {});
    const checklist = await this.checklist.forDossier(dossier.id);
    const items = complementItems(checklist, await this.definitionOf(dossier));
    if (items.length === 0) {
      throw ProblemException.of(422, 'Nothing the student can send is missing or wrong: there is nothing to ask for (facts and dates to record are the agent’s).', {
        type: '/problems/nothing-to-request',
        findings: checklist.findings,
      });
    }
    const delay = request.dueInDays ?? ((checklist.parameters.complementDelayDays as { value?: number } | undefined)?.value ?? 30);
    const dueOn = addDays(this.clock.today(), delay);
    // the student has all of the last day, office time (or, rehearsing deadlines fast, `delay` short days)
    const dueAt = this.config.DEADLINE_DAY_MS ? new Date(this.clock.now().getTime() + delay * this.config.DEADLINE_DAY_MS) : this.clock.startOfDay(addDays(dueOn, 1));
    return { transition, items, dueOn, dueAt };
  }

  /** What the student still has to send or fix (the reminders list it). */
  async stillMissing(id: string): Promise<ComplementItem[]> {
    return complementItems(await this.checklist.forDossier(id), await this.definitionOf(await this.dossiers.require(id)));
  }

  private async definitionOf(dossier: DossierWithStudent) {
    return (await this.catalog.version(dossier.procedureVersionId!)).definition;
  }

  async complementRequests(id: string): Promise<ComplementRequestResponse[]> {
    await this.dossiers.require(id);
    return (await this.workflow.complementRequests(id)).map(presentRequest);
  }

  /**
   * After the documents or facts of an incomplete dossier change: once nothing the student
   * was asked for still blocks, the dossier goes back to "received" for verification and its
   * deadline stops. Eligibility findings (which no document fixes) do not hold it back. An
   * unrelated change racing it (an assignment...) only makes it try again.
   */
  async resumeIfComplete(id: string): Promise<boolean> {
    for (let attempt = 1; attempt <= AUTOMATIC_MOVE_ATTEMPTS; attempt++) {
      const dossier = await this.dossiers.require(id);
      if (dossier.status !== 'incomplete') return false;
      if (studentFixable(await this.checklist.forDossier(id)).length > 0) return false;
      try {
        await this.write(await this.planMove(dossier, findTransition('incomplete', 'received')!, {}, SYSTEM_ACTOR, dossier.version));
        return true;
      } catch (error) {
        if (!(error instanceof ProblemException && error.getStatus() === 412)) throw error;
      }
    }
    throw new Error(`dossier ${id} kept changing: it could not be returned to received`);
  }

  /**
   * The complement deadline has passed (called by the deadline job): the dossier is closed
   * with `deadline_expired`, once. If the documents are in after all (a notice that was
   * lost), it returns to "received" instead. Does nothing before the deadline.
   */
  async expireComplement(id: string): Promise<'closed' | 'resumed' | 'not-incomplete' | 'not-due'> {
    for (let attempt = 1; attempt <= AUTOMATIC_MOVE_ATTEMPTS; attempt++) {
      const dossier = await this.dossiers.require(id);
      if (dossier.status !== 'incomplete') return 'not-incomplete';
      const deadline = await this.workflow.pendingComplementDeadline(id);
      if (!deadline) return 'not-incomplete';
      if (deadline.dueAt > this.clock.now()) return 'not-due';
      if (studentFixable(await this.checklist.forDossier(id)).length === 0) return (await this.resumeIfComplete(id)) ? 'resumed' : 'not-incomplete';
      const move = await this.planMove(dossier, findTransition('incomplete', 'closed')!, { closeReason: 'deadline_expired' }, SYSTEM_ACTOR, dossier.version);
      move.deadlinesEndAs = 'fired';
      try {
        await this.write(move);
        return 'closed';
      } catch (error) {
        if (error instanceof ProblemException && error.getStatus() === 409) return 'not-incomplete';
        if (!(error instanceof ProblemException && error.getStatus() === 412)) throw error;
      }
    }
    throw new Error(`dossier ${id} kept changing: its expired deadline could not be applied`);
  }

  /**
   * The expiry sweep (the reconciliation's, after hours without a worker): expireComplement's
   * rules for up to `limit` dossiers whose complement deadline passed, as one batch — one query
   * per table to read them and their checklists, one transaction to close them. A dossier that
   * moved meanwhile is left out (its own deadline job sees to it); `more` says another batch
   * may be due.
   */
  async expireDueComplements(limit: number): Promise<{ closed: number; resumed: number; skipped: number; more: boolean }> {
    const due = await this.workflow.dueComplementDeadlines(this.clock.now(), limit);
    if (due.length === 0) return { closed: 0, resumed: 0, skipped: 0, more: false };
    const dossiers = (await this.dossiers.findMany(due)).filter((d) => d.status === 'incomplete');
    const checklists = await this.checklist.forDossiers(dossiers);
    const close = findTransition('incomplete', 'closed')!;
    const moves: Move[] = [];
    let resumed = 0;
    for (const dossier of dossiers) {
      // the documents are in after all (a notice that was lost): back to received, not closed
      if (studentFixable(checklists.get(dossier.id)!).length === 0) {
        if (await this.resumeIfComplete(dossier.id)) resumed++;
        continue;
      }
      const move = await this.planMove(dossier, close, { closeReason: 'deadline_expired' }, SYSTEM_ACTOR, dossier.version);
      move.deadlinesEndAs = 'fired';
      moves.push(move);
    }
    const closed = await this.workflow.moveMany(moves);
    if (closed.length) this.logger.log({ closed: closed.length, resumed }, 'Complement deadlines past due: dossiers closed');
    return { closed: closed.length, resumed, skipped: due.length - closed.length - resumed, more: due.length === limit };
  }

  /** The implicit-rejection day of a dossier filed on `filedOn` with `prefecture`: the procedure's silence, with that prefecture's override. */
  async implicitRejectionOn(dossier: DossierWithStudent, filedOn: string, prefecture: string): Promise<string> {
    const version = await this.catalog.version(dossier.procedureVersionId!);
    const silence = resolveParameters(version.definition, prefecture, filedOn).prefectureSilence!.value as Duration;
    return addDuration(filedOn, silence);
  }

  /**
   * What a move writes, from the transition table (status, e-mail, deadlines) and the
   * request (dates, decision, reason). Public for transmissions, which forward many at once.
   */
  async planMove(
    dossier: DossierWithStudent,
    transition: Transition,
    request: Partial<TransitionDto> & { prefecture?: string },
    actor: Actor,
    expectedVersion?: number,
  ): Promise<Move> {
    const today = this.clock.today();
    const move: Move = { ...this.base(dossier, transition, actor, expectedVersion), reason: request.reason ?? null, stopDeadlines: transition.stopDeadlines, set: {}, details: {} };
    if (transition.guard === 'complete-and-reviewed') {
      const forwarding = transition.to === 'forwarded' && dossier.status === 'verified';
      const checklist = await this.checklist.forDossier(dossier.id, forwarding ? { filedOn: request.filedOn ?? today } : {});
      const blocking = checklist.findings.filter((f) => f.severity === 'blocking');
      if (blocking.length) {
        throw ProblemException.of(422, `The dossier cannot be ${transition.to}: ${blocking.length} blocking finding(s).`, {
          type: '/problems/blocking-findings',
          reference: dossier.reference,
          findings: blocking,
        });
      }
      // "complete" is what the student is told: every document that counts has been accepted by an agent
      const toReview = checklist.slots.filter((slot) => slot.state === 'to_review').map(({ code, names, documentIds }) => ({ slot: code, names, documentIds }));
      if (toReview.length) {
        throw ProblemException.of(422, `The dossier cannot be ${transition.to}: ${toReview.length} document(s) still to review (${toReview.map((t) => t.names.en).join(', ')}).`, {
          type: '/problems/documents-not-reviewed',
          reference: dossier.reference,
          toReview,
        });
      }
      move.details = { warnings: checklist.findings };
    }
    if (!OPEN_DOSSIER_STATUSES.includes(dossier.status) && OPEN_DOSSIER_STATUSES.includes(transition.to)) {
      move.reopening = { studentId: dossier.studentId, procedureCode: dossier.procedureCode };
    }
    let data: Record<string, unknown> = request.reason ? { reason: request.reason } : {};
    if (transition.to === 'forwarded' && dossier.status === 'verified') {
      const filedOn = request.filedOn ?? today;
      const prefecture = request.prefecture ?? dossier.prefecture ?? this.config.OFFICE_PREFECTURE;
      const implicitRejectionOn = await this.implicitRejectionOn(dossier, filedOn, prefecture);
      move.set = { filedAt: toDbDate(filedOn), implicitRejectionOn: toDbDate(implicitRejectionOn), prefecture, prefectureReference: request.prefectureReference ?? dossier.prefectureReference };
      data = { filedOn, implicitRejectionOn };
      move.details = { ...move.details, ...data, prefecture, prefectureReference: request.prefectureReference ?? null };
      // an old filing date can put the implicit-rejection day behind us already: the agents must know now
      if (implicitRejectionOn <= today) {
        move.notice = {
          event: 'implicit_rejection_past',
          details: { filedOn, implicitRejectionOn },
          email: { template: 'silence_alert', data: { stage: 'past_when_forwarded', implicitRejectionOn, daysLeft: 0 } },
        };
      }
    }
    if (transition.to === 'forwarded' && dossier.status === 'decided') {
      // a decision recorded in error, or withdrawn on appeal: it and the card go, the silence runs again
      move.set = { decision: null, decidedOn: null, cardReadyOn: null, cardHandedOverOn: null };
    }
    if (transition.to === 'decided') {
      const decidedOn = request.decidedOn ?? today;
      move.set = { decision: request.decision, decidedOn: toDbDate(decidedOn) };
      data = { decision: request.decision, decidedOn };
      move.details = data;
    }
    if (transition.to === 'closed') {
      move.set = { closeReason: request.closeReason };
      data = { closeReason: request.closeReason, reason: request.reason ?? null };
      move.details = { closeReason: request.closeReason };
      if (dossier.status === 'incomplete') move.complementRequest = { close: request.closeReason === 'deadline_expired' ? 'expired' : 'cancelled' };
    }
    if (transition.to === 'received' && dossier.status === 'incomplete') move.complementRequest = { close: 'satisfied' };
    if (transition.to === 'received' && dossier.status === 'closed') move.set = { closeReason: null };
    if (transition.startDeadline === 'prefecture_silence') {
      const setOn = move.set?.implicitRejectionOn as Date | undefined;
      const silenceEnds = setOn ? fromDbDate(setOn) : dossier.implicitRejectionOn;
      if (silenceEnds && silenceEnds > today) move.startDeadline = { kind: 'prefecture_silence', dueAt: this.clock.startOfDay(silenceEnds) };
    }
    const template = emailFor(transition, request);
    if (template) move.email = { template, data };
    return move;
  }

  /** Maps a refused write to the answer the caller gets (412 stale, 409 moved elsewhere or a second open dossier). */
  static refusal(error: unknown, from: string): unknown {
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

  private base(dossier: DossierWithStudent, transition: Transition, actor: Actor, expectedVersion?: number) {
    return { dossierId: dossier.id, actor, expectedVersion, from: dossier.status, to: transition.to, event: transition.event };
  }

  private async current(id: string, expectedVersion: number): Promise<DossierWithStudent> {
    const dossier = await this.dossiers.require(id);
    if (dossier.version !== expectedVersion) throw stale(dossier.version);
    return dossier;
  }

  private assertMayMove(transition: Transition, actor: Actor, request: Pick<TransitionDto, 'closeReason'>): void {
    if (!mayMove(transition, actor.role, request)) {
      throw ProblemException.of(403, `Moving a dossier to ${transition.to}${request.closeReason ? ` (${request.closeReason})` : ''} is not for your role.`);
    }
  }

  private assertRequirements(transition: Transition, request: TransitionDto, dossier: DossierWithStudent): void {
    const problems: FieldError[] = [];
    for (const requirement of transition.requires) if (!request[requirement]) problems.push({ field: requirement, message: `is required to move to ${transition.to}` });
    if (request.closeReason === 'other' && !request.reason) problems.push({ field: 'reason', message: 'is required when the close reason is other' });
    const today = this.clock.today();
    if (request.decidedOn && request.decidedOn > today) problems.push({ field: 'decidedOn', message: 'must not be in the future' });
    if (request.decidedOn && dossier.filedAt && request.decidedOn < dossier.filedAt) problems.push({ field: 'decidedOn', message: `must not be before the filing date (${dossier.filedAt})` });
    if (request.filedOn && request.filedOn > today) problems.push({ field: 'filedOn', message: 'must not be in the future' });
    if (request.filedOn && request.filedOn < dossier.receivedAt) problems.push({ field: 'filedOn', message: `must not be before the dossier was received (${dossier.receivedAt})` });
    if (problems.length) throw ProblemException.validation(problems);
  }

  private async write(move: Move): Promise<void> {
    try {
      await this.workflow.move(move);
      this.logger.log({ dossierId: move.dossierId, from: move.from, to: move.to, actor: move.actor.label }, `Dossier ${move.event}`);
    } catch (error) {
      throw WorkflowService.refusal(error, move.from);
    }
  }
}

/** What the student still has to send or fix (not eligibility, nor facts and dates the agent records). */
function studentFixable(checklist: ChecklistResponse) {
  return checklist.findings.filter(isStudentFinding);
}

function notAllowed(from: string, to: string): ProblemException {
  const allowed = nextStatuses(from as DossierWithStudent['status']);
  return ProblemException.conflict(`A ${from} dossier cannot move to ${to}${allowed.length ? `; it can move to ${allowed.join(', ')}` : ''}.`, {
    type: '/problems/transition-not-allowed',
    currentStatus: from,
    allowed,
  });
}

function presentRequest(request: ComplementRequest): ComplementRequestResponse {
  return { ...request, requestedAt: request.requestedAt.toISOString(), closedAt: request.closedAt?.toISOString() ?? null };
}
