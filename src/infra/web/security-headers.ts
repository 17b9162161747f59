import type { FastifyInstance } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';

/**
 * Helmet's security headers on every answer, from one middleware built at start-up:
 * @fastify/helmet builds a new one for each request (its options parsed and its CSP compiled
 * again, ~10 µs and a few kB of garbage per request).
 */
export function securityHeaders(fastify: FastifyInstance, options: Readonly<HelmetOptions>): void {
  const setHeaders = helmet(options);
  // helmet 8 throws its errors rather than passing them on: `done` is only ever called empty
  fastify.addHook('onRequest', (request, reply, done) => setHeaders(request.raw, reply.raw, () => done()));
}
