import type { FieldProblem } from '../common/problem-messages';
import type { Condition, ProcedureDefinition, Slot } from './catalog.model';

/**
 * What the JSON Schema cannot say about a procedure definition: every source, parameter,
 * document kind, fact and case it names must exist in the same definition, with the right
 * type. And the facts and case an agent records on a dossier, checked against its version.
 */

/** A fault of a definition, or of the facts or case of a dossier: its path and its code (src/common/problem-messages.ts). */
export type DefinitionProblem = FieldProblem;

type WithoutField<T> = T extends unknown ? Omit<T, 'field'> : never;

export function referenceProblems(definition: ProcedureDefinition, prefix: string): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  const fail = (field: string, problem: WithoutField<FieldProblem>) => problems.push({ field: `${prefix}.${field}`, ...problem });
  const sources = new Set(definition.sources.map((s) => s.id));
  const kinds = new Set(Object.keys(definition.documentKinds));
  const facts = new Map(definition.facts.map((f) => [f.code, f]));
  const cases = new Set((definition.cases ?? []).map((c) => c.code));
  const parameters = definition.parameters;

  const duplicates = (values: string[]) => values.filter((value, i) => values.indexOf(value) !== i);
  for (const code of duplicates(definition.sources.map((s) => s.id))) fail('sources', { code: 'declaredTwice', params: { what: 'source', code } });
  for (const code of duplicates(definition.slots.map((s) => s.code))) fail('slots', { code: 'declaredTwice', params: { what: 'slot', code } });
  for (const code of duplicates(definition.facts.map((f) => f.code))) fail('facts', { code: 'declaredTwice', params: { what: 'fact', code } });
  for (const code of duplicates(definition.eligibility.map((r) => r.code))) fail('eligibility', { code: 'declaredTwice', params: { what: 'rule', code } });
  for (const code of duplicates([...cases])) fail('cases', { code: 'declaredTwice', params: { what: 'case', code } });

  const source = (field: string, id: string | undefined) => {
    if (id !== undefined && !sources.has(id)) fail(field, { code: 'unknownReference', params: { what: 'source', name: id } });
  };
  const parameter = (field: string, name: string, kind: 'number' | 'duration' | 'days-list') => {
    const found = parameters[name];
    if (!found) return fail(field, { code: 'unknownReference', params: { what: 'parameter', name } });
    const value = found.value;
    const ok = kind === 'number' ? typeof value === 'number' : kind === 'duration' ? typeof value === 'object' && !Array.isArray(value) : Array.isArray(value);
    if (!ok) fail(field, { code: 'parameterType', params: { name, kind } });
  };
  const condition = (field: string, when: Condition | undefined) => {
    if (!when) return;
    if ('fact' in when) {
      const fact = facts.get(when.fact);
      if (!fact) return fail(field, { code: 'unknownReference', params: { what: 'fact', name: when.fact } });
      const values = 'equals' in when ? [when.equals] : when.in;
      for (const value of values) {
        // a number fact is compared with a parameter (fact-minimum), not in conditions
        const fits =
          fact.type === 'boolean'
            ? typeof value === 'boolean'
            : fact.type === 'choice'
              ? fact.choices?.some((c) => c.code === value)
              : fact.type !== 'number' && typeof value === 'string';
        if (!fits) fail(field, { code: 'factCannotTake', params: { fact: when.fact, value: JSON.stringify(value) } });
      }
    } else if ('case' in when) {
      for (const c of when.case) if (!cases.has(c)) fail(field, { code: 'unknownReference', params: { what: 'case', name: c } });
    } else if ('all' in when) when.all.forEach((c, i) => condition(`${field}.all.${i}`, c));
    else if ('any' in when) when.any.forEach((c, i) => condition(`${field}.any.${i}`, c));
    else if ('not' in when) condition(`${field}.not`, when.not);
  };

  definition.cases?.forEach((c, i) => source(`cases.${i}.source`, c.source));
  definition.facts.forEach((fact, i) => {
    source(`facts.${i}.source`, fact.source);
    condition(`facts.${i}.when`, fact.when);
    if (fact.type !== 'choice' && fact.choices) fail(`facts.${i}.choices`, { code: 'onlyChoiceFacts' });
    if (fact.type !== 'number' && fact.unit) fail(`facts.${i}.unit`, { code: 'onlyNumberFacts' });
  });
  definition.slots.forEach((slot: Slot, i) => {
    source(`slots.${i}.source`, slot.source);
    condition(`slots.${i}.when`, slot.when);
    for (const code of duplicates(slot.options.map((o) => o.code))) fail(`slots.${i}.options`, { code: 'declaredTwice', params: { what: 'option', code } });
    slot.options.forEach((option, j) => {
      condition(`slots.${i}.options.${j}.when`, option.when);
      option.items.forEach((item, k) => {
        const at = `slots.${i}.options.${j}.items.${k}`;
        item.kinds.forEach((kind, n) => {
          if (!kinds.has(kind)) fail(`${at}.kinds.${n}`, { code: 'unknownReference', params: { what: 'document kind', name: kind } });
        });
        condition(`${at}.when`, item.when);
        source(`${at}.source`, item.source);
        if (item.maxAge && 'parameter' in item.maxAge) parameter(`${at}.maxAge.parameter`, item.maxAge.parameter, 'duration');
      });
    });
  });
  definition.eligibility.forEach((rule, i) => {
    source(`eligibility.${i}.source`, rule.source);
    condition(`eligibility.${i}.when`, rule.when);
    if (rule.kind === 'filing-window') {
      parameter(`eligibility.${i}.opensDaysBefore`, rule.opensDaysBefore, 'number');
      parameter(`eligibility.${i}.closesDaysBefore`, rule.closesDaysBefore, 'number');
      if (rule.lateTaxEur !== undefined) parameter(`eligibility.${i}.lateTaxEur`, rule.lateTaxEur, 'number');
      const opens = parameters[rule.opensDaysBefore]?.value;
      const closes = parameters[rule.closesDaysBefore]?.value;
      if (typeof opens === 'number' && typeof closes === 'number' && opens <= closes) {
        fail(`eligibility.${i}`, { code: 'emptyWindow', params: { opens, closes } });
      }
    }
    if (rule.kind === 'enrolled-current-year' && rule.graceDays !== undefined) parameter(`eligibility.${i}.graceDays`, rule.graceDays, 'number');
    if (rule.kind === 'document-absent')
      rule.kinds.forEach(
        (kind, n) => kinds.has(kind) || fail(`eligibility.${i}.kinds.${n}`, { code: 'unknownReference', params: { what: 'document kind', name: kind } }),
      );
    if (rule.kind === 'fact-minimum') {
      const fact = facts.get(rule.fact);
      if (!fact) fail(`eligibility.${i}.fact`, { code: 'unknownReference', params: { what: 'fact', name: rule.fact } });
      else if (fact.type !== 'number') fail(`eligibility.${i}.fact`, { code: 'factNotNumber', params: { fact: rule.fact } });
      parameter(`eligibility.${i}.minimum`, rule.minimum, 'number');
    }
  });
  for (const [name, value] of Object.entries(parameters)) source(`parameters.${name}.source`, value.source);
  parameter('parameters', 'complementDelayDays', 'number');
  parameter('parameters', 'complementReminderDays', 'days-list');
  parameter('parameters', 'prefectureSilence', 'duration');
  definition.overrides.forEach((override, i) => {
    for (const [name, value] of Object.entries(override.parameters)) {
      const base = parameters[name];
      source(`overrides.${i}.parameters.${name}.source`, value.source);
      if (!base) fail(`overrides.${i}.parameters.${name}`, { code: 'overridesUnknown', params: { name } });
      else if (Array.isArray(base.value) !== Array.isArray(value.value) || typeof base.value !== typeof value.value) {
        fail(`overrides.${i}.parameters.${name}.value`, { code: 'overrideType', params: { name } });
      }
    }
  });
  for (const [channel, constraints] of Object.entries(definition.fileConstraints)) source(`fileConstraints.${channel}.source`, constraints.source);
  if (definition.fee) source('fee.source', definition.fee.source);
  source('result.source', definition.result.source);
  return problems;
}

/**
 * Checks facts an agent records on a dossier against the facts its procedure version
 * declares: known codes, and a value of the declared type (null removes a fact).
 */
export function validateFacts(definition: ProcedureDefinition, facts: Record<string, unknown>, prefix = 'facts'): DefinitionProblem[] {
  const declared = new Map(definition.facts.map((f) => [f.code, f]));
  const problems: DefinitionProblem[] = [];
  for (const [code, value] of Object.entries(facts)) {
    const fact = declared.get(code);
    const field = `${prefix}.${code}`;
    if (!fact) {
      problems.push({ field, code: 'factUnknown', params: { known: [...declared.keys()] } });
      continue;
    }
    if (value === null) continue;
    if (fact.type === 'boolean' && typeof value !== 'boolean') problems.push({ field, code: 'isBoolean' });
    if (fact.type === 'number' && !(typeof value === 'number' && Number.isFinite(value) && Math.abs(value) <= 1_000_000_000))
      problems.push({ field, code: 'isNumber' });
    if (fact.type === 'text' && (typeof value !== 'string' || value.length > 500)) problems.push({ field, code: 'textMax', params: { max: 500 } });
    if (
      fact.type === 'date' &&
      !(typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value)) && new Date(value).toISOString().startsWith(value))
    ) {
      problems.push({ field, code: 'isDate' });
    }
    if (fact.type === 'choice' && !fact.choices?.some((c) => c.code === value)) {
      problems.push({ field, code: 'isIn', params: { values: fact.choices?.map((c) => c.code) ?? [] } });
    }
  }
  return problems;
}

/** A case must be one the procedure declares (or null for a procedure without cases). */
export function validateCase(definition: ProcedureDefinition, procedureCase: string | null, field = 'procedureCase'): DefinitionProblem[] {
  if (procedureCase === null) return [];
  const cases = (definition.cases ?? []).map((c) => c.code);
  if (cases.includes(procedureCase)) return [];
  return [cases.length ? { field, code: 'isIn', params: { values: cases } } : { field, code: 'noCases' }];
}
