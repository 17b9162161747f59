import { Injectable } from '@nestjs/common';
import type { Actor, AgentRole } from '../common/actor';
import { Clock } from '../common/clock';
import { PrismaService } from '../infra/prisma/prisma.service';
import { statement } from '../infra/prisma/statements';
import type { SessionActor } from './auth.sessions';

export interface Credentials {
  id: string;
  email: string;
  displayName: string;
  role: AgentRole;
  active: boolean;
  passwordHash: string | null;
}

export type RotationOutcome =
  | { outcome: 'rotated'; sessionId: string; agentId: string; reissued: boolean }
  | { outcome: 'unknown' | 'ended' }
  | { outcome: 'reused'; sessionId: string; agentId: string };

// a login's agent, prepared once per connection: the guard runs it whenever the login is not cached
const SESSION_ACTOR = statement(
  'session_actor',
  `SELECT a.id::text AS agent_id, a.display_name, a.role::text AS role,
          ARRAY(SELECT ai.institution_id::text FROM agent_institutions ai WHERE ai.agent_id = a.id ORDER BY 1) AS institution_ids,
          (extract(epoch FROM s.expires_at - now()) * 1000)::float8 AS expires_in_ms
   FROM auth_sessions s JOIN agents a ON a.id = s.agent_id AND a.active
   WHERE s.id = $1::uuid AND s.agent_id = $2::uuid AND s.revoked_at IS NULL AND s.expires_at > now()`,
);

/** Sessions (logins), refresh tokens and agents' credentials. */
@Injectable()
export class AuthRepository {
  constructor(
    private readonly prisma: PrismaService,
    private readonly clock: Clock,
  ) {}

  credentialsByEmail(email: string): Promise<Credentials | null> {
    return this.prisma.agent.findFirst({
      // an API key's agent never logs in (it has no password either)
      where: { email: normaliseEmail(email), kind: 'person' },
      select: { id: true, email: true, displayName: true, role: true, active: true, passwordHash: true },
    });
  }

  credentialsById(id: string): Promise<Credentials | null> {
    return this.prisma.agent.findUnique({ where: { id }, select: { id: true, email: true, displayName: true, role: true, active: true, passwordHash: true } });
  }

  /** A new login with its first refresh token. */
  async openSession(input: {
    agentId: string;
    expiresAt: Date;
    ip: string | null;
    userAgent: string | null;
    refreshHash: string;
    newPasswordHash?: string;
  }): Promise<string> {
    return this.prisma.$transaction(async (tx) => {
      const session = await tx.authSession.create({
        data: { agentId: input.agentId, expiresAt: input.expiresAt, ip: input.ip?.slice(0, 64) ?? null, userAgent: input.userAgent?.slice(0, 300) ?? null },
        select: { id: true },
      });
      await tx.refreshToken.create({ data: { sessionId: session.id, tokenHash: input.refreshHash, createdAt: this.clock.now(), expiresAt: input.expiresAt } });
      await tx.agent.update({
        where: { id: input.agentId },
        data: { lastLoginAt: this.clock.now(), ...(input.newPasswordHash && { passwordHash: input.newPasswordHash }) },
      });
      return session.id;
    });
  }

  /**
   * The agent acting with this session, if the session is neither revoked nor expired and
   * the agent still active — read on every request (one indexed query).
   */
  async actorOf(sessionId: string, agentId: string): Promise<Actor | null> {
    const session = await this.prisma.authSession.findFirst({
      where: { id: sessionId, agentId, revokedAt: null, expiresAt: { gt: this.clock.now() }, agent: { active: true } },
      select: { agent: { select: { id: true, displayName: true, role: true, institutions: { select: { institutionId: true } } } } },
    });
    if (!session) return null;
    const { agent } = session;
    return {
      agentId: agent.id,
      label: agent.displayName,
      role: agent.role,
      institutionIds: agent.institutions.length ? agent.institutions.map((i) => i.institutionId).sort() : null,
      sessionId,
    };
  }

  /**
   * Exchanges a refresh token for a new one. A token already exchanged is a stolen copy or a
   * replay: the whole session is revoked. But a token presented again within `graceMs` of its
   * exchange, while the token it was exchanged for was never used, is a refresh whose answer
   * was lost (a page reloaded mid-refresh): that token is superseded — presenting it later is a
   * reuse — and new ones are issued. The token's row is locked first, so of two exchanges at
   * once the second sees the first's outcome.
   */
  async rotate(presentedHash: string, next: { hash: string }, graceMs: number): Promise<RotationOutcome> {
    return this.prisma.$transaction(async (tx) => {
      await tx.$queryRaw`SELECT id FROM refresh_tokens WHERE token_hash = ${presentedHash} FOR UPDATE`;
      const token = await tx.refreshToken.findUnique({
        where: { tokenHash: presentedHash },
        select: {
          id: true,
          usedAt: true,
          replacedById: true,
          supersededAt: true,
          expiresAt: true,
          session: { select: { id: true, agentId: true, revokedAt: true, expiresAt: true, agent: { select: { active: true } } } },
        },
      });
      if (!token) return { outcome: 'unknown' as const };
      const { session } = token;
      const now = this.clock.now();
      const reused = async () => {
        await tx.authSession.updateMany({ where: { id: session.id, revokedAt: null }, data: { revokedAt: now, revokedReason: 'refresh_token_reuse' } });
        return { outcome: 'reused' as const, sessionId: session.id, agentId: session.agentId };
      };
      const withinGrace = graceMs > 0 && token.usedAt !== null && now.getTime() - token.usedAt.getTime() <= graceMs;
      if (token.supersededAt || (token.usedAt && !withinGrace)) return reused();
      if (session.revokedAt || session.expiresAt <= now || token.expiresAt <= now || !session.agent.active) return { outcome: 'ended' as const };
      if (token.usedAt) {
        // the answer was lost only if what it was exchanged for was never used
        const successor = token.replacedById;
        const lost =
          successor !== null &&
          (await tx.refreshToken.updateMany({ where: { id: successor, usedAt: null, supersededAt: null }, data: { supersededAt: now } })).count === 1;
        if (!lost) return reused();
      }
      const created = await tx.refreshToken.create({
        data: { sessionId: session.id, tokenHash: next.hash, createdAt: now, expiresAt: session.expiresAt },
        select: { id: true },
      });
      await tx.refreshToken.update({ where: { id: token.id }, data: { usedAt: token.usedAt ?? now, replacedById: created.id } });
      return { outcome: 'rotated' as const, sessionId: session.id, agentId: session.agentId, reissued: token.usedAt !== null };
    });
  }

  async revokeSession(sessionId: string, reason: string): Promise<void> {
    await this.prisma.authSession.updateMany({ where: { id: sessionId, revokedAt: null }, data: { revokedAt: this.clock.now(), revokedReason: reason } });
  }

  /** Ends every login of an agent (disabled, password changed), but `except` one. */
  async revokeAgentSessions(agentId: string, reason: string, except?: string): Promise<number> {
    const result = await this.prisma.authSession.updateMany({
      where: { agentId, revokedAt: null, ...(except && { id: { not: except } }) },
      data: { revokedAt: this.clock.now(), revokedReason: reason },
    });
    return result.count;
  }

  async setPassword(agentId: string, hash: string): Promise<void> {
    await this.prisma.agent.update({ where: { id: agentId }, data: { passwordHash: hash, passwordChangedAt: this.clock.now() } });
  }

  /**
   * The agent acting with this session, if the session is neither revoked nor expired and the
   * agent still active, and how long until it expires (on the database's clock, as the check):
   * what the guard reads when the login is not in its cache (SessionCache).
   */
  async sessionActor(sessionId: string, agentId: string): Promise<SessionActor | null> {
    const [row] = await this.prisma.query<{ agent_id: string; display_name: string; role: Actor['role']; institution_ids: string[]; expires_in_ms: number }>(
      SESSION_ACTOR,
      [sessionId, agentId],
    );
    if (!row) return null;
    return {
      actor: {
        agentId: row.agent_id,
        label: row.display_name,
        role: row.role,
        institutionIds: row.institution_ids.length ? row.institution_ids : null,
        sessionId,
      },
      expiresInMs: row.expires_in_ms,
    };
  }
}

/** E-mails are stored and compared in lower case, exactly (never as a LIKE pattern). */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}
