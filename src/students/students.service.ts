import { Actor, covers } from '../common/actor';
import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock';
import { decodeCursor, Page, toPage } from '../common/pagination';
import { searchWords } from '../common/search-text';
import { FieldProblem, ProblemException } from '../common/problem';
import { InstitutionsRepository } from '../institutions/institutions.repository';
import { ListStudentsQuery, StudentResponse } from './students.dto';
import { Student, StudentInput } from './students.model';
import { StudentsRepository } from './students.repository';

const SORT = 'birthName';

@Injectable()
export class StudentsService {
  constructor(
    private readonly students: StudentsRepository,
    private readonly institutions: InstitutionsRepository,
    private readonly clock: Clock,
  ) {}

  async create(input: StudentInput, actor: Actor): Promise<StudentResponse> {
    this.assertBornBeforeToday(input.birthDate);
    assertCovers(actor, input.institutionId);
    await this.assertInstitutionExists(input.institutionId);
    await this.assertUnique(input);
    return present(await this.students.create(input));
  }

  async get(id: string): Promise<StudentResponse> {
    return present(await this.require(id));
  }

  async update(id: string, changes: Partial<StudentInput>, actor: Actor): Promise<StudentResponse> {
    if (changes.birthDate !== undefined) this.assertBornBeforeToday(changes.birthDate);
    const current = await this.require(id);
    if (changes.institutionId !== undefined && changes.institutionId !== current.institutionId) {
      assertCovers(actor, changes.institutionId);
      await this.assertInstitutionExists(changes.institutionId);
    }
    await this.assertUnique({ ...current, ...changes }, id);
    return present(await this.students.update(id, changes));
  }

  async list(query: ListStudentsQuery, actor: Actor): Promise<Page<StudentResponse>> {
    const cursor = query.cursor ? decodeCursor(query.cursor, SORT, 'string') : undefined;
    const words = searchWords(query.q);
    // a search made only of punctuation ("%", "_") can match nothing
    if (words.length === 0 && query.q?.trim()) return { items: [], nextCursor: null };
    const rows = await this.students.list({
      institutionId: query.institutionId,
      scope: actor.institutionIds,
      words,
      limit: query.limit + 1,
      after: cursor ? { birthName: cursor.key as string, id: cursor.id } : undefined,
    });
    return toPage(rows, query.limit, SORT, (row) => ({ key: row.birthName, id: row.id }), present);
  }

  /** The student, or a 404 naming the id. */
  async require(id: string): Promise<Student> {
    const student = await this.students.findById(id);
    if (!student) throw ProblemException.notFound('student', id);
    return student;
  }

  /** A birth date is a day before today at the office (just after midnight in Paris, yesterday is in the past there, not yet in UTC). */
  private assertBornBeforeToday(birthDate: string): void {
    if (birthDate >= this.clock.today()) throw ProblemException.validation([{ field: 'birthDate', code: 'inPast' }]);
  }

  private async assertInstitutionExists(institutionId: string): Promise<void> {
    if (!(await this.institutions.findById(institutionId))) {
      throw ProblemException.validation([{ field: 'institutionId', code: 'refersToNoInstitution' }]);
    }
  }

  /** Student numbers are unique within an institution; foreigner numbers everywhere. */
  private async assertUnique(student: Pick<StudentInput, 'institutionId' | 'studentNumber' | 'foreignerNumber'>, self?: string) {
    const clashes: FieldProblem[] = [];
    const byNumber = await this.students.findIdByNumber(student.institutionId, student.studentNumber);
    if (byNumber && byNumber !== self) clashes.push({ field: 'studentNumber', code: 'studentNumberTaken' });
    if (student.foreignerNumber) {
      const byForeignerNumber = await this.students.findIdByForeignerNumber(student.foreignerNumber);
      if (byForeignerNumber && byForeignerNumber !== self) clashes.push({ field: 'foreignerNumber', code: 'foreignerNumberTaken' });
    }
    if (clashes.length) {
      throw ProblemException.of('student.duplicate', { fields: clashes.map((c) => c.field) }, { errors: clashes });
    }
  }
}

export function present(student: Student): StudentResponse {
  return { ...student, createdAt: student.createdAt.toISOString(), updatedAt: student.updatedAt.toISOString() };
}

/** An agent restricted to some institutions registers and moves students only within them. */
function assertCovers(actor: Actor, institutionId: string): void {
  if (!covers(actor, institutionId)) {
    throw ProblemException.of('auth.institution-not-covered', {}, { errors: [{ field: 'institutionId', code: 'institutionNotCovered' }] });
  }
}
