import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Actor } from './actor';

/** Set on the request by authentication; until then changes are attributed to the API itself. */
export interface RequestWithActor extends FastifyRequest {
  actor?: Actor;
}

const ANONYMOUS_API: Actor = { agentId: null, label: 'api', role: null };

/** The agent (or system) making the request: every change is attributed to it. */
export const CurrentActor = createParamDecorator((_data: unknown, context: ExecutionContext): Actor => {
  return context.switchToHttp().getRequest<RequestWithActor>().actor ?? ANONYMOUS_API;
});
