import { Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { hasRole } from '../common/actor';
import { languageOf, PROBLEM_CONTENT_TYPE, problemBody } from '../common/problem';
import { AuthRepository } from './auth.repository';
import { bearerToken, Tokens } from './auth.tokens';

/** Where the queue dashboard (Bull Board) is served. */
export const QUEUE_DASHBOARD_PATH = '/admin/queues';
const COOKIE = 'passerelle_dashboard';

/**
 * The admins' access to the queue dashboard, a Fastify plugin outside Nest's guards. A REST
 * client sends its Bearer token; a browser gets the token in an HttpOnly, SameSite=Strict
 * cookie limited to the dashboard's path when an admin logs in.
 */
/** `secure` in production: the cookie is a full access token, it never travels over plain HTTP. */
export function dashboardCookie(token: string, maxAgeSeconds: number, secure: boolean): string {
  return `${COOKIE}=${token}; Path=${QUEUE_DASHBOARD_PATH}; Max-Age=${maxAgeSeconds}; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`;
}

@Injectable()
export class DashboardAccess {
  constructor(
    private readonly tokens: Tokens,
    private readonly auth: AuthRepository,
  ) {}

  /** A Fastify onRequest hook of the dashboard's scope: admins covering the whole office only. */
  async check(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const token = bearerToken(request.headers.authorization) ?? cookieToken(request.headers.cookie);
    const claims = token ? this.tokens.verify(token) : null;
    const actor = claims ? await this.auth.actorOf(claims.sid, claims.sub) : null;
    if (!actor) return refuse(reply, request, 'auth.dashboard-login-required');
    if (!hasRole(actor, 'admin') || actor.institutionIds) return refuse(reply, request, 'auth.dashboard-admins-only');
  }
}

function cookieToken(header: string | undefined): string | null {
  const match = new RegExp(`(?:^|;\\s*)${COOKIE}=([A-Za-z0-9\\-_.]+)`).exec(header ?? '');
  return match ? match[1]! : null;
}

function refuse(reply: FastifyReply, request: FastifyRequest, code: 'auth.dashboard-login-required' | 'auth.dashboard-admins-only'): void {
  const problem = problemBody(code, languageOf(request.headers['accept-language']), {}, { instance: request.url, requestId: request.id });
  if (problem.status === 401) void reply.header('www-authenticate', 'Bearer realm="passerelle"');
  void reply.status(problem.status).header('content-type', PROBLEM_CONTENT_TYPE).send(problem);
}
