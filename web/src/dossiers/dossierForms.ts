import { holds, type ConditionSubject } from './conditions';
import type { Dossier, DossierDocument, Finding, ProcedureDefinition, Slot, SlotDefinition, SlotItemDefinition, TransitionRule } from './types';

/**
 * What the dossier page's forms send, as plain functions of their values (no React): which
 * fields a move asks for, the bodies of a move, a complement request and a document, and the
 * document kinds and checks the record dialog offers for a slot. The API decides; these only
 * say what the agent gave, trimmed, with nothing empty sent.
 */

type SlotOption = SlotDefinition['options'][number];

/** Text the agent typed, trimmed; nothing when only blanks. */
function typed(value: string | null | undefined): string | undefined {
  const text = value?.trim();
  return text ? text : undefined;
}

type Move = Pick<TransitionRule, 'to' | 'requires'>;

export type MoveValues = {
  reason?: string | null;
  decision?: string | null;
  decidedOn?: string | null;
  closeReason?: string | null;
  filedOn?: string | null;
  prefectureReference?: string | null;
};

/** A reason is asked when the workflow table says so, and to close a dossier "for another reason". */
export function needsReason(move: Move, values: Pick<MoveValues, 'closeReason'>): boolean {
  return move.requires.includes('reason') || (move.to === 'closed' && values.closeReason === 'other');
}

/** Forwarding a verified dossier files it: the day and the prefecture's reference are asked. */
export function filesWithPrefecture(move: Move, dossier: Pick<Dossier, 'status'>): boolean {
  return move.to === 'forwarded' && dossier.status === 'verified';
}

/** The reason's rule, with the other values (closing for "other" asks for one): a react-admin validator. */
export function reasonRule(move: Move) {
  return (value: string | null | undefined, values: MoveValues): string | undefined =>
    needsReason(move, values) && !typed(value) ? 'ra.validation.required' : undefined;
}

/** The body of POST /transitions: the status, and what this move takes of the values. */
export function transitionBody(move: Move, dossier: Pick<Dossier, 'status'>, values: MoveValues): Record<string, unknown> {
  const body: Record<string, unknown> = { to: move.to };
  const reason = typed(values.reason);
  if (reason) body.reason = reason;
  if (move.to === 'decided') {
    if (values.decision) body.decision = values.decision;
    if (values.decidedOn) body.decidedOn = values.decidedOn;
  }
  if (move.to === 'closed' && values.closeReason) body.closeReason = values.closeReason;
  if (filesWithPrefecture(move, dossier)) {
    if (values.filedOn) body.filedOn = values.filedOn;
    const reference = typed(values.prefectureReference);
    if (reference) body.prefectureReference = reference;
  }
  return body;
}

export type ComplementValues = { message?: string | null; dueInDays?: number | string | null };

/** The body of a complement request (and of its preview): the agent's word and the delay, when given. */
export function complementBody(values: ComplementValues): { message?: string; dueInDays?: number } {
  const message = typed(values.message);
  const days = values.dueInDays === null || values.dueInDays === undefined || values.dueInDays === '' ? Number.NaN : Number(values.dueInDays);
  return { ...(message ? { message } : {}), ...(Number.isFinite(days) ? { dueInDays: days } : {}) };
}

export type RejectionValues = { rejectionReason?: string | null; rejectionText?: string | null };

/** The verdict of a rejection: the reason, and the explanation for the student when given. */
export function rejectionVerdict(values: RejectionValues): { status: 'rejected'; rejectionReason: string | null; rejectionText?: string } {
  const text = typed(values.rejectionText);
  return { status: 'rejected', rejectionReason: values.rejectionReason || null, ...(text ? { rejectionText: text } : {}) };
}

type FactValue = string | boolean | number;
export type FactValues = { facts?: Record<string, FactValue | null | undefined> };

/** The facts the agent changed; one emptied is not sent (the API keeps the facts it is not sent). */
export function changedFacts(saved: Record<string, FactValue> | undefined, values: FactValues['facts']): Record<string, FactValue> {
  return Object.fromEntries(
    Object.entries(values ?? {}).filter(
      (entry): entry is [string, FactValue] => entry[1] !== '' && entry[1] !== null && entry[1] !== undefined && saved?.[entry[0]] !== entry[1],
    ),
  );
}

/** What the agent can tick on a document; the last two are what a request letter must give. */
export const DOCUMENT_CHECKS = ['signed', 'allPages', 'dated', 'hasMobileNumber', 'hasEmailAddress'] as const;
export type DocumentCheck = (typeof DOCUMENT_CHECKS)[number];
const LETTER_CHECKS: readonly DocumentCheck[] = ['hasMobileNumber', 'hasEmailAddress'];

/** The checks offered for an item: the first three always, a letter's only where the item asks for them (or they are ticked). */
export function offeredChecks(requires: readonly string[], ticked: readonly string[]): { check: DocumentCheck; required: boolean }[] {
  return DOCUMENT_CHECKS.filter((check) => !LETTER_CHECKS.includes(check) || requires.includes(check) || ticked.includes(check)).map((check) => ({
    check,
    required: requires.includes(check),
  }));
}

/**
 * The document kinds offered for a slot, best first: those still missing in the option the
 * checklist applies (or else in the options the dossier's situation allows), then every other
 * kind the slot takes. `items` are the slot's items, the applying options' first.
 */
export function documentChoices(
  definition: Pick<ProcedureDefinition, 'slots'>,
  slot: Pick<Slot, 'code' | 'option' | 'documentIds'>,
  documents: Pick<DossierDocument, 'id' | 'kind' | 'status'>[],
  dossier: ConditionSubject,
): { kinds: string[]; items: SlotItemDefinition[] } {
  const applies = (option: SlotOption) => (slot.option ? option.code === slot.option : holds(option.when, dossier));
  const options = [...(definition.slots.find((s) => s.code === slot.code)?.options ?? [])].sort((a, b) => Number(applies(b)) - Number(applies(a)));
  const items = options.flatMap((o) => o.items);
  const received = new Set(documents.filter((d) => slot.documentIds.includes(d.id) && d.status !== 'rejected').map((d) => d.kind));
  const wanted = options.filter(applies).flatMap((o) => o.items.filter((i) => holds(i.when, dossier)));
  const missing = wanted.filter((i) => !i.kinds.some((k) => received.has(k))).flatMap((i) => i.kinds);
  return { kinds: [...new Set([...missing, ...items.flatMap((i) => i.kinds)])], items };
}

export type DocumentValues = {
  kind: string;
  issuedOn?: string | null;
  quantity?: number | null;
  checks?: string[] | null;
  validUntil?: string | null;
  ePhotoCode?: string | null;
  note?: string | null;
};

/** What POST /documents takes of a document received, its scans apart. */
export interface DocumentFields {
  kind: string;
  issuedOn?: string;
  quantity: number;
  attributes: Record<string, unknown>;
  note?: string;
}

/** A document as recorded: the checks ticked as `true` attributes, the e-photo code in capitals. */
export function documentFields(values: DocumentValues): DocumentFields {
  const ticked = (values.checks ?? []).filter((c): c is DocumentCheck => (DOCUMENT_CHECKS as readonly string[]).includes(c));
  const ePhotoCode = typed(values.ePhotoCode)?.toUpperCase();
  const note = typed(values.note);
  return {
    kind: values.kind,
    ...(values.issuedOn ? { issuedOn: values.issuedOn } : {}),
    quantity: values.quantity ?? 1,
    attributes: {
      ...Object.fromEntries(ticked.map((c) => [c, true])),
      ...(values.validUntil ? { validUntil: values.validUntil } : {}),
      ...(ePhotoCode ? { ePhotoCode } : {}),
    },
    ...(note ? { note } : {}),
  };
}

/** The finding that says a check is wanted of a document and not there (or not recorded yet). */
const CHECK_FINDINGS: Record<string, DocumentCheck> = {
  'document.unsigned': 'signed',
  'document.incomplete': 'allPages',
  'document.undated': 'dated',
  'document.no-mobile-number': 'hasMobileNumber',
  'document.no-email-address': 'hasEmailAddress',
};

/** What accepting a document asks the agent to read on the scan: the checks, dates and code the checklist wants of it. */
export interface ToRead {
  checks: DocumentCheck[];
  issuedOn: boolean;
  validUntil: boolean;
  ePhotoCode: boolean;
}

/**
 * What the checklist wants of a document that nobody has recorded yet — a document sent by the
 * student comes with nothing read on it; none (null) when accepting it needs nothing more. A
 * check recorded as lacking is not asked again: the student's to fix, the agent's to reject.
 */
export function toReadOnTheScan(
  document: Pick<DossierDocument, 'id' | 'attributes'>,
  findings: readonly Pick<Finding, 'code' | 'documentId'>[],
): ToRead | null {
  const codes = new Set(findings.filter((f) => f.documentId === document.id).map((f) => f.code));
  const recorded = document.attributes as Partial<Record<DocumentCheck, boolean>>;
  const wanted = new Set([...codes].map((code) => CHECK_FINDINGS[code]));
  const toRead: ToRead = {
    checks: DOCUMENT_CHECKS.filter((check) => wanted.has(check) && recorded[check] === undefined),
    issuedOn: codes.has('document.issue-date-missing'),
    validUntil: codes.has('document.validity-missing'),
    ePhotoCode: codes.has('document.ephoto-missing'),
  };
  return toRead.checks.length || toRead.issuedOn || toRead.validUntil || toRead.ePhotoCode ? toRead : null;
}

export type AcceptValues = Pick<DocumentValues, 'issuedOn' | 'checks' | 'validUntil' | 'ePhotoCode'>;

/** An acceptance, with what the agent read on the scan added to what was recorded (the API takes the attributes whole). */
export function acceptanceVerdict(document: Pick<DossierDocument, 'attributes'>, values: AcceptValues): Record<string, unknown> {
  const read = documentFields({ kind: '', ...values });
  return {
    status: 'accepted',
    ...(read.issuedOn ? { issuedOn: read.issuedOn } : {}),
    ...(Object.keys(read.attributes).length ? { attributes: { ...document.attributes, ...read.attributes } } : {}),
  };
}
