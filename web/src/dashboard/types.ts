import type { components } from '../api/schema';

/** What GET /api/dashboard answers: the day at a glance (generated from the OpenAPI document). */
export type DashboardData = components['schemas']['DashboardResponse'];
export type DashboardDossier = components['schemas']['DashboardDossierResponse'];
