import { HttpException } from '@nestjs/common';

/** One bad field of a request: `student.email`, `items.0.kind`, `id`... */
export interface FieldError {
  field: string;
  message: string;
}

/** RFC 9457 problem details, as Passerelle answers every error. */
export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

const TYPE_BASE = '/problems/';

/** Standard titles, and the problem type slug used when none more precise is given. */
const STATUS_PROBLEMS: Record<number, { slug: string; title: string }> = {
  400: { slug: 'bad-request', title: 'Bad request' },
  401: { slug: 'unauthorized', title: 'Authentication required' },
  403: { slug: 'forbidden', title: 'Not allowed' },
  404: { slug: 'not-found', title: 'Not found' },
  405: { slug: 'method-not-allowed', title: 'Method not allowed' },
  406: { slug: 'not-acceptable', title: 'Not acceptable' },
  409: { slug: 'conflict', title: 'Conflict' },
  412: { slug: 'precondition-failed', title: 'Precondition failed' },
  413: { slug: 'payload-too-large', title: 'Payload too large' },
  415: { slug: 'unsupported-media-type', title: 'Unsupported media type' },
  422: { slug: 'unprocessable', title: 'Refused by a rule' },
  428: { slug: 'precondition-required', title: 'Precondition required' },
  429: { slug: 'rate-limited', title: 'Too many requests' },
  500: { slug: 'internal-error', title: 'Internal error' },
  503: { slug: 'unavailable', title: 'Service unavailable' },
};

export function problemFor(status: number, detail: string, extra: Partial<ProblemBody> = {}): ProblemBody {
  const known = STATUS_PROBLEMS[status] ?? { slug: `http-${status}`, title: `HTTP ${status}` };
  return { type: TYPE_BASE + known.slug, title: known.title, status, detail, ...extra };
}

/**
 * An error the API answers as problem+json. Services throw the named constructors
 * below; the global filter turns them into responses.
 */
export class ProblemException extends HttpException {
  constructor(readonly problem: ProblemBody) {
    super(problem, problem.status);
  }

  static validation(errors: FieldError[], detail?: string): ProblemException {
    const fields = [...new Set(errors.map((e) => e.field))];
    return new ProblemException(
      problemFor(400, detail ?? `Invalid request: ${fields.join(', ')}.`, {
        type: TYPE_BASE + 'validation-error',
        title: 'Invalid request',
        errors,
      }),
    );
  }

  static notFound(what: string, id: string): ProblemException {
    return new ProblemException(problemFor(404, `No ${what} with id ${id}.`));
  }

  static conflict(detail: string, extra: Partial<ProblemBody> = {}): ProblemException {
    return new ProblemException(problemFor(409, detail, extra));
  }

  static of(status: number, detail: string, extra: Partial<ProblemBody> = {}): ProblemException {
    return new ProblemException(problemFor(status, detail, extra));
  }
}
