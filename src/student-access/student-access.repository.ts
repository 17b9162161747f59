import { Injectable } from '@nestjs/common';
import type { Actor } from '../common/actor';
import { Clock } from '../common/clock';
import type { Language } from '../common/problem';
import { applyDossierChange } from '../dossiers/dossier-change';
import type { Prisma } from '../infra/prisma/generated/client';
import { PrismaService, type PrismaTx } from '../infra/prisma/prisma.service';
import { statement } from '../infra/prisma/statements';
import { uuid7 } from '../common/uuid7';
import { outboxRows } from '../outbox/outbox.model';
import { DossierStanding, ENDED_STATUSES, LinkState, SessionState } from './student-access.links';

/** A link found by its token's hash. */
export interface FoundLink extends LinkState {
  id: string;
  dossierId: string;
  studentId: string;
}

/** A session found by its cookie's hash, with whose dossier it opens. */
export interface FoundSession extends SessionState {
  id: string;
  dossierId: string;
  studentId: string;
  institutionId: string;
  language: Language;
}

/** What agents see of a dossier's links (GET /api/dossiers/:id/student-link). */
export interface LinkActivity {
  lastSentAt: Date | null;
  lastUsedAt: Date | null;
  activeSessions: number;
  standing: DossierStanding;
  email: string;
}

/** What a student's request for a new link came to, under the dossier's lock. */
export type LinkRequestOutcome = 'sent' | 'limit' | 'erased';

/** The history event of a new link the student asked for (and what the limit per dossier counts). */
export const LINK_REQUESTED_EVENT = 'student_link_requested';

/** The last move of the dossier to decided or closed (when its links' window started running out), and whether its student was erased. */
const LAST_END = {
  history: { where: { toStatus: { in: [...ENDED_STATUSES] } }, orderBy: { id: 'desc' }, take: 1, select: { at: true } },
  student: { select: { erasedAt: true } },
} satisfies Prisma.DossierSelect;

const standingOf = (dossier: { status: string; history: { at: Date }[]; student: { erasedAt: Date | null } }): DossierStanding => ({
  status: dossier.status,
  endedAt: dossier.history[0]?.at ?? null,
  erased: dossier.student.erasedAt !== null,
});

/** Students' links and sessions: tokens only as their SHA-256. */
@Injectable()
export class StudentAccessRepository {
  constructor(
    private readonly prisma: PrismaService,
    private readonly clock: Clock,
  ) {}

  async linkByHash(tokenHash: string): Promise<FoundLink | null> {
    const row = await this.prisma.studentLink.findUnique({
      where: { tokenHash },
      select: { id: true, dossierId: true, usedAt: true, revokedAt: true, dossier: { select: { status: true, studentId: true, ...LAST_END } } },
    });
    return (
      row && {
        id: row.id,
        dossierId: row.dossierId,
        studentId: row.dossier.studentId,
        usedAt: row.usedAt,
        revokedAt: row.revokedAt,
        dossier: standingOf(row.dossier),
      }
    );
  }

  /**
   * Spends the link and opens its session, in one transaction; null when the link was used or
   * revoked in the meantime (two tabs exchanging the same link: one session, not two).
   */
  async openSession(
    link: Pick<FoundLink, 'id' | 'dossierId'>,
    session: { tokenHash: string; expiresAt: Date; ip: string | null; userAgent: string | null },
  ): Promise<{ id: string; language: Language } | null> {
    const now = this.clock.now();
    return this.prisma.$transaction(async (tx) => {
      const { count } = await tx.studentLink.updateMany({ where: { id: link.id, usedAt: null, revokedAt: null }, data: { usedAt: now } });
      if (count === 0) return null;
      const created = await tx.studentSession.create({
        data: {
          dossierId: link.dossierId,
          linkId: link.id,
          tokenHash: session.tokenHash,
          createdAt: now,
          expiresAt: session.expiresAt,
          ip: session.ip?.slice(0, 64) ?? null,
          userAgent: session.userAgent?.slice(0, 300) ?? null,
        },
        select: { id: true, dossier: { select: { student: { select: { preferredLanguage: true } } } } },
      });
      return { id: created.id, language: created.dossier.student.preferredLanguage };
    });
  }

  async sessionByHash(tokenHash: string): Promise<FoundSession | null> {
    const row = await this.prisma.studentSession.findUnique({
      where: { tokenHash },
      select: {
        id: true,
        dossierId: true,
        expiresAt: true,
        revokedAt: true,
        dossier: {
          select: {
            status: true,
            studentId: true,
            institutionId: true,
            history: LAST_END.history,
            student: { select: { preferredLanguage: true, erasedAt: true } },
          },
        },
      },
    });
    if (!row) return null;
    return {
      id: row.id,
      dossierId: row.dossierId,
      studentId: row.dossier.studentId,
      institutionId: row.dossier.institutionId,
      language: row.dossier.student.preferredLanguage,
      expiresAt: row.expiresAt,
      revokedAt: row.revokedAt,
      dossier: standingOf(row.dossier),
    };
  }

  /** The student left: the session of this cookie ends (nothing if it was unknown or over). */
  async endSession(tokenHash: string): Promise<void> {
    await this.prisma.studentSession.updateMany({ where: { tokenHash, revokedAt: null }, data: { revokedAt: this.clock.now() } });
  }

  /**
   * The link an e-mail carries: one per e-mail. A retried attempt mints another token, which
   * replaces the hash of the link of the attempt that failed (its e-mail never arrived).
   */
  async recordForNotification(dossierId: string, notificationId: string, tokenHash: string): Promise<void> {
    // one per e-mail sent: written by hand as a named statement, Prisma's upsert costing more CPU in its runtime than the query itself
    await this.prisma.query(RECORD_LINK_FOR_NOTIFICATION, [uuid7(), dossierId, notificationId, tokenHash, this.clock.now()]);
  }

  async standing(dossierId: string): Promise<DossierStanding | null> {
    const row = await this.prisma.dossier.findUnique({ where: { id: dossierId }, select: { status: true, ...LAST_END } });
    return row && standingOf(row);
  }

  async activity(dossierId: string): Promise<LinkActivity | null> {
    const dossier = await this.prisma.dossier.findUnique({
      where: { id: dossierId },
      select: { status: true, history: LAST_END.history, student: { select: { email: true, erasedAt: true } } },
    });
    if (!dossier) return null;
    const now = this.clock.now();
    const [[sent], used, activeSessions] = await Promise.all([
      // sent: the e-mail that carried the link reached the SMTP server
      this.prisma.$queryRaw<{ at: Date | null }[]>`
        SELECT max(n.sent_at) AS at FROM student_links l JOIN notifications n ON n.id = l.notification_id
         WHERE l.dossier_id = ${dossierId}::uuid AND n.status = 'sent'`,
      this.prisma.studentLink.aggregate({ where: { dossierId }, _max: { usedAt: true } }),
      this.prisma.studentSession.count({ where: { dossierId, revokedAt: null, expiresAt: { gt: now } } }),
    ]);
    return { lastSentAt: sent?.at ?? null, lastUsedAt: used._max.usedAt, activeSessions, standing: standingOf(dossier), email: dossier.student.email };
  }

  /**
   * The student asked, from a spent link's page, for a new link: unless their data was erased or
   * the dossier already had `limit` such e-mails since `since`, its history row (the student's)
   * asks through the outbox for a `student_link` e-mail, whose delivery mints the new link. The
   * other links and sessions stay as they are, and the dossier's version too (nothing an agent
   * edits changed). The student is locked FOR SHARE as a message locks it (an erasure waits, or
   * is seen), the dossier's row so that simultaneous requests are counted one after the other.
   */
  async recordLinkRequest(dossierId: string, limit: { max: number; since: Date }, tx: PrismaTx): Promise<LinkRequestOutcome> {
    const [student] = await tx.$queryRaw<{ erased: boolean }[]>`
      SELECT s.erased_at IS NOT NULL AS erased FROM students s JOIN dossiers d ON d.student_id = s.id
       WHERE d.id = ${dossierId}::uuid FOR SHARE OF s`;
    if (!student || student.erased) return 'erased';
    await tx.$queryRaw`SELECT 1 FROM dossiers WHERE id = ${dossierId}::uuid FOR NO KEY UPDATE`;
    const asked = await tx.dossierHistory.count({ where: { dossierId, event: LINK_REQUESTED_EVENT, at: { gt: limit.since } } });
    if (asked >= limit.max) return 'limit';
    const history = await tx.dossierHistory.create({
      data: { dossierId, event: LINK_REQUESTED_EVENT, actorLabel: 'student', details: { requestsInDay: asked + 1 }, at: this.clock.now() },
      select: { id: true },
    });
    const outbox = outboxRows(dossierId, history.id, [{ topic: 'email', payload: { template: 'student_link' } }]);
    await tx.outboxMessage.createMany({ data: outbox as Prisma.OutboxMessageCreateManyInput[] });
    return 'sent';
  }

  /**
   * Every link and session of the dossier stops working, with the dossier's history row; when
   * `resend`, that row asks (through the outbox) for a `student_link` e-mail carrying a new link.
   */
  async revokeAll(dossierId: string, actor: Actor, resend: boolean): Promise<{ links: number; sessions: number }> {
    const now = this.clock.now();
    return this.prisma.$transaction(async (tx) => {
      const links = await tx.studentLink.updateMany({ where: { dossierId, revokedAt: null }, data: { revokedAt: now } });
      const sessions = await tx.studentSession.updateMany({ where: { dossierId, revokedAt: null, expiresAt: { gt: now } }, data: { revokedAt: now } });
      const revoked = { links: links.count, sessions: sessions.count };
      await applyDossierChange(tx, {
        dossierId,
        actor,
        event: resend ? 'student_link_sent' : 'student_link_revoked',
        details: { revokedLinks: revoked.links, endedSessions: revoked.sessions },
        outbox: resend ? [{ topic: 'email', payload: { template: 'student_link' } }] : [],
      });
      return revoked;
    });
  }
}

const RECORD_LINK_FOR_NOTIFICATION = statement(
  'student_link_for_notification',
  `INSERT INTO student_links (id, dossier_id, notification_id, token_hash, created_at) VALUES ($1::uuid, $2::uuid, $3::uuid, $4, $5)
   ON CONFLICT (notification_id) DO UPDATE SET token_hash = EXCLUDED.token_hash, created_at = EXCLUDED.created_at`,
);
