import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { ApiKeyAccess } from '../api-keys/api-keys.access';
import { Actor, AgentRole, covers, hasRole } from '../common/actor';
import type { RequestWithActor } from '../common/current-actor.decorator';
import { ProblemException } from '../common/problem';
import { UUID_PATTERN } from '../common/validators';
import { STUDENT_API } from '../student-access/student-access.decorators';
import { IS_PUBLIC, LOGIN_ONLY, MIN_ROLE, OFFICE_WIDE, SCOPE_ON_ROW, SCOPED_BY, ScopedResource } from './auth.decorators';
import { AuthRepository } from './auth.repository';
import { SessionCache } from './auth.sessions';
import { RequestSubject, SubjectsRepository } from './auth.subjects.repository';
import { bearerToken, Tokens } from './auth.tokens';

/** A request past the guard: who makes it, and whose data its `:id` reaches. */
export interface GuardedRequest extends RequestWithActor {
  subject?: RequestSubject & { resource: ScopedResource };
}

/**
 * Every route needs an agent's access token (or an API key, src/api-keys) unless marked @Public (or @StudentApi, the
 * students' routes, which StudentGuard opens with a student's session only): 401 without a valid one
 * (or when the login was revoked, or the agent disabled — at once in every process: SessionCache), 403 when the
 * agent's role is below the route's, 404 when the route's dossier or student belongs to an
 * institution the agent does not cover (as if it did not exist).
 */
/** What a route declares about access, read from its decorators once (they never change once the app runs). */
interface RouteAccess {
  open: boolean;
  minimum: AgentRole | undefined;
  officeWide: boolean;
  /** A person's login only, never an API key (@LoginOnly). */
  loginOnly: boolean;
  /** The resource the guard looks up by `:id` (null: none, or the handler checks it on its row). */
  scopedBy: ScopedResource | null;
}

@Injectable()
export class AccessGuard implements CanActivate {
  private readonly routes = new WeakMap<object, WeakMap<object, RouteAccess>>();

  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: Tokens,
    private readonly auth: AuthRepository,
    private readonly sessions: SessionCache,
    private readonly subjects: SubjectsRepository,
    private readonly apiKeys: ApiKeyAccess,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const route = this.accessOf(context);
    if (route.open) return true;
    const request = context.switchToHttp().getRequest<GuardedRequest & FastifyRequest>();

    if (!bearerToken(request.headers.authorization)) throw ProblemException.of('auth.token-missing');
    // an API key (psk_…) acts as its own agent, read on every request (src/api-keys); an access token as its login's
    const byKey = this.apiKeys.presents(request);
    const actor = byKey ? await this.apiKeys.actorOf(request) : await this.loginActor(request);
    request.actor = actor;
    if (byKey && route.loginOnly) throw ProblemException.of('auth.login-only');

    const minimum = route.minimum;
    if (minimum && !hasRole(actor, minimum)) throw ProblemException.of('auth.forbidden-role', { required: minimum, role: actor.role });
    if (actor.institutionIds && route.officeWide) throw ProblemException.of('auth.office-wide-only');
    const reaches = this.reaches(route, request);
    const subject = reaches && (await this.subjects.ownerOf(reaches.resource, reaches.id));
    if (reaches && subject) {
      // other institutions' dossiers and students do not exist for a restricted agent
      if (!covers(actor, subject.institutionId)) throw ProblemException.notFound(reaches.resource, reaches.id);
      request.subject = { ...subject, resource: reaches.resource };
    }
    return true;
  }

  /** The agent of the request's access token, by its login. */
  private async loginActor(request: FastifyRequest): Promise<Actor> {
    // verified once per request: the rate limit's key did it already
    const claims = this.tokens.claimsOf(request);
    if (!claims) throw ProblemException.of('auth.token-invalid');
    // the login and its agent: cached in the process (told of every logout and change), read on a miss
    const actor = await this.sessions.actor(claims.sid, claims.sub, () => this.auth.sessionActor(claims.sid, claims.sub));
    if (!actor) throw ProblemException.of('auth.session-ended');
    return actor;
  }

  private accessOf(context: ExecutionContext): RouteAccess {
    const handler = context.getHandler();
    const controller = context.getClass();
    let byHandler = this.routes.get(controller);
    if (!byHandler) this.routes.set(controller, (byHandler = new WeakMap()));
    let route = byHandler.get(handler);
    if (!route) {
      const targets = [handler, controller];
      const flag = (key: string) => this.reflector.getAllAndOverride<boolean | undefined>(key, targets) === true;
      const resource = this.reflector.getAllAndOverride<ScopedResource | undefined>(SCOPED_BY, targets);
      route = {
        // the students' API is StudentGuard's: only its cookie opens it, an agent's token is not even read
        open: flag(IS_PUBLIC) || flag(STUDENT_API),
        minimum: this.reflector.getAllAndOverride<AgentRole | undefined>(MIN_ROLE, targets),
        officeWide: flag(OFFICE_WIDE),
        loginOnly: flag(LOGIN_ONLY),
        scopedBy: resource && !flag(SCOPE_ON_ROW) ? resource : null,
      };
      byHandler.set(handler, route);
    }
    return route;
  }

  /** The dossier or student the route's `:id` names, unless the handler checks the agent's reach on the row it reads (@ScopeCheckedOnRow). */
  private reaches(route: RouteAccess, request: FastifyRequest): { resource: ScopedResource; id: string } | null {
    if (!route.scopedBy) return null;
    const id = (request.params as Record<string, string> | undefined)?.id;
    return id && UUID_PATTERN.test(id) ? { resource: route.scopedBy, id: id.toLowerCase() } : null;
  }
}
