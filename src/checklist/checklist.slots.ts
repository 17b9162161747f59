import type { Condition, Duration, LocalizedText, Slot, SlotItem, SlotOption } from '../catalog/catalog.model';
import { Context, subtractDuration } from './checklist.context';
import type { CheckedDocument, Finding, FindingParams, SlotReport, SlotState } from './checklist.engine';
import { messages } from './checklist.messages';

const E_PHOTO_CODE = /^[A-Z0-9]{8}$/;

interface ItemOutcome {
  item: SlotItem;
  satisfied: boolean;
  /** Something of the item was received (even if wrong or rejected). */
  started: boolean;
  reviewed: boolean;
  documentIds: string[];
  findings: Finding[];
}

/**
 * The options of a slot a dossier may satisfy it with: the facts may pick the option (housing:
 * hotel); when they say nothing, any option will do. (The student's page offers their kinds.)
 */
export function consideredOptions(slot: Slot, holds: (condition: Condition | undefined) => boolean): SlotOption[] {
  const chosen = slot.options.filter((option) => option.when && holds(option.when));
  const unconditional = slot.options.filter((option) => !option.when);
  return chosen.length ? chosen : unconditional.length ? unconditional : slot.options;
}

/** One document slot: the option that satisfies it (or the closest), its state and what is wrong. */
export function checkSlot(slot: Slot, context: Context): SlotReport {
  const report = (state: SlotState, option: string | null, documentIds: string[], findings: Finding[]): SlotReport => ({
    code: slot.code,
    names: slot.names,
    hint: slot.hint ?? null,
    ask: slot.ask ?? null,
    state,
    option,
    documentIds,
    findings,
  });
  if (!context.holds(slot.when)) return report('not_applicable', null, [], []);
  const source = context.source(slot.source);
  const slotFinding = (code: string, message: LocalizedText, params: FindingParams, severity: Finding['severity'] = 'blocking'): Finding => ({
    code,
    severity,
    slot: slot.code,
    params: { slot: slot.code, ...params },
    message,
    source,
  });

  const options = consideredOptions(slot, (condition) => context.holds(condition)).map((option) => ({ option, items: checkOption(option, slot, context) }));

  // of the options that work, one whose documents are all reviewed is the one to show
  const working = options.filter(({ items }) => items.every((i) => i.satisfied));
  const satisfied = working.find(({ items }) => items.every((i) => i.reviewed)) ?? working[0];
  if (satisfied) {
    const documentIds = satisfied.items.flatMap((i) => i.documentIds);
    if (satisfied.items.every((i) => i.reviewed)) return report('satisfied', satisfied.option.code, documentIds, []);
    return report('to_review', satisfied.option.code, documentIds, [slotFinding('document.not-reviewed', messages.notReviewed(slot.names), {}, 'warning')]);
  }

  const progress = ({ items }: (typeof options)[number]) => items.filter((i) => i.satisfied).length * 2 + items.filter((i) => i.started).length;
  const best = options.reduce((a, b) => (progress(b) > progress(a) ? b : a));
  if (progress(best) === 0) {
    const missing =
      options.length > 1
        ? slotFinding(
            'alternative.unmet',
            messages.alternativeUnmet(
              slot.names,
              options.map((o) => o.option.names),
            ),
            { options: options.map((o) => o.option.code) },
          )
        : slotFinding('document.missing', messages.documentMissing(slot.names), {});
    return report('missing', null, [], [missing]);
  }

  const findings: Finding[] = [];
  const absent = best.items.filter((i) => !i.satisfied && !i.started);
  if (absent.length) {
    findings.push(
      best.items.length > 1
        ? slotFinding(
            'bundle.incomplete',
            messages.bundleIncomplete(
              slot.names,
              absent.map((i) => context.itemNames(i.item)),
            ),
            { missingKinds: absent.map((i) => i.item.kinds[0]!) },
          )
        : slotFinding('document.missing', messages.documentMissing(slot.names), {}),
    );
  }
  for (const item of best.items) if (!item.satisfied) findings.push(...item.findings);
  const state: SlotState = findings.some((f) => f.code === 'document.rejected')
    ? 'rejected'
    : findings.some((f) => f.code !== 'bundle.incomplete' && f.code !== 'document.missing')
      ? 'invalid'
      : 'incomplete';
  return report(
    state,
    best.option.code,
    best.items.flatMap((i) => i.documentIds),
    findings,
  );
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
    const reason = rejected.rejectionReason ?? 'other';
    const finding: Finding = {
      code: 'document.rejected',
      severity: 'blocking',
      slot: slot.code,
      documentId: rejected.id,
      params: { kind: rejected.kind, reason, ...(rejected.rejectionText ? { text: rejected.rejectionText } : {}) },
      message: messages.documentRejected(context.kindNames(rejected.kind), reason, rejected.rejectionText),
      source,
    };
    return { item, satisfied: false, started: true, reviewed: false, documentIds: [], findings: [finding] };
  }
  const checked = live.map((document) => ({ document, problems: documentProblems(document, item, slot, context) }));
  const valid = checked
    .filter((c) => c.problems.length === 0)
    .sort((a, b) => Number(b.document.status === 'accepted') - Number(a.document.status === 'accepted'));
  const needed = item.count ?? 1;
  const have = valid.reduce((sum, c) => sum + c.document.quantity, 0);
  if (have >= needed) {
    const used: typeof valid = [];
    for (let counted = 0; counted < needed; counted += used[used.length - 1]!.document.quantity) used.push(valid[used.length]!);
    return {
      item,
      satisfied: true,
      started: true,
      reviewed: used.every((c) => c.document.status === 'accepted'),
      documentIds: used.map((c) => c.document.id),
      findings: [],
    };
  }
  if (valid.length > 0) {
    const finding: Finding = {
      code: 'document.count',
      severity: 'blocking',
      slot: slot.code,
      params: { kind: item.kinds[0]!, got: have, needed },
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
  const { kind } = document;
  const problem = (code: string, message: LocalizedText, params: FindingParams = {}): Finding => ({
    code,
    severity: 'blocking',
    slot: slot.code,
    documentId: document.id,
    params: { kind, ...params },
    message,
    source,
  });
  const problems: Finding[] = [];
  const { filingDate } = context.input.dossier;
  const { attributes } = document;
  if (item.maxAge) {
    const maxAge = 'parameter' in item.maxAge ? (context.parameters[item.maxAge.parameter]?.value as Duration) : item.maxAge;
    const oldest = subtractDuration(filingDate, maxAge);
    if (!document.issuedOn) problems.push(problem('document.issue-date-missing', messages.issueDateMissing(names)));
    else if (document.issuedOn < oldest)
      problems.push(problem('document.too-old', messages.tooOld(names, document.issuedOn, oldest), { issuedOn: document.issuedOn, oldest }));
  }
  if (item.validOnFilingDate) {
    if (!attributes.validUntil) problems.push(problem('document.validity-missing', messages.validityMissing(names)));
    else if (attributes.validUntil < filingDate)
      problems.push(problem('document.expired', messages.expired(names, attributes.validUntil, filingDate), { validUntil: attributes.validUntil, filingDate }));
  }
  for (const attribute of item.requires ?? []) {
    const flag = FLAGS[attribute as keyof typeof FLAGS];
    if (flag && attributes[attribute as keyof typeof FLAGS] !== true) {
      // `false`: the agent saw it lacking (the student's to fix); absent: not recorded yet (the agent's to record)
      const recorded = attributes[attribute as keyof typeof FLAGS] === false;
      problems.push(problem(flag.code, recorded ? flag.message(names) : messages.attributeNotRecorded(names, attribute), { recorded }));
    }
    if (attribute === 'ePhotoCode') {
      if (!attributes.ePhotoCode) problems.push(problem('document.ephoto-missing', messages.ePhotoMissing()));
      else if (!E_PHOTO_CODE.test(attributes.ePhotoCode))
        problems.push(problem('document.ephoto-invalid', messages.ePhotoInvalid(attributes.ePhotoCode), { code: attributes.ePhotoCode }));
    }
  }
  return problems;
}

/** The yes/no attributes a slot item can require, the finding each gives, and its words. */
const FLAGS = {
  signed: { code: 'document.unsigned', message: messages.unsigned },
  dated: { code: 'document.undated', message: messages.undated },
  allPages: { code: 'document.incomplete', message: messages.incomplete },
  hasMobileNumber: { code: 'document.no-mobile-number', message: messages.noMobileNumber },
  hasEmailAddress: { code: 'document.no-email-address', message: messages.noEmailAddress },
} as const;
