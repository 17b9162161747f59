import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isDatabaseUnavailable } from '../infra/prisma/database-errors';
import { StorageUnavailable } from '../infra/storage/document-storage';
import { Prisma } from '../infra/prisma/generated/client';
import { Language, languageOf, PROBLEM_CONTENT_TYPE, ProblemBody, problemBody, ProblemException } from './problem';

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
    const problem = this.toProblem(exception, languageOf(request.headers['accept-language']));
    if (problem.status >= 500) {
      this.logger.error({ err: exception, reqId: request.id }, 'Unhandled error');
    }
    // the agents' API asks for a bearer token; the students' API (student.* codes) opens with a cookie,
    // which no WWW-Authenticate scheme names (RFC 9110 does not require it of a non-HTTP scheme): none there
    if (problem.status === 401 && !isStudentProblem(problem)) void reply.header('www-authenticate', 'Bearer realm="passerelle"');
    if (typeof problem.retryAfter === 'number') void reply.header('retry-after', String(problem.retryAfter));
    void reply
      .status(problem.status)
      .header('content-type', PROBLEM_CONTENT_TYPE)
      .send({ ...problem, instance: request.url, requestId: request.id });
  }

  /** The problem+json answer to `exception`, its sentences in `language`. */
  toProblem(exception: unknown, language: Language = 'en'): ProblemBody {
    if (exception instanceof ProblemException) return exception.render(language);
    if (exception instanceof HttpException) return fromHttpException(exception, language);
    if (exception instanceof Prisma.PrismaClientKnownRequestError) {
      const mapped = fromPrismaError(exception, language);
      if (mapped) return mapped;
    }
    const clientStatus = clientErrorStatus(exception);
    if (clientStatus) return refused(clientStatus, exception as Error, language);
    // PostgreSQL out of reach is an outage, not a bug: come back in a moment
    if (isDatabaseUnavailable(exception)) return problemBody('server.database-unavailable', language, {}, { retryAfter: 5 });
    if (exception instanceof StorageUnavailable) return problemBody('server.storage-unavailable', language, {}, { retryAfter: 5 });
    return problemBody('server.internal-error', language);
  }
}

/** A refusal of the students' API: its link or its session cookie, never a bearer token. */
const isStudentProblem = (problem: ProblemBody): boolean => problem.code.startsWith('student.');

function fromHttpException(exception: HttpException, language: Language): ProblemBody {
  const status = exception.getStatus();
  if (status >= 500) return problemBody('server.internal-error', language, {}, { status });
  // Fastify's own errors (bad JSON, wrong content type, body too large) arrive wrapped
  const code = (exception.cause as { code?: unknown } | undefined)?.code;
  const fastify = typeof code === 'string' ? FASTIFY_PROBLEMS[code] : undefined;
  if (fastify) return problemBody(fastify, language, {}, { status });
  const response = exception.getResponse();
  let reason = exception.message;
  if (typeof response === 'object' && response !== null && 'message' in response) {
    const message = response.message;
    reason = Array.isArray(message) ? message.join('; ') : String(message);
  }
  // Nest's answer to a path no route serves
  const route = /^Cannot ([A-Z]+) (.*)$/.exec(reason);
  if (status === 404 && route) return problemBody('request.route-not-found', language, { method: route[1]!, path: route[2]! });
  return problemBody('request.refused', language, { status, reason }, { status });
}

/** Constraint violations that slipped past the services' own checks are still the client's conflict. */
function fromPrismaError(error: Prisma.PrismaClientKnownRequestError, language: Language): ProblemBody | undefined {
  switch (error.code) {
    case 'P2002': {
      const target = error.meta as { target?: unknown; driverAdapterError?: { cause?: { constraint?: { fields?: string[] } } } } | undefined;
      const fields = target?.driverAdapterError?.cause?.constraint?.fields ?? (Array.isArray(target?.target) ? (target?.target as string[]) : []);
      return problemBody('record.duplicate', language, { fields });
    }
    case 'P2025':
      return problemBody('record.not-found', language);
    case 'P2003':
      return problemBody('record.in-use', language);
    default:
      return undefined;
  }
}

const FASTIFY_PROBLEMS: Record<string, 'request.json-expected' | 'request.body-too-large' | 'request.empty-json-body' | 'request.invalid-json'> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'request.json-expected',
  FST_ERR_CTP_BODY_TOO_LARGE: 'request.body-too-large',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'request.empty-json-body',
  FST_ERR_CTP_INVALID_JSON_BODY: 'request.invalid-json',
};

/** Other libraries' client errors carry a 4xx statusCode. */
function clientErrorStatus(exception: unknown): number | undefined {
  if (typeof exception !== 'object' || exception === null) return undefined;
  const status = (exception as { statusCode?: unknown }).statusCode;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : undefined;
}

function refused(status: number, error: Error, language: Language): ProblemBody {
  const code = (error as { code?: unknown }).code;
  const fastify = typeof code === 'string' ? FASTIFY_PROBLEMS[code] : undefined;
  if (fastify) return problemBody(fastify, language, {}, { status });
  return problemBody('request.refused', language, { status, reason: error.message }, { status });
}
