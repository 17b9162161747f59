import { Injectable } from '@nestjs/common';
import { DEFAULT_CHANNEL, ProcedureCode } from '../catalog/procedure-codes';
import { Clock } from '../common/clock';
import { decodeCursor, Page, toPage } from '../common/pagination';
import { searchWords } from '../common/search-text';
import { ProblemException } from '../common/problem';
import { isCalendarDate } from '../common/validators';
import { AppConfig } from '../config/app-config';
import { StudentsRepository } from '../students/students.repository';
import { CreateDossierDto, DossierResponse, ListDossiersQuery } from './dossiers.dto';
import type { Actor } from '../common/actor';
import { DOSSIER_SORT_FIELDS, DossierWithStudent, OpenDossierExists, parseSort } from './dossiers.model';
import { DossiersRepository, sortKeyOf } from './dossiers.repository';

/** Dossiers received before this day are refused as a typing mistake. */
const EARLIEST_RECEIPT = '2000-01-01';


@Injectable()
export class DossiersService {
  constructor(
    private readonly dossiers: DossiersRepository,
    private readonly students: StudentsRepository,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  async open(request: CreateDossierDto, actor: Actor): Promise<DossierResponse> {
    const today = this.clock.today();
    const receivedAt = request.receivedAt ?? today;
    if (receivedAt > today) {
      throw ProblemException.validation([{ field: 'receivedAt', message: 'must not be in the future' }]);
    }
    if (receivedAt < EARLIEST_RECEIPT) {
      throw ProblemException.validation([{ field: 'receivedAt', message: `must not be before ${EARLIEST_RECEIPT}` }]);
    }
    const student = await this.students.findById(request.studentId);
    if (!student) throw ProblemException.validation([{ field: 'studentId', message: 'refers to no student' }]);
    const procedureCode = request.procedureCode as ProcedureCode;
    try {
      const dossier = await this.dossiers.create(
        { studentId: student.id, procedureCode, channel: request.channel ?? DEFAULT_CHANNEL[procedureCode], receivedAt },
        this.config.OFFICE_REFERENCE_PREFIX,
        actor,
      );
      return present(dossier);
    } catch (error) {
      if (!(error instanceof OpenDossierExists)) throw error;
      throw ProblemException.conflict(`The student already has dossier ${error.existing.reference} open for this procedure.`, {
        type: '/problems/open-dossier-exists',
        title: 'Dossier already open',
        existingDossier: error.existing,
      });
    }
  }

  async get(id: string): Promise<DossierResponse> {
    const dossier = await this.dossiers.findById(id);
    if (!dossier) throw ProblemException.notFound('dossier', id);
    return present(dossier);
  }

  async list(query: ListDossiersQuery): Promise<Page<DossierResponse>> {
    const cursor = query.cursor ? decodeCursor(query.cursor, query.sort) : undefined;
    if (cursor && !DOSSIER_SORT_FIELDS[parseSort(query.sort).field].isKey(cursor.key)) {
      throw ProblemException.validation([{ field: 'cursor', message: 'is not a cursor returned by this list (with this sort)' }]);
    }
    const words = searchWords(query.q);
    // a search made only of punctuation ("%", "_") can match nothing
    if (words.length === 0 && query.q?.trim()) return { items: [], nextCursor: null };
    const rows = await this.dossiers.list({
      statuses: query.status,
      procedureCode: query.procedureCode,
      institutionId: query.institutionId,
      assigneeId: query.assigneeId === undefined ? undefined : query.assigneeId.toLowerCase() === 'none' ? null : query.assigneeId.toLowerCase(),
      deadlineBefore: query.deadlineBefore === undefined ? undefined : this.instant(query.deadlineBefore),
      words,
      sort: query.sort,
      limit: query.limit + 1,
      after: cursor && { key: cursor.key, id: cursor.id },
    });
    return toPage(rows, query.limit, query.sort, (row) => ({ key: sortKeyOf(row, query.sort), id: row.id }), present);
  }

  /** A date means the start of that day at the office; a date-time is taken as given. */
  private instant(value: string): Date {
    const instant = isCalendarDate(value.slice(0, 10)) ? (value.length === 10 ? this.clock.startOfDay(value) : new Date(value)) : null;
    if (instant === null || Number.isNaN(instant.getTime())) {
      throw ProblemException.validation([{ field: 'deadlineBefore', message: 'is not a real date or time' }]);
    }
    return instant;
  }
}

export function present(dossier: DossierWithStudent): DossierResponse {
  return {
    ...dossier,
    deadlineAt: dossier.deadlineAt?.toISOString() ?? null,
    createdAt: dossier.createdAt.toISOString(),
    updatedAt: dossier.updatedAt.toISOString(),
  };
}
