import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isDatabaseUnavailable } from '../infra/prisma/database-errors';
import { Prisma } from '../infra/prisma/generated/client';
import { PROBLEM_CONTENT_TYPE, ProblemBody, problemFor, ProblemException } from './problem';

/**
 * Turns every error into RFC 9457 problem+json. Client mistakes keep their 4xx status;
 * anything unexpected is logged with its stack and answered as a bare 500 — no stack,
 * no SQL, no internal message leaves the process.
 */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const problem = this.toProblem(exception);
    if (problem.status >= 500) {
      this.logger.error({ err: exception, reqId: request.id }, 'Unhandled error');
    }
    if (problem.status === 401) void reply.header('www-authenticate', 'Bearer realm="passerelle"');
    if (typeof problem.retryAfter === 'number') void reply.header('retry-after', String(problem.retryAfter));
    void reply
      .status(problem.status)
      .header('content-type', PROBLEM_CONTENT_TYPE)
      .send({ ...problem, instance: request.url, requestId: request.id });
  }

  toProblem(exception: unknown): ProblemBody {
    if (exception instanceof ProblemException) return exception.problem;
    if (exception instanceof HttpException) return fromHttpException(exception);
    if (exception instanceof Prisma.PrismaClientKnownRequestError) {
      const mapped = fromPrismaError(exception);
      if (mapped) return mapped;
    }
    const clientStatus = clientErrorStatus(exception);
    if (clientStatus) return problemFor(clientStatus, (exception as Error).message);
    // PostgreSQL out of reach is an outage, not a bug: come back in a moment
    if (isDatabaseUnavailable(exception)) return problemFor(503, 'The database cannot be reached just now; try again in a moment.', { retryAfter: 5 });
    return problemFor(500, 'An unexpected error occurred; it has been logged with this request id.');
  }
}

function fromHttpException(exception: HttpException): ProblemBody {
  const status = exception.getStatus();
  // Fastify's own errors (bad JSON, wrong content type, body too large) arrive wrapped
  const code = (exception.cause as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string' && FASTIFY_DETAILS[code]) return problemFor(status, FASTIFY_DETAILS[code]);
  const response = exception.getResponse();
  let detail = exception.message;
  if (typeof response === 'object' && response !== null && 'message' in response) {
    const message = response.message;
    detail = Array.isArray(message) ? message.join('; ') : String(message);
  }
  return problemFor(status, status >= 500 ? 'An unexpected error occurred.' : detail);
}

/** Constraint violations that slipped past the services' own checks are still the client's conflict. */
function fromPrismaError(error: Prisma.PrismaClientKnownRequestError): ProblemBody | undefined {
  switch (error.code) {
    case 'P2002': {
      const target = error.meta as { target?: unknown; driverAdapterError?: { cause?: { constraint?: { fields?: string[] } } } } | undefined;
      const fields = target?.driverAdapterError?.cause?.constraint?.fields ?? (Array.isArray(target?.target) ? (target?.target as string[]) : []);
      return problemFor(409, `A record with the same ${fields.length ? fields.join(', ') : 'unique value'} already exists.`, {
        type: '/problems/duplicate',
        title: 'Duplicate',
      });
    }
    case 'P2025':
      return problemFor(404, 'The record does not exist (any more).');
    case 'P2003':
      return problemFor(409, 'The change refers to a record that does not exist, or removes one still in use.');
    default:
      return undefined;
  }
}

const FASTIFY_DETAILS: Record<string, string> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'This endpoint takes JSON: send Content-Type: application/json.',
  FST_ERR_CTP_BODY_TOO_LARGE: 'The request body is larger than the server accepts.',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'Content-Type is application/json but the body is empty.',
};

/** Other libraries' client errors carry a 4xx statusCode. */
function clientErrorStatus(exception: unknown): number | undefined {
  if (typeof exception !== 'object' || exception === null) return undefined;
  const status = (exception as { statusCode?: unknown }).statusCode;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : undefined;
}
