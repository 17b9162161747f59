/**
 * Words of the residence-permit domain that several layers use: the catalog's rules name study
 * levels and permit kinds, students are recorded with them, dossiers, transmissions and the
 * office's configuration name prefectures. They live below the features so that the catalog and
 * the checklist engine need nothing from students or dossiers.
 */

/** Level of the programme the student is enrolled in (RECE eligibility depends on it). */
export const STUDY_LEVELS = [
  'preparatory',
  'l1',
  'l2',
  'l3',
  'licence_pro',
  'bachelor',
  'm1',
  'm2',
  'engineering_1',
  'engineering_2',
  'engineering_final_year',
  'mastere_specialise',
  'msc',
  'du',
  'doctorate',
  'other',
] as const;
export type StudyLevel = (typeof STUDY_LEVELS)[number];

export const PERMIT_KINDS = [
  'vls_ts_student',
  'student',
  'student_multi_year',
  'rece',
  'extension_attestation',
  'receipt',
  'talent_researcher',
  'employee',
  'other',
] as const;
export type PermitKind = (typeof PERMIT_KINDS)[number];

/** A French département, as prefectures are numbered: 01-95, 2A, 2B, 971-976. */
export const PREFECTURE_PATTERN = /^(0[1-9]|[1-8]\d|9[0-5]|2A|2B|97[1-6])$/;
