import type { Channel } from '../dossiers/dossiers.model';

/**
 * The permit procedures a dossier can be opened for, and the channel each one uses at
 * this office. The full catalog (documents, rules, deadlines) is versioned data of the
 * catalog feature; these codes are its stable keys.
 */
export const PROCEDURE_CODES = ['rece', 'student-extension', 'talent-researcher'] as const;
export type ProcedureCode = (typeof PROCEDURE_CODES)[number];

export const DEFAULT_CHANNEL: Record<ProcedureCode, Channel> = {
  rece: 'postal',
  'student-extension': 'anef',
  'talent-researcher': 'anef',
};
