import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { Duration } from '../catalog/catalog.model';
import { CatalogService } from '../catalog/catalog.service';
import { resolveParameters } from '../checklist/checklist.engine';
import { ChecklistService } from '../checklist/checklist.service';
import { Actor, SYSTEM_ACTOR } from '../common/actor';
import { Clock } from '../common/clock';
import { addDays, addDuration } from '../common/dates';
import { DossierEvents } from '../common/dossier-events';
import { FieldError, ProblemException } from '../common/problem';
import { toDbDate } from '../common/validators';
import { AppConfig } from '../config/app-config';
import { DossierResponse } from '../dossiers/dossiers.dto';
import { DossierStateChanged, DossierWithStudent, StaleDossier } from '../dossiers/dossiers.model';
import { DossiersService, stale } from '../dossiers/dossiers.service';
import { ComplementRequestDto, ComplementRequestResponse, TransitionDto } from './workflow.dto';
import { ComplementItem, ComplementRequest, Move } from './workflow.model';
import { WorkflowRepository } from './workflow.repository';
import { emailFor, findTransition, mayMove, nextStatuses, Transition } from './workflow.transitions';

/**
 * Moves dossiers through the workflow (workflow.transitions.ts says what may move where),
 * opens complement requests and returns dossiers to "received" when the documents are in.
 * Each move is one transaction (WorkflowRepository.move).
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
    if (!transition) {
      const allowed = nextStatuses(dossier.status);
      throw ProblemException.conflict(`A ${dossier.status} dossier cannot move to ${request.to}${allowed.length ? `; it can move to ${allowed.join(', ')}` : ''}.`, {
        type: '/problems/transition-not-allowed',
        currentStatus: dossier.status,
        allowed,
      });
    }
    if (transition.via === 'complement-request') {
      await this.requestComplement(id, expectedVersion, { message: request.reason }, actor);
      return this.dossiers.get(id);
    }
    this.assertMayMove(transition, actor, request);
    this.assertRequirements(transition, request);
    const move = await this.planMove(dossier, transition, request, actor);
    move.expectedVersion = expectedVersion;
    await this.write(move);
    return this.dossiers.get(id);
  }

  /**
   * Asks the student for what the checklist finds missing or wrong (documents, facts), with a
   * deadline (the procedure's complementDelayDays, 30 by default). The dossier becomes
   * incomplete; at most one request is open at a time.
   */
  async requestComplement(id: string, expectedVersion: number, request: ComplementRequestDto, actor: Actor): Promise<ComplementRequestResponse> {
    const dossier = await this.current(id, expectedVersion);
    const transition = findTransition(dossier.status, 'incomplete')!;
    if (!transition || !transition.from.includes(dossier.status)) {
      throw ProblemException.conflict(
        dossier.status === 'incomplete' ? 'A complement request is already open for this dossier.' : `A ${dossier.status} dossier cannot be sent a complement request.`,
        { type: '/problems/transition-not-allowed', currentStatus: dossier.status, allowed: nextStatuses(dossier.status) },
      );
    }
    this.assertMayMove(transition, actor, {});
    const checklist = await this.checklist.forDossier(id);
    const items: ComplementItem[] = checklist.findings
      .filter((f) => f.severity === 'blocking' && (f.slot !== undefined || f.fact !== undefined))
      .map(({ code, slot, fact, documentId, message }) => ({ code, slot, fact, documentId, message }));
    if (items.length === 0) {
      throw ProblemException.of(422, 'Nothing is missing or wrong in the documents: there is nothing to ask the student for.', {
        type: '/problems/nothing-to-request',
        findings: checklist.findings,
      });
    }
    const delay = request.dueInDays ?? ((checklist.parameters.complementDelayDays as { value?: number } | undefined)?.value ?? 30);
    const dueOn = addDays(this.clock.today(), delay);
    await this.write({
      dossierId: id,
      actor,
      expectedVersion,
      from: dossier.status,
      to: 'incomplete',
      event: transition.event,
      reason: request.message ?? null,
      details: { items, dueOn },
      email: { template: 'complement_requested', data: { items, dueOn, message: request.message ?? null } },
      // the student has all of the last day, office time
      startDeadline: { kind: 'complement', dueAt: this.clock.startOfDay(addDays(dueOn, 1)) },
      complementRequest: { open: { items, message: request.message ?? null, dueOn } },
    });
    const created = (await this.workflow.complementRequests(id)).at(-1)!;
    return presentRequest(created);
  }

  async complementRequests(id: string): Promise<ComplementRequestResponse[]> {
    await this.dossiers.require(id);
    return (await this.workflow.complementRequests(id)).map(presentRequest);
  }

  /**
   * After the documents or facts of an incomplete dossier change: once nothing the student
   * was asked for still blocks, the dossier goes back to "received" for verification and the
   * deadline stops. Eligibility findings (which no document fixes) do not hold it back.
   */
  async resumeIfComplete(id: string): Promise<boolean> {
    const dossier = await this.dossiers.require(id);
    if (dossier.status !== 'incomplete') return false;
    const checklist = await this.checklist.forDossier(id);
    if (checklist.findings.some((f) => f.severity === 'blocking' && (f.slot !== undefined || f.fact !== undefined))) return false;
    const transition = findTransition('incomplete', 'received')!;
    try {
      await this.write(await this.planMove(dossier, transition, {}, SYSTEM_ACTOR, dossier.version));
      return true;
    } catch (error) {
      // someone moved the dossier meanwhile: their move stands
      if (error instanceof ProblemException && [409, 412].includes(error.getStatus())) return false;
      throw error;
    }
  }

  /**
   * The complement deadline has passed (called by the deadline job): the dossier is closed
   * with `deadline_expired`, once. Does nothing when the documents came in first, or when the
   * deadline is not due yet.
   */
  async expireComplement(id: string): Promise<'closed' | 'not-incomplete' | 'not-due'> {
    const dossier = await this.dossiers.require(id);
    if (dossier.status !== 'incomplete') return 'not-incomplete';
    const deadline = await this.workflow.pendingComplementDeadline(id);
    if (!deadline || deadline.dueAt > this.clock.now()) return 'not-due';
    const transition = findTransition('incomplete', 'closed')!;
    const move = await this.planMove(dossier, transition, { closeReason: 'deadline_expired' }, SYSTEM_ACTOR, dossier.version);
    move.deadlinesEndAs = 'fired';
    try {
      await this.write(move);
      return 'closed';
    } catch (error) {
      if (error instanceof ProblemException && [409, 412].includes(error.getStatus())) return 'not-incomplete';
      throw error;
    }
  }

  /** The implicit-rejection day of a dossier filed on `filedOn`: the procedure's prefecture silence, with its prefecture's override. */
  async implicitRejectionOn(dossier: DossierWithStudent, filedOn: string): Promise<string> {
    const version = await this.catalog.version(dossier.procedureVersionId!);
    const silence = resolveParameters(version.definition, dossier.prefecture ?? this.config.OFFICE_PREFECTURE, filedOn).prefectureSilence!.value as Duration;
    return addDuration(filedOn, silence);
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

  private assertRequirements(transition: Transition, request: TransitionDto): void {
    const missing: FieldError[] = [];
    for (const requirement of transition.requires) if (!request[requirement]) missing.push({ field: requirement, message: `is required to move to ${transition.to}` });
    if (request.closeReason === 'other' && !request.reason) missing.push({ field: 'reason', message: 'is required when the close reason is other' });
    const today = this.clock.today();
    if (request.decidedOn && request.decidedOn > today) missing.push({ field: 'decidedOn', message: 'must not be in the future' });
    if (request.filedOn && request.filedOn > today) missing.push({ field: 'filedOn', message: 'must not be in the future' });
    if (missing.length) throw ProblemException.validation(missing);
  }

  /** What a move writes besides the status: dates, decision, deadlines, the student's e-mail. */
  async planMove(dossier: DossierWithStudent, transition: Transition, request: Partial<TransitionDto>, actor: Actor, expectedVersion?: number): Promise<Move> {
    const today = this.clock.today();
    const move: Move = {
      dossierId: dossier.id,
      actor,
      expectedVersion,
      from: dossier.status,
      to: transition.to,
      event: transition.event,
      reason: request.reason ?? null,
      stopDeadlines: transition.stopDeadlines,
      set: {},
    };
    const email = emailFor(transition, request);
    if (transition.guard === 'no-blocking-finding') {
      const checklist = await this.checklist.forDossier(dossier.id);
      const blocking = checklist.findings.filter((f) => f.severity === 'blocking');
      if (blocking.length) {
        throw ProblemException.of(422, `The dossier cannot be verified: ${blocking.length} blocking finding(s).`, { type: '/problems/blocking-findings', findings: blocking });
      }
      move.details = { warnings: checklist.findings };
    }
    if (transition.to === 'forwarded' && dossier.status === 'verified') {
      const filedOn = request.filedOn ?? today;
      const implicitRejectionOn = await this.implicitRejectionOn(dossier, filedOn);
      move.set = { filedAt: toDbDate(filedOn), implicitRejectionOn: toDbDate(implicitRejectionOn), prefectureReference: request.prefectureReference ?? dossier.prefectureReference };
      move.details = { filedOn, implicitRejectionOn, prefectureReference: request.prefectureReference ?? null };
      move.startDeadline = { kind: 'prefecture_silence', dueAt: this.clock.startOfDay(implicitRejectionOn) };
      move.email = { template: 'dossier_forwarded', data: { filedOn, implicitRejectionOn } };
      return move;
    }
    if (transition.to === 'forwarded' && dossier.status === 'decided') {
      // a decision recorded in error, or withdrawn on appeal: the silence runs again
      move.set = { decision: null, decidedOn: null };
      if (dossier.implicitRejectionOn && dossier.implicitRejectionOn > today) {
        move.startDeadline = { kind: 'prefecture_silence', dueAt: this.clock.startOfDay(dossier.implicitRejectionOn) };
      }
      return move;
    }
    if (transition.to === 'decided') {
      const decidedOn = request.decidedOn ?? today;
      if (dossier.filedAt && decidedOn < dossier.filedAt) {
        throw ProblemException.validation([{ field: 'decidedOn', message: `must not be before the filing date (${dossier.filedAt})` }]);
      }
      move.set = { decision: request.decision, decidedOn: toDbDate(decidedOn) };
      move.details = { decision: request.decision, decidedOn };
      move.email = { template: email!, data: { decision: request.decision, decidedOn } };
      return move;
    }
    if (transition.to === 'closed') {
      move.set = { closeReason: request.closeReason };
      move.details = { closeReason: request.closeReason };
      if (dossier.status === 'incomplete') move.complementRequest = { close: request.closeReason === 'deadline_expired' ? 'expired' : 'cancelled' };
      move.email = { template: 'dossier_closed', data: { closeReason: request.closeReason, reason: request.reason ?? null } };
      return move;
    }
    if (transition.to === 'received' && dossier.status === 'incomplete') move.complementRequest = { close: 'satisfied' };
    if (transition.to === 'received' && dossier.status === 'closed') move.set = { closeReason: null };
    if (email) move.email = { template: email, data: request.reason ? { reason: request.reason } : undefined };
    return move;
  }

  /** Maps a refused write to the answer the caller gets (412 stale, 409 moved elsewhere). */
  static refusal(error: unknown, from: string): unknown {
    if (error instanceof StaleDossier) return stale(error.current);
    if (error instanceof DossierStateChanged) {
      return ProblemException.conflict(`The dossier is now ${error.current}: the move from ${from} no longer applies.`, {
        type: '/problems/transition-not-allowed',
        currentStatus: error.current,
      });
    }
    return error;
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

function presentRequest(request: ComplementRequest): ComplementRequestResponse {
  return { ...request, requestedAt: request.requestedAt.toISOString(), closedAt: request.closedAt?.toISOString() ?? null };
}
