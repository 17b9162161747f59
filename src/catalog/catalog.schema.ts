import Ajv, { ErrorObject } from 'ajv';
import { PREFECTURE_PATTERN } from '../dossiers/dossiers.model';
import { PERMIT_KINDS, STUDY_LEVELS } from '../students/students.model';
import { CHANNELS, Condition, ProcedureDefinition, REQUIRABLE_ATTRIBUTES, Slot } from './catalog.model';

/**
 * What makes a procedure definition publishable: its shape (JSON Schema, checked by Ajv)
 * and its references (every source, parameter, document kind, fact and case it names must
 * exist in the same definition). `validateDefinition` returns one problem per fault, with
 * the path of the faulty node, so a refused version says exactly why.
 */

const text = { type: 'string', minLength: 1, maxLength: 2000 } as const;
const code = { type: 'string', pattern: '^[a-z][a-zA-Z0-9-]{0,63}$' } as const;
const date = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' } as const;

const schema = {
  $id: 'procedure-definition',
  type: 'object',
  additionalProperties: false,
  required: ['code', 'names', 'summary', 'channel', 'facts', 'documentKinds', 'slots', 'eligibility', 'parameters', 'overrides', 'fileConstraints', 'result', 'sources'],
  $defs: {
    localized: { type: 'object', additionalProperties: false, required: ['fr', 'en'], properties: { fr: text, en: text } },
    duration: {
      oneOf: [
        { type: 'object', additionalProperties: false, required: ['days'], properties: { days: { type: 'integer', minimum: 1, maximum: 3650 } } },
        { type: 'object', additionalProperties: false, required: ['months'], properties: { months: { type: 'integer', minimum: 1, maximum: 120 } } },
      ],
    },
    parameterValue: {
      oneOf: [
        { type: 'number', minimum: 0, maximum: 1000000 },
        { type: 'array', minItems: 1, maxItems: 20, items: { type: 'integer', minimum: 0, maximum: 3650 } },
        { $ref: '#/$defs/duration' },
      ],
    },
    condition: {
      oneOf: [
        { type: 'object', additionalProperties: false, required: ['fact', 'equals'], properties: { fact: code, equals: { type: ['string', 'boolean'] } } },
        { type: 'object', additionalProperties: false, required: ['fact', 'in'], properties: { fact: code, in: { type: 'array', minItems: 1, items: { type: 'string' } } } },
        { type: 'object', additionalProperties: false, required: ['case'], properties: { case: { type: 'array', minItems: 1, items: code } } },
        { type: 'object', additionalProperties: false, required: ['channel'], properties: { channel: { type: 'array', minItems: 1, items: { enum: CHANNELS } } } },
        { type: 'object', additionalProperties: false, required: ['all'], properties: { all: { type: 'array', minItems: 1, items: { $ref: '#/$defs/condition' } } } },
        { type: 'object', additionalProperties: false, required: ['any'], properties: { any: { type: 'array', minItems: 1, items: { $ref: '#/$defs/condition' } } } },
        { type: 'object', additionalProperties: false, required: ['not'], properties: { not: { $ref: '#/$defs/condition' } } },
      ],
    },
    item: {
      type: 'object',
      additionalProperties: false,
      required: ['kinds'],
      properties: {
        kinds: { type: 'array', minItems: 1, maxItems: 20, uniqueItems: true, items: code },
        names: { $ref: '#/$defs/localized' },
        count: { type: 'integer', minimum: 1, maximum: 20 },
        maxAge: {
          oneOf: [
            { $ref: '#/$defs/duration' },
            { type: 'object', additionalProperties: false, required: ['parameter'], properties: { parameter: code } },
          ],
        },
        validOnFilingDate: { type: 'boolean' },
        requires: { type: 'array', uniqueItems: true, items: { enum: REQUIRABLE_ATTRIBUTES } },
        when: { $ref: '#/$defs/condition' },
        source: code,
      },
    },
    rule: {
      type: 'object',
      required: ['code', 'kind', 'source'],
      properties: {
        code: { type: 'string', pattern: '^[a-z][a-z0-9.-]{0,63}$' },
        kind: {
          enum: [
            'permit-recorded',
            'permit-valid-on-filing-date',
            'permit-kind',
            'study-level',
            'enrolled-current-year',
            'member-institution',
            'nationality-excluded',
            'nationality-notice',
            'filing-window',
            'permit-ends-before-course-end',
            'document-absent',
          ],
        },
        severity: { enum: ['blocking', 'warning'] },
        when: { $ref: '#/$defs/condition' },
        message: { $ref: '#/$defs/localized' },
        source: code,
        permitKinds: { type: 'array', minItems: 1, uniqueItems: true, items: { enum: PERMIT_KINDS } },
        levels: { type: 'array', minItems: 1, uniqueItems: true, items: { enum: STUDY_LEVELS } },
        nationalities: { type: 'array', minItems: 1, uniqueItems: true, items: { type: 'string', pattern: '^[A-Z]{2}$' } },
        reason: { $ref: '#/$defs/localized' },
        notice: { $ref: '#/$defs/localized' },
        opensDaysBefore: code,
        closesDaysBefore: code,
        lateTaxEur: code,
        graceDays: code,
        kinds: { type: 'array', minItems: 1, items: code },
      },
      additionalProperties: false,
      allOf: [
        { if: { properties: { kind: { const: 'permit-kind' } } }, then: { required: ['permitKinds'] } },
        { if: { properties: { kind: { const: 'study-level' } } }, then: { required: ['levels'] } },
        { if: { properties: { kind: { const: 'nationality-excluded' } } }, then: { required: ['nationalities', 'reason'] } },
        { if: { properties: { kind: { const: 'nationality-notice' } } }, then: { required: ['nationalities', 'notice'] } },
        { if: { properties: { kind: { const: 'filing-window' } } }, then: { required: ['opensDaysBefore', 'closesDaysBefore'] } },
        { if: { properties: { kind: { const: 'document-absent' } } }, then: { required: ['kinds', 'message'] } },
      ],
    },
    fileConstraints: {
      type: 'object',
      additionalProperties: false,
      required: ['types', 'maxFileBytes', 'maxFilesPerDocument', 'source'],
      properties: {
        types: { type: 'array', minItems: 1, uniqueItems: true, items: { enum: ['pdf', 'jpg', 'png', 'bmp', 'tiff', 'webp', 'heic'] } },
        maxFileBytes: { type: 'integer', minimum: 1024, maximum: 104857600 },
        maxFilesPerDocument: { type: 'integer', minimum: 1, maximum: 50 },
        source: code,
      },
    },
  },
  properties: {
    code,
    names: { $ref: '#/$defs/localized' },
    summary: { $ref: '#/$defs/localized' },
    channel: { enum: CHANNELS },
    cases: {
      type: 'array',
      maxItems: 20,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['code', 'names', 'source'],
        properties: { code, names: { $ref: '#/$defs/localized' }, source: code },
      },
    },
    facts: {
      type: 'array',
      maxItems: 50,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['code', 'names', 'type'],
        properties: {
          code,
          names: { $ref: '#/$defs/localized' },
          type: { enum: ['boolean', 'text', 'date', 'choice'] },
          choices: {
            type: 'array',
            minItems: 1,
            items: { type: 'object', additionalProperties: false, required: ['code', 'names'], properties: { code, names: { $ref: '#/$defs/localized' } } },
          },
          required: { type: 'boolean' },
          when: { $ref: '#/$defs/condition' },
          source: code,
        },
        if: { properties: { type: { const: 'choice' } } },
        then: { required: ['choices'] },
      },
    },
    documentKinds: {
      type: 'object',
      minProperties: 1,
      maxProperties: 200,
      propertyNames: code,
      additionalProperties: { type: 'object', additionalProperties: false, required: ['names'], properties: { names: { $ref: '#/$defs/localized' } } },
    },
    slots: {
      type: 'array',
      minItems: 1,
      maxItems: 100,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['code', 'names', 'options', 'source'],
        properties: {
          code,
          names: { $ref: '#/$defs/localized' },
          hint: { $ref: '#/$defs/localized' },
          when: { $ref: '#/$defs/condition' },
          source: code,
          options: {
            type: 'array',
            minItems: 1,
            maxItems: 10,
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['code', 'names', 'items'],
              properties: {
                code,
                names: { $ref: '#/$defs/localized' },
                when: { $ref: '#/$defs/condition' },
                items: { type: 'array', minItems: 1, maxItems: 10, items: { $ref: '#/$defs/item' } },
              },
            },
          },
        },
      },
    },
    eligibility: { type: 'array', maxItems: 100, items: { $ref: '#/$defs/rule' } },
    parameters: {
      type: 'object',
      propertyNames: code,
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        required: ['value', 'description', 'source'],
        properties: { value: { $ref: '#/$defs/parameterValue' }, description: { $ref: '#/$defs/localized' }, source: code, note: text },
      },
    },
    overrides: {
      type: 'array',
      maxItems: 200,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['prefecture', 'effectiveFrom', 'parameters'],
        properties: {
          prefecture: { type: 'string', pattern: PREFECTURE_PATTERN.source },
          effectiveFrom: date,
          parameters: {
            type: 'object',
            minProperties: 1,
            propertyNames: code,
            additionalProperties: {
              type: 'object',
              additionalProperties: false,
              required: ['value', 'source'],
              properties: { value: { $ref: '#/$defs/parameterValue' }, source: code, note: text },
            },
          },
        },
      },
    },
    fileConstraints: {
      type: 'object',
      required: ['default'],
      propertyNames: { enum: [...CHANNELS, 'default'] },
      additionalProperties: { $ref: '#/$defs/fileConstraints' },
    },
    fee: {
      type: 'object',
      additionalProperties: false,
      required: ['amountEur', 'means', 'source'],
      properties: { amountEur: { type: 'number', minimum: 0, maximum: 10000 }, means: { $ref: '#/$defs/localized' }, source: code },
    },
    result: {
      type: 'object',
      additionalProperties: false,
      required: ['description', 'source'],
      properties: { description: { $ref: '#/$defs/localized' }, source: code },
    },
    sources: {
      type: 'array',
      minItems: 1,
      maxItems: 100,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'title'],
        properties: {
          id: code,
          title: text,
          url: { type: 'string', pattern: '^https?://', maxLength: 500 },
          ref: { type: 'string', maxLength: 300 },
          note: text,
        },
      },
    },
  },
} as const;

// strictRequired off: if/then branches name properties declared beside them, not inside
const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true });
const checkShape = ajv.compile(schema);

export interface DefinitionProblem {
  field: string;
  message: string;
}

/** The JSON Schema of a procedure definition (also shown in the OpenAPI document). */
export const PROCEDURE_DEFINITION_SCHEMA = schema;

/** Every problem of a definition, each with the path of the node at fault; [] when it can be published. */
export function validateDefinition(definition: unknown, prefix = 'definition'): DefinitionProblem[] {
  if (!checkShape(definition)) return shapeProblems(checkShape.errors ?? [], prefix);
  return referenceProblems(definition as unknown as ProcedureDefinition, prefix);
}

/** Ajv reports every failing branch of a oneOf; keep the most telling error per path. */
function shapeProblems(errors: ErrorObject[], prefix: string): DefinitionProblem[] {
  const byPath = new Map<string, string>();
  for (const error of errors) {
    const path = [prefix, ...error.instancePath.split('/').filter(Boolean)].join('.');
    let message = error.message ?? 'is not valid';
    if (error.keyword === 'additionalProperties') {
      const field = `${path}.${(error.params as { additionalProperty: string }).additionalProperty}`;
      byPath.set(field, 'is not a known field');
      continue;
    }
    if (error.keyword === 'enum') message = `must be one of ${(error.params as { allowedValues: unknown[] }).allowedValues.join(', ')}`;
    if (error.keyword === 'required') {
      byPath.set(`${path}.${(error.params as { missingProperty: string }).missingProperty}`, 'is required');
      continue;
    }
    if (!byPath.has(path) || error.keyword === 'oneOf') byPath.set(path, message);
  }
  return [...byPath].map(([field, message]) => ({ field, message }));
}

function referenceProblems(definition: ProcedureDefinition, prefix: string): DefinitionProblem[] {
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
    if (!ok) fail(field, `needs parameter ${name} to be ${kind === 'number' ? 'a number' : kind === 'duration' ? 'a duration ({ days } or { months })' : 'a list of days'}`);
  };
  const condition = (field: string, when: Condition | undefined) => {
    if (!when) return;
    if ('fact' in when) {
      const fact = facts.get(when.fact);
      if (!fact) return fail(field, `names fact ${when.fact}, which is not in facts`);
      const values = 'equals' in when ? [when.equals] : when.in;
      for (const value of values) {
        const fits = fact.type === 'boolean' ? typeof value === 'boolean' : fact.type === 'choice' ? fact.choices?.some((c) => c.code === value) : typeof value === 'string';
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
    if (rule.kind === 'document-absent') rule.kinds.forEach((kind, n) => kinds.has(kind) || fail(`eligibility.${i}.kinds.${n}`, `names document kind ${kind}, which is not in documentKinds`));
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
    if (fact.type === 'text' && (typeof value !== 'string' || value.length > 500)) problems.push({ field, message: 'must be a text of at most 500 characters' });
    if (fact.type === 'date' && !(typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value)) && new Date(value).toISOString().startsWith(value))) {
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
