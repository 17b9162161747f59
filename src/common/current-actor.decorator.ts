import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Actor } from './actor';

/** Set on the request by the access guard (src/auth/access.guard.ts). */
export interface RequestWithActor extends FastifyRequest {
  actor?: Actor;
}

/** The agent making the request: every change is attributed to it. Guarded routes always have one. */
export const CurrentActor = createParamDecorator((_data: unknown, context: ExecutionContext): Actor => {
  const actor = context.switchToHttp().getRequest<RequestWithActor>().actor;
  if (!actor) throw new Error('CurrentActor on a route without an authenticated agent (a @Public route?)');
  return actor;
});
