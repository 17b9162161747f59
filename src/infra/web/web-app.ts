import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { languageOf, PROBLEM_CONTENT_TYPE, problemBody } from '../../common/problem';
import type { AppConfig } from '../../config/app-config';

/**
 * The agents' web app (web/, built by Vite into WEB_DIR) at /: index.html (never cached: it
 * names the current build) and its hashed assets (cached for good). The app routes in the URL's
 * fragment (/#/dossiers/…), so every page is index.html; anything else is the API's 404 problem.
 * Without a build, the API runs alone and / says how to build the app.
 */
export async function registerWebApp(app: NestFastifyApplication, config: AppConfig): Promise<'served' | 'not-built'> {
  const root = resolve(config.WEB_DIR);
  const indexFile = resolve(root, 'index.html');
  const fastify = app.getHttpAdapter().getInstance();
  if (!existsSync(indexFile)) {
    fastify.get('/', (request, reply) => notBuilt(request, reply, indexFile));
    return 'not-built';
  }
  const index = readFileSync(indexFile);
  await app.register(fastifyStatic as never, {
    root,
    prefix: '/',
    // a route per file of the build (it does not change while the process runs); any other path is the API's 404 problem
    wildcard: false,
    index: false,
    // the build writes a .gz beside each asset
    preCompressed: true,
    setHeaders: (reply: FastifyReply, path: string) => {
      void reply.header('cache-control', path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  const sendIndex = (_request: FastifyRequest, reply: FastifyReply) =>
    reply.header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-cache').send(index);
  fastify.get('/', sendIndex);
  return 'served';
}

function notBuilt(request: FastifyRequest, reply: FastifyReply, file: string) {
  return reply
    .status(404)
    .header('content-type', PROBLEM_CONTENT_TYPE)
    .send(problemBody('web.not-built', languageOf(request.headers['accept-language']), { file }, { instance: request.url, requestId: String(request.id) }));
}
