import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../common/actor';
import { Clock } from '../common/clock';
import { ProblemException } from '../common/problem';
import { AppConfig } from '../config/app-config';
import { LoginThrottle } from './auth.login-throttle';
import { Passwords } from './auth.passwords';
import { AuthRepository, Credentials } from './auth.repository';
import { SessionCache } from './auth.sessions';
import { hashRefreshToken, Tokens } from './auth.tokens';
import type { TokensResponse } from './auth.dto';

export interface ClientInfo {
  ip: string;
  userAgent: string | null;
  requestId: string;
}

/** Logins, token refreshes with rotation, logouts and password changes. */
@Injectable()
export class AuthService {
  constructor(
    private readonly config: AppConfig,
    private readonly auth: AuthRepository,
    private readonly passwords: Passwords,
    private readonly tokens: Tokens,
    private readonly throttle: LoginThrottle,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly sessions: SessionCache,
  ) {}

  async login(email: string, password: string, client: ClientInfo): Promise<TokensResponse> {
    const attempt = await this.throttle.attempt(email, client.ip);
    const agent = await this.auth.credentialsByEmail(email.trim());
    // unknown accounts are checked against a decoy hash: they take as long to refuse
    const valid = await this.passwords.verify(agent?.passwordHash ?? null, password);
    if (!agent || !valid || !agent.active) {
      await this.audit.record({
        actor: agent ? { agentId: agent.id, label: agent.displayName } : { agentId: null, label: 'anonymous' },
        action: 'auth.login_failed',
        resourceType: 'session',
        details: { email: email.trim().toLowerCase().slice(0, 254), reason: !agent ? 'unknown account' : !valid ? 'wrong password' : 'account disabled' },
        requestId: client.requestId,
        ip: client.ip,
      });
      await this.throttle.failed(attempt);
      throw ProblemException.of('auth.wrong-credentials');
    }
    await this.throttle.succeeded(attempt);
    const refresh = this.tokens.newRefreshToken();
    const newPasswordHash = this.passwords.needsRehash(agent.passwordHash!) ? await this.passwords.hash(password) : undefined;
    const sessionId = await this.auth.openSession({
      agentId: agent.id,
      expiresAt: new Date(this.clock.now().getTime() + this.config.AUTH_SESSION_TTL_DAYS * 86_400_000),
      ip: client.ip,
      userAgent: client.userAgent,
      refreshHash: refresh.hash,
      newPasswordHash,
    });
    await this.audit.record({
      actor: { agentId: agent.id, label: agent.displayName },
      action: 'auth.login',
      resourceType: 'session',
      resourceId: sessionId,
      requestId: client.requestId,
      ip: client.ip,
    });
    return this.issue(agent, sessionId, refresh.token);
  }

  /** A new access token and a new refresh token for a refresh token used once; a second use revokes the login (but for a lost answer, see AuthRepository.rotate). */
  async refresh(refreshToken: string, client: ClientInfo): Promise<TokensResponse> {
    const next = this.tokens.newRefreshToken();
    const result = await this.auth.rotate(hashRefreshToken(refreshToken), next, this.config.AUTH_REFRESH_REUSE_GRACE_SECONDS * 1_000);
    if (result.outcome === 'reused') {
      await this.sessions.sessionEnded(result.sessionId);
      await this.audit.record({
        actor: { agentId: result.agentId, label: 'refresh token reuse' },
        action: 'auth.session_revoked',
        resourceType: 'session',
        resourceId: result.sessionId,
        details: { reason: 'refresh_token_reuse' },
        requestId: client.requestId,
        ip: client.ip,
      });
      throw ProblemException.of('auth.refresh-token-reused');
    }
    if (result.outcome !== 'rotated') throw ProblemException.of('auth.refresh-token-unknown');
    if (result.reissued)
      await this.audit.record({
        actor: { agentId: result.agentId, label: 'refresh token presented again' },
        action: 'auth.refresh_reissued',
        resourceType: 'session',
        resourceId: result.sessionId,
        details: { reason: 'answer_lost' },
        requestId: client.requestId,
        ip: client.ip,
      });
    const agent = (await this.auth.credentialsById(result.agentId))!;
    return this.issue(agent, result.sessionId, next.token);
  }

  async logout(actor: Actor, client: ClientInfo): Promise<void> {
    // an API key has no login to end (an admin revokes it)
    if (!actor.sessionId) throw ProblemException.of('auth.api-key-not-a-login');
    await this.auth.revokeSession(actor.sessionId, 'logout');
    // answered once every API process has forgotten the login: the next request anywhere is refused
    await this.sessions.sessionEnded(actor.sessionId);
    await this.audit.record({ actor, action: 'auth.logout', resourceType: 'session', resourceId: actor.sessionId, requestId: client.requestId, ip: client.ip });
  }

  /** Changes the agent's own password; their other logins end. */
  async changePassword(actor: Actor, currentPassword: string, newPassword: string, client: ClientInfo): Promise<void> {
    if (!actor.sessionId) throw ProblemException.of('auth.api-key-not-a-login');
    const agent = (await this.auth.credentialsById(actor.agentId!))!;
    // a stolen access token does not buy unlimited guesses at the password
    const attempt = await this.throttle.attempt(`password-change:${agent.id}`, client.ip);
    if (!(await this.passwords.verify(agent.passwordHash, currentPassword))) {
      await this.throttle.failed(attempt);
      throw ProblemException.validation([{ field: 'currentPassword', code: 'notCurrentPassword' }]);
    }
    await this.throttle.succeeded(attempt);
    await this.auth.setPassword(agent.id, await this.passwords.hash(newPassword));
    const ended = await this.auth.revokeAgentSessions(agent.id, 'password_changed', actor.sessionId);
    await this.sessions.agentChanged(agent.id);
    await this.audit.record({
      actor,
      action: 'agent.password_changed',
      resourceType: 'agent',
      resourceId: agent.id,
      details: { otherLoginsEnded: ended },
      requestId: client.requestId,
      ip: client.ip,
    });
  }

  async me(actor: Actor): Promise<TokensResponse['agent']> {
    const agent = (await this.auth.credentialsById(actor.agentId!))!;
    return { id: agent.id, email: agent.email, displayName: agent.displayName, role: agent.role, institutionIds: actor.institutionIds };
  }

  private async issue(agent: Credentials, sessionId: string, refreshToken: string): Promise<TokensResponse> {
    const actor = await this.auth.actorOf(sessionId, agent.id);
    return {
      accessToken: this.tokens.access({ sub: agent.id, sid: sessionId }),
      tokenType: 'Bearer',
      expiresIn: this.tokens.accessTtlSeconds,
      refreshToken,
      agent: { id: agent.id, email: agent.email, displayName: agent.displayName, role: agent.role, institutionIds: actor?.institutionIds ?? null },
    };
  }
}
