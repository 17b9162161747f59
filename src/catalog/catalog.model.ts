/**
 * The permit-procedure catalog, as data. A procedure version is one self-contained
 * ProcedureDefinition (stored as JSON, validated by catalog.schema.ts): its documents,
 * eligibility rules, parameters (delays, maximum ages...) with the source of each, and the
 * overrides some prefectures apply. The checklist engine reads nothing else.
 *
 * Each shape is written once, as a TypeBox schema: the JSON Schema a version is checked against
 * is that schema, and the type the engine reads is `Static<>` of it.
 */
import { Type, type Static, type TLiteral, type TObject, type TObjectOptions, type TProperties, type TSchema, type TUnion, type TUnsafe } from 'typebox';
import { PERMIT_KINDS, PREFECTURE_PATTERN, STUDY_LEVELS } from '../common/vocabulary';

export const CHANNELS = ['postal', 'in_person', 'email', 'anef'] as const;
export type Channel = (typeof CHANNELS)[number];

/**
 * Attributes a slot item can require of a document (its end of validity is `validOnFilingDate`):
 * signed, every page, dated, a well-formed e-photo code, and for a request letter the
 * student's mobile number and e-mail address written on it.
 */
export const REQUIRABLE_ATTRIBUTES = ['signed', 'allPages', 'dated', 'ePhotoCode', 'hasMobileNumber', 'hasEmailAddress'] as const;
export type DocumentAttribute = (typeof REQUIRABLE_ATTRIBUTES)[number];

/** Which day rules are judged on: the office's receipt, or the filing with the prefecture/ANEF. */
export const FILING_DATE_BASES = ['received', 'filed'] as const;
export type FilingDateBasis = (typeof FILING_DATE_BASES)[number];

/** Parameters every procedure has (the workflow and the jobs read them). */
export const CORE_PARAMETERS = ['complementDelayDays', 'complementReminderDays', 'prefectureSilence'] as const;

const text = Type.String({ minLength: 1, maxLength: 2000 });
const code = Type.String({ pattern: '^[a-z][a-zA-Z0-9-]{0,63}$' });
const date = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });

/** An object with exactly these fields: a field the catalog does not know is refused, not ignored. */
function closed<P extends TProperties>(properties: P, options: TObjectOptions = {}): TObject<P> {
  return Type.Object(properties, { additionalProperties: false, ...options });
}

/**
 * A union of shapes that exclude one another (distinct required fields, closed objects), written
 * `oneOf`: a node that matches none gets Ajv's single "must match exactly one schema" error.
 */
function oneOf<T extends TSchema[]>(members: [...T]): TUnsafe<Static<TUnion<T>>> {
  return Type.Unsafe<Static<TUnion<T>>>({ oneOf: members });
}

/** An object used as a map: its keys checked by `propertyNames` (the object is named at fault), each value by `value`. */
function dictionary<V extends TSchema>(value: V, options: { propertyNames: TSchema; required?: string[]; minProperties?: number; maxProperties?: number }) {
  return Type.Unsafe<Record<string, Static<V>>>({ type: 'object', ...options, additionalProperties: value });
}

const localizedText = closed({ fr: text, en: text });
export type LocalizedText = Static<typeof localizedText>;

/** A length of time: in days, or in calendar months. */
const duration = oneOf([closed({ days: Type.Integer({ minimum: 1, maximum: 3650 }) }), closed({ months: Type.Integer({ minimum: 1, maximum: 120 }) })]);
export type Duration = Static<typeof duration>;

const parameterValue = oneOf([
  Type.Number({ minimum: 0, maximum: 1000000 }),
  Type.Array(Type.Integer({ minimum: 0, maximum: 3650 }), { minItems: 1, maxItems: 20 }),
  duration,
]);
export type ParameterValue = Static<typeof parameterValue>;

/** Conditions nest (`all`, `any`, `not`): the schema refers to itself in the definition's `$defs`. */
const CONDITION_REF = '#/$defs/condition';
const nestedCondition = Type.Ref(CONDITION_REF);
const conditionForms = Type.Union([
  closed({ fact: code, equals: Type.Unsafe<string | boolean>({ type: ['string', 'boolean'] }) }),
  closed({ fact: code, in: Type.Array(Type.String(), { minItems: 1 }) }),
  closed({ case: Type.Array(code, { minItems: 1 }) }),
  closed({ channel: Type.Array(Type.Enum(CHANNELS), { minItems: 1 }) }),
  closed({ all: Type.Array(nestedCondition, { minItems: 1 }) }),
  closed({ any: Type.Array(nestedCondition, { minItems: 1 }) }),
  closed({ not: nestedCondition }),
]);

/** When a slot, an option, an item, a fact or a rule applies (the reference resolves to the type itself: it nests). */
export type Condition = Static<typeof conditionForms, { [CONDITION_REF]: TUnsafe<Condition> }>;

// the same forms, written oneOf (see oneOf above)
const conditionSchema = Type.Unsafe<Condition>({ oneOf: conditionForms.anyOf });
const when = Type.Optional(Type.Unsafe<Condition>(Type.Ref(CONDITION_REF)));

/**
 * Where a rule comes from, as a reader can open it: a service-public fiche, a CESEDA article on
 * Légifrance, the ANEF site, the office's own page — or `office-policy` with why.
 */
const source = closed({
  id: code,
  title: text,
  /** Who publishes it (DILA — service-public.fr, Légifrance, the CMI Rennes...). */
  publisher: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  url: Type.Optional(Type.String({ pattern: '^https?://', maxLength: 500 })),
  /** The article of a code, e.g. "CESEDA, art. L. 422-10". */
  article: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  /** The day it was read (YYYY-MM-DD). */
  readOn: Type.Optional(date),
  /** Internal only, never served: the file of the project's reference material it was read in. */
  ref: Type.Optional(Type.String({ maxLength: 300 })),
  note: Type.Optional(text),
});
export type Source = Static<typeof source>;

/** A named setting of the procedure (30-day complement delay, 6-month proof of address...). */
const parameter = closed({ value: parameterValue, description: localizedText, source: code, note: Type.Optional(text) });
export type Parameter = Static<typeof parameter>;

/** Parameters a prefecture sets otherwise, from a date: the domain's "conflicts". */
const override = closed({
  prefecture: Type.String({ pattern: PREFECTURE_PATTERN.source }),
  effectiveFrom: date,
  parameters: dictionary(closed({ value: parameterValue, source: code, note: Type.Optional(text) }), { minProperties: 1, propertyNames: code }),
});
export type Override = Static<typeof override>;

/** A fact an agent records on the dossier (housing situation, business creation...). */
const factDefinition = closed(
  {
    code,
    names: localizedText,
    type: Type.Enum(['boolean', 'text', 'date', 'choice', 'number']),
    choices: Type.Optional(Type.Array(closed({ code, names: localizedText }), { minItems: 1 })),
    /** How a number fact is written (`eur`: an amount in euros). */
    unit: Type.Optional(Type.Enum(['eur'])),
    /** Required before the dossier can be verified (e.g. the ANEF "reason for stay" fields). */
    required: Type.Optional(Type.Boolean()),
    when,
    source: Type.Optional(code),
  },
  { if: { properties: { type: { const: 'choice' } } }, then: { required: ['choices'] } },
);
export type FactDefinition = Static<typeof factDefinition>;

/** One document of an option; several items in one option form a bundle, complete only together. */
const slotItem = closed({
  /** Any of these document kinds will do (one bill or another). */
  kinds: Type.Array(code, { minItems: 1, maxItems: 20, uniqueItems: true }),
  names: Type.Optional(localizedText),
  /** How many (3 identity photos). */
  count: Type.Optional(Type.Integer({ minimum: 1, maximum: 20 })),
  /** Oldest acceptable issue date, relative to the filing date: a duration or the name of a parameter. */
  maxAge: Type.Optional(oneOf([duration, closed({ parameter: code })])),
  /** The document must still be valid on the filing date (its `validUntil` attribute). */
  validOnFilingDate: Type.Optional(Type.Boolean()),
  /** Attributes that must be true (signed, all pages) or present and well-formed (ePhotoCode). */
  requires: Type.Optional(Type.Array(Type.Enum(REQUIRABLE_ATTRIBUTES), { uniqueItems: true })),
  when,
  source: Type.Optional(code),
});
export type SlotItem = Static<typeof slotItem>;

/** One way to satisfy a slot: the diploma, or the certificate of success plus the transcript. */
const slotOption = closed({ code, names: localizedText, when, items: Type.Array(slotItem, { minItems: 1, maxItems: 10 }) });
export type SlotOption = Static<typeof slotOption>;

/** A required document of the procedure, with its alternatives. */
const slot = closed({
  code,
  names: localizedText,
  /** For agents: what to look for. */
  hint: Type.Optional(localizedText),
  /** For the student, in the second person: what to send ("Une lettre indiquant ..., avec vos coordonnées"). */
  ask: Type.Optional(localizedText),
  when,
  source: code,
  options: Type.Array(slotOption, { minItems: 1, maxItems: 10 }),
});
export type Slot = Static<typeof slot>;

const ruleBase = {
  code: Type.String({ pattern: '^[a-z][a-z0-9.-]{0,63}$' }),
  severity: Type.Optional(Type.Enum(['blocking', 'warning'])),
  when,
  /** Replaces the finding's standard message. */
  message: Type.Optional(localizedText),
  source: code,
};
const nationalities = Type.Array(Type.String({ pattern: '^[A-Z]{2}$' }), { minItems: 1, uniqueItems: true });

/** Each kind of eligibility rule, with the fields it adds to the common ones. */
const RULE_KINDS = {
  'permit-recorded': {},
  'permit-valid-on-filing-date': {},
  'permit-kind': { permitKinds: Type.Array(Type.Enum(PERMIT_KINDS), { minItems: 1, uniqueItems: true }) },
  'study-level': { levels: Type.Array(Type.Enum(STUDY_LEVELS), { minItems: 1, uniqueItems: true }) },
  'enrolled-current-year': { graceDays: Type.Optional(code) },
  'member-institution': {},
  'nationality-excluded': { nationalities, reason: localizedText },
  'nationality-notice': { nationalities, notice: localizedText },
  'filing-window': { opensDaysBefore: code, closesDaysBefore: code, lateTaxEur: Type.Optional(code) },
  'permit-ends-before-course-end': {},
  'document-absent': { kinds: Type.Array(code, { minItems: 1 }), message: localizedText },
  /** A number fact at least a parameter (resources, salary); unrecorded, it is `facts.missing`. */
  'fact-minimum': { fact: code, minimum: code },
} satisfies Record<string, TProperties>;
type RuleKinds = typeof RULE_KINDS;

export type EligibilityRule = {
  [K in keyof RuleKinds]: Static<TObject<Omit<typeof ruleBase, keyof RuleKinds[K]> & { kind: TLiteral<K> } & RuleKinds[K]>>;
}[keyof RuleKinds];
export type RuleKind = EligibilityRule['kind'];

/**
 * The schema of a rule is one flat object rather than a union of kinds: a faulty rule then gets
 * errors about its own fields, not one per kind it is not. A kind's required fields are asked by
 * if/then; the union of kinds is the type.
 */
function flatRule(kinds: RuleKinds): TUnsafe<EligibilityRule> {
  const { code: ruleCode, ...common } = ruleBase;
  const base: TProperties = { code: ruleCode, kind: Type.Enum(Object.keys(kinds)), ...common };
  const fields: TProperties = { ...base };
  const requiredOf = (properties: TProperties) => Object.keys(properties).filter((name) => !Type.IsOptional(properties[name]));
  const requiredByKind = [];
  for (const [kind, own] of Object.entries<TProperties>(kinds)) {
    for (const [name, schema] of Object.entries(own)) {
      // a field two kinds share (nationalities, message) must mean the same in both
      if (fields[name] && JSON.stringify(fields[name]) !== JSON.stringify(schema)) throw new Error(`rule field ${name} is declared twice, differently`);
      fields[name] ??= schema;
    }
    const required = requiredOf(own);
    if (required.length) requiredByKind.push({ if: { properties: { kind: { const: kind } } }, then: { required } });
  }
  return Type.Unsafe<EligibilityRule>({ type: 'object', required: requiredOf(base), properties: fields, additionalProperties: false, allOf: requiredByKind });
}

/** File constraints of a channel (ANEF: jpg, pdf, png, bmp, tiff, 10 MB, 3 files per document). */
const fileConstraints = closed({
  // typed as strings: the upload check compares them with the names of detected file types
  types: Type.Array(Type.Unsafe<string>(Type.Enum(['pdf', 'jpg', 'png', 'bmp', 'tiff', 'webp', 'heic'])), { minItems: 1, uniqueItems: true }),
  maxFileBytes: Type.Integer({ minimum: 1024, maximum: 104857600 }),
  maxFilesPerDocument: Type.Integer({ minimum: 1, maximum: 50 }),
  source: code,
});
export type FileConstraints = Static<typeof fileConstraints>;

/** By dossier channel, `default` for the channels not listed. */
const byChannel = <V extends TSchema>(value: V) => dictionary(value, { required: ['default'], propertyNames: Type.Enum([...CHANNELS, 'default']) });

export const procedureDefinition = closed(
  {
    code,
    names: localizedText,
    summary: localizedText,
    channel: Type.Enum(CHANNELS),
    cases: Type.Optional(Type.Array(closed({ code, names: localizedText, source: code }), { maxItems: 20 })),
    facts: Type.Array(factDefinition, { maxItems: 50 }),
    documentKinds: dictionary(closed({ names: localizedText }), { minProperties: 1, maxProperties: 200, propertyNames: code }),
    slots: Type.Array(slot, { minItems: 1, maxItems: 100 }),
    eligibility: Type.Array(flatRule(RULE_KINDS), { maxItems: 100 }),
    parameters: dictionary(parameter, { propertyNames: code }),
    overrides: Type.Array(override, { maxItems: 200 }),
    fileConstraints: byChannel(fileConstraints),
    /**
     * Which date eligibility and document ages are judged on — `received` (the office's receipt:
     * a 2-step channel where the office files for the student) or `filed` (the date filed with
     * the prefecture/ANEF, the receipt until then). Absent: `filed`.
     */
    filingDate: Type.Optional(byChannel(Type.Enum(FILING_DATE_BASES))),
    fee: Type.Optional(closed({ amountEur: Type.Number({ minimum: 0, maximum: 10000 }), means: localizedText, source: code })),
    result: closed({ description: localizedText, source: code }),
    sources: Type.Array(source, { minItems: 1, maxItems: 100 }),
  },
  { $id: 'procedure-definition', $defs: { condition: conditionSchema } },
);
export type ProcedureDefinition = Static<typeof procedureDefinition>;

/** A source as it leaves the API: without the internal `ref`. */
export type PublicSource = Omit<Source, 'ref'>;

/** The one place a source is made public (catalog responses and checklist findings). */
export function publicSource(source: Source): PublicSource {
  const { ref: _internal, ...served } = source;
  return served;
}

/** A definition as it leaves the API: its sources without their internal `ref`. */
export function publicDefinition(definition: ProcedureDefinition): ProcedureDefinition {
  return { ...definition, sources: definition.sources.map(publicSource) };
}

/** A published version: the definition and from when it applies. */
export interface ProcedureVersion {
  id: string;
  code: string;
  version: number;
  effectiveFrom: string;
  note: string | null;
  publishedAt: Date;
  definition: ProcedureDefinition;
}
