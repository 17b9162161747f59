/**
 * What the OpenAPI document says beyond the decorators, generated from the routes' metadata:
 * each operation's security and its 401/403/429 (from @Public, @StudentApi, @RequireRole,
 * @OfficeWide, the global rate limit), its description, a problem response per status, binary
 * downloads; and what both linters (Redocly, Spectral) require of a document (servers, tags).
 */
import type { INestApplication } from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import type { OpenAPIObject } from '@nestjs/swagger';
import type { AgentRole } from './actor';
import { IS_PUBLIC, MIN_ROLE, OFFICE_WIDE } from '../auth/auth.decorators';
import { STUDENT_API } from '../student-access/student-access.decorators';
import { PROBLEM_CONTENT_TYPE } from './problem';
import { addProblemComponents, STATUS_DESCRIPTIONS } from './openapi-problems';

type Json = Record<string, unknown>;
interface Schema {
  type?: string;
  description?: string;
  [key: string]: unknown;
}
interface Media {
  schema?: Schema;
}
interface Response {
  description?: string;
  content?: Record<string, Media>;
  headers?: Record<string, { name?: string; schema?: Schema }>;
}
interface Operation {
  operationId?: string;
  summary?: string;
  description?: string;
  tags?: string[];
  security?: unknown[];
  requestBody?: { content: Record<string, Media> };
  responses: Record<string, Response | { $ref: string }>;
}

/** The metadata of ApiBodies (src/common/openapi.ts): a schema per media type of the body. */
export const API_BODIES = 'openapi:bodies';

export interface RouteAccess {
  bodies?: Record<string, Schema>;
  /** @ApiProduces's media types (a download's). */
  produces?: string[];
  /** @HttpCode's status, when given. */
  httpCode?: number;
  open: boolean;
  student: boolean;
  minRole?: AgentRole;
  officeWide: boolean;
}

/** Each handler's access, by its default operationId (`<Controller>_<method>`). */
export function routeAccess(app: INestApplication): Map<string, RouteAccess> {
  const access = new Map<string, RouteAccess>();
  for (const module of app.get(ModulesContainer).values())
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new (...args: never[]) => unknown) | undefined;
      if (typeof controller !== 'function') continue;
      for (const method of Object.getOwnPropertyNames(controller.prototype)) {
        const handler = (controller.prototype as Record<string, unknown>)[method];
        if (method === 'constructor' || typeof handler !== 'function') continue;
        const read = <T>(key: string): T | undefined => (Reflect.getMetadata(key, handler) ?? Reflect.getMetadata(key, controller)) as T | undefined;
        const student = read<boolean>(STUDENT_API) === true;
        access.set(`${controller.name}_${method}`, {
          bodies: Reflect.getMetadata(API_BODIES, handler) as Record<string, Schema> | undefined,
          httpCode: Reflect.getMetadata(HTTP_CODE_METADATA, handler) as number | undefined,
          produces: read<string[]>(API_PRODUCES),
          open: read<boolean>(IS_PUBLIC) === true,
          student,
          minRole: read<AgentRole>(MIN_ROLE),
          officeWide: read<boolean>(OFFICE_WIDE) === true,
        });
      }
    }
  return access;
}

const TAGS: Record<string, string> = {
  agents: 'The office’s agents: accounts, roles, the institutions they cover (admins)',
  'api-keys': 'Keys for other systems to call the API without an agent’s login',
  audit: 'Who read or changed what, for the data protection officer (office-wide)',
  auth: 'Logging in, renewing and ending an agent’s session, changing one’s password',
  dashboard: 'The agent’s work of the day: dossiers to handle, failed e-mails, students’ activity',
  documents: 'The documents of a dossier: recorded, uploaded as scans, reviewed',
  dossiers: 'Residence-permit dossiers: opened for a student, searched, updated',
  'email-templates': 'The wordings of the e-mails the office sends, versioned (admins)',
  health: 'Liveness and readiness of the API, for the orchestrator',
  institutions: 'The institutions (universities, schools) whose students the office serves',
  office: 'The office’s own profile: name, address, front-desk hours, contact, signature of its e-mails',
  prefecture: 'What the prefecture answers: summons, the card ready and handed over',
  problems: 'The pages the problem `type` URIs resolve to: what a problem means and what to do',
  procedures: 'The catalog of procedures (documents required, rules), versioned',
  students: 'The students: identity, contact, studies; their data exported or erased',
  transmissions: 'Batches of verified dossiers forwarded to a prefecture, with their slips',
  webhooks: 'Subscriptions of other systems to the dossiers’ events',
  workflow: 'Moving a dossier through its statuses, and complement requests',
  student: "The student's own page, opened by their personal link (/api/student/…): a session cookie, no agent's token",
};

const ROLE_WORDS: Record<string, string> = { agent: 'any agent', supervisor: 'a supervisor or an admin', admin: 'an admin' };
const NOT_RATE_LIMITED = /^\/health\//;
const BINARY = { type: 'string', format: 'binary' };
/** Examples by format, for the properties whose DTO gives none (a UUIDv7 as the API's ids are). */
const SAMPLES: Record<string, unknown> = { uuid: '0193f2a4-5b6c-7d8e-9fa0-b1c2d3e4f5a6', date: '2026-03-02', 'date-time': '2026-03-02T09:30:00+01:00' };
/** @nestjs/swagger's metadata key of @ApiProduces (DECORATORS.API_PRODUCES, not exported). */
const API_PRODUCES = 'swagger/apiProduces';

/** The document as the API serves it: generated additions and the linters' requirements. */
export function refineDocument(document: OpenAPIObject, access: Map<string, RouteAccess>): OpenAPIObject {
  document.servers = [{ url: '/', description: 'The API itself (the web app calls it from the same origin)' }];
  document.info.license = { name: 'UNLICENSED (private)', url: 'https://docs.npmjs.com/cli/configuring-npm/package-json#license' };
  const statuses = new Set<number>();
  const tags = new Set<string>();
  for (const [path, item] of Object.entries(document.paths))
    for (const [method, operation] of Object.entries(item as Record<string, Operation | undefined>)) {
      if (!operation || typeof operation !== 'object' || !operation.responses) continue;
      refineOperation(path, method, operation, access.get(operation.operationId ?? ''));
      for (const tag of operation.tags ?? []) tags.add(tag);
      for (const status of Object.keys(operation.responses)) if (/^[45]\d\d$/.test(status)) statuses.add(Number(status));
    }
  const declared = new Map((document.tags ?? []).map((tag) => [tag.name, tag]));
  for (const tag of [...tags].sort())
    if (!declared.has(tag)) declared.set(tag, { name: tag, description: TAGS[tag] ?? `The ${tag.replace(/-/g, ' ')} routes` });
  document.tags = [...declared.values()];
  addProblemComponents(document, statuses);
  refineSchemas(document);
  return document;
}

function refineOperation(path: string, method: string, operation: Operation, route: RouteAccess | undefined): void {
  const responses = operation.responses;
  const open = route?.open ?? false;
  const student = route?.student ?? false;
  if (open) operation.security = [];
  // the success status is the one the route answers (@HttpCode), whatever the response decorator said
  const [success, ...more] = Object.keys(responses).filter((status) => /^2/.test(status));
  if (route?.httpCode && !responses[route.httpCode] && success && !more.length) {
    responses[route.httpCode] = responses[success]!;
    delete responses[success];
  }
  if (route?.bodies && operation.requestBody)
    operation.requestBody.content = Object.fromEntries(Object.entries(route.bodies).map(([type, schema]) => [type, { schema }]));
  const add = (status: number) => (responses[status] ??= { description: STATUS_DESCRIPTIONS[status] ?? `HTTP ${status}` });
  if (!open || student) add(401);
  if (!NOT_RATE_LIMITED.test(path)) add(429);
  if (route && !open && !student && ((route.minRole && route.minRole !== 'agent') || route.officeWide)) add(403);
  if (!Object.keys(responses).some((status) => /^4/.test(status))) add(400);
  const access = open
    ? 'Open to anyone.'
    : student
      ? "Needs the student's session cookie."
      : `Needs an agent's access token: ${ROLE_WORDS[route?.minRole ?? 'agent']}${route?.officeWide ? ', not restricted to some institutions' : ''}.`;
  operation.description ??= `${(operation.summary ?? `${method.toUpperCase()} ${path}`).replace(/\.?$/, '.')} ${access}`;
  for (const [status, answer] of Object.entries(responses)) {
    if ('$ref' in answer) continue;
    const response: Response = answer;
    // a download: each media type it produces, as bytes
    if (/^2/.test(status) && route?.produces?.length && !response.content && status !== '204')
      response.content = Object.fromEntries(route.produces.map((type) => [type, { schema: BINARY }]));
    if (/^[45]\d\d$/.test(status) && (!response.content || response.content[PROBLEM_CONTENT_TYPE] || !Object.keys(response.content).length))
      responses[status] = { $ref: `#/components/responses/Problem${status}` };
    for (const header of Object.values(response.headers ?? {})) {
      delete header.name;
      header.schema ??= { type: 'string' };
    }
    for (const [type, media] of Object.entries(response.content ?? {}))
      if (!/json/.test(type) && (!media.schema || media.schema.type === 'string'))
        media.schema = { ...BINARY, ...(media.schema?.description && { description: media.schema.description }) };
  }
}

/**
 * `allOf` of a single `$ref` (what Nest writes for an enum property): the `$ref` itself, or, when
 * nullable, `anyOf` the enum and null (OpenAPI 3.0 has no nullable `$ref`).
 */
function refineSchemas(document: OpenAPIObject): void {
  const visit = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    for (const value of Object.values(node)) visit(value);
    const schema = node as Json;
    // an example a user can send as it is, where the DTO gave none
    if (schema.example === undefined && typeof schema.format === 'string' && SAMPLES[schema.format]) schema.example = SAMPLES[schema.format];
    const items = schema.items as Json | undefined;
    if (schema.type === 'array' && schema.example === undefined && typeof items?.format === 'string' && SAMPLES[items.format]) schema.example = [items.example];
    const allOf = schema.allOf as Json[] | undefined;
    if (!Array.isArray(allOf) || allOf.length !== 1 || !allOf[0]!.$ref) return;
    const target = allOf[0]!;
    delete schema.allOf;
    if (schema.nullable) {
      delete schema.nullable;
      schema.anyOf = [target, { type: 'string', nullable: true, enum: [null] }];
    } else {
      for (const key of Object.keys(schema)) delete schema[key];
      schema.$ref = target.$ref;
    }
  };
  visit(document.paths);
  visit(document.components!.schemas);
}
