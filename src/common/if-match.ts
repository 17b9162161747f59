import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { ProblemException } from './problem';

/**
 * The version the caller last saw, from `If-Match` ("3", W/"3" or 3). Missing → 428, so a
 * change can never overwrite someone else's unseen; malformed → 400.
 */
export function parseIfMatch(header: string | undefined): number {
  if (header === undefined || header.trim() === '') {
    throw ProblemException.of('dossier.if-match-required');
  }
  const match = /^(?:W\/)?"?(\d{1,9})"?$/.exec(header.trim());
  if (!match) throw ProblemException.validation([{ field: 'If-Match', code: 'ifMatch' }]);
  return Number(match[1]);
}

/** The If-Match version of the request (see parseIfMatch). */
export const IfMatchVersion = createParamDecorator((_data: unknown, context: ExecutionContext): number =>
  parseIfMatch(context.switchToHttp().getRequest<FastifyRequest>().headers['if-match']),
);

/** The If-Match version when the caller sends one (the check is then enforced), else undefined. */
export const OptionalIfMatchVersion = createParamDecorator((_data: unknown, context: ExecutionContext): number | undefined => {
  const header = context.switchToHttp().getRequest<FastifyRequest>().headers['if-match'];
  return header === undefined ? undefined : parseIfMatch(header);
});
