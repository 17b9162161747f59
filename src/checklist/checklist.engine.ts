/**
 * The dossier validation engine: pure functions, no framework. Given a procedure version,
 * the dossier, its student and the documents received, it says for every document slot
 * where it stands, and lists the findings — each with a stable code, a severity, the slot
 * or rule concerned, a message in French and English and the source of the rule.
 */
import type {
  Channel,
  Condition,
  Duration,
  EligibilityRule,
  LocalizedText,
  ParameterValue,
  ProcedureDefinition,
  Slot,
  SlotItem,
  SlotOption,
  Source,
} from '../catalog/catalog.model';
import { academicYearOf, addDays, addMonths, daysBetween } from '../common/dates';
import type { PermitKind, StudyLevel } from '../students/students.model';
import { messages, REJECTION_REASONS } from './checklist.messages';

export type RejectionReason = keyof typeof REJECTION_REASONS;
export type FactValue = string | boolean;

export interface CheckedDocument {
  id: string;
  kind: string;
  status: 'received' | 'accepted' | 'rejected';
  rejectionReason: RejectionReason | null;
  rejectionText: string | null;
  issuedOn: string | null;
  quantity: number;
  attributes: { signed?: boolean; allPages?: boolean; dated?: boolean; validUntil?: string; ePhotoCode?: string };
}

export interface ChecklistInput {
  definition: ProcedureDefinition;
  dossier: {
    channel: Channel;
    /** The date rules are judged on: when the dossier is (or was) filed. */
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

export interface Finding {
  code: string;
  severity: Severity;
  slot?: string;
  rule?: string;
  fact?: string;
  documentId?: string;
  message: LocalizedText;
  source: Source | null;
}

export type SlotState = 'satisfied' | 'to_review' | 'missing' | 'incomplete' | 'invalid' | 'rejected' | 'not_applicable';

export interface SlotReport {
  code: string;
  names: LocalizedText;
  hint: LocalizedText | null;
  state: SlotState;
  /** The option that satisfies the slot, or the one closest to it. */
  option: string | null;
  documentIds: string[];
  findings: Finding[];
}

export interface ResolvedParameter {
  value: ParameterValue;
  source: string;
  /** Set when a prefecture's override replaced the procedure's default. */
  override: { prefecture: string; effectiveFrom: string } | null;
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

const E_PHOTO_CODE = /^[A-Z0-9]{8}$/;

export function evaluateChecklist(input: ChecklistInput): ChecklistReport {
  const context = new Context(input);
  const findings: Finding[] = [];
  if (input.definition.cases?.length && !input.definition.cases.some((c) => c.code === input.dossier.procedureCase)) {
    findings.push({ code: 'facts.case-missing', severity: 'blocking', message: messages.caseMissing(), source: context.source(input.definition.cases[0]!.source) });
  }
  for (const fact of input.definition.facts) {
    const value = input.dossier.facts[fact.code];
    if (fact.required && context.holds(fact.when) && (value === undefined || value === '')) {
      findings.push({ code: 'facts.missing', severity: 'blocking', fact: fact.code, message: messages.factMissing(fact.names), source: context.source(fact.source) });
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

/** What every check needs: the input, the parameters in force and the condition logic. */
class Context {
  readonly parameters: Record<string, ResolvedParameter>;
  private readonly sources: Map<string, Source>;

  constructor(readonly input: ChecklistInput) {
    this.sources = new Map(input.definition.sources.map((s) => [s.id, s]));
    this.parameters = resolveParameters(input.definition, input.dossier.prefecture, input.dossier.filingDate);
  }

  get definition() {
    return this.input.definition;
  }

  source(id: string | undefined): Source | null {
    return id === undefined ? null : (this.sources.get(id) ?? null);
  }

  number(name: string): number {
    const value = this.parameters[name]?.value;
    if (typeof value !== 'number') throw new Error(`parameter ${name} is not a number`);
    return value;
  }

  kindNames(kind: string): LocalizedText {
    return this.definition.documentKinds[kind]?.names ?? { fr: kind, en: kind };
  }

  itemNames(item: SlotItem): LocalizedText {
    return item.names ?? this.kindNames(item.kinds[0]!);
  }

  holds(condition: Condition | undefined): boolean {
    if (!condition) return true;
    const { facts, procedureCase, channel } = this.input.dossier;
    if ('fact' in condition) {
      const value = facts[condition.fact];
      return 'equals' in condition ? value === condition.equals : value !== undefined && condition.in.includes(String(value));
    }
    if ('case' in condition) return procedureCase !== null && condition.case.includes(procedureCase);
    if ('channel' in condition) return condition.channel.includes(channel);
    if ('all' in condition) return condition.all.every((c) => this.holds(c));
    if ('any' in condition) return condition.any.some((c) => this.holds(c));
    return !this.holds(condition.not);
  }
}

/** The procedure's parameters, with the prefecture's overrides in force on the filing date. */
export function resolveParameters(definition: ProcedureDefinition, prefecture: string | null, filingDate: string): Record<string, ResolvedParameter> {
  const resolved: Record<string, ResolvedParameter> = {};
  for (const [name, parameter] of Object.entries(definition.parameters)) {
    resolved[name] = { value: parameter.value, source: parameter.source, override: null };
  }
  const applicable = definition.overrides
    .filter((o) => o.prefecture === prefecture && o.effectiveFrom <= filingDate)
    .sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom));
  for (const override of applicable) {
    for (const [name, value] of Object.entries(override.parameters)) {
      resolved[name] = { value: value.value, source: value.source, override: { prefecture: override.prefecture, effectiveFrom: override.effectiveFrom } };
    }
  }
  return resolved;
}

/** The day a duration before `date` falls on. */
export function subtractDuration(date: string, duration: Duration): string {
  return 'days' in duration ? addDays(date, -duration.days) : addMonths(date, -duration.months);
}

function checkRule(rule: EligibilityRule, context: Context): Finding[] {
  const { student, dossier, documents } = context.input;
  const permit = student.currentPermit;
  const finding = (code: string, message: LocalizedText, severity: Severity = rule.severity ?? 'blocking'): Finding[] => [
    { code, severity, rule: rule.code, message: rule.message ?? message, source: context.source(rule.source) },
  ];
  switch (rule.kind) {
    case 'permit-recorded':
      return permit ? [] : finding('eligibility.no-permit', messages.noPermit());
    case 'permit-valid-on-filing-date':
      if (!permit) return finding('eligibility.no-permit', messages.noPermit());
      return permit.validUntil < dossier.filingDate ? finding('eligibility.permit-expired', messages.permitExpired(permit.validUntil, dossier.filingDate)) : [];
    case 'permit-kind':
      return permit && !rule.permitKinds.includes(permit.kind) ? finding('eligibility.permit-kind', messages.permitKind(permit.kind, rule.permitKinds)) : [];
    case 'study-level':
      return rule.levels.includes(student.level) ? [] : finding('eligibility.study-level', messages.studyLevel(student.level, rule.levels));
    case 'enrolled-current-year': {
      // the year just ended still counts for a while: students file after their defence
      const current = academicYearOf(dossier.filingDate);
      const grace = rule.graceDays ? context.number(rule.graceDays) : 0;
      const accepted = new Set([current, academicYearOf(addDays(dossier.filingDate, -grace))]);
      return accepted.has(student.academicYear) ? [] : finding('eligibility.academic-year', messages.academicYear(student.academicYear, [...accepted].join(' / ')));
    }
    case 'member-institution':
      return student.institutionMember ? [] : finding('eligibility.not-member-institution', messages.notMember());
    case 'nationality-excluded':
      return rule.nationalities.includes(student.nationality) ? finding('eligibility.nationality-excluded', rule.reason) : [];
    case 'nationality-notice':
      return rule.nationalities.includes(student.nationality) ? finding('eligibility.nationality-notice', rule.notice, rule.severity ?? 'warning') : [];
    case 'filing-window': {
      if (!permit) return [];
      const opens = context.number(rule.opensDaysBefore);
      const closes = context.number(rule.closesDaysBefore);
      const daysLeft = daysBetween(dossier.filingDate, permit.validUntil);
      if (daysLeft < 0) return finding('filing.too-late', messages.tooLate(permit.validUntil));
      if (daysLeft > opens) return finding('filing.too-early', messages.tooEarly(addDays(permit.validUntil, -opens), opens));
      if (daysLeft < closes) {
        const tax = rule.lateTaxEur ? context.number(rule.lateTaxEur) : null;
        return finding('filing.late', messages.late(addDays(permit.validUntil, -closes), tax), 'warning');
      }
      return [];
    }
    case 'permit-ends-before-course-end': {
      const ends = [student.expectedDefenceDate, student.internshipEndDate].filter((d): d is string => d !== null).sort();
      const courseEnd = ends[ends.length - 1];
      if (!courseEnd) return finding('eligibility.course-end-unknown', messages.courseEndUnknown());
      return permit && permit.validUntil >= courseEnd ? finding('eligibility.permit-outlasts-course', messages.permitOutlastsCourse(permit.validUntil, courseEnd)) : [];
    }
    case 'document-absent': {
      const present = documents.find((d) => d.status !== 'rejected' && rule.kinds.includes(d.kind));
      return present ? finding('eligibility.document-present', rule.message).map((f) => ({ ...f, documentId: present.id })) : [];
    }
  }
}

interface ItemOutcome {
  item: SlotItem;
  satisfied: boolean;
  /** Something of the item was received (even if wrong or rejected). */
  started: boolean;
  reviewed: boolean;
  documentIds: string[];
  findings: Finding[];
}

function checkSlot(slot: Slot, context: Context): SlotReport {
  const report = (state: SlotState, option: string | null, documentIds: string[], findings: Finding[]): SlotReport => ({
    code: slot.code,
    names: slot.names,
    hint: slot.hint ?? null,
    state,
    option,
    documentIds,
    findings,
  });
  if (!context.holds(slot.when)) return report('not_applicable', null, [], []);

  // the facts may pick the option (housing: hotel); when they say nothing, any option will do
  const chosen = slot.options.filter((option) => option.when && context.holds(option.when));
  const unconditional = slot.options.filter((option) => !option.when);
  const considered = chosen.length ? chosen : unconditional.length ? unconditional : slot.options;
  const options = considered.map((option) => ({ option, items: checkOption(option, slot, context) }));

  // of the options that work, one whose documents are all reviewed is the one to show
  const working = options.filter(({ items }) => items.every((i) => i.satisfied));
  const satisfied = working.find(({ items }) => items.every((i) => i.reviewed)) ?? working[0];
  if (satisfied) {
    const documentIds = satisfied.items.flatMap((i) => i.documentIds);
    if (satisfied.items.every((i) => i.reviewed)) return report('satisfied', satisfied.option.code, documentIds, []);
    const note: Finding = { code: 'document.not-reviewed', severity: 'warning', slot: slot.code, message: messages.notReviewed(slot.names), source: context.source(slot.source) };
    return report('to_review', satisfied.option.code, documentIds, [note]);
  }

  const progress = ({ items }: (typeof options)[number]) => items.filter((i) => i.satisfied).length * 2 + items.filter((i) => i.started).length;
  const best = options.reduce((a, b) => (progress(b) > progress(a) ? b : a));
  const source = context.source(slot.source);
  if (progress(best) === 0) {
    const missing: Finding =
      options.length > 1
        ? { code: 'alternative.unmet', severity: 'blocking', slot: slot.code, message: messages.alternativeUnmet(slot.names, options.map((o) => o.option.names)), source }
        : { code: 'document.missing', severity: 'blocking', slot: slot.code, message: messages.documentMissing(slot.names), source };
    return report('missing', null, [], [missing]);
  }

  const findings: Finding[] = [];
  const absent = best.items.filter((i) => !i.satisfied && !i.started);
  if (absent.length) {
    findings.push(
      best.items.length > 1
        ? { code: 'bundle.incomplete', severity: 'blocking', slot: slot.code, message: messages.bundleIncomplete(slot.names, absent.map((i) => context.itemNames(i.item))), source }
        : { code: 'document.missing', severity: 'blocking', slot: slot.code, message: messages.documentMissing(slot.names), source },
    );
  }
  for (const item of best.items) if (!item.satisfied) findings.push(...item.findings);
  const state: SlotState = findings.some((f) => f.code === 'document.rejected')
    ? 'rejected'
    : findings.some((f) => f.code !== 'bundle.incomplete' && f.code !== 'document.missing')
      ? 'invalid'
      : 'incomplete';
  return report(state, best.option.code, best.items.flatMap((i) => i.documentIds), findings);
}

function checkOption(option: SlotOption, slot: Slot, context: Context): ItemOutcome[] {
  return option.items.filter((item) => context.holds(item.when)).map((item) => checkItem(item, slot, context));
}

/** One item: the documents of its kinds, the best of them, and what is wrong with it if nothing fits. */
function checkItem(item: SlotItem, slot: Slot, context: Context): ItemOutcome {
  const ofKind = context.input.documents.filter((d) => item.kinds.includes(d.kind));
  const live = ofKind.filter((d) => d.status !== 'rejected');
  const source = context.source(item.source ?? slot.source);
  if (live.length === 0) {
    const rejected = ofKind[ofKind.length - 1];
    if (!rejected) return { item, satisfied: false, started: false, reviewed: false, documentIds: [], findings: [] };
    const reason = REJECTION_REASONS[rejected.rejectionReason ?? 'other'];
    const finding: Finding = {
      code: 'document.rejected',
      severity: 'blocking',
      slot: slot.code,
      documentId: rejected.id,
      message: messages.documentRejected(context.kindNames(rejected.kind), reason, rejected.rejectionText),
      source,
    };
    return { item, satisfied: false, started: true, reviewed: false, documentIds: [], findings: [finding] };
  }
  const checked = live.map((document) => ({ document, problems: documentProblems(document, item, slot, context) }));
  const valid = checked.filter((c) => c.problems.length === 0).sort((a, b) => Number(b.document.status === 'accepted') - Number(a.document.status === 'accepted'));
  const needed = item.count ?? 1;
  const have = valid.reduce((sum, c) => sum + c.document.quantity, 0);
  if (have >= needed) {
    const used: typeof valid = [];
    for (let counted = 0; counted < needed; counted += used[used.length - 1]!.document.quantity) used.push(valid[used.length]!);
    return { item, satisfied: true, started: true, reviewed: used.every((c) => c.document.status === 'accepted'), documentIds: used.map((c) => c.document.id), findings: [] };
  }
  if (valid.length > 0) {
    const finding: Finding = {
      code: 'document.count',
      severity: 'blocking',
      slot: slot.code,
      message: messages.count(context.itemNames(item), have, needed),
      source,
    };
    return { item, satisfied: false, started: true, reviewed: false, documentIds: valid.map((c) => c.document.id), findings: [finding] };
  }
  // nothing usable: report what is wrong with the most recent document
  const latest = checked[checked.length - 1]!;
  return { item, satisfied: false, started: true, reviewed: false, documentIds: [latest.document.id], findings: latest.problems };
}

function documentProblems(document: CheckedDocument, item: SlotItem, slot: Slot, context: Context): Finding[] {
  const names = context.kindNames(document.kind);
  const source = context.source(item.source ?? slot.source);
  const problem = (code: string, message: LocalizedText): Finding => ({ code, severity: 'blocking', slot: slot.code, documentId: document.id, message, source });
  const problems: Finding[] = [];
  const { filingDate } = context.input.dossier;
  const { attributes } = document;
  if (item.maxAge) {
    const maxAge = 'parameter' in item.maxAge ? (context.parameters[item.maxAge.parameter]?.value as Duration) : item.maxAge;
    const oldest = subtractDuration(filingDate, maxAge);
    if (!document.issuedOn) problems.push(problem('document.issue-date-missing', messages.issueDateMissing(names)));
    else if (document.issuedOn < oldest) problems.push(problem('document.too-old', messages.tooOld(names, document.issuedOn, oldest)));
  }
  if (item.validOnFilingDate) {
    if (!attributes.validUntil) problems.push(problem('document.validity-missing', messages.validityMissing(names)));
    else if (attributes.validUntil < filingDate) problems.push(problem('document.expired', messages.expired(names, attributes.validUntil, filingDate)));
  }
  for (const attribute of item.requires ?? []) {
    if (attribute === 'signed' && attributes.signed !== true) problems.push(problem('document.unsigned', messages.unsigned(names)));
    if (attribute === 'dated' && attributes.dated !== true) problems.push(problem('document.undated', messages.undated(names)));
    if (attribute === 'allPages' && attributes.allPages !== true) problems.push(problem('document.incomplete', messages.incomplete(names)));
    if (attribute === 'ePhotoCode') {
      if (!attributes.ePhotoCode) problems.push(problem('document.ephoto-missing', messages.ePhotoMissing()));
      else if (!E_PHOTO_CODE.test(attributes.ePhotoCode)) problems.push(problem('document.ephoto-invalid', messages.ePhotoInvalid(attributes.ePhotoCode)));
    }
  }
  return problems;
}
