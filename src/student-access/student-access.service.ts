import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../common/actor';
import { Clock } from '../common/clock';
import { ProblemException } from '../common/problem';
import { AppConfig } from '../config/app-config';
import { DossiersService } from '../dossiers/dossiers.service';
import { UnitOfWork } from '../infra/prisma/unit-of-work';
import type { StudentContext } from './student-access.decorators';
import type { StudentLinkStatus, StudentSessionResponse } from './student-access.dto';
import {
  exchangeable,
  hashToken,
  LINK_REQUEST_WINDOW_MS,
  LINK_REQUESTS_PER_DAY,
  linkRequestRefusal,
  linksValidUntil,
  looksLikeToken,
  newToken,
  sessionValid,
  withinWindow,
} from './student-access.links';
import { FoundSession, StudentAccessRepository } from './student-access.repository';
import { StudentLinkThrottle } from './student-access.throttle';

/** Who opens a link: counted per address, kept with the session. */
export interface LinkClient {
  ip: string;
  userAgent: string | null;
  /** The request's id, for the audit. */
  requestId?: string;
}

/** A session just opened: what the student's page is told, and the cookie's value (the only time it exists in clear). */
export interface OpenedSession extends StudentSessionResponse {
  cookie: string;
}

/**
 * Students' personal links and sessions: a link from an e-mail is exchanged, once, for a
 * short session whose token lives in an HttpOnly cookie; agents see a dossier's links, revoke
 * them, and have a new one sent.
 */
@Injectable()
export class StudentAccessService {
  constructor(
    private readonly links: StudentAccessRepository,
    private readonly throttle: StudentLinkThrottle,
    private readonly dossiers: DossiersService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly transaction: UnitOfWork,
    private readonly audit: AuditService,
  ) {}

  /**
   * POST /api/student/session. Whatever was wrong with the link (forged, used, revoked, its
   * dossier past the window, or no such dossier at all) the answer is the same 401.
   */
  async exchange(token: string, client: LinkClient): Promise<OpenedSession> {
    await this.throttle.attempt(client.ip);
    const opened = looksLikeToken(token) ? await this.open(token, client) : null;
    if (!opened) throw ProblemException.of('student.link-invalid');
    await this.throttle.succeeded(client.ip);
    return opened;
  }

  private async open(token: string, client: LinkClient): Promise<OpenedSession | null> {
    const link = await this.links.linkByHash(hashToken(token));
    const now = this.clock.now();
    if (!link || !exchangeable(link, this.config.STUDENT_LINK_DAYS_AFTER_END, now)) return null;
    const cookie = newToken();
    const expiresAt = new Date(now.getTime() + this.config.STUDENT_SESSION_MINUTES * 60_000);
    const session = await this.links.openSession(link, { tokenHash: hashToken(cookie), expiresAt, ip: client.ip, userAgent: client.userAgent });
    return session && { cookie, language: session.language, expiresAt: expiresAt.toISOString() };
  }

  /**
   * POST /api/student/link-request: the student on a spent link's page (or whose session ended)
   * asks for a new link by e-mail, to the address the office has. Sent only for a link of a
   * dossier within the window, that no agent revoked, whose student was not erased, and at most
   * LINK_REQUESTS_PER_DAY times a day per dossier; the caller learns none of this (the same 202
   * whatever happened). Every request counts against the address as a failed link would, so a
   * 429 comes after the same number of tries whatever the tokens were. Audited as the student's
   * (`dossier.student-link-request`) whenever the token named a dossier whose student is known.
   */
  async requestLink(token: string, client: LinkClient): Promise<void> {
    await this.throttle.attempt(client.ip);
    if (!looksLikeToken(token)) return;
    const link = await this.links.linkByHash(hashToken(token));
    if (!link) return;
    const now = this.clock.now();
    const refusal = linkRequestRefusal(link, this.config.STUDENT_LINK_DAYS_AFTER_END, now);
    if (refusal === 'erased') return;
    const limit = { max: LINK_REQUESTS_PER_DAY, since: new Date(now.getTime() - LINK_REQUEST_WINDOW_MS) };
    await this.transaction.run(async (tx) => {
      const outcome = refusal ?? (await this.links.recordLinkRequest(link.dossierId, limit, tx));
      if (outcome === 'erased') return;
      await this.audit.record(
        {
          actor: { agentId: null, label: 'student' },
          action: 'dossier.student-link-request',
          resourceType: 'dossier',
          resourceId: link.dossierId,
          studentIds: [link.studentId],
          requestId: client.requestId,
          ip: client.ip,
          details: { route: 'POST /api/student/link-request', linkId: link.id, outcome },
        },
        tx,
      );
    });
  }

  /** The student behind a session cookie, or null when it opens nothing (unknown, ended, expired, past the window). */
  async studentOf(cookie: string | undefined): Promise<(StudentContext & Pick<FoundSession, 'institutionId'>) | null> {
    if (!looksLikeToken(cookie)) return null;
    const session = await this.links.sessionByHash(hashToken(cookie));
    if (!session || !sessionValid(session, this.config.STUDENT_LINK_DAYS_AFTER_END, this.clock.now())) return null;
    return {
      sessionId: session.id,
      dossierId: session.dossierId,
      studentId: session.studentId,
      institutionId: session.institutionId,
      language: session.language,
      expiresAt: session.expiresAt,
    };
  }

  /** DELETE /api/student/session: the cookie's session ends (an unknown or ended one is no error). */
  async endSession(cookie: string | undefined): Promise<void> {
    if (looksLikeToken(cookie)) await this.links.endSession(hashToken(cookie));
  }

  /** The token an e-mail's link carries: minted when the e-mail is sent, its hash kept against the e-mail. */
  async mintForNotification(dossierId: string, notificationId: string): Promise<string> {
    const token = newToken();
    await this.links.recordForNotification(dossierId, notificationId, hashToken(token));
    return token;
  }

  /** GET /api/dossiers/:id/student-link. */
  async status(dossierId: string): Promise<StudentLinkStatus> {
    await this.dossiers.require(dossierId);
    const activity = await this.links.activity(dossierId);
    if (!activity) throw ProblemException.notFound('dossier', dossierId);
    const validUntil = linksValidUntil(activity.standing, this.config.STUDENT_LINK_DAYS_AFTER_END);
    return {
      lastSentAt: activity.lastSentAt?.toISOString() ?? null,
      lastUsedAt: activity.lastUsedAt?.toISOString() ?? null,
      activeSessions: activity.activeSessions,
      validUntil: validUntil?.toISOString() ?? null,
      email: activity.email,
    };
  }

  /**
   * POST /api/dossiers/:id/student-link ("send the link again"): the dossier's links and
   * sessions stop working, and a `student_link` e-mail with a new link goes to the student.
   * Refused once the dossier is past the window: the new link would open nothing.
   */
  async issueLinkEmail(dossierId: string, actor: Actor): Promise<StudentLinkStatus> {
    await this.dossiers.require(dossierId);
    const standing = await this.links.standing(dossierId);
    if (!standing) throw ProblemException.notFound('dossier', dossierId);
    if (!withinWindow(standing, this.config.STUDENT_LINK_DAYS_AFTER_END, this.clock.now())) {
      throw ProblemException.of('student.link-window-ended', { days: this.config.STUDENT_LINK_DAYS_AFTER_END });
    }
    await this.links.revokeAll(dossierId, actor, true);
    return this.status(dossierId);
  }

  /** DELETE /api/dossiers/:id/student-link: every link and session of the dossier stops working. */
  async revokeAll(dossierId: string, actor: Actor): Promise<void> {
    await this.dossiers.require(dossierId);
    await this.links.revokeAll(dossierId, actor, false);
  }
}
