import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { from, mergeMap, Observable, switchMap, tap } from 'rxjs';
import type { GuardedRequest } from '../auth/access.guard';
import type { RequestWithStudent } from '../student-access/student-access.decorators';
import { UUID_PATTERN } from '../common/validators';
import { AUDIT_ACTION, AuditDeclaration } from './audit.decorators';
import type { AuditResource } from './audit.model';
import { AuditRepository } from './audit.repository';
import { auditOf, resourceOf } from './audit.routes';
import { AuditService, changesBetween } from './audit.service';

const SNAPSHOTTED = new Set<AuditResource>(['dossier', 'student', 'institution', 'agent', 'document']);
/** Request fields never written to the audit. */
const SECRET_FIELDS = /password|token/i;

/**
 * Audits every request an agent makes to a route that declares its action (`@Audit`): a read
 * records the students its answer shows (a student, a dossier, a list, an export); a change
 * records its request and, for a dossier, student, institution, agent or document, the fields
 * it changed with their values before and after. Refused requests change nothing and are not
 * recorded (failed logins are, by the login itself). A student on their own page is recorded
 * as 'student' (no agent), about their dossier, with the session they came with.
 */
@Injectable()
export class AuditInterceptor implements NestInterceptor {
  constructor(
    private readonly audit: AuditService,
    private readonly snapshots: AuditRepository,
    private readonly reflector: Reflector,
  ) {}

  /** The route's declaration, read once per handler (the metadata never changes once the app runs). */
  private readonly declarations = new WeakMap<object, AuditDeclaration | null>();

  private declarationOf(handler: object): AuditDeclaration | undefined {
    let declared = this.declarations.get(handler);
    if (declared === undefined) {
      declared = this.reflector.get<AuditDeclaration | undefined>(AUDIT_ACTION, handler as () => unknown) ?? null;
      this.declarations.set(handler, declared);
    }
    return declared ?? undefined;
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<GuardedRequest & RequestWithStudent & FastifyRequest>();
    const actor = request.actor;
    const declared = this.declarationOf(context.getHandler());
    const audit = auditOf(declared, request.method === 'GET' || request.method === 'HEAD');
    if (!actor || !audit) return next.handle();
    const { action } = audit;
    const resourceType = resourceOf(action);
    const route = request.routeOptions.url ?? '';
    const params = (request.params ?? {}) as Record<string, string>;
    // the students' routes have no :id — their dossier is the session's
    const student = request.student;
    const id = student ? student.dossierId : UUID_PATTERN.test(params.id ?? '') ? params.id!.toLowerCase() : null;
    // read after the handler: a @ScopeCheckedOnRow handler names the subject on the row it reads
    const subjectStudents = () => (request.subject ? [request.subject.studentId] : []);
    const common = { actor, requestId: String(request.id), ip: request.ip };
    const routeDetails: Record<string, unknown> = student
      ? { route: `${request.method} ${route}`, sessionId: student.sessionId }
      : { route: `${request.method} ${route}` };

    if (audit.kind !== 'change') {
      // a plain tap, no promise, for the reads but a transmission's (whose students are read from the database)
      const view = (shown: string[]) => {
        const studentIds = request.subject ? [request.subject.studentId, ...shown] : shown;
        if (studentIds.length === 0) return;
        this.audit.viewed({ ...common, action, resourceType, resourceId: id, studentIds, details: routeDetails });
      };
      return next.handle().pipe(
        tap((body: unknown) => {
          if (resourceType !== 'transmission') return view(studentsIn(body, resourceType));
          void (id ? this.snapshots.studentsOfTransmission(id) : this.snapshots.studentsOfDossiers(dossiersIn(body))).then(view, () => undefined);
        }),
      );
    }

    // the thing changed: a document of a dossier, or the resource of the route itself
    const documentId = UUID_PATTERN.test(params.documentId ?? '') ? params.documentId!.toLowerCase() : null;
    const target: { type: AuditResource; id: string } | null = documentId
      ? { type: 'document', id: documentId }
      : id && SNAPSHOTTED.has(resourceType)
        ? { type: resourceType, id }
        : null;
    const handled = (before: Record<string, unknown> | null) =>
      next.handle().pipe(
        mergeMap(async (body: unknown) => {
          const createdId = !id && isRecord(body) && typeof body.id === 'string' ? body.id : null;
          const after = target ? await this.snapshots.snapshot(target.type, target.id) : null;
          await this.audit.record({
            ...common,
            action,
            resourceType: target?.type ?? resourceType,
            resourceId: target?.id ?? createdId ?? id,
            studentIds: [...subjectStudents(), ...studentsIn(body, resourceType)],
            details: {
              ...routeDetails,
              // an e-mail wording is named by its key (complement_requested.rece.fr), not by an id
              ...(typeof params.key === 'string' && { key: params.key.slice(0, 100) }),
              ...(isRecord(request.body) && { request: withoutSecrets(request.body) }),
              ...(before && after && { changes: changesBetween(before, after) }),
            },
          });
          return body;
        }),
      );
    // nothing to snapshot (an opening, a login...): the handler runs at once, without a promise before it
    return target ? from(this.snapshots.snapshot(target.type, target.id)).pipe(switchMap(handled)) : handled(null);
  }
}

/** A transmission (and its slip) shows the students of its dossiers. */
function dossiersIn(body: unknown): string[] {
  const transmissions = isRecord(body) && Array.isArray(body.items) ? body.items : [body];
  return transmissions.flatMap((t) =>
    isRecord(t) && Array.isArray(t.items) ? t.items.flatMap((i) => (isRecord(i) && typeof i.dossierId === 'string' ? [i.dossierId] : [])) : [],
  );
}

/** The students a response shows: a student, a dossier, or a page of either. */
function studentsIn(body: unknown, resource: AuditResource): string[] {
  const items = isRecord(body) && Array.isArray(body.items) ? body.items : [body];
  const ids: string[] = [];
  for (const item of items) {
    if (!isRecord(item)) continue;
    if (resource === 'student' && typeof item.id === 'string' && 'birthName' in item) ids.push(item.id);
    if (typeof item.studentId === 'string') ids.push(item.studentId);
  }
  return ids;
}

function withoutSecrets(body: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(body).map(([key, value]) => [key, SECRET_FIELDS.test(key) ? '[secret]' : value]));
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
