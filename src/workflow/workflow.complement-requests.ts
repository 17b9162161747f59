import { Injectable } from '@nestjs/common';
import { CatalogService } from '../catalog/catalog.service';
import { ChecklistService } from '../checklist/checklist.service';
import { Actor } from '../common/actor';
import { ProblemException } from '../common/problem';
import { DossierWithStudent } from '../dossiers/dossiers.model';
import { DossiersService } from '../dossiers/dossiers.service';
import { NotificationsService } from '../notifications/notifications.service';
import { complementItems } from './complement-items';
import { ComplementPreviewResponse, ComplementRequestDto, ComplementRequestResponse } from './workflow.dto';
import { ComplementItem, ComplementRequest, Move } from './workflow.model';
import { WorkflowService } from './workflow.moves';
import { complementAlreadyOpen, notAllowed } from './workflow.problems';
import { WorkflowRepository } from './workflow.repository';
import { findTransition } from './workflow.transitions';

/**
 * Complement requests: the agent asks the student for what the checklist finds missing or
 * wrong, with a deadline; the dossier is incomplete until it is all in (WorkflowSweeps) or the
 * deadline passes. What a request asks and until when is worked out by WorkflowService.planMove,
 * so the preview shows exactly what the request would send.
 */
@Injectable()
export class ComplementRequestsService {
  constructor(
    private readonly workflow: WorkflowService,
    private readonly requests: WorkflowRepository,
    private readonly dossiers: DossiersService,
    private readonly checklist: ChecklistService,
    private readonly catalog: CatalogService,
    private readonly notifications: NotificationsService,
  ) {}

  /**
   * Asks the student for what the checklist finds missing or wrong (documents, facts), with a
   * deadline (the procedure's complementDelayDays, 30 by default). The dossier becomes
   * incomplete; at most one request is open at a time.
   */
  async requestComplement(id: string, expectedVersion: number, request: ComplementRequestDto, actor: Actor): Promise<ComplementRequestResponse> {
    const dossier = await this.workflow.current(id, expectedVersion);
    await this.workflow.write(await this.plan(dossier, request, actor, expectedVersion));
    const created = (await this.requests.complementRequests(id)).at(-1)!;
    return presentRequest(created);
  }

  /**
   * What a complement request would ask and the e-mail the student would get, as it would be
   * sent — recording and sending nothing. Refused as the request itself would be (409, 422).
   */
  async previewComplement(id: string, request: ComplementRequestDto, actor: Actor): Promise<ComplementPreviewResponse> {
    const dossier = await this.dossiers.require(id);
    const { complementRequest: opened, email: sent } = await this.plan(dossier, request, actor);
    if (!opened || !('open' in opened) || !sent) throw new Error('a complement request opens a request and e-mails the student');
    const { items, dueOn } = opened.open;
    const email = await this.notifications.previewForDossier(id, sent.template, sent.data ?? {});
    if (!email) throw ProblemException.notFound('dossier', id);
    return { dossierId: id, items, dueOn, email };
  }

  /** What the student still has to send or fix (the reminders list it). */
  async stillMissing(id: string): Promise<ComplementItem[]> {
    const dossier = await this.dossiers.require(id);
    return complementItems(await this.checklist.forDossier(id), (await this.catalog.version(dossier.procedureVersionId!)).definition);
  }

  async complementRequests(id: string): Promise<ComplementRequestResponse[]> {
    await this.dossiers.require(id);
    return (await this.requests.complementRequests(id)).map(presentRequest);
  }

  /** The move a request makes, refused as the request would be. */
  private async plan(dossier: DossierWithStudent, request: ComplementRequestDto, actor: Actor, expectedVersion?: number): Promise<Move> {
    const transition = findTransition(dossier.status, 'incomplete');
    if (!transition) throw dossier.status === 'incomplete' ? complementAlreadyOpen() : notAllowed(dossier.status, 'incomplete');
    this.workflow.assertMayMove(transition, actor, {});
    return this.workflow.planMove(dossier, transition, { message: request.message, dueInDays: request.dueInDays }, actor, expectedVersion);
  }
}

function presentRequest(request: ComplementRequest): ComplementRequestResponse {
  return { ...request, requestedAt: request.requestedAt.toISOString(), closedAt: request.closedAt?.toISOString() ?? null };
}
