import type { PermitKind, StudyLevel } from '../common/vocabulary';

/** A calendar day written YYYY-MM-DD (no time, no zone). */
export type IsoDate = string;

export const SEXES = ['female', 'male', 'unspecified'] as const;
export type Sex = (typeof SEXES)[number];

export const LANGUAGES = ['fr', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Study levels and permit kinds are the domain's shared words (the catalog's rules name them too). */
export { PERMIT_KINDS, STUDY_LEVELS, type PermitKind, type StudyLevel } from '../common/vocabulary';

export interface ResidencePermit {
  kind: PermitKind;
  number: string | null;
  validFrom: IsoDate | null;
  validUntil: IsoDate;
}

export interface PostalAddress {
  line1: string;
  line2: string | null;
  postalCode: string;
  city: string;
}

export interface Student {
  id: string;
  institutionId: string;
  studentNumber: string;
  birthName: string;
  usageName: string | null;
  firstNames: string;
  sex: Sex;
  birthDate: IsoDate;
  birthPlace: string | null;
  birthCountry: string;
  nationality: string;
  foreignerNumber: string | null;
  email: string;
  mobilePhone: string | null;
  address: PostalAddress | null;
  preferredLanguage: Language;
  programme: string | null;
  level: StudyLevel;
  academicYear: string;
  expectedDefenceDate: IsoDate | null;
  internshipEndDate: IsoDate | null;
  currentPermit: ResidencePermit | null;
  createdAt: Date;
  updatedAt: Date;
}

/** Fields that may be left out when a student is registered (their default is null, or French). */
type OptionalOnInput =
  | 'usageName'
  | 'birthPlace'
  | 'foreignerNumber'
  | 'mobilePhone'
  | 'address'
  | 'preferredLanguage'
  | 'programme'
  | 'expectedDefenceDate'
  | 'internshipEndDate'
  | 'currentPermit';

export type StudentInput = Omit<Student, 'id' | 'createdAt' | 'updatedAt' | OptionalOnInput> & {
  [K in Exclude<OptionalOnInput, 'address' | 'currentPermit'>]?: Student[K];
} & {
  address?: (Omit<PostalAddress, 'line2'> & { line2?: string | null }) | null;
  currentPermit?: (Pick<ResidencePermit, 'kind' | 'validUntil'> & { number?: string | null; validFrom?: IsoDate | null }) | null;
};

export interface StudentFilter {
  institutionId?: string;
  /** The institutions the agent covers (null: all). */
  scope: string[] | null;
  /** Normalised search words (searchText); each must match. */
  words: string[];
  limit: number;
  after?: { birthName: string; id: string };
}
