import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter as BullBoardAdapter } from '@bull-board/fastify';
import fastifyCookie from '@fastify/cookie';
import fastifyMultipart from '@fastify/multipart';
import fastifyRateLimit from '@fastify/rate-limit';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppModule } from './app.module';
import { Clock } from './common/clock';
import { openApiDocument } from './common/openapi';
import { AppConfig } from './config/app-config';
import { languageOf, PROBLEM_CONTENT_TYPE, problemBody } from './common/problem';
import { createRootLogger, RequestLogController, requestIdOf } from './infra/logging';
import { QueueService } from './infra/queue/queue.service';
import { RateLimitCounters, reconcileInRedis } from './infra/redis/rate-limit.store';
import { RedisService } from './infra/redis/redis.service';
import { ApiKeyAccess } from './api-keys/api-keys.access';
import { Tokens } from './auth/auth.tokens';
import { DashboardAccess, QUEUE_DASHBOARD_PATH } from './auth/dashboard-access';
import { securityHeaders } from './infra/web/security-headers';
import { registerWebApp } from './infra/web/web-app';
import { hashToken, STUDENT_COOKIE, STUDENT_COOKIE_PATH } from './student-access/student-access.links';

/** How long the rate limit's counts wait in the process before going to Redis together (their lag across processes). */
const RATE_LIMIT_FLUSH_MS = 200;

/** Largest JSON body accepted (uploads have their own limit). */
export const BODY_LIMIT_BYTES = 1024 * 1024;

/**
 * Builds the API application (not yet listening). The entry point and the e2e tests both
 * use it, so tests exercise exactly what runs in production (on a clock of their own, if given).
 */
export async function createApi(config: AppConfig, options: { clock?: Clock } = {}): Promise<NestFastifyApplication> {
  const logger = createRootLogger(config);
  const adapter = new FastifyAdapter({
    loggerInstance: logger,
    logController: new RequestLogController(logger),
    bodyLimit: BODY_LIMIT_BYTES,
    genReqId: (req: IncomingMessage) => requestIdOf(req),
    // the client's address (login locks, rate limits, audit) is X-Forwarded-For only from proxies named in TRUST_PROXY
    trustProxy: trustProxyOf(config),
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
    // errors raised before routing (a malformed URL, an over-long parameter) are problems too
    frameworkErrors: (error: Error, request: FastifyRequest, reply: FastifyReply) => {
      const status = (error as { statusCode?: number }).statusCode ?? 400;
      void reply
        .status(status)
        .header('content-type', PROBLEM_CONTENT_TYPE)
        .header('x-request-id', request.id)
        .send(
          problemBody('request.malformed-url', languageOf(request.headers['accept-language']), {}, { status, instance: request.url, requestId: request.id }),
        );
    },
    // a request Node's HTTP parser refuses (raw non-ASCII in the URL...) gets a problem too, then the connection closes
    clientErrorHandler: (error, socket) => {
      if (!socket.writable) return;
      // the request could not be read, its Accept-Language neither: English, the API's default
      const body = JSON.stringify(problemBody('request.malformed-http', 'en'));
      socket.end(
        `HTTP/1.1 400 Bad Request\r\nContent-Type: ${PROBLEM_CONTENT_TYPE}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
      void error;
    },
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config, logger, options.clock), adapter, {
    bufferLogs: true,
    abortOnError: false,
    // Fastify's own JSON parser only: no form bodies (Nest would register them)
    bodyParser: false,
  });
  app.useLogger(app.get(Logger));
  // scans arrive as multipart; each route sets its own per-file limits (documents.uploads.ts)
  await app.register(fastifyMultipart, { limits: { fileSize: 20 * 1_048_576, files: 20, fields: 20, fieldSize: 16_384 } });
  // the students' session cookie (read by StudentGuard on the students' API only, and by the rate limit)
  await app.register(fastifyCookie);
  const fastify = app.getHttpAdapter().getInstance();
  await registerHardening(app, config);
  // JSON only (uploads register multipart themselves): anything else is a 415, not a string body
  fastify.removeContentTypeParser('text/plain');
  fastify.addHook('onRequest', async (request, reply) => {
    void reply.header('x-request-id', request.id);
    // Fastify's query parser keeps a malformed escape (%E0%A4%A) as it is: a malformed URL is a 400, as for the path
    const query = request.url.indexOf('?');
    if (query >= 0 && !isWellEncoded(request.url.slice(query + 1))) {
      return reply
        .status(400)
        .header('content-type', PROBLEM_CONTENT_TYPE)
        .send(
          problemBody(
            'request.malformed-query',
            languageOf(request.headers['accept-language']),
            {},
            { instance: request.url.slice(0, query), requestId: request.id },
          ),
        );
    }
  });
  await registerQueueDashboard(app);
  if (config.DOCS_ENABLED) {
    const document = openApiDocument(app);
    SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json', yamlDocumentUrl: 'docs-yaml' });
  }
  // the agents' web app, over this same API
  if ((await registerWebApp(app, config)) === 'not-built')
    app.get(Logger).warn(`The web app is not built (${config.WEB_DIR}): run npm run build to serve it at /`);
  return app;
}

/** Whether every part of a query string decodes as percent-encoded UTF-8. */
function isWellEncoded(query: string): boolean {
  try {
    for (const part of query.split(/[&=]/)) decodeURIComponent(part.replace(/\+/g, ' '));
    return true;
  } catch {
    return false;
  }
}

/**
 * Security headers (helmet; Swagger UI's inline styles allowed), CORS for the origins of
 * CORS_ORIGINS only, and a limit of RATE_LIMIT_PER_MINUTE requests per agent (or per address
 * before login) counted across every API process (in the process, reconciled in Redis every
 * RATE_LIMIT_FLUSH_MS) — logins have their own, stricter
 * counters; on the students' API, STUDENT_RATE_LIMIT_PER_MINUTE per session cookie. If Redis
 * is away, requests are not refused for want of a counter.
 */
async function registerHardening(app: NestFastifyApplication, config: AppConfig): Promise<void> {
  securityHeaders(app.getHttpAdapter().getInstance(), {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        // blob: the scans the dossier page previews, read with the agent's token (a PDF in a frame, an image)
        imgSrc: ["'self'", 'data:', 'blob:'],
        frameSrc: ["'self'", 'blob:'],
        scriptSrc: ["'self'"],
        upgradeInsecureRequests: null,
      },
    },
    // HTTPS is the proxy's business in production; a local http:// API must not pin browsers to https
    hsts: config.NODE_ENV === 'production',
    crossOriginEmbedderPolicy: false,
  });
  const origins = config.CORS_ORIGINS?.split(',') ?? [];
  app.enableCors({ origin: origins.length ? origins : false, credentials: false, exposedHeaders: ['etag', 'location', 'x-request-id', 'retry-after'] });
  const tokens = app.get(Tokens);
  const apiKeys = app.get(ApiKeyAccess);
  // counted in the process and added to Redis in the background: no round trip on a request's way
  const counters = new RateLimitCounters(reconcileInRedis(app.get(RedisService).client, 'rate-limit:'), {
    flushMs: RATE_LIMIT_FLUSH_MS,
    onError: (error) => app.get(Logger).warn(`Rate-limit counts not reconciled in Redis: ${error.message}`, 'RateLimit'),
  });
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onClose', (_instance, done) => {
      counters.close();
      done();
    });
  await app.register(fastifyRateLimit, {
    global: true,
    timeWindow: 60_000,
    store: counters.store(),
    skipOnError: true,
    allowList: (request: FastifyRequest) => request.url.startsWith('/health/') || request.url.startsWith('/assets/'),
    keyGenerator: async (request: FastifyRequest) => {
      // a student's session is counted by its cookie (hashed: the key names no token), on the students' API only
      const studentCookie = isStudentApi(request.url) ? request.cookies?.[STUDENT_COOKIE] : undefined;
      if (studentCookie) return `student:${hashToken(studentCookie)}`;
      // a valid API key has its own budget, like an agent's (looked up once: the guard reuses it); a refused one counts by address
      if (apiKeys.presents(request)) return (await apiKeys.bucketOf(request)) ?? `ip:${request.ip}`;
      // verified once: the guard reuses these claims
      const claims = tokens.claimsOf(request);
      return claims ? `agent:${claims.sub}` : `ip:${request.ip}`;
    },
    max: (_request: FastifyRequest, key: string) => (key.startsWith('student:') ? config.STUDENT_RATE_LIMIT_PER_MINUTE : config.RATE_LIMIT_PER_MINUTE),
    errorResponseBuilder: (request: FastifyRequest, context: { after: string; ttl: number }) => ({
      statusCode: 429,
      ...problemBody(
        'request.rate-limited',
        languageOf(request.headers['accept-language']),
        { after: context.after, seconds: Math.ceil(context.ttl / 1000) },
        { instance: request.url, requestId: request.id, retryAfter: Math.ceil(context.ttl / 1000) },
      ),
    }),
  });
}

const isStudentApi = (url: string) => url === STUDENT_COOKIE_PATH || url.startsWith(`${STUDENT_COOKIE_PATH}/`) || url.startsWith(`${STUDENT_COOKIE_PATH}?`);

/** Bull Board: the queues, their jobs (waiting, delayed, failed...) and retries, for operators. */
async function registerQueueDashboard(app: NestFastifyApplication): Promise<void> {
  const board = new BullBoardAdapter();
  board.setBasePath(QUEUE_DASHBOARD_PATH);
  createBullBoard({
    queues: app
      .get(QueueService)
      .all()
      .map((queue) => new BullMQAdapter(queue)),
    serverAdapter: board,
    options: { uiConfig: { boardTitle: 'Passerelle queues' } },
  });
  // the access check lives in the dashboard's own scope: it guards each of its routes, however
  // the URL that reached it was spelled (%61dmin...)
  const access = app.get(DashboardAccess);
  await app.register(async (scope: FastifyInstance) => {
    scope.addHook('onRequest', (request, reply) => access.check(request, reply));
    await scope.register(board.registerPlugin() as never, { prefix: QUEUE_DASHBOARD_PATH });
  });
}

/** TRUST_PROXY: empty (no proxy: the peer's address), a number of proxy hops, or proxy addresses/CIDRs. */
function trustProxyOf(config: AppConfig): boolean | string | ((address: string, hop: number) => boolean) {
  const value = config.TRUST_PROXY?.trim();
  if (!value) return false;
  if (!/^\d+$/.test(value)) return value;
  const hops = Number(value);
  return (_address: string, hop: number) => hop < hops;
}
