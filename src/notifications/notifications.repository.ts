import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock';
import type { Notification as NotificationRow } from '../infra/prisma/generated/client';
import { PrismaService } from '../infra/prisma/prisma.service';
import { statement } from '../infra/prisma/statements';
import { applyDossierChange, DossierChange } from '../dossiers/dossier-change';
import type { EmailLanguage as Language, TemplateName } from '../email-templates/email-templates.model';
import { Claim, DossierAddressee, Notification, NotificationDraft, NotificationStatus } from './notifications.model';

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
   * One statement: the row as claimed, or as it stands when it could not be claimed.
   */
  async claim(id: string, leaseMs: number): Promise<Claim> {
    const [row] = await this.prisma.query<NotificationColumns & { claimed: boolean; leaseMs: number }>(CLAIM, [id, leaseMs / 1000]);
    if (!row) return { kind: 'missing' };
    const { claimed, leaseMs: leaseEndsInMs, ...columns } = row;
    const notification = toNotification(columns);
    if (claimed) return { kind: 'claimed', notification };
    if (notification.status === 'pending' || notification.status === 'retrying') return { kind: 'behind' };
    if (notification.status === 'sending') return { kind: 'busy', leaseEndsInMs };
    return { kind: 'done', status: notification.status };
  }

  /** Keeps the lease while the SMTP exchange lasts; false once it is no longer ours. */
  async extendLease(id: string, attempt: number, leaseMs: number): Promise<boolean> {
    return (await this.prisma.query(EXTEND_LEASE, [id, attempt, leaseMs / 1000])).length > 0;
  }

  /** The outcome of attempt `attempt`; ignored (false) if the e-mail is no longer held by that attempt. */
  async settle(
    id: string,
    attempt: number,
    outcome: { status: 'sent'; smtpMessageId: string } | { status: 'retrying' | 'failed'; error: string },
  ): Promise<boolean> {
    // the SMTP server took it: that is recorded whoever holds the row now; a failure only by the attempt that failed
    const rows =
      outcome.status === 'sent'
        ? await this.prisma.query(SETTLE_SENT, [id, outcome.smtpMessageId.slice(0, 300), this.clock.now()])
        : await this.prisma.query(SETTLE_FAILED, [id, attempt, outcome.status, outcome.error.slice(0, 1000)]);
    return rows.length > 0;
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
    return (await this.addresseesOfDossiers([dossierId])).get(dossierId) ?? null;
  }

  /** The addressees of several dossiers in one query (the outbox relay's batch); a dossier gone is absent. */
  async addresseesOfDossiers(dossierIds: readonly string[]): Promise<Map<string, DossierAddressee>> {
    if (dossierIds.length === 0) return new Map();
    const rows = await this.prisma.query<AddresseeRow>(ADDRESSEES, [dossierIds]);
    return new Map(
      rows.map((row) => [
        row.dossierId,
        {
          dossierId: row.dossierId,
          reference: row.reference,
          procedureCode: row.procedureCode,
          procedureVersionId: row.procedureVersionId,
          channel: row.channel,
          filedOn: row.filedOn,
          prefectureReference: row.prefectureReference,
          studentId: row.studentId,
          email: row.email,
          name: `${row.firstNames} ${row.usageName ?? row.birthName}`,
          language: row.language as Language,
          assignee: row.assigneeId && row.assigneeActive ? { id: row.assigneeId, email: row.assigneeEmail!, name: row.assigneeName! } : null,
        },
      ]),
    );
  }
}

interface AddresseeRow {
  dossierId: string;
  reference: string;
  procedureCode: string;
  procedureVersionId: string | null;
  channel: string;
  filedOn: string | null;
  prefectureReference: string | null;
  studentId: string;
  email: string;
  firstNames: string;
  birthName: string;
  usageName: string | null;
  language: string;
  assigneeId: string | null;
  assigneeEmail: string | null;
  assigneeName: string | null;
  assigneeActive: boolean | null;
}

const ADDRESSEES = statement(
  'notification_addressees',
  `SELECT d.id::text AS "dossierId", d.reference, d.procedure_code AS "procedureCode", d.procedure_version_id::text AS "procedureVersionId",
          d.channel::text, to_char(d.filed_at, 'YYYY-MM-DD') AS "filedOn", d.prefecture_reference AS "prefectureReference",
          s.id::text AS "studentId", s.email, s.first_names AS "firstNames", s.birth_name AS "birthName", s.usage_name AS "usageName",
          s.preferred_language::text AS language,
          a.id::text AS "assigneeId", a.email AS "assigneeEmail", a.display_name AS "assigneeName", a.active AS "assigneeActive"
     FROM dossiers d JOIN students s ON s.id = d.student_id LEFT JOIN agents a ON a.id = d.assignee_id
    WHERE d.id = ANY($1::uuid[])`,
);

/** The columns of a notification under the model's names (the hand-written statements return them). */
const COLUMNS = `id::text, event_key AS "eventKey", dossier_id::text AS "dossierId", student_id::text AS "studentId", agent_id::text AS "agentId",
  template, language, recipient, subject, data, status::text, attempts, lease_until AS "leaseUntil", last_error AS "lastError",
  smtp_message_id AS "smtpMessageId", text_body AS "textBody", html_body AS "htmlBody", template_version AS "templateVersion",
  created_at AS "createdAt", updated_at AS "updatedAt", sent_at AS "sentAt"`;

type NotificationColumns = Omit<NotificationRow, 'status'> & { status: string };

// An earlier e-mail to the same person about the same dossier still on its way (to send, or
// being sent under a live lease) goes first: "received" comes before "documents to send".
// Only recent ones count, so that one whose job was lost never holds the others for long.
// Not claimed: the row as this statement's snapshot has it, and how long its lease has left
// (on PostgreSQL's clock, as the lease is).
const CLAIM = statement(
  'notification_claim',
  `WITH claimed AS (
     UPDATE notifications
        SET status = 'sending', attempts = attempts + 1, lease_until = now() + make_interval(secs => $2::float8), updated_at = now()
      WHERE id = $1::uuid
        AND (status IN ('pending', 'retrying') OR (status = 'sending' AND lease_until < now()))
        AND NOT EXISTS (
          SELECT 1 FROM notifications e
           WHERE e.dossier_id = notifications.dossier_id AND e.recipient = notifications.recipient
             AND (e.created_at, e.id) < (notifications.created_at, notifications.id)
             AND e.created_at > notifications.created_at - interval '10 minutes'
             AND (e.status = 'pending' OR (e.status = 'sending' AND e.lease_until >= now())))
     RETURNING *)
   SELECT true AS claimed, 0 AS "leaseMs", ${COLUMNS} FROM claimed
   UNION ALL
   SELECT false, GREATEST(0, CEIL(EXTRACT(EPOCH FROM (lease_until - now())) * 1000))::int, ${COLUMNS}
     FROM notifications WHERE id = $1::uuid AND NOT EXISTS (SELECT 1 FROM claimed)`,
);

const EXTEND_LEASE = statement(
  'notification_extend_lease',
  `UPDATE notifications SET lease_until = now() + make_interval(secs => $3::float8)
    WHERE id = $1::uuid AND status = 'sending' AND attempts = $2 RETURNING id`,
);

const SETTLE_SENT = statement(
  'notification_settle_sent',
  `UPDATE notifications SET status = 'sent', smtp_message_id = $2, sent_at = $3, lease_until = NULL, last_error = NULL, updated_at = now()
    WHERE id = $1::uuid AND status <> 'sent' RETURNING id`,
);

const SETTLE_FAILED = statement(
  'notification_settle_failed',
  `UPDATE notifications SET status = $3::"NotificationStatus", last_error = $4, lease_until = NULL, updated_at = now()
    WHERE id = $1::uuid AND status = 'sending' AND attempts = $2 RETURNING id`,
);

function toNotification(row: NotificationColumns): Notification {
  return {
    ...row,
    status: row.status as NotificationStatus,
    template: row.template as TemplateName,
    language: row.language as Language,
    data: (row.data ?? {}) as Record<string, unknown>,
  };
}
