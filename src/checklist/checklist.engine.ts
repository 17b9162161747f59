/**
 * The dossier validation engine: pure functions, no framework. Given a procedure version,
 * the dossier, its student and the documents received, it says for every document slot
 * where it stands, and lists the findings — each with a stable code, a severity, the slot
 * or rule concerned, its raw parameters (`params`: ISO dates, numbers, codes, for a client or
 * an e-mail to word), a message in French and English for agents and the public source of
 * the rule. Eligibility rules are in checklist.rules.ts, document slots in checklist.slots.ts.
 */
import type { Channel, FilingDateBasis, LocalizedText, ProcedureDefinition, PublicSource } from '../catalog/catalog.model';
import type { DocumentAttributes, DocumentStatus, RejectionReason } from '../documents/documents.model';
import type { PermitKind, StudyLevel } from '../common/vocabulary';
import type { FactValue } from './checklist.conditions';
import { Context, ResolvedParameter } from './checklist.context';
import { messages } from './checklist.messages';
import { checkRule } from './checklist.rules';
import { checkSlot } from './checklist.slots';

export { resolveParameters, subtractDuration } from './checklist.context';
export type { ResolvedParameter } from './checklist.context';

export type { FactValue, RejectionReason };

export interface CheckedDocument {
  id: string;
  kind: string;
  status: DocumentStatus;
  rejectionReason: RejectionReason | null;
  rejectionText: string | null;
  issuedOn: string | null;
  quantity: number;
  attributes: DocumentAttributes;
}

export interface ChecklistInput {
  definition: ProcedureDefinition;
  dossier: {
    channel: Channel;
    /** The date rules are judged on (see `filingDateOf`). */
    filingDate: string;
    prefecture: string | null;
    procedureCase: string | null;
    facts: Record<string, FactValue>;
  };
  student: {
    nationality: string;
    level: StudyLevel;
    academicYear: string;
    institutionMember: boolean;
    currentPermit: { kind: PermitKind; validUntil: string } | null;
    expectedDefenceDate: string | null;
    internshipEndDate: string | null;
  };
  documents: CheckedDocument[];
}

export type Severity = 'blocking' | 'warning';

/** A finding's raw values: ISO dates, numbers, codes (document kinds, options, levels...). */
export type FindingParams = Record<string, string | number | boolean | string[]>;

export interface Finding {
  code: string;
  severity: Severity;
  slot?: string;
  rule?: string;
  fact?: string;
  documentId?: string;
  /** What the finding is about, raw, so that a client or a student e-mail can word it. */
  params?: FindingParams;
  /** For agents. */
  message: LocalizedText;
  source: PublicSource | null;
}

export type SlotState = 'satisfied' | 'to_review' | 'missing' | 'incomplete' | 'invalid' | 'rejected' | 'not_applicable';

export interface SlotReport {
  code: string;
  names: LocalizedText;
  hint: LocalizedText | null;
  /** What the student is told to send, in the second person. */
  ask: LocalizedText | null;
  state: SlotState;
  /** The option that satisfies the slot, or the one closest to it. */
  option: string | null;
  documentIds: string[];
  findings: Finding[];
}

export interface ChecklistReport {
  filingDate: string;
  parameters: Record<string, ResolvedParameter>;
  slots: SlotReport[];
  findings: Finding[];
  blocking: number;
  warnings: number;
  /** Every applicable slot is satisfied by documents an agent has accepted. */
  allReviewed: boolean;
}

/**
 * The day a dossier's rules are judged on, as its procedure says for its channel: the office's
 * receipt (`received`: the office files for the student, as the CMI's 2-step channel does), or
 * the filing with the prefecture/ANEF (`filed`; the receipt while it is not filed). A procedure
 * that says nothing judges on `filed`.
 */
export function filingDateOf(
  definition: Pick<ProcedureDefinition, 'filingDate'>,
  dossier: { channel: Channel; receivedAt: string; filedAt: string | null },
): string {
  const basis: FilingDateBasis = definition.filingDate?.[dossier.channel] ?? definition.filingDate?.default ?? 'filed';
  return basis === 'received' ? dossier.receivedAt : (dossier.filedAt ?? dossier.receivedAt);
}

export function evaluateChecklist(input: ChecklistInput): ChecklistReport {
  const context = new Context(input);
  const findings: Finding[] = [];
  const cases = input.definition.cases ?? [];
  if (cases.length && !cases.some((c) => c.code === input.dossier.procedureCase)) {
    findings.push({
      code: 'facts.case-missing',
      severity: 'blocking',
      params: { cases: cases.map((c) => c.code) },
      message: messages.caseMissing(),
      source: context.source(cases[0]!.source),
    });
  }
  for (const fact of input.definition.facts) {
    if (context.factRequired(fact) && context.factMissing(fact.code)) {
      findings.push({
        code: 'facts.missing',
        severity: 'blocking',
        fact: fact.code,
        params: { fact: fact.code },
        message: messages.factMissing(fact.names),
        source: context.source(fact.source),
      });
    }
  }
  for (const rule of input.definition.eligibility) {
    if (context.holds(rule.when)) findings.push(...checkRule(rule, context));
  }
  const slots = input.definition.slots.map((slot) => checkSlot(slot, context));
  findings.push(...slots.flatMap((slot) => slot.findings));
  return {
    filingDate: input.dossier.filingDate,
    parameters: context.parameters,
    slots,
    findings,
    blocking: findings.filter((f) => f.severity === 'blocking').length,
    warnings: findings.filter((f) => f.severity === 'warning').length,
    allReviewed: slots.every((slot) => slot.state === 'satisfied' || slot.state === 'not_applicable'),
  };
}
