import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock';
import type { Notification as NotificationRow } from '../infra/prisma/generated/client';
import { fromDbDate } from '../common/validators';
import { PrismaService } from '../infra/prisma/prisma.service';
import { applyDossierChange, DossierChange } from '../dossiers/dossier-change';
import type { EmailLanguage as Language, TemplateName } from '../email-templates/email-templates.model';
import { Claim, DossierAddressee, Notification, NotificationDraft } from './notifications.model';

@Injectable()
export class NotificationsRepository {
  constructor(
    private readonly prisma: PrismaService,
    private readonly clock: Clock,
  ) {}

  /**
   * Records the e-mails unless their event already has one (then the existing row stands),
   * and returns the rows of every draft.
   */
  async ensure(drafts: readonly NotificationDraft[]): Promise<Notification[]> {
    if (drafts.length === 0) return [];
    await this.prisma.notification.createMany({
      // kept as rendered: every attempt sends the same e-mail, and an agent can read what was sent
      data: drafts.map(({ recipientName, data, ...draft }) => ({ ...draft, data: { ...data, recipientName } })),
      skipDuplicates: true,
    });
    const rows = await this.prisma.notification.findMany({ where: { eventKey: { in: drafts.map((d) => d.eventKey) } } });
    return rows.map(toNotification);
  }

  async findById(id: string): Promise<Notification | null> {
    const row = await this.prisma.notification.findUnique({ where: { id } });
    return row && toNotification(row);
  }

  async existingKeys(eventKeys: readonly string[]): Promise<Set<string>> {
    const rows = await this.prisma.notification.findMany({ where: { eventKey: { in: [...eventKeys] } }, select: { eventKey: true } });
    return new Set(rows.map((r) => r.eventKey));
  }

  /**
   * Takes the e-mail for sending: only one worker holds it at a time, for `leaseMs` (renewed
   * while sending). One left `sending` by a worker that died is taken over once its lease ran out.
   */
  async claim(id: string, leaseMs: number): Promise<Claim> {
    const claimed = await this.prisma.$queryRaw<{ id: string }[]>`
      UPDATE notifications
         SET status = 'sending', attempts = attempts + 1, lease_until = now() + make_interval(secs => ${leaseMs / 1000}), updated_at = now()
       WHERE id = ${id}::uuid
         AND (status IN ('pending', 'retrying') OR (status = 'sending' AND lease_until < now()))
         -- an earlier e-mail to the same person about the same dossier still on its way (to send, or
         -- being sent under a live lease) goes first: "received" comes before "documents to send".
         -- Only recent ones count, so that one whose job was lost never holds the others for long.
         AND NOT EXISTS (
           SELECT 1 FROM notifications e
            WHERE e.dossier_id = notifications.dossier_id AND e.recipient = notifications.recipient
              AND (e.created_at, e.id) < (notifications.created_at, notifications.id)
              AND e.created_at > notifications.created_at - interval '10 minutes'
              AND (e.status = 'pending' OR (e.status = 'sending' AND e.lease_until >= now())))
      RETURNING id`;
    const row = await this.prisma.notification.findUnique({ where: { id } });
    if (!row) return { kind: 'missing' };
    if (claimed.length) return { kind: 'claimed', notification: toNotification(row) };
    if (row.status === 'pending' || row.status === 'retrying') return { kind: 'behind' };
    if (row.status === 'sending') {
      // the lease runs on PostgreSQL's clock (now() above): how long it has left is asked there
      const [lease] = await this.prisma.$queryRaw<{ ms: number }[]>`
        SELECT GREATEST(0, CEIL(EXTRACT(EPOCH FROM (lease_until - now())) * 1000))::int AS ms FROM notifications WHERE id = ${id}::uuid`;
      return { kind: 'busy', leaseEndsInMs: lease?.ms ?? 0 };
    }
    return { kind: 'done', status: row.status };
  }

  /** Keeps the lease while the SMTP exchange lasts; false once it is no longer ours. */
  async extendLease(id: string, attempt: number, leaseMs: number): Promise<boolean> {
    const count = await this.prisma.$executeRaw`
      UPDATE notifications SET lease_until = now() + make_interval(secs => ${leaseMs / 1000})
       WHERE id = ${id}::uuid AND status = 'sending' AND attempts = ${attempt}`;
    return count > 0;
  }

  /** The outcome of attempt `attempt`; ignored (false) if the e-mail is no longer held by that attempt. */
  async settle(
    id: string,
    attempt: number,
    outcome: { status: 'sent'; smtpMessageId: string } | { status: 'retrying' | 'failed'; error: string },
  ): Promise<boolean> {
    const { count } = await this.prisma.notification.updateMany({
      // the SMTP server took it: that is recorded whoever holds the row now; a failure only by the attempt that failed
      where: outcome.status === 'sent' ? { id, status: { not: 'sent' } } : { id, status: 'sending', attempts: attempt },
      data:
        outcome.status === 'sent'
          ? { status: 'sent', smtpMessageId: outcome.smtpMessageId.slice(0, 300), sentAt: this.clock.now(), leaseUntil: null, lastError: null }
          : { status: outcome.status, lastError: outcome.error.slice(0, 1000), leaseUntil: null },
    });
    return count > 0;
  }

  /** The dossier's e-mails, oldest first. */
  async forDossier(dossierId: string): Promise<Notification[]> {
    const rows = await this.prisma.notification.findMany({ where: { dossierId }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
    return rows.map(toNotification);
  }

  /** E-mails still to send (for the reconciliation), in id order after `afterId`. */
  async unsent(afterId: string | null, limit: number): Promise<{ id: string; status: string }[]> {
    return this.prisma.$queryRaw<{ id: string; status: string }[]>`
      SELECT id::text, status::text FROM notifications
       WHERE (status IN ('pending', 'retrying') OR (status = 'sending' AND lease_until < now()))
         AND (${afterId}::uuid IS NULL OR id > ${afterId}::uuid)
       ORDER BY id LIMIT ${limit}`;
  }

  /**
   * A failed e-mail is to be tried again, to the address given (the student's, corrected):
   * back to pending, recorded in the dossier's history, with the outbox row the worker relays.
   */
  async retry(id: string, recipient: string, change: Omit<DossierChange, 'outbox'>): Promise<void> {
    await this.prisma.$transaction(async (tx) => {
      const { count } = await tx.notification.updateMany({
        where: { id, status: 'failed' },
        data: { status: 'pending', recipient, attempts: 0, lastError: null, leaseUntil: null },
      });
      if (count === 0) return;
      await applyDossierChange(tx, { ...change, outbox: [{ topic: 'email.resend', payload: { notificationId: id } }] });
    });
  }

  /** Who the dossier's e-mails go to: the student, in their language; its assignee for the alerts. */
  async addresseeOfDossier(dossierId: string): Promise<DossierAddressee | null> {
    const row = await this.prisma.dossier.findUnique({
      where: { id: dossierId },
      select: {
        id: true,
        reference: true,
        procedureCode: true,
        procedureVersionId: true,
        channel: true,
        filedAt: true,
        prefectureReference: true,
        student: { select: { id: true, email: true, firstNames: true, birthName: true, usageName: true, preferredLanguage: true } },
        assignee: { select: { id: true, email: true, displayName: true, active: true } },
      },
    });
    if (!row) return null;
    const { student, assignee } = row;
    return {
      dossierId: row.id,
      reference: row.reference,
      procedureCode: row.procedureCode,
      procedureVersionId: row.procedureVersionId,
      channel: row.channel,
      filedOn: row.filedAt && fromDbDate(row.filedAt),
      prefectureReference: row.prefectureReference,
      studentId: student.id,
      email: student.email,
      name: `${student.firstNames} ${student.usageName ?? student.birthName}`,
      language: student.preferredLanguage,
      assignee: assignee?.active ? { id: assignee.id, email: assignee.email, name: assignee.displayName } : null,
    };
  }
}

function toNotification(row: NotificationRow): Notification {
  return { ...row, template: row.template as TemplateName, language: row.language as Language, data: (row.data ?? {}) as Record<string, unknown> };
}
