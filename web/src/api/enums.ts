/**
 * The API's enumerations as its OpenAPI document declares them: generated into ./schema.ts
 * (`npm run api:types`) from the DTOs, which take them from src/. The lists the web app offers,
 * filters by and translates are these, never copies.
 */
export {
  agentRoleValues as AGENT_ROLES,
  channelValues as CHANNELS,
  closeReasonValues as CLOSE_REASONS,
  decisionValues as DECISIONS,
  documentStatusValues as DOCUMENT_STATUSES,
  dossierStatusValues as DOSSIER_STATUSES,
  permitKindValues as PERMIT_KINDS,
  rejectionReasonValues as REJECTION_REASONS,
  sexValues as SEXES,
  studyLevelValues as STUDY_LEVELS,
  summonsDtoReasonValues as SUMMONS_REASONS,
  createWebhookDtoEventsValues as WEBHOOK_EVENTS,
  webhookResponseStatusValues as WEBHOOK_STATUSES,
  webhookDeliveryResponseStatusValues as WEBHOOK_DELIVERY_STATUSES,
} from './schema';
