/**
 * What the open complement request asks the student for, as their page shows it: each item in
 * the student's words (as the request's e-mail said it), the document kinds it takes, and
 * whether it has arrived since. Pure: the student portal's service gives the request, the
 * procedure, the dossier's documents and its checklist.
 */
import type { LocalizedText, ProcedureDefinition } from '../catalog/catalog.model';
import { conditionHolds, type ConditionSubject } from '../checklist/checklist.conditions';
import { consideredOptions } from '../checklist/checklist.slots';
import type { DocumentStatus } from '../documents/documents.model';
import { type ChecklistSlots, type ComplementItem, isStudentFinding } from '../workflow/complement-items';

export interface StudentItem {
  slot: string;
  what: LocalizedText;
  why: LocalizedText | null;
  /** The document kinds the item takes (a field `kind` of the upload picks one when there are several). */
  kinds: string[];
  /** Something was sent for it since the request, and nothing the student must fix is left on it. */
  received: boolean;
  /** The documents received for it since the request (their verdicts are in the page's documents). */
  documentIds: string[];
}

/** What the item mapping reads of a document. */
export interface ItemDocument {
  id: string;
  kind: string;
  status: DocumentStatus;
  receivedAt: Date;
}

type Slots = Pick<ProcedureDefinition, 'slots'>;

/** The kinds a slot takes for this dossier: those of its options and items whose conditions hold, in catalog order. */
export function slotKinds(definition: Slots, slotCode: string, dossier: ConditionSubject): string[] {
  const slot = definition.slots.find((s) => s.code === slotCode);
  if (!slot) return [];
  const holds = (condition: Parameters<typeof conditionHolds>[0]) => conditionHolds(condition, dossier);
  const kinds = consideredOptions(slot, holds).flatMap((option) => option.items.filter((item) => holds(item.when)).flatMap((item) => item.kinds));
  return [...new Set(kinds)];
}

/**
 * The kind of a student's upload: the one they named, if the slot takes it; else the slot's
 * first (the first kind of its first applicable option). `null`: the named kind is not the slot's.
 */
export function uploadKind(kinds: readonly string[], named: string | undefined): string | null {
  if (named === undefined || named === '') return kinds[0] ?? null;
  return kinds.includes(named) ? named : null;
}

/**
 * The request's items for the page. An item is received once a document of its kinds arrived
 * after the request (and was not rejected since) and the checklist finds nothing on its slot
 * that the student must send or fix (the 2nd of 3 photos is not enough).
 */
export function studentItems(
  request: { items: readonly ComplementItem[]; requestedAt: Date },
  definition: Slots,
  dossier: ConditionSubject,
  documents: readonly ItemDocument[],
  checklist: ChecklistSlots,
): StudentItem[] {
  return request.items.map((item) => {
    const kinds = slotKinds(definition, item.slot, dossier);
    const sent = documents.filter((d) => kinds.includes(d.kind) && d.receivedAt >= request.requestedAt);
    const stillAsked = checklist.slots.find((s) => s.code === item.slot)?.findings.some(isStudentFinding) ?? false;
    return {
      slot: item.slot,
      what: item.what,
      why: item.why,
      kinds,
      received: sent.some((d) => d.status !== 'rejected') && !stillAsked,
      documentIds: sent.map((d) => d.id),
    };
  });
}
