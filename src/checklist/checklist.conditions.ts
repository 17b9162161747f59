/**
 * When a slot, an option, an item, a fact or a rule applies: the catalog's conditions over a
 * dossier's facts, case and channel. Pure and with type-only imports, so that the web app offers
 * documents by the very rules the checklist engine judges them by.
 */
import type { Channel, Condition } from '../catalog/catalog.model';

export type FactValue = string | boolean | number;

/** What a condition reads of a dossier. */
export interface ConditionSubject {
  facts: Record<string, FactValue>;
  procedureCase: string | null;
  channel: Channel;
}

export function conditionHolds(condition: Condition | undefined, dossier: ConditionSubject): boolean {
  if (!condition) return true;
  const { facts, procedureCase, channel } = dossier;
  if ('fact' in condition) {
    const value = facts[condition.fact];
    return 'equals' in condition ? value === condition.equals : value !== undefined && condition.in.includes(String(value));
  }
  if ('case' in condition) return procedureCase !== null && condition.case.includes(procedureCase);
  if ('channel' in condition) return condition.channel.includes(channel);
  if ('all' in condition) return condition.all.every((c) => conditionHolds(c, dossier));
  if ('any' in condition) return condition.any.some((c) => conditionHolds(c, dossier));
  return !conditionHolds(condition.not, dossier);
}
