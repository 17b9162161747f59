import type { IsoDate } from '../students/students.model';

export const DOCUMENT_STATUSES = ['received', 'accepted', 'rejected'] as const;
export type DocumentStatus = (typeof DOCUMENT_STATUSES)[number];

/** Who sent a document: the office recorded it (paper, e-mail, front desk), or the student uploaded it on their page. */
export const DOCUMENT_SOURCES = ['office', 'student'] as const;
export type DocumentSource = (typeof DOCUMENT_SOURCES)[number];

export const REJECTION_REASONS = ['illegible', 'expired', 'unsigned', 'incomplete', 'wrong_document', 'other'] as const;
export type RejectionReason = (typeof REJECTION_REASONS)[number];

/** What an agent notes on a document: signed, every page there, dated, valid until, e-photo code, mobile number and e-mail address written on it. */
export interface DocumentAttributes {
  signed?: boolean;
  allPages?: boolean;
  dated?: boolean;
  validUntil?: IsoDate;
  ePhotoCode?: string;
  hasMobileNumber?: boolean;
  hasEmailAddress?: boolean;
}

export interface DocumentFile {
  id: string;
  storageKey: string;
  originalName: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  uploadedAt: Date;
}

export interface DossierDocument {
  id: string;
  dossierId: string;
  kind: string;
  issuedOn: IsoDate | null;
  quantity: number;
  attributes: DocumentAttributes;
  note: string | null;
  status: DocumentStatus;
  rejectionReason: RejectionReason | null;
  rejectionText: string | null;
  receivedAt: Date;
  source: DocumentSource;
  reviewedAt: Date | null;
  files: DocumentFile[];
}

export interface NewDocument {
  kind: string;
  issuedOn: IsoDate | null;
  quantity: number;
  attributes: DocumentAttributes;
  note: string | null;
}

export interface NewFile {
  storageKey: string;
  originalName: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
}

/** A verdict or a correction of what was recorded. */
export interface DocumentChanges {
  status?: DocumentStatus;
  rejectionReason?: RejectionReason | null;
  rejectionText?: string | null;
  issuedOn?: IsoDate | null;
  quantity?: number;
  attributes?: DocumentAttributes;
  note?: string | null;
}
