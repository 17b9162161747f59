import Ajv, { ErrorObject } from 'ajv';
import { PREFECTURE_PATTERN } from '../dossiers/dossiers.model';
import { PERMIT_KINDS, STUDY_LEVELS } from '../students/students.model';
import { CHANNELS, FILING_DATE_BASES, REQUIRABLE_ATTRIBUTES } from './catalog.model';
import type { ProcedureDefinition } from './catalog.model';
import { DefinitionProblem, referenceProblems } from './catalog.references';

export type { DefinitionProblem } from './catalog.references';
export { validateCase, validateFacts } from './catalog.references';

/**
 * What makes a procedure definition publishable: its shape (JSON Schema, checked by Ajv)
 * and its references (every source, parameter, document kind, fact and case it names must
 * exist in the same definition). `validateDefinition` returns one problem per fault, with
 * the path of the faulty node, so a refused version says exactly why.
 */

const text = { type: 'string', minLength: 1, maxLength: 2000 } as const;
const code = { type: 'string', pattern: '^[a-z][a-zA-Z0-9-]{0,63}$' } as const;
const date = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' } as const;

const FACT_TYPES = ['boolean', 'text', 'date', 'choice', 'number'] as const;

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
            'fact-minimum',
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
        fact: code,
        minimum: code,
      },
      additionalProperties: false,
      allOf: [
        { if: { properties: { kind: { const: 'permit-kind' } } }, then: { required: ['permitKinds'] } },
        { if: { properties: { kind: { const: 'study-level' } } }, then: { required: ['levels'] } },
        { if: { properties: { kind: { const: 'nationality-excluded' } } }, then: { required: ['nationalities', 'reason'] } },
        { if: { properties: { kind: { const: 'nationality-notice' } } }, then: { required: ['nationalities', 'notice'] } },
        { if: { properties: { kind: { const: 'filing-window' } } }, then: { required: ['opensDaysBefore', 'closesDaysBefore'] } },
        { if: { properties: { kind: { const: 'document-absent' } } }, then: { required: ['kinds', 'message'] } },
        { if: { properties: { kind: { const: 'fact-minimum' } } }, then: { required: ['fact', 'minimum'] } },
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
          type: { enum: FACT_TYPES },
          choices: {
            type: 'array',
            minItems: 1,
            items: { type: 'object', additionalProperties: false, required: ['code', 'names'], properties: { code, names: { $ref: '#/$defs/localized' } } },
          },
          unit: { enum: ['eur'] },
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
          ask: { $ref: '#/$defs/localized' },
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
    filingDate: {
      type: 'object',
      required: ['default'],
      propertyNames: { enum: [...CHANNELS, 'default'] },
      additionalProperties: { enum: FILING_DATE_BASES },
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
          publisher: { type: 'string', minLength: 1, maxLength: 200 },
          url: { type: 'string', pattern: '^https?://', maxLength: 500 },
          article: { type: 'string', minLength: 1, maxLength: 200 },
          readOn: date,
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

