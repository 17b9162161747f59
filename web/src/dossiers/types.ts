import type { LocalizedText } from '../common/format';

export interface Dossier {
  id: string;
  reference: string;
  status: string;
  procedureCode: string;
  procedureVersion: number | null;
  procedureCase: string | null;
  prefecture: string | null;
  facts: Record<string, string | boolean | number>;
  channel: string;
  decision: string | null;
  closeReason: string | null;
  version: number;
  receivedAt: string;
  filedAt: string | null;
  prefectureReference: string | null;
  implicitRejectionOn: string | null;
  decidedOn: string | null;
  cardReadyOn: string | null;
  cardHandedOverOn: string | null;
  deadlineAt: string | null;
  /** The last day the nearest deadline leaves (what the student is told). */
  deadlineOn: string | null;
  assigneeId: string | null;
  institutionId: string;
  studentId: string;
  student: { id: string; studentNumber: string; birthName: string; usageName: string | null; firstNames: string };
}

export interface Finding {
  code: string;
  severity: 'blocking' | 'warning';
  slot?: string;
  rule?: string;
  fact?: string;
  documentId?: string;
  /** The raw values of the finding (ISO dates, numbers, codes). */
  params?: Record<string, string | number | boolean | string[]>;
  message: LocalizedText;
  source?: Source | null;
}

/** A rule's source as the API serves it: a public reference, or the office's policy and why. */
export interface Source {
  id: string;
  title: string;
  publisher?: string;
  url?: string;
  article?: string;
  readOn?: string;
  note?: string;
}

export interface Slot {
  code: string;
  names: LocalizedText;
  hint: LocalizedText | null;
  ask?: LocalizedText | null;
  state: 'satisfied' | 'to_review' | 'missing' | 'incomplete' | 'invalid' | 'rejected' | 'not_applicable';
  option: string | null;
  documentIds: string[];
  findings: Finding[];
}

export interface Checklist {
  dossierId: string;
  reference: string;
  procedure: { code: string; version: number; names: LocalizedText };
  filingDate: string;
  prefecture: string;
  complete: boolean;
  allReviewed: boolean;
  blocking: number;
  warnings: number;
  slots: Slot[];
  findings: Finding[];
}

export interface DocumentFile {
  id: string;
  originalName: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  uploadedAt: string;
  url: string;
}

export interface DossierDocument {
  id: string;
  kind: string;
  issuedOn: string | null;
  quantity: number;
  attributes: { signed?: boolean; allPages?: boolean; dated?: boolean; validUntil?: string; ePhotoCode?: string; hasMobileNumber?: boolean; hasEmailAddress?: boolean };
  note: string | null;
  status: 'received' | 'accepted' | 'rejected';
  rejectionReason: string | null;
  rejectionText: string | null;
  receivedAt: string;
  files: DocumentFile[];
}

export interface SlotItemDefinition {
  kinds: string[];
  names?: LocalizedText;
  requires?: string[];
  count?: number;
  maxAge?: unknown;
  validOnFilingDate?: boolean;
  when?: unknown;
}

export interface SlotDefinition {
  code: string;
  names: LocalizedText;
  hint?: LocalizedText;
  ask?: LocalizedText;
  options: { code: string; names: LocalizedText; items: SlotItemDefinition[]; when?: unknown }[];
}

export interface FactDefinition {
  code: string;
  type: 'choice' | 'boolean' | 'text' | 'date' | 'number';
  unit?: 'eur';
  names: LocalizedText;
  choices?: { code: string; names: LocalizedText }[];
  required?: boolean;
  when?: unknown;
}

export interface ProcedureDefinition {
  code: string;
  names: LocalizedText;
  summary?: LocalizedText;
  channel: string;
  slots: SlotDefinition[];
  facts?: FactDefinition[];
  cases?: { code: string; names: LocalizedText }[];
  documentKinds: Record<string, { names: LocalizedText }>;
  fileConstraints?: Record<string, { types: string[]; maxFileBytes: number; maxFilesPerDocument: number }>;
}

export interface ProcedureVersion {
  code: string;
  version: number;
  effectiveFrom: string;
  note: string | null;
  publishedAt: string;
  definition: ProcedureDefinition;
}

export interface TransitionRule {
  from: string[];
  to: string;
  event: string;
  roles: string[];
  requires: string[];
  guard?: string;
  via?: string;
  emailsStudent: boolean;
}

export interface TimelineEntry {
  id: string;
  at: string;
  event: string;
  title: LocalizedText;
  fromStatus: string | null;
  toStatus: string | null;
  actor: { id: string | null; name: string };
  reason: string | null;
  details: Record<string, unknown> | null;
}

export interface NotificationRow {
  id: string;
  template: string;
  recipient: string;
  audience: string;
  language: string;
  subject: string | null;
  status: string;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
}

export interface ComplementPreview {
  dossierId: string;
  items: { slot: string; codes: string[]; what: LocalizedText; why: LocalizedText | null }[];
  dueOn: string;
  email: { to: string; language: string; subject: string; text: string; html: string };
}
