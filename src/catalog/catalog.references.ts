import type { Condition, ProcedureDefinition, Slot } from './catalog.model';

/**
 * What the JSON Schema cannot say about a procedure definition: every source, parameter,
 * document kind, fact and case it names must exist in the same definition, with the right
 * type. And the facts and case an agent records on a dossier, checked against its version.
 */

export interface DefinitionProblem {
  field: string;
  message: string;
}

export function referenceProblems(definition: ProcedureDefinition, prefix: string): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  const fail = (field: string, message: string) => problems.push({ field: `${prefix}.${field}`, message });
  const sources = new Set(definition.sources.map((s) => s.id));
  const kinds = new Set(Object.keys(definition.documentKinds));
  const facts = new Map(definition.facts.map((f) => [f.code, f]));
  const cases = new Set((definition.cases ?? []).map((c) => c.code));
  const parameters = definition.parameters;

  const duplicates = (values: string[]) => values.filter((value, i) => values.indexOf(value) !== i);
  for (const code of duplicates(definition.sources.map((s) => s.id))) fail('sources', `source ${code} is declared twice`);
  for (const code of duplicates(definition.slots.map((s) => s.code))) fail('slots', `slot ${code} is declared twice`);
  for (const code of duplicates(definition.facts.map((f) => f.code))) fail('facts', `fact ${code} is declared twice`);
  for (const code of duplicates(definition.eligibility.map((r) => r.code))) fail('eligibility', `rule ${code} is declared twice`);
  for (const code of duplicates([...cases])) fail('cases', `case ${code} is declared twice`);

  const source = (field: string, id: string | undefined) => {
    if (id !== undefined && !sources.has(id)) fail(field, `names source ${id}, which is not in sources`);
  };
  const parameter = (field: string, name: string, kind: 'number' | 'duration' | 'days-list') => {
    const found = parameters[name];
    if (!found) return fail(field, `names parameter ${name}, which is not in parameters`);
    const value = found.value;
    const ok = kind === 'number' ? typeof value === 'number' : kind === 'duration' ? typeof value === 'object' && !Array.isArray(value) : Array.isArray(value);
    if (!ok)
      fail(
        field,
        `needs parameter ${name} to be ${kind === 'number' ? 'a number' : kind === 'duration' ? 'a duration ({ days } or { months })' : 'a list of days'}`,
      );
  };
  const condition = (field: string, when: Condition | undefined) => {
    if (!when) return;
    if ('fact' in when) {
      const fact = facts.get(when.fact);
      if (!fact) return fail(field, `names fact ${when.fact}, which is not in facts`);
      const values = 'equals' in when ? [when.equals] : when.in;
      for (const value of values) {
        // a number fact is compared with a parameter (fact-minimum), not in conditions
        const fits =
          fact.type === 'boolean'
            ? typeof value === 'boolean'
            : fact.type === 'choice'
              ? fact.choices?.some((c) => c.code === value)
              : fact.type !== 'number' && typeof value === 'string';
        if (!fits) fail(field, `compares fact ${when.fact} with ${JSON.stringify(value)}, which it cannot take`);
      }
    } else if ('case' in when) {
      for (const c of when.case) if (!cases.has(c)) fail(field, `names case ${c}, which is not in cases`);
    } else if ('all' in when) when.all.forEach((c, i) => condition(`${field}.all.${i}`, c));
    else if ('any' in when) when.any.forEach((c, i) => condition(`${field}.any.${i}`, c));
    else if ('not' in when) condition(`${field}.not`, when.not);
  };

  definition.cases?.forEach((c, i) => source(`cases.${i}.source`, c.source));
  definition.facts.forEach((fact, i) => {
    source(`facts.${i}.source`, fact.source);
    condition(`facts.${i}.when`, fact.when);
    if (fact.type !== 'choice' && fact.choices) fail(`facts.${i}.choices`, 'only a choice fact has choices');
    if (fact.type !== 'number' && fact.unit) fail(`facts.${i}.unit`, 'only a number fact has a unit');
  });
  definition.slots.forEach((slot: Slot, i) => {
    source(`slots.${i}.source`, slot.source);
    condition(`slots.${i}.when`, slot.when);
    for (const code of duplicates(slot.options.map((o) => o.code))) fail(`slots.${i}.options`, `option ${code} is declared twice`);
    slot.options.forEach((option, j) => {
      condition(`slots.${i}.options.${j}.when`, option.when);
      option.items.forEach((item, k) => {
        const at = `slots.${i}.options.${j}.items.${k}`;
        item.kinds.forEach((kind, n) => {
          if (!kinds.has(kind)) fail(`${at}.kinds.${n}`, `names document kind ${kind}, which is not in documentKinds`);
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
        fail(`eligibility.${i}`, `opens ${opens} days before expiry but closes ${closes} days before: the window is empty`);
      }
    }
    if (rule.kind === 'enrolled-current-year' && rule.graceDays !== undefined) parameter(`eligibility.${i}.graceDays`, rule.graceDays, 'number');
    if (rule.kind === 'document-absent')
      rule.kinds.forEach((kind, n) => kinds.has(kind) || fail(`eligibility.${i}.kinds.${n}`, `names document kind ${kind}, which is not in documentKinds`));
    if (rule.kind === 'fact-minimum') {
      const fact = facts.get(rule.fact);
      if (!fact) fail(`eligibility.${i}.fact`, `names fact ${rule.fact}, which is not in facts`);
      else if (fact.type !== 'number') fail(`eligibility.${i}.fact`, `needs fact ${rule.fact} to be of type number`);
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
      if (!base) fail(`overrides.${i}.parameters.${name}`, `overrides parameter ${name}, which is not in parameters`);
      else if (Array.isArray(base.value) !== Array.isArray(value.value) || typeof base.value !== typeof value.value) {
        fail(`overrides.${i}.parameters.${name}.value`, `must be of the same type as parameter ${name}`);
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
      problems.push({ field, message: `is not a fact of this procedure (known: ${[...declared.keys()].join(', ') || 'none'})` });
      continue;
    }
    if (value === null) continue;
    if (fact.type === 'boolean' && typeof value !== 'boolean') problems.push({ field, message: 'must be true or false' });
    if (fact.type === 'number' && !(typeof value === 'number' && Number.isFinite(value) && Math.abs(value) <= 1_000_000_000))
      problems.push({ field, message: 'must be a number' });
    if (fact.type === 'text' && (typeof value !== 'string' || value.length > 500))
      problems.push({ field, message: 'must be a text of at most 500 characters' });
    if (
      fact.type === 'date' &&
      !(typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value)) && new Date(value).toISOString().startsWith(value))
    ) {
      problems.push({ field, message: 'must be a date written YYYY-MM-DD' });
    }
    if (fact.type === 'choice' && !fact.choices?.some((c) => c.code === value)) {
      problems.push({ field, message: `must be one of ${fact.choices?.map((c) => c.code).join(', ')}` });
    }
  }
  return problems;
}

/** A case must be one the procedure declares (or null for a procedure without cases). */
export function validateCase(definition: ProcedureDefinition, procedureCase: string | null, field = 'procedureCase'): DefinitionProblem[] {
  if (procedureCase === null) return [];
  const cases = (definition.cases ?? []).map((c) => c.code);
  return cases.includes(procedureCase) ? [] : [{ field, message: cases.length ? `must be one of ${cases.join(', ')}` : 'this procedure has no cases' }];
}
