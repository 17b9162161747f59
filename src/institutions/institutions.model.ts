export const INSTITUTION_KINDS = ['university', 'engineering_school', 'business_school', 'other'] as const;
export type InstitutionKind = (typeof INSTITUTION_KINDS)[number];

/** A member institution of the office. */
export interface Institution {
  id: string;
  code: string;
  name: string;
  kind: InstitutionKind;
  city: string | null;
  contactEmail: string | null;
  member: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export interface InstitutionInput {
  code: string;
  name: string;
  kind: InstitutionKind;
  city?: string | null;
  contactEmail?: string | null;
  member?: boolean;
}

export interface InstitutionFilter {
  q?: string;
  limit: number;
  after?: { name: string; id: string };
}
