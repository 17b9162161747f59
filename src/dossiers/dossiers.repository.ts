import { Injectable } from '@nestjs/common';
import { fromDbDate, toDbDate } from '../common/validators';
import { keysetAfter } from '../infra/prisma/keyset';
import { applyDossierChange } from './dossier-change';
import { searchableByWords, searchByWords, wordRange } from './dossier-search';
import { DOSSIER_VIEW, dossierOfViewRow, type DossierViewRow } from './dossiers.statements';
import type { Prisma } from '../infra/prisma/generated/client';
import { PrismaService, PrismaTx } from '../infra/prisma/prisma.service';
import type { Actor } from '../common/actor';
import {
  DOSSIER_SORT_FIELDS,
  DossierDetails,
  DossierFacts,
  DossierFilter,
  DossierSort,
  DossierSortField,
  DossierWithStudent,
  ListedDossier,
  NO_STUDENT_ACTIVITY,
  parseSort,
  StudentActivity,
} from './dossiers.model';

const STUDENT_SUMMARY = { select: { id: true, studentNumber: true, birthName: true, usageName: true, firstNames: true } } as const;
const WITH_SUMMARIES = { student: STUDENT_SUMMARY, procedureVersion: { select: { version: true } } } as const;

/** The search text is the database's own (kept by triggers, read only by `q`): never fetched. */
const WITHOUT_SEARCH_TEXT = { searchText: true } as const;

type DossierRow = Prisma.DossierGetPayload<{ include: typeof WITH_SUMMARIES; omit: typeof WITHOUT_SEARCH_TEXT }>;

/** Cursor keys travel as strings; the columns want these types back. */
const KEY_READERS: Record<DossierSortField, (key: string) => unknown> = {
  receivedAt: (key) => toDbDate(key),
  reference: (key) => key,
  deadlineAt: (key) => new Date(key),
  updatedAt: (key) => new Date(key),
};

@Injectable()
export class DossiersRepository {
  constructor(private readonly prisma: PrismaService) {}

  async findByIds(ids: readonly string[]): Promise<DossierWithStudent[]> {
    const rows = await this.prisma.dossier.findMany({ where: { id: { in: [...ids] } }, include: WITH_SUMMARIES, omit: WITHOUT_SEARCH_TEXT });
    return rows.map(toDossier);
  }

  /** The dossier, on the prepared statement of its page (the moves, the checklist's callers and most changes read it first). */
  async findById(id: string): Promise<DossierWithStudent | null> {
    const [row] = await this.prisma.query<DossierViewRow>(DOSSIER_VIEW, [id]);
    return row ? dossierOfViewRow(row).dossier : null;
  }

  /** The dossier with what its page shows besides (studentActivityOf), in one prepared statement: the GET of a dossier. */
  async findForView(id: string): Promise<{ dossier: DossierWithStudent; activity: StudentActivity } | null> {
    const [row] = await this.prisma.query<DossierViewRow>(DOSSIER_VIEW, [id]);
    return row ? dossierOfViewRow(row) : null;
  }

  /**
   * Changes the details of the dossier at `expectedVersion` (optimistic lock), bumps its
   * version and records the change in its history, in one transaction.
   * Throws StaleDossier when the dossier has moved on.
   */
  async updateDetails(id: string, expectedVersion: number, details: DossierDetails, actor: Actor): Promise<DossierWithStudent> {
    const row = await this.prisma.$transaction(async (tx) => {
      await applyDossierChange(tx, { dossierId: id, actor, expectedVersion, set: details, event: 'details_changed', details: { ...details } });
      return tx.dossier.findUniqueOrThrow({ where: { id }, include: WITH_SUMMARIES, omit: WITHOUT_SEARCH_TEXT });
    });
    return toDossier(row);
  }

  /** Hands the dossier to an agent (or to nobody), with its history row. */
  async assign(id: string, agentId: string | null, previous: string | null, actor: Actor, expectedVersion?: number): Promise<void> {
    await this.prisma.$transaction((tx) =>
      applyDossierChange(tx, {
        dossierId: id,
        actor,
        expectedVersion,
        set: { assigneeId: agentId },
        event: agentId ? 'assigned' : 'unassigned',
        details: { from: previous, to: agentId },
      }),
    );
  }

  /**
   * Keyset-paginated list: sort column then id, in the sort's direction, each dossier with what
   * the student sent that no agent has looked at. A search by date received goes through the
   * dossiers' words in order (dossier-search.ts); the rest through the dossiers' indexes, the
   * words of a search through the same table (matchesWord), as the planner sees fit.
   */
  async list(filter: DossierFilter): Promise<ListedDossier[]> {
    return (searchableByWords(filter) ? await searchByWords(this.prisma, filter) : null) ?? this.listByIndexes(filter);
  }

  /** The list through the dossiers' indexes, for any filter: what list() answers unless the words lead (the e2e compares both). */
  async listByIndexes(filter: DossierFilter): Promise<ListedDossier[]> {
    const { field, descending } = parseSort(filter.sort);
    const { nullable } = DOSSIER_SORT_FIELDS[field];
    const direction = descending ? 'desc' : 'asc';
    const where: Prisma.DossierWhereInput[] = [];
    if (filter.statuses?.length) where.push({ status: { in: filter.statuses } });
    if (filter.procedureCode) where.push({ procedureCode: filter.procedureCode });
    if (filter.institutionId) where.push({ institutionId: filter.institutionId });
    if (filter.studentId) where.push({ studentId: filter.studentId });
    if (filter.scope) where.push({ institutionId: { in: filter.scope } });
    if (filter.assigneeId !== undefined) where.push({ assigneeId: filter.assigneeId });
    if (filter.deadlineBefore) where.push({ deadlineAt: { lt: filter.deadlineBefore } });
    if (filter.studentActivity !== undefined) {
      // the few dossiers with something new from the student, found by their indexes, then filtered and sorted
      // with the rest: an OR of two subqueries would have the database walk every dossier in sort order
      const active = await this.withStudentActivity();
      where.push({ id: filter.studentActivity ? { in: active } : { notIn: active } });
    }
    for (const word of filter.words ?? []) where.push(matchesWord(word));
    if (filter.after) {
      const key = filter.after.key === null ? null : KEY_READERS[field](String(filter.after.key));
      where.push(keysetAfter(field, { key, id: filter.after.id }, { descending, nullable }));
    }

    const rows = await this.prisma.dossier.findMany({
      where: { AND: where },
      include: WITH_SUMMARIES,
      omit: WITHOUT_SEARCH_TEXT,
      orderBy: [
        (nullable ? { [field]: { sort: direction, nulls: 'last' } } : { [field]: direction }) as Prisma.DossierOrderByWithRelationInput,
        { id: direction },
      ],
      take: filter.limit,
    });
    const activity = await this.studentActivityOf(rows.map((row) => row.id));
    return rows.map((row) => ({ dossier: toDossier(row), activity: activity.get(row.id) ?? NO_STUDENT_ACTIVITY }));
  }

  /** What the student sent that no agent has looked at yet, for each of these dossiers (none: absent). One query for a page. */
  async studentActivityOf(ids: readonly string[]): Promise<Map<string, StudentActivity>> {
    if (ids.length === 0) return new Map();
    const rows = await this.prisma.$queryRaw<{ dossier_id: string; new_documents: number; unread_messages: number }[]>`
      SELECT dossier_id,
             count(*) FILTER (WHERE what = 'document')::int AS new_documents,
             count(*) FILTER (WHERE what = 'message')::int AS unread_messages
        FROM (SELECT dossier_id, 'document' AS what FROM dossier_documents
               WHERE source = 'student' AND status = 'received' AND dossier_id = ANY(${[...ids]}::uuid[])
              UNION ALL
              SELECT dossier_id, 'message' FROM dossier_messages
               WHERE author = 'student' AND read_at IS NULL AND dossier_id = ANY(${[...ids]}::uuid[])) AS activity
       GROUP BY dossier_id`;
    return new Map(rows.map((row) => [row.dossier_id, { newDocuments: row.new_documents, unreadMessages: row.unread_messages }]));
  }

  /** The dossiers with a document from the student still to review or a message from them unread. */
  private async withStudentActivity(): Promise<string[]> {
    const rows = await this.prisma.$queryRaw<{ dossier_id: string }[]>`
      SELECT dossier_id FROM dossier_documents WHERE source = 'student' AND status = 'received'
      UNION
      SELECT dossier_id FROM dossier_messages WHERE author = 'student' AND read_at IS NULL`;
    return rows.map((row) => row.dossier_id);
  }
}

/** The sort key of a row, as a cursor carries it. */
export function sortKeyOf(dossier: DossierWithStudent, sort: DossierSort): string | null {
  const value = dossier[parseSort(sort).field];
  return value instanceof Date ? value.toISOString() : value;
}

/** The next reference of the year (CMI-2026-000123): a gap-free counter row, locked until the transaction ends. */
export async function nextReference(tx: PrismaTx, prefix: string, year: number): Promise<string> {
  const [counter] = await tx.$queryRaw<{ last: number }[]>`
    INSERT INTO reference_counters (prefix, year, last) VALUES (${prefix}, ${year}, 1)
    ON CONFLICT (prefix, year) DO UPDATE SET last = reference_counters.last + 1
    RETURNING last`;
  return `${prefix}-${year}-${String(counter!.last).padStart(6, '0')}`;
}

/**
 * A normalised search word (searchText) starting a word of the reference, the student number or
 * the student's names: the dossier has a word in its range (the same match as dossier-search.ts).
 */
function matchesWord(word: string): Prisma.DossierWhereInput {
  const [low, high] = wordRange(word);
  return { searchWords: { some: { word: { gte: low, lt: high } } } };
}

function toDossier(row: DossierRow): DossierWithStudent {
  const { procedureVersion, ...dossier } = row;
  return {
    ...dossier,
    facts: (row.facts ?? {}) as DossierFacts,
    procedureVersion: procedureVersion?.version ?? null,
    receivedAt: fromDbDate(row.receivedAt),
    filedAt: fromDbDate(row.filedAt),
    implicitRejectionOn: fromDbDate(row.implicitRejectionOn),
    decidedOn: fromDbDate(row.decidedOn),
    cardReadyOn: fromDbDate(row.cardReadyOn),
    cardHandedOverOn: fromDbDate(row.cardHandedOverOn),
  };
}
