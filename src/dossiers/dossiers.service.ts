import { deadlineDay } from '../common/people-format';
import { Injectable, Logger } from '@nestjs/common';
import { validateCase, validateFacts } from '../catalog/catalog.schema';
import { AgentsRepository } from '../agents/agents.repository';
import { CatalogService } from '../catalog/catalog.service';
import { Actor, covers, hasRole } from '../common/actor';
import { Clock } from '../common/clock';
import { DossierEvents } from '../common/dossier-events';
import { decodeCursor, Page, toPage } from '../common/pagination';
import { FieldProblem, ProblemException } from '../common/problem';
import { searchWords } from '../common/search-text';
import { isCalendarDate } from '../common/validators';
import { AppConfig } from '../config/app-config';
import { CreateDossierDto, DossierResponse, ListDossiersQuery, UpdateDossierDto } from './dossiers.dto';
import {
  DOSSIER_SORT_FIELDS,
  DossierFacts,
  DossierWithStudent,
  NO_STUDENT_ACTIVITY,
  OpenDossierExists,
  parseSort,
  prefectureOf,
  StaleDossier,
  StudentActivity,
} from './dossiers.model';
import { DossierOpeningRepository } from './dossiers.opening';
import { DossiersRepository, sortKeyOf } from './dossiers.repository';

/** Dossiers received before this day are refused as a typing mistake. */
const EARLIEST_RECEIPT = '2000-01-01';

@Injectable()
export class DossiersService {
  private readonly logger = new Logger('Dossiers');

  constructor(
    private readonly dossiers: DossiersRepository,
    private readonly catalog: CatalogService,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly events: DossierEvents,
    private readonly agents: AgentsRepository,
    private readonly openings: DossierOpeningRepository,
  ) {}

  /**
   * Opens a dossier under the catalog version in effect on its receipt date, for the
   * prefecture of the student's address.
   */
  async open(request: CreateDossierDto, actor: Actor): Promise<DossierResponse> {
    const today = this.clock.today();
    const receivedAt = request.receivedAt ?? today;
    if (receivedAt > today) throw ProblemException.validation([{ field: 'receivedAt', code: 'notInFuture' }]);
    if (receivedAt < EARLIEST_RECEIPT) throw ProblemException.validation([{ field: 'receivedAt', code: 'notBefore', params: { date: EARLIEST_RECEIPT } }]);
    // the student and the version in effect in one read; the version itself is immutable, kept by the catalog once read
    const context = await this.openings.context(request.studentId, request.procedureCode, receivedAt);
    const { student } = context;
    const version = context.versionId ? await this.catalog.version(context.versionId) : null;
    const problems: FieldProblem[] = [];
    // a student of an institution the agent does not cover does not exist for them
    if (!student || !covers(actor, student.institutionId)) problems.push({ field: 'studentId', code: 'refersToNoStudent' });
    if (!version) problems.push({ field: 'procedureCode', code: 'notAProcedure' });
    if (version) {
      problems.push(...validateCase(version.definition, request.procedureCase ?? null));
      problems.push(...validateFacts(version.definition, request.facts ?? {}));
    }
    if (problems.length || !student || !version || !covers(actor, student.institutionId)) throw ProblemException.validation(problems);
    try {
      const dossier = await this.openings.open(
        {
          studentId: student.id,
          procedureCode: request.procedureCode,
          procedureVersionId: version.id,
          procedureCase: request.procedureCase ?? null,
          prefecture: prefectureOf(student.postalCode) ?? this.config.OFFICE_PREFECTURE,
          facts: withoutNulls(request.facts ?? {}),
          channel: request.channel ?? version.definition.channel,
          receivedAt,
        },
        version.version,
        this.config.OFFICE_REFERENCE_PREFIX,
        actor,
      );
      // the student has had no way to send anything yet
      return present(dossier, this.config.OFFICE_TIMEZONE, NO_STUDENT_ACTIVITY);
    } catch (error) {
      if (!(error instanceof OpenDossierExists)) throw error;
      throw ProblemException.of(
        'dossier.open-exists',
        { reference: error.existing.reference, dossierId: error.existing.id },
        { existingDossier: error.existing },
      );
    }
  }

  /**
   * One dossier as the API shows it, read in one statement. Given the agent, their reach is
   * checked on that row (the GET's guard does not look the dossier up, @ScopeCheckedOnRow):
   * another institution's dossier is the same 404 as an unknown id.
   */
  async get(id: string, reach?: Actor): Promise<DossierResponse> {
    const found = await this.dossiers.findForView(id);
    if (!found || (reach && !covers(reach, found.dossier.institutionId))) throw ProblemException.notFound('dossier', id);
    return present(found.dossier, this.config.OFFICE_TIMEZONE, found.activity);
  }

  /** The dossier, or a 404 naming the id. */
  /** The dossiers of these ids that exist (a batch of the expiry sweep). */
  findMany(ids: readonly string[]): Promise<DossierWithStudent[]> {
    return this.dossiers.findByIds(ids);
  }

  async require(id: string): Promise<DossierWithStudent> {
    const dossier = await this.dossiers.findById(id);
    if (!dossier) throw ProblemException.notFound('dossier', id);
    return dossier;
  }

  /** Changes facts, case or channel of the dossier at the version the caller saw (If-Match). */
  async update(id: string, expectedVersion: number, request: UpdateDossierDto, actor: Actor): Promise<DossierResponse> {
    const dossier = await this.require(id);
    if (dossier.version !== expectedVersion) throw stale(dossier.version);
    const definition = dossier.procedureVersionId ? (await this.catalog.version(dossier.procedureVersionId)).definition : null;
    const problems: FieldProblem[] = [];
    if (definition && request.facts) problems.push(...validateFacts(definition, request.facts));
    if (definition && request.procedureCase !== undefined) problems.push(...validateCase(definition, request.procedureCase));
    if (problems.length) throw ProblemException.validation(problems);
    try {
      const updated = await this.dossiers.updateDetails(
        id,
        expectedVersion,
        {
          ...(request.facts && { facts: withoutNulls({ ...dossier.facts, ...request.facts }) }),
          ...(request.procedureCase !== undefined && { procedureCase: request.procedureCase }),
          ...(request.channel && { channel: request.channel }),
        },
        actor,
      );
      if (request.facts)
        await this.events
          .checklistInputsChanged(id)
          .catch((error: unknown) => this.logger.error({ err: error, dossierId: id }, 'A reaction to new facts failed'));
      return await this.presentOne(updated);
    } catch (error) {
      if (error instanceof StaleDossier) throw stale(error.current);
      throw error;
    }
  }

  /** Takes or hands over a dossier: the agent must exist and be active. */
  async assign(id: string, agentId: string | null, actor: Actor, expectedVersion?: number): Promise<DossierResponse> {
    const dossier = await this.require(id);
    if (expectedVersion !== undefined && dossier.version !== expectedVersion) throw stale(dossier.version);
    // agents take a dossier or let go of their own; giving one to someone else, or taking it from them, is a supervisor's call
    const ownMove =
      agentId === actor.agentId
        ? dossier.assigneeId === null || dossier.assigneeId === actor.agentId
        : dossier.assigneeId === actor.agentId && agentId === null;
    if (!ownMove && !hasRole(actor, 'supervisor')) {
      throw ProblemException.of('dossier.reassign-forbidden');
    }
    if (agentId) {
      const agent = await this.agents.findById(agentId);
      if (!agent) throw ProblemException.validation([{ field: 'agentId', code: 'refersToNoAgent' }]);
      if (!agent.active) throw ProblemException.validation([{ field: 'agentId', code: 'agentInactive' }]);
      if (agent.institutionIds && !agent.institutionIds.includes(dossier.institutionId)) {
        throw ProblemException.validation([{ field: 'agentId', code: 'agentNotCovering' }]);
      }
    }
    if (dossier.assigneeId === agentId) return this.presentOne(dossier);
    try {
      await this.dossiers.assign(id, agentId, dossier.assigneeId, actor, expectedVersion);
    } catch (error) {
      if (error instanceof StaleDossier) throw stale(error.current);
      throw error;
    }
    return this.get(id);
  }

  async list(query: ListDossiersQuery, actor: Actor): Promise<Page<DossierResponse>> {
    const cursor = query.cursor ? decodeCursor(query.cursor, query.sort) : undefined;
    if (cursor && !DOSSIER_SORT_FIELDS[parseSort(query.sort).field].isKey(cursor.key)) {
      throw ProblemException.validation([{ field: 'cursor', code: 'cursor' }]);
    }
    const words = searchWords(query.q);
    // a search made only of punctuation ("%", "_") can match nothing
    if (words.length === 0 && query.q?.trim()) return { items: [], nextCursor: null };
    const rows = await this.dossiers.list({
      statuses: query.status,
      procedureCode: query.procedureCode,
      institutionId: query.institutionId,
      studentId: query.studentId,
      studentActivity: query.studentActivity,
      scope: actor.institutionIds,
      assigneeId: query.assigneeId === undefined ? undefined : query.assigneeId.toLowerCase() === 'none' ? null : query.assigneeId.toLowerCase(),
      deadlineBefore: query.deadlineBefore === undefined ? undefined : this.instant(query.deadlineBefore),
      words,
      sort: query.sort,
      limit: query.limit + 1,
      after: cursor && { key: cursor.key, id: cursor.id },
    });
    return toPage(
      rows,
      query.limit,
      query.sort,
      ({ dossier }) => ({ key: sortKeyOf(dossier, query.sort), id: dossier.id }),
      ({ dossier, activity }) => present(dossier, this.config.OFFICE_TIMEZONE, activity),
    );
  }

  /** The dossier as the API shows it, with what the student sent that no agent has looked at yet. */
  private async presentOne(dossier: DossierWithStudent): Promise<DossierResponse> {
    const activity = await this.dossiers.studentActivityOf([dossier.id]);
    return present(dossier, this.config.OFFICE_TIMEZONE, activity.get(dossier.id) ?? NO_STUDENT_ACTIVITY);
  }

  /** A date means the start of that day at the office; a date-time is taken as given. */
  private instant(value: string): Date {
    const instant = isCalendarDate(value.slice(0, 10)) ? (value.length === 10 ? this.clock.startOfDay(value) : new Date(value)) : null;
    if (instant === null || Number.isNaN(instant.getTime())) {
      throw ProblemException.validation([{ field: 'deadlineBefore', code: 'notRealInstant' }]);
    }
    return instant;
  }
}

/** 412: the caller's version is behind; the answer says which version is current. */
export function stale(current: number): ProblemException {
  return ProblemException.of('dossier.stale', { currentVersion: current }, { currentVersion: current });
}

function withoutNulls(facts: Record<string, unknown>): DossierFacts {
  return Object.fromEntries(Object.entries(facts).filter(([, value]) => value !== null)) as DossierFacts;
}

/**
 * The dossier as the API shows it (every field named: a literal of one shape is cheaper to build
 * and to serialise than a rest-spread copy, and nothing unlisted can leak into an answer).
 */
export function present(dossier: DossierWithStudent, timeZone: string, studentActivity: StudentActivity): DossierResponse {
  const deadlineAt = dossier.deadlineAt;
  return {
    id: dossier.id,
    reference: dossier.reference,
    studentId: dossier.studentId,
    institutionId: dossier.institutionId,
    procedureCode: dossier.procedureCode,
    procedureVersion: dossier.procedureVersion,
    procedureCase: dossier.procedureCase,
    prefecture: dossier.prefecture,
    facts: dossier.facts,
    channel: dossier.channel,
    status: dossier.status,
    decision: dossier.decision,
    closeReason: dossier.closeReason,
    version: dossier.version,
    receivedAt: dossier.receivedAt,
    filedAt: dossier.filedAt,
    prefectureReference: dossier.prefectureReference,
    implicitRejectionOn: dossier.implicitRejectionOn,
    decidedOn: dossier.decidedOn,
    cardReadyOn: dossier.cardReadyOn,
    cardHandedOverOn: dossier.cardHandedOverOn,
    deadlineAt: deadlineAt?.toISOString() ?? null,
    // the day the deadline names, as the e-mails write it: a complement's last day ("until 2 January": due at the start of
    // the 3rd); a forwarded dossier's only deadline is the prefecture's silence, named by its implicit-rejection day
    deadlineOn: deadlineAt ? deadlineDay(dossier.status === 'forwarded' ? 'prefecture_silence' : 'complement', deadlineAt, timeZone) : null,
    assigneeId: dossier.assigneeId,
    student: dossier.student,
    studentActivity,
    createdAt: dossier.createdAt.toISOString(),
    updatedAt: dossier.updatedAt.toISOString(),
  };
}
