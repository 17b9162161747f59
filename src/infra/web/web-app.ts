import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { existsSync, readFileSync } from 'node:fs';
import { resolve, sep } from 'node:path';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { languageOf, PROBLEM_CONTENT_TYPE, problemBody } from '../../common/problem';
import type { AppConfig } from '../../config/app-config';

/**
 * The agents' web app (web/, built by Vite into WEB_DIR) at /: index.html (never cached: it
 * names the current build) and its hashed assets (cached for good). The app routes in the URL's
 * fragment (/#/dossiers/…), so every page is index.html; anything else is the API's 404 problem.
 * Without a build, the API runs alone and / says how to build the app. The student's page
 * (web/student/, built beside it into WEB_DIR/student/) is served at /s/.
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
  const studentDir = resolve(root, 'student');
  await app.register(fastifyStatic as never, {
    root,
    prefix: '/',
    // a route per file of the build (it does not change while the process runs); any other path is the API's 404 problem
    wildcard: false,
    index: false,
    // the build writes a .gz beside each asset
    preCompressed: true,
    setHeaders: (reply: FastifyReply, path: string) => {
      if (path.startsWith(studentDir + sep)) return void reply.headers(STUDENT_PAGE_HEADERS);
      void reply.header('cache-control', path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  const sendIndex = (_request: FastifyRequest, reply: FastifyReply) =>
    reply.header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-cache').send(index);
  fastify.get('/', sendIndex);
  // the student's page (web/student/): its address carries the link's token after #, so it is
  // never stored and never tells where it was opened from; /s and /s/ alike (ignoreTrailingSlash)
  const studentFile = resolve(studentDir, 'index.html');
  if (existsSync(studentFile)) {
    const studentIndex = readFileSync(studentFile);
    fastify.get('/s/', (_request, reply) => reply.headers(STUDENT_PAGE_HEADERS).header('content-type', 'text/html; charset=utf-8').send(studentIndex));
  }
  return 'served';
}

/** The student's page: never cached (it is the door to a dossier), no Referer from it. */
const STUDENT_PAGE_HEADERS = { 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' };

function notBuilt(request: FastifyRequest, reply: FastifyReply, file: string) {
  return reply
    .status(404)
    .header('content-type', PROBLEM_CONTENT_TYPE)
    .send(problemBody('web.not-built', languageOf(request.headers['accept-language']), { file }, { instance: request.url, requestId: String(request.id) }));
}
