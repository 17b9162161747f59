import type { Channel } from '../catalog/catalog.model';
import { isCalendarDate, isCursorInstant } from '../common/validators';
import type { IsoDate } from '../students/students.model';

export const DOSSIER_STATUSES = ['received', 'incomplete', 'verified', 'forwarded', 'decided', 'closed'] as const;
export type DossierStatus = (typeof DOSSIER_STATUSES)[number];

/** Statuses in which the office is still working on the dossier. */
export const OPEN_DOSSIER_STATUSES: readonly DossierStatus[] = ['received', 'incomplete', 'verified', 'forwarded'];

/** How the dossier reached the office: by post (CMI 2-step), by hand, by e-mail (scans), or on ANEF. */
export { CHANNELS, type Channel } from '../catalog/catalog.model';

export const DECISIONS = ['favourable', 'refused'] as const;
export type Decision = (typeof DECISIONS)[number];

export const CLOSE_REASONS = ['deadline_expired', 'withdrawn', 'not_eligible', 'duplicate', 'other'] as const;
export type CloseReason = (typeof CLOSE_REASONS)[number];

export interface Dossier {
  id: string;
  reference: string;
  studentId: string;
  institutionId: string;
  procedureCode: string;
  /** The catalog version the dossier was opened under (null only for dossiers older than the catalog). */
  procedureVersionId: string | null;
  procedureCase: string | null;
  prefecture: string | null;
  facts: DossierFacts;
  channel: Channel;
  status: DossierStatus;
  decision: Decision | null;
  closeReason: CloseReason | null;
  version: number;
  receivedAt: IsoDate;
  filedAt: IsoDate | null;
  prefectureReference: string | null;
  implicitRejectionOn: IsoDate | null;
  decidedOn: IsoDate | null;
  cardReadyOn: IsoDate | null;
  cardHandedOverOn: IsoDate | null;
  /** The nearest pending deadline (complement, prefecture silence). */
  deadlineAt: Date | null;
  assigneeId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** What a list or a dossier page shows of the student without a second request. */
export interface StudentSummary {
  id: string;
  studentNumber: string;
  birthName: string;
  usageName: string | null;
  firstNames: string;
}

/** Facts the procedure asks about, by fact code (housing: "tenant", businessCreation: true...). */
export type DossierFacts = Record<string, string | boolean | number>;

export interface DossierWithStudent extends Dossier {
  student: StudentSummary;
  /** Number of the catalog version. */
  procedureVersion: number | null;
}

/**
 * What the student sent that no agent has looked at yet: documents they uploaded still to
 * review (source student, status received), and their messages no agent has read.
 */
export interface StudentActivity {
  newDocuments: number;
  unreadMessages: number;
}

export const NO_STUDENT_ACTIVITY: StudentActivity = { newDocuments: 0, unreadMessages: 0 };

/** A row of the dossier list: the dossier, and what the student sent that no agent has looked at. */
export interface ListedDossier {
  dossier: DossierWithStudent;
  activity: StudentActivity;
}

export interface NewDossier {
  studentId: string;
  procedureCode: string;
  procedureVersionId: string;
  procedureCase: string | null;
  prefecture: string;
  facts: DossierFacts;
  channel: Channel;
  receivedAt: IsoDate;
}

/** What an agent may change on a dossier directly (its status moves through transitions). */
export interface DossierDetails {
  facts?: DossierFacts;
  procedureCase?: string | null;
  channel?: Channel;
}

export const DOSSIER_SORTS = ['receivedAt', '-receivedAt', 'reference', '-reference', 'deadlineAt', '-deadlineAt', 'updatedAt', '-updatedAt'] as const;
export type DossierSort = (typeof DOSSIER_SORTS)[number];
export type DossierSortField = 'receivedAt' | 'reference' | 'deadlineAt' | 'updatedAt';

const isInstant = isCursorInstant;

/** Each sort: its field, whether it can be null (nulls sort last), and what a cursor key for it looks like. */
export const DOSSIER_SORT_FIELDS: Record<DossierSortField, { nullable: boolean; isKey: (key: unknown) => boolean }> = {
  receivedAt: { nullable: false, isKey: (key) => isCalendarDate(key) },
  reference: { nullable: false, isKey: (key) => typeof key === 'string' && /^[A-Z0-9-]{1,32}$/.test(key) },
  deadlineAt: { nullable: true, isKey: (key) => key === null || isInstant(key) },
  updatedAt: { nullable: false, isKey: isInstant },
};

export function parseSort(sort: DossierSort): { field: DossierSortField; descending: boolean } {
  const descending = sort.startsWith('-');
  return { field: (descending ? sort.slice(1) : sort) as DossierSortField, descending };
}

export interface DossierFilter {
  statuses?: DossierStatus[];
  procedureCode?: string;
  institutionId?: string;
  studentId?: string;
  /** The institutions the agent covers (null: all). */
  scope: string[] | null;
  /** An agent id, or null for dossiers nobody has taken. */
  assigneeId?: string | null;
  deadlineBefore?: Date;
  /** true: only the dossiers with student activity (see StudentActivity); false: only those without. */
  studentActivity?: boolean;
  /** Words that must each match the reference, the student number or a name. */
  words?: string[];
  sort: DossierSort;
  limit: number;
  after?: { key: string | number | null; id: string };
}

/** The student already has a dossier open for this procedure: a second one would be a duplicate. */
export class OpenDossierExists extends Error {
  constructor(readonly existing: { id: string; reference: string }) {
    super(`open dossier ${existing.reference} exists`);
  }
}

/** The dossier is no longer in a status the change applies from. */
export class DossierStateChanged extends Error {
  constructor(readonly current: DossierStatus) {
    super(`dossier is now ${current}`);
  }
}

/** The dossier changed since the version the caller saw (If-Match). */
export class StaleDossier extends Error {
  constructor(readonly current: number) {
    super(`dossier is at version ${current}`);
  }
}

/** A French département, as prefectures are numbered (the catalog's overrides name them too). */
export { PREFECTURE_PATTERN } from '../common/vocabulary';

/**
 * The département of the prefecture competent for a French postal code: 35000 → 35,
 * 20000 → 2A (Corse-du-Sud), 20200 → 2B, 97400 → 974.
 */
export function prefectureOf(postalCode: string | null | undefined): string | null {
  if (!postalCode || !/^\d{5}$/.test(postalCode)) return null;
  if (postalCode.startsWith('20')) return postalCode < '20200' ? '2A' : '2B';
  if (postalCode.startsWith('97')) return postalCode.slice(0, 3);
  return postalCode.slice(0, 2);
}
