import { Injectable } from '@nestjs/common';
import { searchText } from '../common/search-text';
import { escapeLike, fromDbDate, toDbDate } from '../common/validators';
import { keysetAfter } from '../infra/prisma/keyset';
import { OPEN_DOSSIER_STATUSES } from '../dossiers/dossiers.model';
import type { Prisma, Student as StudentRow } from '../infra/prisma/generated/client';
import { PrismaService } from '../infra/prisma/prisma.service';
import { Student, StudentFilter, StudentInput } from './students.model';

@Injectable()
export class StudentsRepository {
  constructor(private readonly prisma: PrismaService) {}

  async create(input: StudentInput): Promise<Student> {
    const data = { ...studentColumns(input), searchName: searchNameOf(input) } as Prisma.StudentUncheckedCreateInput;
    return toStudent(await this.prisma.student.create({ data }));
  }

  async findById(id: string): Promise<Student | null> {
    const row = await this.prisma.student.findUnique({ where: { id } });
    return row && toStudent(row);
  }

  async findByIds(ids: readonly string[]): Promise<Student[]> {
    const rows = await this.prisma.student.findMany({ where: { id: { in: [...ids] } } });
    return rows.map(toStudent);
  }

  async findIdByNumber(institutionId: string, studentNumber: string): Promise<string | null> {
    const row = await this.prisma.student.findUnique({
      where: { institutionId_studentNumber: { institutionId, studentNumber } },
      select: { id: true },
    });
    return row?.id ?? null;
  }

  async findIdByForeignerNumber(foreignerNumber: string): Promise<string | null> {
    const row = await this.prisma.student.findUnique({ where: { foreignerNumber }, select: { id: true } });
    return row?.id ?? null;
  }

  /**
   * Applies the changes; when the student changes institution, their open dossiers follow
   * (in the same transaction), so the new institution's agents handle them.
   */
  async update(id: string, changes: Partial<StudentInput>): Promise<Student> {
    return this.prisma.$transaction(async (tx) => {
      let row = await tx.student.update({ where: { id }, data: studentColumns(changes) });
      if (changes.birthName !== undefined || changes.usageName !== undefined || changes.firstNames !== undefined) {
        row = await tx.student.update({ where: { id }, data: { searchName: searchNameOf(row) } });
      }
      if (changes.institutionId !== undefined) {
        await tx.dossier.updateMany({
          where: { studentId: id, status: { in: [...OPEN_DOSSIER_STATUSES] }, institutionId: { not: changes.institutionId } },
          data: { institutionId: changes.institutionId, version: { increment: 1 } },
        });
      }
      return toStudent(row);
    });
  }

  /** Ordered by birth name then id; every search word must match a name, the student number or the e-mail. */
  async list(filter: StudentFilter): Promise<Student[]> {
    const { institutionId, scope, words, after, limit } = filter;
    const rows = await this.prisma.student.findMany({
      where: {
        AND: [
          institutionId ? { institutionId } : {},
          scope ? { institutionId: { in: scope } } : {},
          ...words.map((word) => ({
            OR: [
              { searchName: { contains: escapeLike(word) } },
              { studentNumber: { contains: escapeLike(word), mode: 'insensitive' as const } },
              { email: { contains: escapeLike(word), mode: 'insensitive' as const } },
            ],
          })),
          after ? keysetAfter('birthName', { key: after.birthName, id: after.id }) : {},
        ],
      },
      orderBy: [{ birthName: 'asc' }, { id: 'asc' }],
      take: limit,
    });
    return rows.map(toStudent);
  }
}

type Columns = Omit<StudentRow, 'id' | 'createdAt' | 'updatedAt' | 'searchName'>;

/** What a name search compares (see searchText): the birth name, the usage name and the first names. */
export function searchNameOf(names: { birthName: string; usageName?: string | null; firstNames: string }): string {
  return searchText([names.birthName, names.usageName ?? '', names.firstNames].join(' '));
}

/** Domain fields → columns; only the keys present in `input` are written. */
export function studentColumns(input: Partial<StudentInput>): Partial<Columns> {
  const { address, currentPermit, birthDate, expectedDefenceDate, internshipEndDate, ...plain } = input;
  const columns: Partial<Columns> = { ...plain };
  if (birthDate !== undefined) columns.birthDate = toDbDate(birthDate);
  if (expectedDefenceDate !== undefined) columns.expectedDefenceDate = toDbDate(expectedDefenceDate);
  if (internshipEndDate !== undefined) columns.internshipEndDate = toDbDate(internshipEndDate);
  if (address !== undefined) {
    columns.addressLine1 = address?.line1 ?? null;
    columns.addressLine2 = address?.line2 ?? null;
    columns.postalCode = address?.postalCode ?? null;
    columns.city = address?.city ?? null;
  }
  if (currentPermit !== undefined) {
    columns.permitKind = currentPermit?.kind ?? null;
    columns.permitNumber = currentPermit?.number ?? null;
    columns.permitValidFrom = toDbDate(currentPermit?.validFrom ?? null);
    columns.permitValidUntil = toDbDate(currentPermit?.validUntil ?? null);
  }
  return columns;
}

export function toStudent(row: StudentRow): Student {
  const {
    addressLine1,
    addressLine2,
    postalCode,
    city,
    permitKind,
    permitNumber,
    permitValidFrom,
    permitValidUntil,
    birthDate,
    expectedDefenceDate,
    internshipEndDate,
    searchName: _searchName,
    ...plain
  } = row;
  return {
    ...plain,
    birthDate: fromDbDate(birthDate),
    expectedDefenceDate: fromDbDate(expectedDefenceDate),
    internshipEndDate: fromDbDate(internshipEndDate),
    address: addressLine1 !== null && postalCode !== null && city !== null ? { line1: addressLine1, line2: addressLine2, postalCode, city } : null,
    currentPermit:
      permitKind !== null && permitValidUntil !== null
        ? { kind: permitKind, number: permitNumber, validFrom: fromDbDate(permitValidFrom), validUntil: fromDbDate(permitValidUntil) }
        : null,
  };
}
