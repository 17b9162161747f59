/**
 * The problem+json part of the OpenAPI document, generated from the catalog: a schema per
 * problem `type` (ProblemSchema and the type's own fields), and a response per status, with
 * an example of each type that status can carry (rendered by problemBody, as the API answers).
 */
import type { OpenAPIObject } from '@nestjs/swagger';
import { PROBLEM_MESSAGES } from './problem-messages';
import { PROBLEM_CONTENT_TYPE, PROBLEM_TYPE_BASE, problemBody, problemTypeOf, problemTypeSlugs, type ProblemCode } from './problem';
import { problemType } from './problem-types';

type Schema = Record<string, unknown>;

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const integer = (description: string): Schema => ({ type: 'integer', description, example: 3 });
const text = (description: string, example: string): Schema => ({ type: 'string', description, example });
const objects = (description: string, item: Schema = { type: 'object', additionalProperties: true }): Schema => ({ type: 'array', items: item, description });

/** The fields a type carries beyond ProblemSchema's (the extensions its ProblemException.of calls give). */
const EXTRA_FIELDS: Record<string, { properties: Record<string, Schema>; required?: string[] }> = {
  'validation-error': { properties: { errors: objects('Every bad field', ref('FieldErrorSchema')) }, required: ['errors'] },
  duplicate: { properties: { errors: objects('The fields that clash with an existing record', ref('FieldErrorSchema')) } },
  'login-locked': { properties: { retryAfter: integer('Seconds to wait before the next try') }, required: ['retryAfter'] },
  'rate-limited': { properties: { retryAfter: integer('Seconds to wait before the next try') } },
  'stale-version': { properties: { currentVersion: integer('The current version (ETag) of the resource') }, required: ['currentVersion'] },
  'open-dossier-exists': {
    properties: {
      existingDossier: {
        type: 'object',
        description: 'The open dossier',
        properties: { id: text('Its id', '01929c4e-7b1a-7c3e-9f2d-4a5b6c7d8e9f'), reference: text('Its reference', 'CMI-2026-000040') },
      },
    },
    required: ['existingDossier'],
  },
  'transition-not-allowed': {
    properties: {
      currentStatus: text('The status the dossier is in', 'received'),
      allowed: { type: 'array', items: { type: 'string' }, description: 'The statuses it may move to from there', example: ['incomplete', 'verified'] },
    },
  },
  'blocking-findings': {
    properties: { reference: text('The dossier’s reference', 'CMI-2026-000040'), findings: objects('The blocking findings', ref('FindingResponse')) },
  },
  'documents-not-reviewed': {
    properties: {
      reference: text('The dossier’s reference', 'CMI-2026-000040'),
      toReview: objects('The documents still to review', { type: 'object', additionalProperties: true }),
    },
  },
  'nothing-to-request': { properties: { findings: objects('The findings (none of them asks for a document)', ref('FindingResponse')) } },
  'file-too-large': { properties: { maxFileBytes: integer('The largest file accepted, in bytes') } },
  'too-many-files': { properties: { maxFilesPerDocument: integer('The most files a document may have') } },
  'notification-not-failed': { properties: { currentStatus: text('The e-mail’s status', 'sending') }, required: ['currentStatus'] },
  'dossier-open': { properties: { dossier: text('The reference of the open dossier', 'CMI-2026-000040') } },
  unavailable: { properties: { checks: { type: 'object', additionalProperties: true, description: 'Each dependency’s state' } } },
};

/** Plausible values of the params the sentences need, by name (the examples are rendered with them). */
const SAMPLE_PARAMS: Record<string, unknown> = {
  fields: ['email', 'birthName'],
  id: '01929c4e-7b1a-7c3e-9f2d-4a5b6c7d8e9f',
  dossierId: '01929c4e-7b1a-7c3e-9f2d-4a5b6c7d8e9f',
  reference: 'CMI-2026-000040',
  currentVersion: 4,
  from: 'received',
  to: 'verified',
  current: 'incomplete',
  status: 'sending',
  allowed: ['incomplete', 'verified'],
  names: [
    { fr: 'Passeport', en: 'Passport' },
    { fr: 'Justificatif de domicile', en: 'Proof of address' },
  ],
  detected: 'gif',
  accepted: ['pdf', 'jpg', 'png'],
  after: '1 minute',
  required: 'supervisor',
  seconds: 60,
  count: 2,
  max: 5,
  maxMb: 10,
  name: 'passeport.pdf',
  email: 'camille.martin@univ-exemple.fr',
  code: 'UNIV-LYON',
  method: 'GET',
  path: '/api/dossiers/x',
  type: 'stale-version',
  reason: 'unknown variable {{ firstName }}',
  role: 'agent',
  event: 'card_ready',
  on: '2026-03-02',
};

/** The code whose example shows a type best, when it has several (else its first). */
const SHOWN_CODES: Record<string, ProblemCode> = {
  'not-found': 'dossier.not-found',
  forbidden: 'auth.forbidden-role',
  'rate-limited': 'request.rate-limited',
  'stale-version': 'dossier.stale',
};

const EXTRA_SAMPLES: Record<string, Record<string, unknown>> = {
  'validation-error': { errors: [{ field: 'email', code: 'isEmail', message: 'must be an email' }] },
  'stale-version': { currentVersion: 4 },
  'login-locked': { retryAfter: 60 },
  'rate-limited': { retryAfter: 60 },
  'open-dossier-exists': { existingDossier: { id: '01929c4e-7b1a-7c3e-9f2d-4a5b6c7d8e9f', reference: 'CMI-2026-000040' } },
  'transition-not-allowed': { currentStatus: 'received', allowed: ['incomplete', 'verified'] },
  'notification-not-failed': { currentStatus: 'sending' },
};

const pascal = (slug: string) => slug.replace(/(^|-)([a-z0-9])/g, (_m, _dash, c: string) => c.toUpperCase());
export const problemSchemaName = (slug: string) => `${pascal(slug)}Problem`;

function codesBySlug(): Map<string, ProblemCode[]> {
  const map = new Map<string, ProblemCode[]>();
  for (const code of Object.keys(PROBLEM_MESSAGES) as ProblemCode[]) {
    const slug = problemTypeOf(code).slug;
    map.set(slug, [...(map.get(slug) ?? []), code]);
  }
  return map;
}

function example(code: ProblemCode, instance: string): Record<string, unknown> | undefined {
  const { slug } = problemTypeOf(code);
  const needs = PROBLEM_MESSAGES[code].en.toString();
  const params = Object.fromEntries(Object.entries(SAMPLE_PARAMS).filter(([key]) => new RegExp(`\\b${key}\\b`).test(needs)));
  try {
    const body = problemBody(code, 'en', params as never, EXTRA_SAMPLES[slug] as never);
    if (/undefined|NaN|\[object/.test(body.detail)) return undefined;
    return { ...body, instance, requestId: 'b1c3a6d2-0c53-4a62-9a2b-7f2f1b7f2c11' };
  } catch {
    return undefined;
  }
}

/** Adds a schema per problem type and a response per status (`Problem<status>`) to the document's components. */
export function addProblemComponents(document: OpenAPIObject, statuses: Iterable<number>): void {
  const schemas = (document.components!.schemas ??= {});
  const responses = (document.components!.responses ??= {});
  const bySlug = codesBySlug();
  const byStatus = new Map<number, string[]>();
  for (const slug of problemTypeSlugs())
    for (const code of bySlug.get(slug) ?? []) {
      const own = problemTypeOf(code).status;
      byStatus.set(own, [...new Set([...(byStatus.get(own) ?? []), slug])]);
    }
  const used = new Set<string>();
  for (const status of statuses) {
    const slugs = byStatus.get(status) ?? [];
    for (const slug of slugs) used.add(slug);
    const examples: Record<string, { summary: string; value: unknown }> = {};
    for (const slug of slugs)
      for (const code of [SHOWN_CODES[slug], ...(bySlug.get(slug) ?? [])]) {
        if (!code || problemTypeOf(code).status !== status || examples[slug]) continue;
        const value = example(code, '/api/dossiers/01929c4e-7b1a-7c3e-9f2d-4a5b6c7d8e9f');
        if (value) examples[slug] = { summary: problemType(slug)?.en.meaning ?? slug, value };
      }
    const schema =
      slugs.length === 1
        ? ref(problemSchemaName(slugs[0]!))
        : slugs.length
          ? { anyOf: slugs.map((slug) => ref(problemSchemaName(slug))) }
          : ref('ProblemSchema');
    responses[`Problem${status}`] = {
      description: STATUS_DESCRIPTIONS[status] ?? `HTTP ${status}`,
      content: { [PROBLEM_CONTENT_TYPE]: { schema, ...(Object.keys(examples).length && { examples }) } },
    };
  }
  // a schema per type some route can answer (the other types are pages only: GET /problems/:type)
  for (const slug of used) {
    const extra = EXTRA_FIELDS[slug] ?? { properties: {} };
    schemas[problemSchemaName(slug)] = {
      description: problemType(slug)?.en.meaning ?? slug,
      allOf: [
        ref('ProblemSchema'),
        {
          type: 'object',
          properties: { type: { type: 'string', enum: [PROBLEM_TYPE_BASE + slug] }, ...extra.properties },
          ...(extra.required && { required: extra.required }),
        },
      ],
    };
  }
}

export const STATUS_DESCRIPTIONS: Record<number, string> = {
  400: 'Bad input: `errors` names every bad field',
  401: 'No or expired credentials',
  403: 'Not allowed: the role or the institutions of the account do not reach it',
  404: 'Unknown id',
  409: 'Conflict: duplicate, or a transition the status does not allow',
  412: 'Stale If-Match version',
  413: 'File too large',
  415: 'File type not accepted',
  422: 'A rule refuses the action (with the findings)',
  428: 'If-Match header required',
  429: 'Rate-limited',
  503: 'A dependency is down',
};
