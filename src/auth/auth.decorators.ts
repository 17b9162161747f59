import { SetMetadata } from '@nestjs/common';
import type { AgentRole } from '../common/actor';

export const IS_PUBLIC = 'auth:public';
export const MIN_ROLE = 'auth:min-role';
export const SCOPED_BY = 'auth:scoped-by';
export const OFFICE_WIDE = 'auth:office-wide';

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

/** Office-wide work (transmissions mix institutions, audit): refused (403) to agents restricted to some institutions. */
export const OfficeWide = () => SetMetadata(OFFICE_WIDE, true);
