import { Injectable, Logger } from '@nestjs/common';
import { Duration } from '../catalog/catalog.model';
import { CatalogService } from '../catalog/catalog.service';
import { resolveParameters } from '../checklist/checklist.engine';
import { ChecklistService } from '../checklist/checklist.service';
import { Actor } from '../common/actor';
import { Clock } from '../common/clock';
import { addDays, addDuration } from '../common/dates';
import { ProblemException } from '../common/problem';
import { toDbDate } from '../common/validators';
import { AppConfig } from '../config/app-config';
import type { DossierColumns } from '../dossiers/dossier-change';
import { DossierResponse } from '../dossiers/dossiers.dto';
import { DossierWithStudent } from '../dossiers/dossiers.model';
import { DossiersService, stale } from '../dossiers/dossiers.service';
import type { IsoDate } from '../students/students.model';
import { complementItems } from './complement-items';
import { TransitionDto } from './workflow.dto';
import { Move } from './workflow.model';
import { blockingFindings, documentsNotReviewed, notAllowed, notForYourRole, nothingToRequest, refusal, requestErrors } from './workflow.problems';
import { WorkflowRepository } from './workflow.repository';
import {
  DateColumn,
  factsNamed,
  findTransition,
  mayMove,
  MoveColumn,
  MoveColumnValues,
  MoveFacts,
  reopens,
  Transition,
  writesOf,
} from './workflow.transitions';

/** What a move is asked with: POST /transitions' fields, a transmission's prefecture, a complement request's message and delay. */
export type MoveRequest = Partial<TransitionDto> & { prefecture?: string; message?: string; dueInDays?: number };

/**
 * Moves dossiers through the workflow. Its row of workflow.transitions.ts says what may move
 * where, who may, what the move needs and everything it writes; this service checks the
 * request, works out the facts the row names (dates, the implicit-rejection day, the complement
 * items), applies the row, and WorkflowRepository.move writes the result in one transaction.
 */
@Injectable()
export class WorkflowService {
  private readonly logger = new Logger('Workflow');

  constructor(
    private readonly dossiers: DossiersService,
    private readonly checklist: ChecklistService,
    private readonly catalog: CatalogService,
    private readonly workflow: WorkflowRepository,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  /** POST /transitions: the move the agent asks for, if the workflow allows it from where the dossier is. */
  async transition(id: string, expectedVersion: number, request: TransitionDto, actor: Actor): Promise<DossierResponse> {
    const dossier = await this.current(id, expectedVersion);
    const transition = findTransition(dossier.status, request.to);
    if (!transition) throw notAllowed(dossier.status, request.to);
    if (transition.via === 'complement-request') {
      // the complement request's own checks and contents; the reason is the word to the student
      this.assertMayMove(transition, actor, {});
      await this.write(await this.planMove(dossier, transition, { message: request.reason }, actor, expectedVersion));
      return this.dossiers.get(id);
    }
    this.assertMayMove(transition, actor, request);
    const errors = requestErrors(transition, request, dossier, this.clock.today());
    if (errors.length) throw ProblemException.validation(errors);
    await this.write(await this.planMove(dossier, transition, request, actor, expectedVersion));
    return this.dossiers.get(id);
  }

  /**
   * What a move writes: its row of the table applied to the facts of the move. Refused (422)
   * when the row's guard or the complement request finds the dossier not ready. Public for the
   * complement requests, the automatic moves and transmissions, which forward many at once.
   */
  async planMove(dossier: DossierWithStudent, transition: Transition, request: MoveRequest, actor: Actor, expectedVersion?: number): Promise<Move> {
    const today = this.clock.today();
    const facts: MoveFacts = {
      reason: request.reason ?? request.message,
      message: request.message,
      decision: request.decision,
      decidedOn: request.decidedOn ?? today,
      closeReason: request.closeReason,
      filedOn: request.filedOn ?? today,
      prefecture: request.prefecture ?? dossier.prefecture ?? this.config.OFFICE_PREFECTURE,
      prefectureReference: request.prefectureReference,
    };
    if (transition.guard === 'complete-and-reviewed')
      facts.warnings = await this.assertCompleteAndReviewed(dossier, transition, transition.checklistOn ? { filedOn: facts[transition.checklistOn] } : {});
    if (factsNamed(transition).has('implicitRejectionOn'))
      facts.implicitRejectionOn = await this.implicitRejectionOn(dossier, facts.filedOn!, facts.prefecture!);
    const complement = transition.complementRequest === 'open' ? await this.complementFacts(dossier, request.dueInDays) : undefined;
    if (complement) Object.assign(facts, { items: complement.items, dueOn: complement.dueOn });
    const { columns, ...writes } = writesOf(transition, facts, today);
    const dueAt = transition.startDeadline === 'complement' ? complement?.dueAt : this.silenceEndsAt(dossier, columns, today);
    return {
      dossierId: dossier.id,
      actor,
      expectedVersion,
      from: dossier.status,
      to: transition.to,
      event: transition.event,
      reason: facts.reason ?? null,
      set: dbColumns(columns),
      ...writes,
      ...(transition.startDeadline && dueAt && { startDeadline: { kind: transition.startDeadline, dueAt } }),
      ...(reopens(dossier.status, transition) && { reopening: { studentId: dossier.studentId, procedureCode: dossier.procedureCode } }),
    };
  }

  /** Writes a planned move; a refusal comes back as the caller's answer (412, 409). */
  async write(move: Move): Promise<void> {
    try {
      await this.workflow.move(move);
      this.logger.log({ dossierId: move.dossierId, from: move.from, to: move.to, actor: move.actor.label }, `Dossier ${move.event}`);
    } catch (error) {
      throw WorkflowService.refusal(error, move.from);
    }
  }

  /** Maps a refused write to the answer the caller gets (412, 409), for the features that write dossier changes of their own. */
  static readonly refusal = refusal;

  /** The dossier, if it is still at the version the caller saw (412 otherwise). */
  async current(id: string, expectedVersion: number): Promise<DossierWithStudent> {
    const dossier = await this.dossiers.require(id);
    if (dossier.version !== expectedVersion) throw stale(dossier.version);
    return dossier;
  }

  assertMayMove(transition: Transition, actor: Actor, request: Pick<TransitionDto, 'closeReason'>): void {
    if (!mayMove(transition, actor.role, request)) throw notForYourRole(transition, request.closeReason);
  }

  /** The guard complete-and-reviewed: nothing blocking, and every document that counts accepted by an agent. Returns the findings left (warnings). */
  private async assertCompleteAndReviewed(dossier: DossierWithStudent, transition: Transition, on: { filedOn?: IsoDate }): Promise<object[]> {
    const checklist = await this.checklist.forDossier(dossier.id, on);
    const blocking = checklist.findings.filter((f) => f.severity === 'blocking');
    if (blocking.length) throw blockingFindings(transition, dossier.reference, blocking);
    // "complete" is what the student is told: every document that counts has been accepted by an agent
    const toReview = checklist.slots.filter((slot) => slot.state === 'to_review').map(({ code, names, documentIds }) => ({ slot: code, names, documentIds }));
    if (toReview.length) throw documentsNotReviewed(transition, dossier.reference, toReview);
    return checklist.findings;
  }

  /**
   * What a complement request asks (what the checklist finds the student must send or fix)
   * and until when: `dueInDays` or the procedure's complementDelayDays (30 by default), counted
   * in the office's days. Refused (422) when there is nothing to ask for.
   */
  private async complementFacts(dossier: DossierWithStudent, dueInDays: number | undefined) {
    const checklist = await this.checklist.forDossier(dossier.id);
    const items = complementItems(checklist, (await this.catalog.version(dossier.procedureVersionId!)).definition);
    if (items.length === 0) throw nothingToRequest(checklist.findings);
    const delay = dueInDays ?? (checklist.parameters.complementDelayDays as { value?: number } | undefined)?.value ?? 30;
    const dueOn = addDays(this.clock.today(), delay);
    // the student has all of the last day, office time (or, rehearsing deadlines fast, `delay` short days)
    const dueAt = this.config.DEADLINE_DAY_MS
      ? new Date(this.clock.now().getTime() + delay * this.config.DEADLINE_DAY_MS)
      : this.clock.startOfDay(addDays(dueOn, 1));
    return { items, dueOn, dueAt };
  }

  /** The implicit-rejection day of a dossier filed on `filedOn` with `prefecture`: the procedure's silence, with that prefecture's override. */
  private async implicitRejectionOn(dossier: DossierWithStudent, filedOn: IsoDate, prefecture: string): Promise<IsoDate> {
    const version = await this.catalog.version(dossier.procedureVersionId!);
    const silence = resolveParameters(version.definition, prefecture, filedOn).prefectureSilence!.value as Duration;
    return addDuration(filedOn, silence);
  }

  /** The silence runs until the implicit-rejection day the move sets, or the dossier's own; none once that day has come. */
  private silenceEndsAt(dossier: DossierWithStudent, columns: MoveColumnValues, today: IsoDate): Date | undefined {
    const endsOn = columns.implicitRejectionOn ?? dossier.implicitRejectionOn;
    return endsOn && endsOn > today ? this.clock.startOfDay(endsOn) : undefined;
  }
}

/** The columns as the row takes them: calendar days as dates at midnight UTC; a column the move leaves alone stays out. */
function dbColumns(columns: MoveColumnValues): Pick<DossierColumns, MoveColumn> {
  // a date column left out of this list stays an IsoDate in `others`, which `row` refuses
  const { filedAt, implicitRejectionOn, decidedOn, cardReadyOn, cardHandedOverOn, ...others } = columns;
  const days: Pick<MoveColumnValues, DateColumn> = { filedAt, implicitRejectionOn, decidedOn, cardReadyOn, cardHandedOverOn };
  const row: Pick<DossierColumns, MoveColumn> = others;
  for (const [column, day] of Object.entries(days) as [DateColumn, IsoDate | null | undefined][]) if (day !== undefined) row[column] = toDbDate(day);
  return row;
}
