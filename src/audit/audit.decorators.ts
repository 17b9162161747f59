import { SetMetadata } from '@nestjs/common';
import type { AuditResource } from './audit.model';

export const AUDIT_ACTION = 'audit:action';
export const AUDITS_ITSELF = 'audit:itself';

/** An action of the trail: the resource it is about, a dot, what was done (`dossier.card`). */
export type AuditAction = `${AuditResource}.${string}`;

/**
 * How a route is recorded. A `view` (what a GET is unless told otherwise) names the students its
 * answer shows, written in batches; an `export` is a read whose answer leaves the office (a file,
 * a slip); a `change` (any other method) records its request and, for a dossier, student,
 * institution, agent or document, each field changed with its values before and after.
 */
export type AuditKind = 'view' | 'export' | 'change';

export interface AuditDeclaration {
  action: AuditAction;
  kind?: AuditKind;
}

/**
 * The action the audit stores for this route, exactly as written here: the handler's name plays
 * no part, so renaming a method leaves the trail (and the rows already in it) as they were.
 * The application refuses to start when a route the audit covers declares none (audit.routes.ts).
 */
export const Audit = (action: AuditAction, options: { kind?: AuditKind } = {}): MethodDecorator =>
  SetMetadata<string, AuditDeclaration>(AUDIT_ACTION, { action, ...options });

/** The route writes its own audit event (an export with what it held, an erasure that must not copy what it erased). */
export const AuditsItself = () => SetMetadata(AUDITS_ITSELF, true);
