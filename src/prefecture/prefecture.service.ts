import { Injectable } from '@nestjs/common';
import type { Actor } from '../common/actor';
import { Clock } from '../common/clock';
import { addDays } from '../common/dates';
import { FieldProblem, ProblemException } from '../common/problem';
import { isCalendarDate } from '../common/validators';
import { DossiersService } from '../dossiers/dossiers.service';
import { DossierResponse } from '../dossiers/dossiers.dto';
import { WorkflowService } from '../workflow/workflow.moves';
import { CardEventDto, SummonsDto, SummonsResponse } from './prefecture.dto';
import { PrefectureRepository, Summons } from './prefecture.repository';

/** The prefecture's side of a forwarded dossier: summons of the student, the card once granted. */
@Injectable()
export class PrefectureService {
  constructor(
    private readonly prefecture: PrefectureRepository,
    private readonly dossiers: DossiersService,
    private readonly clock: Clock,
  ) {}

  async summon(id: string, request: SummonsDto, actor: Actor, expectedVersion?: number): Promise<SummonsResponse> {
    const dossier = await this.dossiers.require(id);
    if (dossier.status !== 'forwarded' && !(dossier.status === 'decided' && dossier.decision === 'favourable')) {
      throw ProblemException.of('prefecture.summons-not-allowed', { status: dossier.status }, { currentStatus: dossier.status });
    }
    const appointmentAt = new Date(request.appointmentAt);
    const earliest = dossier.filedAt ?? dossier.receivedAt;
    const latest = addDays(this.clock.today(), 730);
    if (!isCalendarDate(request.appointmentAt.slice(0, 10)) || Number.isNaN(appointmentAt.getTime()))
      throw ProblemException.validation([{ field: 'appointmentAt', code: 'notRealDateTime' }]);
    // the day at the office (23:30Z on the 8th is the 9th in Paris), whatever offset it was written with
    const day = this.clock.dayOf(appointmentAt);
    if (day < earliest || day > latest) {
      throw ProblemException.validation([{ field: 'appointmentAt', code: 'appointmentRange', params: { earliest, latest } }]);
    }
    try {
      const summons = await this.prefecture.addSummons(
        id,
        { reason: request.reason, appointmentAt, place: request.place ?? null, note: request.note ?? null },
        actor,
        expectedVersion,
      );
      return present(summons);
    } catch (error) {
      throw WorkflowService.refusal(error, dossier.status);
    }
  }

  async summonses(id: string): Promise<SummonsResponse[]> {
    await this.dossiers.require(id);
    return (await this.prefecture.summonses(id)).map(present);
  }

  async cardEvent(id: string, request: CardEventDto, actor: Actor, expectedVersion?: number): Promise<DossierResponse> {
    const dossier = await this.dossiers.require(id);
    if (dossier.status !== 'decided' || dossier.decision !== 'favourable') {
      throw ProblemException.of('prefecture.card-not-granted', {}, { currentStatus: dossier.status });
    }
    const on = request.on ?? this.clock.today();
    const problems: FieldProblem[] = [];
    if (on > this.clock.today()) problems.push({ field: 'on', code: 'notInFuture' });
    if (dossier.decidedOn && on < dossier.decidedOn) problems.push({ field: 'on', code: 'notBeforeDecision', params: { date: dossier.decidedOn } });
    if (request.event === 'handed_over' && dossier.cardReadyOn && on < dossier.cardReadyOn)
      problems.push({ field: 'on', code: 'notBeforeCardReady', params: { date: dossier.cardReadyOn } });
    if (problems.length) throw ProblemException.validation(problems);
    // the card is ready once, then handed over once
    const already = request.event === 'ready' ? dossier.cardReadyOn : dossier.cardHandedOverOn;
    if (already) throw ProblemException.of('prefecture.card-already-recorded', { event: request.event, on: already });
    if (request.event === 'handed_over' && !dossier.cardReadyOn) {
      throw ProblemException.of('prefecture.card-not-ready');
    }
    try {
      await this.prefecture.cardEvent(id, request.event, on, actor, expectedVersion);
    } catch (error) {
      throw WorkflowService.refusal(error, dossier.status);
    }
    return this.dossiers.get(id);
  }
}

function present(summons: Summons): SummonsResponse {
  return { ...summons, appointmentAt: summons.appointmentAt.toISOString(), createdAt: summons.createdAt.toISOString() };
}
