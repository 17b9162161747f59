import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock';
import { fromDbDate } from '../common/validators';
import { PrismaService } from '../infra/prisma/prisma.service';
import { DOSSIER_STATUSES, DossierStatus, OPEN_DOSSIER_STATUSES } from '../dossiers/dossiers.model';
import type { DashboardDossier, FailedEmail, Listed, StudentActivityDossier } from './dashboard.model';

const DOSSIER_FIELDS = {
  id: true,
  reference: true,
  status: true,
  assigneeId: true,
  deadlineAt: true,
  student: { select: { birthName: true, usageName: true, firstNames: true } },
  deadlines: { where: { status: 'pending' }, orderBy: { dueAt: 'asc' }, take: 1, select: { kind: true, dueAt: true } },
} as const;

type Row = {
  id: string;
  reference: string;
  status: DossierStatus;
  assigneeId: string | null;
  deadlineAt: Date | null;
  student: { birthName: string; usageName: string | null; firstNames: string };
  deadlines: { kind: 'complement' | 'prefecture_silence'; dueAt: Date }[];
};

/**
 * The dashboard's counts and short lists, within the institutions the agent covers (`scope`,
 * null for the whole office). Each list is one indexed query on the dossiers' nearest deadline.
 */
@Injectable()
export class DashboardRepository {
  constructor(
    private readonly prisma: PrismaService,
    private readonly clock: Clock,
  ) {}

  async countsByStatus(scope: string[] | null): Promise<Record<DossierStatus, number>> {
    const groups = await this.prisma.dossier.groupBy({ by: ['status'], where: inScope(scope), _count: { _all: true } });
    const counts = Object.fromEntries(DOSSIER_STATUSES.map((s) => [s, 0])) as Record<DossierStatus, number>;
    for (const group of groups) counts[group.status] = group._count._all;
    return counts;
  }

  /** Open dossiers whose nearest deadline falls in [from, to). */
  async deadlinesBetween(scope: string[] | null, from: Date, to: Date, limit: number): Promise<Listed<DashboardDossier>> {
    const where = { ...inScope(scope), status: { in: [...OPEN_DOSSIER_STATUSES] }, deadlineAt: { gte: from, lt: to } };
    const [count, rows] = await Promise.all([
      this.prisma.dossier.count({ where }),
      this.prisma.dossier.findMany({ where, orderBy: [{ deadlineAt: 'asc' }, { id: 'asc' }], take: limit, select: DOSSIER_FIELDS }),
    ]);
    return { count, items: (rows as Row[]).map(present) };
  }

  /**
   * What is late: open dossiers whose deadline passed without the job acting on it, and
   * forwarded dossiers past their implicit-rejection day with no decision recorded.
   */
  async overdue(scope: string[] | null, now: Date, today: Date, limit: number): Promise<Listed<DashboardDossier>> {
    const where = {
      ...inScope(scope),
      OR: [
        { status: { in: [...OPEN_DOSSIER_STATUSES] }, deadlineAt: { lt: now } },
        { status: 'forwarded' as const, implicitRejectionOn: { lte: today } },
      ],
    };
    const [count, rows] = await Promise.all([
      this.prisma.dossier.count({ where }),
      this.prisma.dossier.findMany({
        where,
        orderBy: [{ implicitRejectionOn: 'asc' }, { deadlineAt: 'asc' }, { id: 'asc' }],
        take: limit,
        select: { ...DOSSIER_FIELDS, implicitRejectionOn: true },
      }),
    ]);
    return {
      count,
      items: rows.map((row) => {
        const item = present(row);
        if (row.status === 'forwarded' && row.implicitRejectionOn && (!row.deadlineAt || row.implicitRejectionOn < row.deadlineAt)) {
          // a day, not an instant: the silence counts as a rejection from the start of that day at the office
          return { ...item, kind: 'prefecture_silence' as const, dueAt: this.clock.startOfDay(fromDbDate(row.implicitRejectionOn)) };
        }
        return item;
      }),
    };
  }

  /**
   * Open dossiers where the student sent something no agent has looked at yet (a document still
   * to review, a message unread), the latest activity first. The few such rows are found through
   * their indexes (source, status / author, read_at), then joined to their dossiers.
   */
  async studentActivity(scope: string[] | null, limit: number): Promise<Listed<StudentActivityDossier>> {
    const active = await this.prisma.$queryRaw<{ dossier_id: string; new_documents: number; unread_messages: number; last_at: Date; total: number }[]>`
      SELECT a.dossier_id, a.new_documents, a.unread_messages, a.last_at, count(*) OVER ()::int AS total
        FROM (SELECT dossier_id,
                     count(*) FILTER (WHERE what = 'document')::int AS new_documents,
                     count(*) FILTER (WHERE what = 'message')::int AS unread_messages,
                     max(at) AS last_at
                FROM (SELECT dossier_id, 'document' AS what, received_at AS at FROM dossier_documents
                       WHERE source = 'student' AND status = 'received'
                      UNION ALL
                      SELECT dossier_id, 'message', created_at FROM dossier_messages
                       WHERE author = 'student' AND read_at IS NULL) AS activity
               GROUP BY dossier_id) AS a
        JOIN dossiers d ON d.id = a.dossier_id
       WHERE d.status = ANY(${[...OPEN_DOSSIER_STATUSES]}::"DossierStatus"[])
         AND (${scope}::uuid[] IS NULL OR d.institution_id = ANY(${scope}::uuid[]))
       ORDER BY a.last_at DESC, a.dossier_id DESC
       LIMIT ${limit}`;
    const rows = await this.prisma.dossier.findMany({ where: { id: { in: active.map((a) => a.dossier_id) } }, select: DOSSIER_FIELDS });
    const byId = new Map((rows as Row[]).map((row) => [row.id, row]));
    return {
      count: active[0]?.total ?? 0,
      items: active.flatMap((a) => {
        const row = byId.get(a.dossier_id);
        if (!row) return []; // deleted between the two reads
        const deadline = row.deadlines[0];
        return [
          {
            ...present(row),
            // a received dossier has no deadline running
            dueAt: deadline?.dueAt ?? row.deadlineAt,
            kind: deadline?.kind ?? (row.deadlineAt ? 'complement' : null),
            newDocuments: a.new_documents,
            unreadMessages: a.unread_messages,
            lastActivityAt: a.last_at,
          },
        ];
      }),
    };
  }

  /** E-mails the SMTP server refused for good (or that ran out of tries), newest first. */
  async failedEmails(scope: string[] | null, limit: number): Promise<Listed<FailedEmail>> {
    const where = {
      status: 'failed' as const,
      ...(scope === null ? {} : { OR: [{ dossier: { institutionId: { in: scope } } }, { dossierId: null, student: { institutionId: { in: scope } } }] }),
    };
    const [count, rows] = await Promise.all([
      this.prisma.notification.count({ where }),
      this.prisma.notification.findMany({
        where,
        orderBy: [{ updatedAt: 'desc' }, { id: 'desc' }],
        take: limit,
        select: {
          id: true,
          dossierId: true,
          recipient: true,
          subject: true,
          lastError: true,
          attempts: true,
          createdAt: true,
          dossier: { select: { reference: true } },
        },
      }),
    ]);
    return { count, items: rows.map(({ dossier, ...row }) => ({ ...row, reference: dossier?.reference ?? null })) };
  }
}

function inScope(scope: string[] | null) {
  return scope === null ? {} : { institutionId: { in: scope } };
}

function present(row: Row): DashboardDossier {
  const deadline = row.deadlines[0];
  return {
    id: row.id,
    reference: row.reference,
    status: row.status,
    assigneeId: row.assigneeId,
    studentName: `${(row.student.usageName ?? row.student.birthName).toUpperCase()} ${row.student.firstNames}`,
    dueAt: deadline?.dueAt ?? row.deadlineAt!,
    kind: deadline?.kind ?? 'complement',
  };
}
