/**
 * The permit-procedure catalog, as data. A procedure version is one self-contained
 * ProcedureDefinition (stored as JSON, validated by catalog.schema.ts): its documents,
 * eligibility rules, parameters (delays, maximum ages...) with the source of each, and the
 * overrides some prefectures apply. The checklist engine reads nothing else.
 */
import type { PermitKind, StudyLevel } from '../students/students.model';

export const CHANNELS = ['postal', 'in_person', 'email', 'anef'] as const;
export type Channel = (typeof CHANNELS)[number];

export interface LocalizedText {
  fr: string;
  en: string;
}

/**
 * Where a rule comes from, as a reader can open it: a service-public fiche, a CESEDA article on
 * Légifrance, the ANEF site, the office's own page — or `office-policy` with why.
 */
export interface Source {
  id: string;
  title: string;
  /** Who publishes it (DILA — service-public.fr, Légifrance, the CMI Rennes...). */
  publisher?: string;
  url?: string;
  /** The article of a code, e.g. "CESEDA, art. L. 422-10". */
  article?: string;
  /** The day it was read (YYYY-MM-DD). */
  readOn?: string;
  /** Internal only, never served: the file of the project's reference material it was read in. */
  ref?: string;
  note?: string;
}

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

/** A length of time: in days, or in calendar months. */
export type Duration = { days: number } | { months: number };

export type ParameterValue = number | number[] | Duration;

/** A named setting of the procedure (30-day complement delay, 6-month proof of address...). */
export interface Parameter {
  value: ParameterValue;
  description: LocalizedText;
  source: string;
  note?: string;
}

/** Parameters a prefecture sets otherwise, from a date: the domain's "conflicts". */
export interface Override {
  prefecture: string;
  effectiveFrom: string;
  parameters: Record<string, { value: ParameterValue; source: string; note?: string }>;
}

/** A fact an agent records on the dossier (housing situation, business creation...). */
export interface FactDefinition {
  code: string;
  names: LocalizedText;
  type: 'boolean' | 'text' | 'date' | 'choice' | 'number';
  choices?: { code: string; names: LocalizedText }[];
  /** How a number fact is written (`eur`: an amount in euros). */
  unit?: 'eur';
  /** Required before the dossier can be verified (e.g. the ANEF "reason for stay" fields). */
  required?: boolean;
  when?: Condition;
  source?: string;
}

/** When a slot, an option, an item, a fact or a rule applies. */
export type Condition =
  | { fact: string; equals: string | boolean }
  | { fact: string; in: string[] }
  | { case: string[] }
  | { channel: Channel[] }
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition };

/**
 * Attributes a slot item can require of a document (its end of validity is `validOnFilingDate`):
 * signed, every page, dated, a well-formed e-photo code, and for a request letter the
 * student's mobile number and e-mail address written on it.
 */
export const REQUIRABLE_ATTRIBUTES = ['signed', 'allPages', 'dated', 'ePhotoCode', 'hasMobileNumber', 'hasEmailAddress'] as const;
export type DocumentAttribute = (typeof REQUIRABLE_ATTRIBUTES)[number];

/** One document of an option; several items in one option form a bundle, complete only together. */
export interface SlotItem {
  /** Any of these document kinds will do (one bill or another). */
  kinds: string[];
  names?: LocalizedText;
  /** How many (3 identity photos). */
  count?: number;
  /** Oldest acceptable issue date, relative to the filing date: a duration or the name of a parameter. */
  maxAge?: Duration | { parameter: string };
  /** The document must still be valid on the filing date (its `validUntil` attribute). */
  validOnFilingDate?: boolean;
  /** Attributes that must be true (signed, all pages) or present and well-formed (ePhotoCode). */
  requires?: DocumentAttribute[];
  when?: Condition;
  source?: string;
}

/** One way to satisfy a slot: the diploma, or the certificate of success plus the transcript. */
export interface SlotOption {
  code: string;
  names: LocalizedText;
  items: SlotItem[];
  when?: Condition;
}

/** A required document of the procedure, with its alternatives. */
export interface Slot {
  code: string;
  names: LocalizedText;
  /** For agents: what to look for. */
  hint?: LocalizedText;
  /** For the student, in the second person: what to send ("Une lettre indiquant ..., avec vos coordonnées"). */
  ask?: LocalizedText;
  options: SlotOption[];
  when?: Condition;
  source: string;
}

interface RuleBase {
  code: string;
  severity?: 'blocking' | 'warning';
  when?: Condition;
  /** Replaces the finding's standard message. */
  message?: LocalizedText;
  source: string;
}

export type EligibilityRule = RuleBase &
  (
    | { kind: 'permit-recorded' }
    | { kind: 'permit-valid-on-filing-date' }
    | { kind: 'permit-kind'; permitKinds: PermitKind[] }
    | { kind: 'study-level'; levels: StudyLevel[] }
    | { kind: 'enrolled-current-year'; graceDays?: string }
    | { kind: 'member-institution' }
    | { kind: 'nationality-excluded'; nationalities: string[]; reason: LocalizedText }
    | { kind: 'nationality-notice'; nationalities: string[]; notice: LocalizedText }
    | { kind: 'filing-window'; opensDaysBefore: string; closesDaysBefore: string; lateTaxEur?: string }
    | { kind: 'permit-ends-before-course-end' }
    | { kind: 'document-absent'; kinds: string[]; message: LocalizedText }
    /** A number fact at least a parameter (resources, salary); unrecorded, it is `facts.missing`. */
    | { kind: 'fact-minimum'; fact: string; minimum: string }
  );

export type RuleKind = EligibilityRule['kind'];

/** File constraints of a channel (ANEF: jpg, pdf, png, bmp, tiff, 10 MB, 3 files per document). */
export interface FileConstraints {
  types: string[];
  maxFileBytes: number;
  maxFilesPerDocument: number;
  source: string;
}

/** Which day rules are judged on: the office's receipt, or the filing with the prefecture/ANEF. */
export const FILING_DATE_BASES = ['received', 'filed'] as const;
export type FilingDateBasis = (typeof FILING_DATE_BASES)[number];

export interface ProcedureDefinition {
  code: string;
  names: LocalizedText;
  summary: LocalizedText;
  channel: Channel;
  /**
   * By dossier channel, `default` for the others: which date eligibility and document ages are
   * judged on — `received` (the office's receipt: a 2-step channel where the office files for the
   * student) or `filed` (the date filed with the prefecture/ANEF, the receipt until then).
   * Absent: `filed`.
   */
  filingDate?: Record<string, FilingDateBasis>;
  cases?: { code: string; names: LocalizedText; source: string }[];
  facts: FactDefinition[];
  documentKinds: Record<string, { names: LocalizedText }>;
  slots: Slot[];
  eligibility: EligibilityRule[];
  parameters: Record<string, Parameter>;
  overrides: Override[];
  /** By dossier channel; `default` for the channels not listed. */
  fileConstraints: Record<string, FileConstraints>;
  fee?: { amountEur: number; means: LocalizedText; source: string };
  result: { description: LocalizedText; source: string };
  sources: Source[];
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

/** Parameters every procedure has (the workflow and the jobs read them). */
export const CORE_PARAMETERS = ['complementDelayDays', 'complementReminderDays', 'prefectureSilence'] as const;
