import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import type { IncomingMessage } from 'node:http';
import { AppModule } from './app.module';
import { AppConfig } from './config/app-config';
import { createRootLogger, RequestLogController, requestIdOf } from './infra/logging';

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
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config, logger), adapter, {
    bufferLogs: true,
    abortOnError: false,
    // Fastify's own JSON parser only: no form bodies (Nest would register them)
    bodyParser: false,
  });
  app.useLogger(app.get(Logger));
  const fastify = app.getHttpAdapter().getInstance();
  // JSON only (uploads register multipart themselves): anything else is a 415, not a string body
  fastify.removeContentTypeParser('text/plain');
  fastify.addHook('onRequest', async (request, reply) => {
    void reply.header('x-request-id', request.id);
  });
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
