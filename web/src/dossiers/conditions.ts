import type { Dossier } from './types';

/** A catalog condition (catalog.model.ts' Condition): when a slot's option or item applies. */
export type Condition =
  | { fact: string; equals: string | boolean }
  | { fact: string; in: string[] }
  | { case: string[] }
  | { channel: string[] }
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition };

/**
 * Whether the condition holds for the dossier, as the checklist engine reads it — here only to
 * offer first the documents the dossier's situation asks for (the engine decides).
 */
export function holds(condition: Condition | undefined, dossier: Pick<Dossier, 'facts' | 'procedureCase' | 'channel'>): boolean {
  if (!condition) return true;
  if ('all' in condition) return condition.all.every((c) => holds(c, dossier));
  if ('any' in condition) return condition.any.some((c) => holds(c, dossier));
  if ('not' in condition) return !holds(condition.not, dossier);
  if ('case' in condition) return dossier.procedureCase !== null && condition.case.includes(dossier.procedureCase);
  if ('channel' in condition) return condition.channel.includes(dossier.channel);
  const value = dossier.facts?.[condition.fact];
  if ('equals' in condition) return value === condition.equals;
  return typeof value === 'string' && condition.in.includes(value);
}
