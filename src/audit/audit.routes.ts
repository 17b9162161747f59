import { Injectable, OnModuleInit, RequestMethod, Type } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { IS_PUBLIC } from '../auth/auth.decorators';
import { AUDIT_ACTION, AUDITS_ITSELF, AuditAction, AuditDeclaration, AuditKind } from './audit.decorators';
import type { AuditResource } from './audit.model';

/** A route as the audit sees it: where it is, and what it declares. */
export interface AuditedRoute {
  /** `DossiersController.open`, for messages only: the action never depends on it. */
  handler: string;
  /** `POST /api/dossiers/:id/card-events` */
  route: string;
  isPublic: boolean;
  writesItself: boolean;
  audit: { action: AuditAction; kind: AuditKind } | null;
}

/**
 * What the audit must cover, by the first segment of the path under /api: every change to
 * these resources, and every read of those holding students' data.
 */
const COVERED: Record<string, 'reads and changes' | 'changes'> = {
  dossiers: 'reads and changes',
  students: 'reads and changes',
  transmissions: 'reads and changes',
  institutions: 'changes',
  agents: 'changes',
  procedures: 'changes',
  office: 'changes',
  'email-templates': 'changes',
  'api-keys': 'changes',
  webhooks: 'changes',
  // the students' own API (/api/student/…): every view and change, recorded as the student's
  student: 'reads and changes',
};
/** A read is recorded by the students its answer shows: only these answers show any. */
const READ_RESOURCES: readonly AuditResource[] = ['dossier', 'student', 'transmission'];

/** The resource an action is about: what comes before its dot. */
export const resourceOf = (action: AuditAction): AuditResource => action.slice(0, action.indexOf('.')) as AuditResource;

const isRead = (route: string) => route.startsWith('GET ') || route.startsWith('HEAD ');

/** The declared kind, or the one the route's method implies (a GET shows, anything else changes). */
export function auditOf(declaration: AuditDeclaration | undefined, read: boolean): AuditedRoute['audit'] {
  return declaration ? { action: declaration.action, kind: declaration.kind ?? (read ? 'view' : 'change') } : null;
}

/** Every route of these controllers, from their decorators. */
export function auditedRoutes(controllers: readonly Type[], reflector = new Reflector()): AuditedRoute[] {
  const scanner = new MetadataScanner();
  const routes: AuditedRoute[] = [];
  for (const controller of controllers) {
    const prefixes = ([] as string[]).concat(reflector.get<string | string[] | undefined>(PATH_METADATA, controller) ?? '');
    const prototype = controller.prototype as Record<string, unknown>;
    for (const name of scanner.getAllMethodNames(prototype)) {
      const handler = prototype[name] as () => unknown;
      const paths = reflector.get<string | string[] | undefined>(PATH_METADATA, handler);
      if (paths === undefined) continue;
      const verb = RequestMethod[reflector.get<RequestMethod>(METHOD_METADATA, handler)];
      const targets = [handler, controller];
      for (const prefix of prefixes) {
        for (const path of ([] as string[]).concat(paths)) {
          const route = `${verb} ${joinPath(prefix, path)}`;
          routes.push({
            handler: `${controller.name}.${name}`,
            route,
            isPublic: reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC, targets) === true,
            writesItself: reflector.getAllAndOverride<boolean | undefined>(AUDITS_ITSELF, targets) === true,
            audit: auditOf(reflector.get<AuditDeclaration | undefined>(AUDIT_ACTION, handler), isRead(route)),
          });
        }
      }
    }
  }
  return routes;
}

/** Whether the audit must record this route: an agent's change to, or read of, what it covers. */
export function mustBeAudited(route: Pick<AuditedRoute, 'route' | 'isPublic'>): boolean {
  const [api, resource] = route.route
    .slice(route.route.indexOf(' ') + 1)
    .split('/')
    .filter(Boolean);
  const coverage = api === 'api' ? COVERED[resource ?? ''] : undefined;
  return !route.isPublic && coverage !== undefined && (!isRead(route.route) || coverage === 'reads and changes');
}

/** Why these routes and their audit disagree (nothing when they agree). */
export function auditProblems(routes: readonly AuditedRoute[]): string[] {
  const problems: string[] = [];
  for (const { handler, route, isPublic, writesItself, audit } of routes) {
    const where = `${route} (${handler})`;
    if (!audit) {
      if (mustBeAudited({ route, isPublic }) && !writesItself)
        problems.push(`${where} declares no audit action: add @Audit('<resource>.<action>'), or @AuditsItself() when it writes its own`);
      continue;
    }
    if (writesItself) problems.push(`${where} declares ${audit.action} and also writes its own event: it would be recorded twice`);
    if (isPublic) problems.push(`${where} is public: there is no agent to record ${audit.action} for (the route writes its own event, @AuditsItself)`);
    const asKind = audit.kind === 'export' ? 'an export' : `a ${audit.kind}`;
    if (isRead(route) === (audit.kind === 'change'))
      problems.push(`${where} is recorded as ${asKind}: a GET is a view or an export, any other method a change`);
    if (audit.kind !== 'change' && !READ_RESOURCES.includes(resourceOf(audit.action)))
      problems.push(`${where} records ${audit.action}: only the reads of dossiers, students and transmissions show students to record`);
    if ((audit.kind === 'export') !== audit.action.endsWith('.export'))
      problems.push(`${where} records ${audit.action} as ${asKind}: an export is <resource>.export, the action supervisors look for`);
  }
  return problems;
}

export class AuditDeclarationError extends Error {}

/** At start-up: every route the audit covers names its action, as the job catalogue checks its handlers. */
@Injectable()
export class AuditRoutesCheck implements OnModuleInit {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly reflector: Reflector,
  ) {}

  onModuleInit(): void {
    const controllers = this.discovery.getControllers().flatMap((wrapper) => (wrapper.metatype ? [wrapper.metatype as Type] : []));
    const problems = auditProblems(auditedRoutes(controllers, this.reflector));
    if (problems.length) throw new AuditDeclarationError(`The routes and their audit disagree: ${problems.join('; ')}.`);
  }
}

function joinPath(prefix: string, path: string): string {
  return `/${[prefix, path]
    .map((part) => part.replace(/^\/+|\/+$/g, ''))
    .filter(Boolean)
    .join('/')}`;
}
