/**
 * The API's study levels and permit kinds (src/students/students.model.ts STUDY_LEVELS and
 * PERMIT_KINDS; messages.spec.ts checks they are the same and named in both languages), in the
 * order the forms list them.
 */
export const LEVELS = [
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
];
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
];
