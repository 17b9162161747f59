import { HttpException } from '@nestjs/common';
import {
  fieldText,
  type FieldProblem,
  type Language,
  PROBLEM_MESSAGES,
  problemText,
  type ProblemCode,
  type ProblemMessage,
  type ProblemParams,
} from './problem-messages';

export type { FieldProblem, Language, ProblemCode } from './problem-messages';
export { languageOf } from './problem-messages';

/** One bad field of a request, as answered: `student.email`, `items.0.kind`, `id`... with its code and sentence. */
export interface FieldError {
  field: string;
  code: string;
  params?: Record<string, unknown>;
  message: string;
}

/** RFC 9457 problem details, as Passerelle answers every error: with a stable `code` and the `params` of its sentence. */
export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  params: Record<string, unknown>;
  instance?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

/** What a problem carries beyond its sentence: the fields clients read (findings, allowed, currentVersion...), its bad fields. */
export interface ProblemExtensions {
  errors?: FieldProblem[];
  /** Only for codes whose status is the one of the error they translate (`request.refused`). */
  status?: number;
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

/** The problem type of `code`: its slug (`/problems/<slug>`), title and status. */
export function problemTypeOf(code: ProblemCode): { slug: string; title: string; status: number } {
  const entry = PROBLEM_MESSAGES[code] as ProblemMessage<never>;
  const known = STATUS_PROBLEMS[entry.status] ?? { slug: `http-${entry.status}`, title: `HTTP ${entry.status}` };
  return { slug: entry.type ?? known.slug, title: entry.title ?? known.title, status: entry.status };
}

/** Every problem type slug the API can answer: the statuses' defaults and the catalog's own. */
export function problemTypeSlugs(): string[] {
  const own = Object.keys(PROBLEM_MESSAGES).map((code) => problemTypeOf(code as ProblemCode).slug);
  return [...new Set([...Object.values(STATUS_PROBLEMS).map((known) => known.slug), ...own])];
}

export const PROBLEM_TYPE_BASE = TYPE_BASE;

/** The params argument, optional when the sentence needs none. */
export type ProblemArguments<C extends ProblemCode> =
  Record<never, never> extends ProblemParams<C>
    ? [params?: ProblemParams<C>, extensions?: ProblemExtensions]
    : [params: ProblemParams<C>, extensions?: ProblemExtensions];

/** The problem+json body of `code` in `language`: its sentence, its field errors' sentences, its extensions. */
export function problemBody<C extends ProblemCode>(code: C, language: Language, ...[params, extensions]: ProblemArguments<C>): ProblemBody {
  return render(code, language, params as object | undefined, extensions);
}

function render(code: ProblemCode, language: Language, params: object | undefined, extensions: ProblemExtensions = {}): ProblemBody {
  const entry = PROBLEM_MESSAGES[code] as ProblemMessage<never>;
  const { errors, status: statusOverride, ...rest } = extensions;
  const status = statusOverride ?? entry.status;
  const known = STATUS_PROBLEMS[status] ?? { slug: `http-${status}`, title: `HTTP ${status}` };
  const values = (params ?? {}) as Record<string, unknown>;
  return {
    type: TYPE_BASE + (entry.type ?? known.slug),
    title: entry.title ?? known.title,
    status,
    detail: problemText(code, values as never, language),
    code,
    params: values,
    ...rest,
    ...(errors && { errors: errors.map((error) => fieldError(error, language)) }),
  };
}

function fieldError(error: FieldProblem, language: Language): FieldError {
  const params = error.params as Record<string, unknown> | undefined;
  return { field: error.field, code: error.code, ...(params && Object.keys(params).length ? { params } : {}), message: fieldText(error, language) };
}

/** A problem as data: its code, the params its sentence needs (checked against the catalog), its extensions. */
export type ProblemSpec = {
  [C in ProblemCode]: { code: C; extensions?: ProblemExtensions } & (Record<never, never> extends ProblemParams<C>
    ? { params?: ProblemParams<C> }
    : { params: ProblemParams<C> });
}[ProblemCode];

type NotFoundResource = 'dossier' | 'student' | 'agent' | 'institution' | 'transmission' | 'document' | 'file';

/**
 * An error the API answers as problem+json: a code of the catalog (src/common/problem-messages.ts)
 * with its params; the global filter renders it in the request's language.
 */
export class ProblemException extends HttpException {
  readonly code: ProblemCode;
  private readonly params: object | undefined;
  private readonly extensions: ProblemExtensions | undefined;

  constructor(spec: ProblemSpec) {
    const english = render(spec.code, 'en', spec.params, spec.extensions);
    super(english, english.status);
    this.code = spec.code;
    this.params = spec.params;
    this.extensions = spec.extensions;
  }

  static of<C extends ProblemCode>(code: C, ...[params, extensions]: ProblemArguments<C>): ProblemException {
    return new ProblemException({ code, params, extensions } as ProblemSpec);
  }

  /** 400 naming every bad field. */
  static validation(errors: FieldProblem[]): ProblemException {
    return ProblemException.of('request.invalid', { fields: [...new Set(errors.map((e) => e.field))] }, { errors });
  }

  static notFound(resource: NotFoundResource, id: string): ProblemException {
    return ProblemException.of(`${resource}.not-found`, { id });
  }

  /** The answer in `language`. */
  render(language: Language): ProblemBody {
    return render(this.code, language, this.params, this.extensions);
  }

  /** The answer in English (what logs, specs and code that reads a refusal's extensions see). */
  get problem(): ProblemBody {
    return this.getResponse() as ProblemBody;
  }
}
