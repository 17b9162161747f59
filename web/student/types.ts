import type { components } from '../src/api/schema';

/**
 * What the students' API answers (/api/student/…), as its OpenAPI document says it: the types
 * generated into web/src/api/schema.ts (`npm run api:types`), never written twice.
 */
type Schemas = components['schemas'];

export type Localized = Schemas['LocalizedTextResponse'];
export type StudentSession = Schemas['StudentSessionResponse'];
export type LinkRequestAccepted = Schemas['LinkRequestAccepted'];
export type StudentDossier = Schemas['StudentDossierResponse'];
export type StudentDocument = Schemas['StudentDocumentResponse'];
export type StudentFile = Schemas['StudentFileResponse'];
export type Complement = Schemas['StudentComplementResponse'];
export type ComplementItem = Schemas['StudentItemResponse'];
export type OfficeContact = Schemas['StudentOfficeResponse'];
export type FileLimits = Schemas['StudentFileLimitsResponse'];
export type NextStep = Schemas['StudentNextStep'];
export type StudentMessage = Schemas['MessageResponse'];
