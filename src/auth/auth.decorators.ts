import { SetMetadata } from '@nestjs/common';
import type { AgentRole } from '../common/actor';
import type { GuardedRequest } from './access.guard';
import type { RequestSubject } from './auth.subjects.repository';

export const IS_PUBLIC = 'auth:public';
export const MIN_ROLE = 'auth:min-role';
export const SCOPED_BY = 'auth:scoped-by';
export const OFFICE_WIDE = 'auth:office-wide';
export const SCOPE_ON_ROW = 'auth:scope-on-row';
export const LOGIN_ONLY = 'auth:login-only';

/** Open to anyone: health, login, token refresh. Every other route needs an agent's access token. */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** The least role a route needs (agent < supervisor < admin); 403 below it. */
export const RequireRole = (role: AgentRole) => SetMetadata(MIN_ROLE, role);

/** The resources an agent restricted to some institutions reaches only within them. */
export type ScopedResource = 'dossier' | 'student';

/**
 * The route's `:id` is a dossier (or a student): an agent who does not cover its institution
 * gets the same 404 as for an unknown id — other institutions' dossiers do not exist for them.
 */
export const ScopedBy = (resource: ScopedResource) => SetMetadata(SCOPED_BY, resource);

/**
 * Makes new credentials (an agent's account, an API key): a person's login only, never an API
 * key (403), so a leaked key cannot outlive its revocation by issuing itself successors.
 */
export const LoginOnly = () => SetMetadata(LOGIN_ONLY, true);

/** Office-wide work (transmissions mix institutions, audit): refused (403) to agents restricted to some institutions. */
export const OfficeWide = () => SetMetadata(OFFICE_WIDE, true);

/**
 * On a @ScopedBy route whose handler reads the `:id`'s row anyway: the handler checks the
 * agent's reach on that row (`covers`, the same 404) and the guard does not look it up first.
 * The handler then tells the audit whose data it reached (`recordSubject`).
 */
export const ScopeCheckedOnRow = () => SetMetadata(SCOPE_ON_ROW, true);

/** Whose data the request reached, where the guard puts it on the other routes (the audit reads it). */
export function recordSubject(request: GuardedRequest, resource: ScopedResource, row: RequestSubject): void {
  request.subject = { institutionId: row.institutionId, studentId: row.studentId, resource };
}
