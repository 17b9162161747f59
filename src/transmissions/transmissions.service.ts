import { AuditRepository } from '../audit/audit.repository';
import { AuditService } from '../audit/audit.service';
import { OfficeService } from '../office/office.service';
import { SlipLinks } from './transmissions.slip-links';
import { Injectable } from '@nestjs/common';
import { CatalogService } from '../catalog/catalog.service';
import type { Actor } from '../common/actor';
import { Clock } from '../common/clock';
import { decodeCursor, Page, toPage } from '../common/pagination';
import { FieldProblem, ProblemException } from '../common/problem';
import { isCalendarDate } from '../common/validators';
import { AppConfig } from '../config/app-config';
import { DossiersRepository } from '../dossiers/dossiers.repository';
import type { Move } from '../workflow/workflow.model';
import { findTransition } from '../workflow/workflow.transitions';
import { WorkflowService } from '../workflow/workflow.moves';
import { CreateTransmissionDto, TransmissionResponse } from './transmissions.dto';
import { Transmission } from './transmissions.model';
import { TransmissionsRepository } from './transmissions.repository';
import { slipCsv, slipHtml } from './transmissions.slip';

@Injectable()
export class TransmissionsService {
  constructor(
    private readonly transmissions: TransmissionsRepository,
    private readonly dossiers: DossiersRepository,
    private readonly workflow: WorkflowService,
    private readonly catalog: CatalogService,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly office: OfficeService,
    private readonly links: SlipLinks,
    private readonly audit: AuditService,
    private readonly auditRepository: AuditRepository,
  ) {}

  /**
   * Forwards a batch of verified dossiers to a prefecture contact, with its slip: each dossier
   * becomes forwarded (filed on `sentOn`), its implicit-rejection date set and the student told.
   * Any dossier that is not verified (or not found) refuses the whole batch.
   */
  async create(request: CreateTransmissionDto, actor: Actor): Promise<TransmissionResponse> {
    const sentOn = request.sentOn ?? this.clock.today();
    if (sentOn > this.clock.today()) throw ProblemException.validation([{ field: 'sentOn', code: 'notInFuture' }]);
    const found = await Promise.all(request.dossierIds.map((id) => this.dossiers.findById(id)));
    const unknown = found.flatMap((dossier, i): FieldProblem[] => (dossier ? [] : [{ field: `dossierIds.${i}`, code: 'refersToNoDossier' }]));
    if (unknown.length) throw ProblemException.validation(unknown);
    const dossiers = found.map((d) => d!);
    const notVerified = dossiers.filter((d) => d.status !== 'verified');
    if (notVerified.length) {
      const listed = notVerified.map((d) => ({ id: d.id, reference: d.reference, status: d.status }));
      throw ProblemException.of(
        'transmission.not-verified',
        { dossiers: listed.map(({ reference, status }) => ({ reference, status })) },
        { dossiers: listed },
      );
    }
    const receivedLater = dossiers.filter((d) => d.receivedAt > sentOn);
    if (receivedLater.length) {
      const dossiers = receivedLater.map((d) => ({ reference: d.reference, receivedAt: d.receivedAt }));
      throw ProblemException.validation([{ field: 'sentOn', code: 'notBeforeDossiersReceived', params: { dossiers } }]);
    }
    const prefectures = new Set(dossiers.map((d) => d.prefecture ?? this.config.OFFICE_PREFECTURE));
    if (!request.prefecture && prefectures.size > 1) {
      throw ProblemException.validation([{ field: 'prefecture', code: 'prefectureRequired', params: { prefectures: [...prefectures] } }]);
    }
    // the prefecture the batch goes to becomes the dossiers' own: its rules (silence) apply to them
    const prefecture = request.prefecture ?? [...prefectures][0]!;
    const counts = await this.transmissions.documentCounts(dossiers.map((d) => d.id));
    const forward = findTransition('verified', 'forwarded')!;
    const planned = await Promise.allSettled(dossiers.map((dossier) => this.workflow.planMove(dossier, forward, { filedOn: sentOn, prefecture }, actor)));
    const blocked = planned.flatMap((result, i) => (result.status === 'rejected' ? [{ dossier: dossiers[i]!, error: result.reason as unknown }] : []));
    if (blocked.length) {
      const unexpected = blocked.find((b) => !(b.error instanceof ProblemException));
      if (unexpected) throw unexpected.error;
      throw ProblemException.of(
        'transmission.blocking-findings',
        { references: blocked.map((b) => b.dossier.reference) },
        { dossiers: blocked.map((b) => ({ id: b.dossier.id, reference: b.dossier.reference, findings: (b.error as ProblemException).problem.findings })) },
      );
    }
    const moves = planned.map((result) => (result as PromiseFulfilledResult<Move>).value);
    try {
      const transmission = await this.transmissions.create(
        { prefecture, contact: request.contact, sentOn, note: request.note ?? null },
        dossiers.map((d) => ({
          dossierId: d.id,
          reference: d.reference,
          studentName: [d.student.usageName ?? d.student.birthName, d.student.firstNames].join(' '),
          procedureCode: d.procedureCode,
          documentCount: counts.get(d.id) ?? 0,
        })),
        moves,
        actor,
      );
      return this.present(transmission);
    } catch (error) {
      throw WorkflowService.refusal(error, 'verified');
    }
  }

  async get(id: string): Promise<TransmissionResponse> {
    return this.present(await this.require(id));
  }

  async list(limit: number, cursor?: string): Promise<Page<TransmissionResponse>> {
    const after = cursor ? decodeCursor(cursor, '-sentOn', 'string') : undefined;
    if (after && !isCalendarDate(after.key)) throw ProblemException.validation([{ field: 'cursor', code: 'cursor' }]);
    const rows = await this.transmissions.list(limit + 1, after && { sentOn: after.key as string, id: after.id });
    const items = rows.map((row) => this.present(row));
    return toPage(
      items,
      limit,
      '-sentOn',
      (t) => ({ key: t.sentOn, id: t.id }),
      (t) => t,
    );
  }

  /** POST /api/transmissions/:id/slip-links: a one-time link that opens the printable slip in a page of its own. */
  async slipLink(id: string, actor: Actor): Promise<{ url: string; expiresAt: string }> {
    await this.require(id);
    return this.links.issue(id, actor);
  }

  /** GET /api/transmissions/slips/:ticket: the slip a link was issued for, once; an export of its students, audited as the agent who asked. */
  async slipByLink(ticket: string, requestId: string): Promise<string> {
    const { transmissionId, actor } = await this.links.redeem(ticket);
    const html = await this.slip(transmissionId, 'html');
    const studentIds = await this.auditRepository.studentsOfTransmission(transmissionId);
    await this.audit.record({
      actor,
      action: 'transmission.export',
      resourceType: 'transmission',
      resourceId: transmissionId,
      studentIds,
      requestId,
      details: { route: 'GET /api/transmissions/slips/:ticket' },
    });
    return html;
  }

  async slip(id: string, format: 'csv' | 'html'): Promise<string> {
    const transmission = await this.require(id);
    const name = await this.procedureNames();
    return format === 'csv' ? slipCsv(transmission, name) : slipHtml(transmission, name, await this.office.profile());
  }

  private async require(id: string): Promise<Transmission> {
    const transmission = await this.transmissions.findById(id);
    if (!transmission) throw ProblemException.notFound('transmission', id);
    return transmission;
  }

  private async procedureNames(): Promise<(code: string) => string> {
    const procedures = await this.catalog.list();
    const names = new Map(procedures.map((p) => [p.code, p.names.fr]));
    return (code) => names.get(code) ?? code;
  }

  private present(transmission: Transmission): TransmissionResponse {
    const base = `/api/transmissions/${transmission.id}/slip`;
    return { ...transmission, createdAt: transmission.createdAt.toISOString(), slip: { csv: `${base}.csv`, html: `${base}.html` } };
  }
}
