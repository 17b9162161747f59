import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { ChecklistResponse } from '../checklist/checklist.dto';
import { ChecklistService } from '../checklist/checklist.service';
import { SYSTEM_ACTOR } from '../common/actor';
import { Clock } from '../common/clock';
import { DossierEvents } from '../common/dossier-events';
import { ProblemException } from '../common/problem';
import { DossiersService } from '../dossiers/dossiers.service';
import { isStudentFinding } from './complement-items';
import { Move } from './workflow.model';
import { WorkflowService } from './workflow.moves';
import { WorkflowRepository } from './workflow.repository';
import { findTransition } from './workflow.transitions';

/** How many times an automatic move is tried again when an unrelated change moved the version. */
const AUTOMATIC_MOVE_ATTEMPTS = 5;

/**
 * The moves Passerelle makes by itself, as the system: an incomplete dossier goes back to
 * "received" once everything asked for is in, and is closed when its complement deadline has
 * passed — one dossier at a time (its deadline job) or in batches (the reconciliation's sweep).
 */
@Injectable()
export class WorkflowSweeps implements OnModuleInit {
  private readonly logger = new Logger('Workflow');

  constructor(
    private readonly workflow: WorkflowService,
    private readonly moves: WorkflowRepository,
    private readonly dossiers: DossiersService,
    private readonly checklist: ChecklistService,
    private readonly events: DossierEvents,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.events.onChecklistInputsChanged(async (dossierId) => {
      await this.resumeIfComplete(dossierId);
    });
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
        await this.workflow.write(await this.workflow.planMove(dossier, findTransition('incomplete', 'received')!, {}, SYSTEM_ACTOR, dossier.version));
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
      const deadline = await this.moves.pendingComplementDeadline(id);
      if (!deadline) return 'not-incomplete';
      if (deadline.dueAt > this.clock.now()) return 'not-due';
      if (studentFixable(await this.checklist.forDossier(id)).length === 0) return (await this.resumeIfComplete(id)) ? 'resumed' : 'not-incomplete';
      const close = await this.workflow.planMove(
        dossier,
        findTransition('incomplete', 'closed')!,
        { closeReason: 'deadline_expired' },
        SYSTEM_ACTOR,
        dossier.version,
      );
      try {
        await this.workflow.write(close);
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
    const due = await this.moves.dueComplementDeadlines(this.clock.now(), limit);
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
      moves.push(await this.workflow.planMove(dossier, close, { closeReason: 'deadline_expired' }, SYSTEM_ACTOR, dossier.version));
    }
    const closed = await this.moves.moveMany(moves);
    if (closed.length) this.logger.log({ closed: closed.length, resumed }, 'Complement deadlines past due: dossiers closed');
    return { closed: closed.length, resumed, skipped: due.length - closed.length - resumed, more: due.length === limit };
  }
}

/** What the student still has to send or fix (not eligibility, nor facts and dates the agent records). */
function studentFixable(checklist: ChecklistResponse) {
  return checklist.findings.filter(isStudentFinding);
}
