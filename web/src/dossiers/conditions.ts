/**
 * The checklist engine's own conditions (src/checklist/checklist.conditions.ts): the dialog
 * offers first the documents the dossier's situation asks for, by the rules the engine judges.
 */
export { conditionHolds as holds, type ConditionSubject } from '../../../src/checklist/checklist.conditions';
export type { Condition } from '../../../src/catalog/catalog.model';
