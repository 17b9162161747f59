/**
 * The API's shapes as the web app reads them: the response DTOs, through the types generated
 * from the OpenAPI document (web/src/api/schema.ts, `npm run api:types`), and a procedure's
 * definition, which the API serves as the catalog defines it. Nothing here is written by hand.
 */
import type { components } from '../api/schema';
import type {
  FactDefinition as CatalogFact,
  ProcedureDefinition as CatalogProcedure,
  PublicSource,
  Slot as CatalogSlot,
  SlotItem,
} from '../../../src/catalog/catalog.model';

type Schemas = components['schemas'];

export type Dossier = Schemas['DossierResponse'];
export type DossierStatus = Schemas['DossierStatus'];
export type Finding = Schemas['FindingResponse'];
/** A rule's source as the API serves it: a public reference, or the office's policy and why. */
export type Source = Schemas['SourceResponse'];
export type Slot = Schemas['SlotResponse'];
export type Checklist = Schemas['ChecklistResponse'];
export type DocumentFile = Schemas['DocumentFileResponse'];
export type DossierDocument = Schemas['DocumentResponse'];
export type TransitionRule = Schemas['TransitionRuleResponse'];
export type TimelineEntry = Schemas['TimelineEntryResponse'];
export type NotificationRow = Schemas['NotificationResponse'];
/** An agent's internal note on the dossier (agents only, never e-mailed to the student). */
export type DossierNote = Schemas['NoteResponse'];
/** One e-mail with its bodies as sent (GET /api/dossiers/:id/notifications/:notificationId). */
export type NotificationMessage = Schemas['NotificationMessageResponse'];
export type ComplementPreview = Schemas['ComplementPreviewResponse'];
export type ProcedureSummary = Schemas['ProcedureSummaryResponse'];
export type Transmission = Schemas['TransmissionResponse'];
export type SlipLink = Schemas['SlipLinkResponse'];
export type Summons = Schemas['SummonsResponse'];

/** What the student sent from their page that no agent has looked at yet (on each dossier, in the list too). */
export type StudentActivity = Schemas['StudentActivityResponse'];
/** One message of the dossier's thread between the student and the office, oldest first. */
export type DossierMessage = Schemas['MessageResponse'];
/** A file attached to a message, read like a scan (`url`, with the agent's token). */
export type MessageAttachment = Schemas['MessageAttachmentResponse'];
/** The student's personal link to their dossier page: when it was last sent and used, the sessions open. */
export type StudentLinkState = Schemas['StudentLinkStatus'];

/** A procedure's definition as GET /api/procedures/:code serves it: sources without their internal reference. */
export type ProcedureDefinition = Omit<CatalogProcedure, 'sources'> & { sources: PublicSource[] };
export type SlotDefinition = CatalogSlot;
export type SlotItemDefinition = SlotItem;
export type FactDefinition = CatalogFact;

export type ProcedureVersion = Omit<Schemas['ProcedureVersionResponse'], 'definition'> & { definition: ProcedureDefinition };
