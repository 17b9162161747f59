import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';
import { LoggerModule } from 'nestjs-pino';
import pino, { type Level, Logger } from 'pino';
import { AppConfig } from '../config/app-config';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * The request id: the caller's `x-request-id` when it looks like one, else a new UUID.
 * Fastify asks for it when a request arrives; the error filter and the logs use it.
 */
export function requestIdOf(req: IncomingMessage & { id?: unknown }): string {
  if (typeof req.id === 'string') return req.id;
  const given = req.headers['x-request-id'];
  const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
  req.id = id;
  return id;
}

/**
 * The process's one pino logger: JSON lines on stdout, secrets redacted. Written
 * asynchronously: a line goes out at once when stdout is free, and the lines of a busy moment
 * together in one write (not one blocking write per request); pino writes what is left at exit.
 */
export function createRootLogger(config: AppConfig): Logger {
  return pino(
    {
      level: config.LOG_LEVEL,
      base: { service: 'passerelle', pid: process.pid },
      redact: { paths: ['req.headers.authorization', 'req.headers.cookie', '*.password', '*.token'], censor: '[redacted]' },
    },
    pino.destination({ dest: 1, sync: false }),
  );
}

/** Nest's Logger backed by the root logger (application logs: start-up, jobs, errors). */
export function loggingModule(logger: Logger) {
  // request logs come from Fastify (logRequests); no per-request middleware here
  return LoggerModule.forRoot({ pinoHttp: { logger }, forRoutes: [] });
}

/**
 * Fastify's request logging, reduced to one JSON line per answered request with its id,
 * method, URL, status and duration; health probes are left out. Written through the root
 * logger (the line names its request), nothing built when the level is off.
 */
export class RequestLogController extends LogController {
  constructor(private readonly logger: Logger) {
    super();
  }

  override isLogDisabled(request: FastifyRequest | IncomingMessage): boolean {
    return request.url?.startsWith('/health/') ?? false;
  }

  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    const status = reply.statusCode;
    const level: Level = error || status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info';
    if (!this.logger.isLevelEnabled(level) || this.isLogDisabled(request)) return;
    const line = {
      reqId: request.id,
      req: { id: request.id, method: request.method, url: request.url },
      res: { statusCode: status },
      responseTime: Math.round(reply.elapsedTime),
      ...(level === 'error' && { err: error ?? undefined }),
    };
    this.logger[level](line, 'request completed');
  }
}
