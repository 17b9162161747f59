import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { AgentRole, covers, hasRole } from '../common/actor';
import type { RequestWithActor } from '../common/current-actor.decorator';
import { ProblemException } from '../common/problem';
import { UUID_PATTERN } from '../common/validators';
import { STUDENT_API } from '../student-access/student-access.decorators';
import { IS_PUBLIC, MIN_ROLE, OFFICE_WIDE, SCOPED_BY, ScopedResource } from './auth.decorators';
import { AuthRepository, RequestSubject } from './auth.repository';
import { bearerToken, Tokens } from './auth.tokens';

/** A request past the guard: who makes it, and whose data its `:id` reaches. */
export interface GuardedRequest extends RequestWithActor {
  subject?: RequestSubject & { resource: ScopedResource };
}

/**
 * Every route needs an agent's access token unless marked @Public (or @StudentApi, the
 * students' routes, which StudentGuard opens with a student's session only): 401 without a valid one
 * (or when the login was revoked, or the agent disabled — read on each request), 403 when the
 * agent's role is below the route's, 404 when the route's dossier or student belongs to an
 * institution the agent does not cover (as if it did not exist).
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: Tokens,
    private readonly auth: AuthRepository,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    // the students' API is StudentGuard's: only its cookie opens it, an agent's token is not even read
    if (this.reflector.getAllAndOverride<boolean>(STUDENT_API, targets)) return true;
    const request = context.switchToHttp().getRequest<GuardedRequest & FastifyRequest>();

    const token = bearerToken(request.headers.authorization);
    if (!token) throw ProblemException.of('auth.token-missing');
    const claims = this.tokens.verify(token);
    if (!claims) throw ProblemException.of('auth.token-invalid');
    const resource = this.reflector.getAllAndOverride<ScopedResource | undefined>(SCOPED_BY, targets);
    const id = (request.params as Record<string, string> | undefined)?.id;
    const reaches = resource && id && UUID_PATTERN.test(id) ? { resource, id: id.toLowerCase() } : null;
    // the session, the agent and whose data the route reaches: one query on every request
    const found = await this.auth.actorAndSubject(claims.sid, claims.sub, reaches);
    if (!found) throw ProblemException.of('auth.session-ended');
    const { actor, subject } = found;
    request.actor = actor;

    const minimum = this.reflector.getAllAndOverride<AgentRole | undefined>(MIN_ROLE, targets);
    if (minimum && !hasRole(actor, minimum)) throw ProblemException.of('auth.forbidden-role', { required: minimum, role: actor.role });
    if (actor.institutionIds && this.reflector.getAllAndOverride<boolean>(OFFICE_WIDE, targets)) {
      throw ProblemException.of('auth.office-wide-only');
    }
    if (reaches && subject) {
      // other institutions' dossiers and students do not exist for a restricted agent
      if (!covers(actor, subject.institutionId)) throw ProblemException.notFound(reaches.resource, reaches.id);
      request.subject = { ...subject, resource: reaches.resource };
    }
    return true;
  }
}
