import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter as BullBoardAdapter } from '@bull-board/fastify';
import fastifyMultipart from '@fastify/multipart';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import type { IncomingMessage } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppModule } from './app.module';
import { AppConfig } from './config/app-config';
import { PROBLEM_CONTENT_TYPE, problemFor } from './common/problem';
import { createRootLogger, RequestLogController, requestIdOf } from './infra/logging';
import { QueueService } from './infra/queue/queue.service';

/** Where the queue dashboard (Bull Board) is served. */
export const QUEUE_DASHBOARD_PATH = '/admin/queues';

/** Largest JSON body accepted (uploads have their own limit). */
export const BODY_LIMIT_BYTES = 1024 * 1024;

/**
 * Builds the API application (not yet listening). The entry point and the e2e tests both
 * use it, so tests exercise exactly what runs in production.
 */
export async function createApi(config: AppConfig): Promise<NestFastifyApplication> {
  const logger = createRootLogger(config);
  const adapter = new FastifyAdapter({
    loggerInstance: logger,
    logController: new RequestLogController(),
    bodyLimit: BODY_LIMIT_BYTES,
    genReqId: (req: IncomingMessage) => requestIdOf(req),
    trustProxy: config.NODE_ENV === 'production',
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
    // errors raised before routing (a malformed URL, an over-long parameter) are problems too
    frameworkErrors: (error: Error, request: FastifyRequest, reply: FastifyReply) => {
      const status = (error as { statusCode?: number }).statusCode ?? 400;
      void reply
        .status(status)
        .header('content-type', PROBLEM_CONTENT_TYPE)
        .header('x-request-id', request.id)
        .send(problemFor(status, 'The request URL is malformed.', { instance: request.url, requestId: request.id }));
    },
    // a request Node's HTTP parser refuses (raw non-ASCII in the URL...) gets a problem too, then the connection closes
    clientErrorHandler: (error, socket) => {
      if (!socket.writable) return;
      const body = JSON.stringify(problemFor(400, 'The HTTP request is malformed (URLs must be percent-encoded).'));
      socket.end(
        `HTTP/1.1 400 Bad Request\r\nContent-Type: ${PROBLEM_CONTENT_TYPE}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
      void error;
    },
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config, logger), adapter, {
    bufferLogs: true,
    abortOnError: false,
    // Fastify's own JSON parser only: no form bodies (Nest would register them)
    bodyParser: false,
  });
  app.useLogger(app.get(Logger));
  // scans arrive as multipart; each route sets its own per-file limits (documents.uploads.ts)
  await app.register(fastifyMultipart, { limits: { fileSize: 20 * 1_048_576, files: 20, fields: 20, fieldSize: 16_384 } });
  const fastify = app.getHttpAdapter().getInstance();
  // JSON only (uploads register multipart themselves): anything else is a 415, not a string body
  fastify.removeContentTypeParser('text/plain');
  fastify.addHook('onRequest', async (request, reply) => {
    void reply.header('x-request-id', request.id);
  });
  await registerQueueDashboard(app);
  if (config.DOCS_ENABLED) {
    const document = SwaggerModule.createDocument(
      app,
      new DocumentBuilder()
        .setTitle('Passerelle API')
        .setDescription(
          'Residence-permit dossiers of a university international office. Errors are RFC 9457 problem+json; ' +
            'dates are YYYY-MM-DD, times ISO-8601 with offset.',
        )
        .setVersion(process.env.npm_package_version ?? '0.1.0')
        .build(),
    );
    SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json', yamlDocumentUrl: 'docs-yaml' });
  }
  return app;
}

/** Bull Board: the queues, their jobs (waiting, delayed, failed...) and retries, for operators. */
async function registerQueueDashboard(app: NestFastifyApplication): Promise<void> {
  const board = new BullBoardAdapter();
  board.setBasePath(QUEUE_DASHBOARD_PATH);
  createBullBoard({
    queues: app.get(QueueService).all().map((queue) => new BullMQAdapter(queue)),
    serverAdapter: board,
    options: { uiConfig: { boardTitle: 'Passerelle queues' } },
  });
  await app.register(board.registerPlugin() as never, { prefix: QUEUE_DASHBOARD_PATH });
}
