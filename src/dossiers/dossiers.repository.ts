import { Injectable } from '@nestjs/common';
import { fromDbDate, toDbDate } from '../common/validators';
import type { Prisma } from '../infra/prisma/generated/client';
import { PrismaService } from '../infra/prisma/prisma.service';
import { Actor, DossierFilter, DossierSort, DossierWithStudent, NewDossier } from './dossiers.model';

const STUDENT_SUMMARY = { select: { id: true, studentNumber: true, birthName: true, usageName: true, firstNames: true } } as const;

type DossierRow = Prisma.DossierGetPayload<{ include: { student: typeof STUDENT_SUMMARY } }>;

/** Sort name → column, and how a cursor key is read back. */
const SORT_COLUMNS = {
  receivedAt: { field: 'receivedAt', nullable: false, key: (v: string) => toDbDate(v) },
  reference: { field: 'reference', nullable: false, key: (v: string) => v },
  deadlineAt: { field: 'deadlineAt', nullable: true, key: (v: string) => new Date(v) },
  updatedAt: { field: 'updatedAt', nullable: false, key: (v: string) => new Date(v) },
} as const;

@Injectable()
export class DossiersRepository {
  constructor(private readonly prisma: PrismaService) {}

  /**
   * Opens a dossier: takes the next reference of the year (gap-free counter, locked until
   * commit), inserts the dossier and its first history row, all in one transaction.
   */
  async create(input: NewDossier, referencePrefix: string, actor: Actor): Promise<DossierWithStudent> {
    const row = await this.prisma.$transaction(async (tx) => {
      const year = Number(input.receivedAt.slice(0, 4));
      const [counter] = await tx.$queryRaw<{ last: number }[]>`
        INSERT INTO reference_counters (prefix, year, last) VALUES (${referencePrefix}, ${year}, 1)
        ON CONFLICT (prefix, year) DO UPDATE SET last = reference_counters.last + 1
        RETURNING last`;
      const reference = `${referencePrefix}-${year}-${String(counter!.last).padStart(6, '0')}`;
      return tx.dossier.create({
        data: {
          reference,
          studentId: input.studentId,
          institutionId: input.institutionId,
          procedureCode: input.procedureCode,
          channel: input.channel,
          receivedAt: toDbDate(input.receivedAt),
          history: {
            create: { event: 'opened', fromStatus: null, toStatus: 'received', actorId: actor.agentId, actorLabel: actor.label },
          },
        },
        include: { student: STUDENT_SUMMARY },
      });
    });
    return toDossier(row);
  }

  async findById(id: string): Promise<DossierWithStudent | null> {
    const row = await this.prisma.dossier.findUnique({ where: { id }, include: { student: STUDENT_SUMMARY } });
    return row && toDossier(row);
  }

  /** Keyset-paginated list: sort column then id, in the sort's direction. */
  async list(filter: DossierFilter): Promise<DossierWithStudent[]> {
    const { sortColumn, descending } = parseSort(filter.sort);
    const direction = descending ? 'desc' : 'asc';
    const where: Prisma.DossierWhereInput[] = [];
    if (filter.statuses?.length) where.push({ status: { in: filter.statuses } });
    if (filter.procedureCode) where.push({ procedureCode: filter.procedureCode });
    if (filter.institutionId) where.push({ institutionId: filter.institutionId });
    if (filter.assigneeId !== undefined) where.push({ assigneeId: filter.assigneeId });
    if (filter.deadlineBefore) where.push({ deadlineAt: { lt: filter.deadlineBefore } });
    for (const word of filter.words ?? []) where.push(matchesWord(word));
    if (filter.after) where.push(after(sortColumn, descending, filter.after));

    const rows = await this.prisma.dossier.findMany({
      where: { AND: where },
      include: { student: STUDENT_SUMMARY },
      orderBy: [
        (sortColumn.nullable ? { [sortColumn.field]: { sort: direction, nulls: 'last' } } : { [sortColumn.field]: direction }) as Prisma.DossierOrderByWithRelationInput,
        { id: direction },
      ],
      take: filter.limit,
    });
    return rows.map(toDossier);
  }
}

function parseSort(sort: DossierSort) {
  const descending = sort.startsWith('-');
  const name = (descending ? sort.slice(1) : sort) as keyof typeof SORT_COLUMNS;
  return { sortColumn: SORT_COLUMNS[name], descending };
}

/** The sort key of a row, as a cursor carries it. */
export function sortKeyOf(dossier: DossierWithStudent, sort: DossierSort): string | null {
  const { sortColumn } = parseSort(sort);
  const value = dossier[sortColumn.field];
  return value instanceof Date ? value.toISOString() : value;
}

function matchesWord(word: string): Prisma.DossierWhereInput {
  return {
    OR: [
      { reference: { contains: word, mode: 'insensitive' } },
      {
        student: {
          OR: [
            { studentNumber: { equals: word, mode: 'insensitive' } },
            { birthName: { contains: word, mode: 'insensitive' } },
            { usageName: { contains: word, mode: 'insensitive' } },
            { firstNames: { contains: word, mode: 'insensitive' } },
          ],
        },
      },
    ],
  };
}

/**
 * Rows strictly after the cursor in (sort key, id) order. Nullable keys sort last: once the
 * cursor is in the null zone only nulls with a further id follow; before it, nulls always do.
 */
function after(
  column: (typeof SORT_COLUMNS)[keyof typeof SORT_COLUMNS],
  descending: boolean,
  cursor: { key: string | number | null; id: string },
): Prisma.DossierWhereInput {
  const beyond = descending ? 'lt' : 'gt';
  const idBeyond = { id: { [beyond]: cursor.id } };
  if (cursor.key === null) return { [column.field]: null, ...idBeyond };
  const key = column.key(String(cursor.key));
  const conditions: Prisma.DossierWhereInput[] = [{ [column.field]: { [beyond]: key } }, { [column.field]: key, ...idBeyond }];
  if (column.nullable) conditions.push({ [column.field]: null });
  return { OR: conditions };
}

function toDossier(row: DossierRow): DossierWithStudent {
  return { ...row, receivedAt: fromDbDate(row.receivedAt), filedAt: fromDbDate(row.filedAt) };
}
