import Fastify, { type FastifyInstance } from 'fastify';
import { securityHeaders } from './security-headers';

describe('securityHeaders', () => {
  let fastify: FastifyInstance;

  beforeAll(async () => {
    fastify = Fastify();
    securityHeaders(fastify, { contentSecurityPolicy: { directives: { defaultSrc: ["'self'"], scriptSrc: ["'self'"] } }, hsts: false });
    fastify.get('/ok', () => ({ ok: true }));
    fastify.get('/fails', () => {
      throw new Error('boom');
    });
    // a scope of its own (as the dashboard and the web app register): the hook still applies
    await fastify.register(async (scope) => scope.get('/scoped', () => 'scoped'));
    await fastify.ready();
  });

  afterAll(() => fastify.close());

  it.each(['/ok', '/fails', '/scoped', '/nowhere'])('sets the same headers on every answer (%s)', async (url) => {
    const first = await fastify.inject({ url });
    const second = await fastify.inject({ url });
    expect(first.headers).toMatchObject({
      'content-security-policy': expect.stringMatching(/^default-src 'self';.*script-src 'self';/),
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'SAMEORIGIN',
      'cross-origin-opener-policy': 'same-origin',
      'referrer-policy': 'no-referrer',
    });
    expect(first.headers['x-powered-by']).toBeUndefined();
    expect(first.headers['strict-transport-security']).toBeUndefined();
    // built once, applied again: the second answer is the same
    expect(second.headers['content-security-policy']).toBe(first.headers['content-security-policy']);
  });
});
