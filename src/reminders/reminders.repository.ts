import { Injectable } from '@nestjs/common';
import { SYSTEM_ACTOR } from '../common/actor';
import { Clock } from '../common/clock';
import { fromDbDate, toDbDate } from '../common/validators';
import { applyDossierChange, refreshDeadlineAt } from '../dossiers/dossier-change';
import { OPEN_DOSSIER_STATUSES } from '../dossiers/dossiers.model';
import { PrismaService } from '../infra/prisma/prisma.service';
import type { EmailLanguage as Language } from '../email-templates/email-templates.model';

export interface DeadlineFacts {
  id: string;
  dossierId: string;
  kind: 'complement' | 'prefecture_silence';
  dueAt: Date;
  createdAt: Date;
  status: 'pending' | 'fired' | 'cancelled';
  procedureVersionId: string | null;
  prefecture: string | null;
  receivedAt: string;
  /** The open complement request's last day (complement deadlines). */
  complementDueOn: string | null;
}

export interface StudentToRemind {
  id: string;
  email: string;
  name: string;
  language: Language;
  permitValidUntil: string;
}

export interface SilenceToAlert {
  dossierId: string;
  reference: string;
  filedOn: string | null;
  implicitRejectionOn: string;
  assignee: { id: string; email: string; name: string } | null;
}

export interface DueDossier {
  dossierId: string;
  reference: string;
  deadlineAt: Date;
  assigneeId: string | null;
}

/** Students whose permit the expiry watch follows (an attestation or a receipt has its own rules). */
const RENEWABLE_PERMITS = ['vls_ts_student', 'student', 'student_multi_year', 'rece', 'talent_researcher', 'employee', 'other'] as const;

@Injectable()
export class RemindersRepository {
  constructor(
    private readonly prisma: PrismaService,
    private readonly clock: Clock,
  ) {}

  async deadline(id: string): Promise<DeadlineFacts | null> {
    const row = await this.prisma.deadline.findUnique({
      where: { id },
      include: { dossier: { select: { procedureVersionId: true, prefecture: true, receivedAt: true } }, complementRequest: { select: { dueOn: true } } },
    });
    return row && toFacts(row);
  }

  /** Pending deadlines in id order after `afterId` (the reconciliation walks them all, in batches). */
  async pendingAfter(afterId: string | null, limit: number): Promise<DeadlineFacts[]> {
    const rows = await this.prisma.deadline.findMany({
      where: { status: 'pending', ...(afterId && { id: { gt: afterId } }) },
      include: { dossier: { select: { procedureVersionId: true, prefecture: true, receivedAt: true } }, complementRequest: { select: { dueOn: true } } },
      orderBy: { id: 'asc' },
      take: limit,
    });
    return rows.map(toFacts);
  }

  /**
   * The prefecture kept silent until the implicit-rejection day: the deadline fires and the
   * dossier's history says so (it stays forwarded: the agent records the decision, or the
   * appeal). False if it had already fired or stopped.
   */
  async fireSilence(deadlineId: string): Promise<{ dossierId: string; implicitRejectionOn: string | null } | null> {
    return this.prisma.$transaction(async (tx) => {
      const deadline = await tx.deadline.findUnique({
        where: { id: deadlineId },
        include: { dossier: { select: { status: true, implicitRejectionOn: true, filedAt: true } } },
      });
      if (!deadline || deadline.status !== 'pending') return null;
      const { count } = await tx.deadline.updateMany({ where: { id: deadlineId, status: 'pending' }, data: { status: 'fired', settledAt: this.clock.now() } });
      if (count === 0) return null;
      const implicitRejectionOn = deadline.dossier.implicitRejectionOn && fromDbDate(deadline.dossier.implicitRejectionOn);
      if (deadline.dossier.status === 'forwarded') {
        await applyDossierChange(tx, {
          dossierId: deadline.dossierId,
          actor: SYSTEM_ACTOR,
          fromStatuses: ['forwarded'],
          event: 'implicit_rejection',
          details: { implicitRejectionOn, filedOn: deadline.dossier.filedAt && fromDbDate(deadline.dossier.filedAt) },
        });
      }
      await refreshDeadlineAt(tx, deadline.dossierId);
      return { dossierId: deadline.dossierId, implicitRejectionOn };
    });
  }

  /** Students with a permit ending between the two days and no dossier open with the office. */
  async permitsEndingWithoutDossier(from: string, to: string): Promise<StudentToRemind[]> {
    const rows = await this.prisma.student.findMany({
      where: {
        permitValidUntil: { gte: toDbDate(from), lte: toDbDate(to) },
        permitKind: { in: [...RENEWABLE_PERMITS] },
        dossiers: { none: { status: { in: [...OPEN_DOSSIER_STATUSES] } } },
      },
      select: studentColumns,
      orderBy: { id: 'asc' },
    });
    return rows.map(toStudent);
  }

  /** Students holding an extension attestation that ends between the two days. */
  async attestationsEnding(from: string, to: string): Promise<StudentToRemind[]> {
    const rows = await this.prisma.student.findMany({
      where: { permitKind: 'extension_attestation', permitValidUntil: { gte: toDbDate(from), lte: toDbDate(to) } },
      select: studentColumns,
      orderBy: { id: 'asc' },
    });
    return rows.map(toStudent);
  }

  /** Forwarded dossiers whose implicit-rejection day falls between the two days, with their assignee. */
  async silencesEnding(from: string, to: string): Promise<SilenceToAlert[]> {
    const rows = await this.prisma.dossier.findMany({
      where: { status: 'forwarded', implicitRejectionOn: { gte: toDbDate(from), lte: toDbDate(to) } },
      select: {
        id: true,
        reference: true,
        filedAt: true,
        implicitRejectionOn: true,
        assignee: { select: { id: true, email: true, displayName: true, active: true } },
      },
      orderBy: { id: 'asc' },
    });
    return rows.map((row) => ({
      dossierId: row.id,
      reference: row.reference,
      filedOn: row.filedAt && fromDbDate(row.filedAt),
      implicitRejectionOn: fromDbDate(row.implicitRejectionOn!),
      assignee: row.assignee?.active ? { id: row.assignee.id, email: row.assignee.email, name: row.assignee.displayName } : null,
    }));
  }

  /** Open dossiers with a deadline before `until` (due today or overdue), by assignee. */
  async dueBefore(until: Date): Promise<DueDossier[]> {
    const rows = await this.prisma.dossier.findMany({
      where: { status: { in: [...OPEN_DOSSIER_STATUSES] }, deadlineAt: { lt: until } },
      select: { id: true, reference: true, deadlineAt: true, assigneeId: true },
      orderBy: { deadlineAt: 'asc' },
    });
    return rows.map((row) => ({ dossierId: row.id, reference: row.reference, deadlineAt: row.deadlineAt!, assigneeId: row.assigneeId }));
  }

  async activeAgents(ids: readonly string[]): Promise<{ id: string; email: string; name: string }[]> {
    const rows = await this.prisma.agent.findMany({ where: { id: { in: [...ids] }, active: true }, select: { id: true, email: true, displayName: true } });
    return rows.map((row) => ({ id: row.id, email: row.email, name: row.displayName }));
  }
}

const studentColumns = { id: true, email: true, firstNames: true, birthName: true, usageName: true, preferredLanguage: true, permitValidUntil: true } as const;

function toStudent(row: {
  id: string;
  email: string;
  firstNames: string;
  birthName: string;
  usageName: string | null;
  preferredLanguage: string;
  permitValidUntil: Date | null;
}): StudentToRemind {
  return {
    id: row.id,
    email: row.email,
    name: `${row.firstNames} ${row.usageName ?? row.birthName}`,
    language: row.preferredLanguage as Language,
    permitValidUntil: fromDbDate(row.permitValidUntil!),
  };
}

function toFacts(row: {
  id: string;
  dossierId: string;
  kind: DeadlineFacts['kind'];
  dueAt: Date;
  createdAt: Date;
  status: DeadlineFacts['status'];
  dossier: { procedureVersionId: string | null; prefecture: string | null; receivedAt: Date };
  complementRequest: { dueOn: Date } | null;
}): DeadlineFacts {
  return {
    id: row.id,
    dossierId: row.dossierId,
    kind: row.kind,
    dueAt: row.dueAt,
    createdAt: row.createdAt,
    status: row.status,
    procedureVersionId: row.dossier.procedureVersionId,
    prefecture: row.dossier.prefecture,
    receivedAt: fromDbDate(row.dossier.receivedAt),
    complementDueOn: row.complementRequest && fromDbDate(row.complementRequest.dueOn),
  };
}
