/**
 * The e-mails Passerelle sends, as templates: which exist, who reads them, and the variables
 * each one is rendered with. The wording itself is data (prisma/emails, and the office's own
 * versions in the database); this file is the contract between that wording and the code.
 */
import { CHANNELS } from '../catalog/catalog.model';

export const STUDENT_TEMPLATES = [
  'dossier_opened',
  'dossier_verified',
  'complement_requested',
  'complement_reminder',
  'complement_received',
  'dossier_forwarded',
  'decision_favourable',
  'decision_refused',
  'decision_withdrawn',
  'dossier_closed',
  'dossier_reopened',
  'summons',
  'card_ready',
  'permit_expiry_reminder',
  'attestation_expiry_reminder',
  'student_link',
  'office_message',
] as const;
export const AGENT_TEMPLATES = ['silence_alert', 'agent_digest', 'student_message', 'webhook_paused'] as const;
/** Not an e-mail: the office's contact block that ends every e-mail. */
export const SIGNATURE = 'signature' as const;
export const TEMPLATE_NAMES = [...STUDENT_TEMPLATES, ...AGENT_TEMPLATES, SIGNATURE] as const;

export type StudentTemplate = (typeof STUDENT_TEMPLATES)[number];
export type AgentTemplate = (typeof AGENT_TEMPLATES)[number];
export type TemplateName = StudentTemplate | AgentTemplate;
export type TemplateFileName = TemplateName | typeof SIGNATURE;

export const EMAIL_LANGUAGES = ['fr', 'en'] as const;
export type EmailLanguage = (typeof EMAIL_LANGUAGES)[number];

/** Templates about no dossier: they have no procedure or channel variant. */
export const WITHOUT_DOSSIER: readonly TemplateName[] = ['permit_expiry_reminder', 'attestation_expiry_reminder', 'agent_digest', 'webhook_paused'];

export function isTemplateName(name: unknown): name is TemplateName {
  return (STUDENT_TEMPLATES as readonly unknown[]).includes(name) || (AGENT_TEMPLATES as readonly unknown[]).includes(name);
}

export const DEFAULT_VARIANT = 'default';

/** A template's wording for one variant and language: `complement_requested.anef.fr`. */
export interface TemplateKey {
  template: TemplateFileName;
  /** `default`, a procedure code (`rece`) or a channel (`anef`). */
  variant: string;
  language: EmailLanguage;
}

export const keyName = (key: TemplateKey) => `${key.template}.${key.variant}.${key.language}`;

const KEY_PATTERN = /^([a-z_]+)\.([a-z0-9-_]+)\.(fr|en)$/;

/** `complement_requested.anef.fr` → its key; null when it names no template or language. */
export function parseKeyName(name: string): TemplateKey | null {
  const match = KEY_PATTERN.exec(name);
  if (!match || !(TEMPLATE_NAMES as readonly string[]).includes(match[1]!)) return null;
  return { template: match[1] as TemplateFileName, variant: match[2]!, language: match[3] as EmailLanguage };
}

export const isChannelVariant = (variant: string) => (CHANNELS as readonly string[]).includes(variant);

/**
 * The variants tried for an e-mail, most specific first: the dossier's procedure, its channel,
 * then the default. The first that has wording is used.
 */
export function variantsFor(procedureCode: string | null, channel: string | null): string[] {
  return [...(procedureCode ? [procedureCode] : []), ...(channel ? [channel] : []), DEFAULT_VARIANT];
}

/** One version of a template's wording. */
export interface TemplateVersion extends TemplateKey {
  id: string;
  origin: 'shipped' | 'office';
  version: number;
  /** Null for an office version that goes back to the shipped wording. */
  subject: string | null;
  body: string | null;
  note: string | null;
  publishedAt: Date;
  publishedBy: string | null;
}

/** The wording in force for a key: the office's latest version, else the latest shipped one. */
export interface EffectiveTemplate extends TemplateKey {
  origin: 'shipped' | 'office';
  version: number;
  subject: string;
  body: string;
}

export const versionLabel = (t: Pick<EffectiveTemplate, 'origin' | 'version'> & TemplateKey) => `${keyName(t)}@${t.origin}-${t.version}`;

/** What every e-mail is rendered with, whatever the template. */
export interface OfficeContext {
  name: string;
  postalAddress: string[];
  frontDeskHours: string;
  phone: string | null;
  email: string;
  website: string | null;
  signature: string;
}

export interface DossierContext {
  reference: string;
  channel: string;
  /** Filed by the student on the ANEF site (not through the office's postal channel). */
  anef: boolean;
  procedure: {
    code: string;
    name: string;
    result: string;
    fee: { amountEur: number; means: string } | null;
  };
  /** The file limits of the dossier's channel, for the documents asked. */
  files: { types: string[]; maxFileBytes: number; maxFilesPerDocument: number };
  filedOn: string | null;
  prefectureReference: string | null;
  /**
   * The student's personal link to their dossier's page (student e-mails only; null in the
   * office's). Rendered with a marker that the delivery replaces by a fresh token (student-access).
   */
  link: string | null;
}

/** A complement item as the student reads it: what to send, and why when something was wrong. */
export interface StudentItem {
  what: string;
  why: string | null;
}

export interface EmailContext {
  language: EmailLanguage;
  office: OfficeContext;
  recipient: { name: string };
  /** Null for the e-mails about no dossier (permit expiry, digest). */
  dossier: DossierContext | null;
  /** The event's own variables (TEMPLATE_VARIABLES). */
  [variable: string]: unknown;
}

/**
 * The variables of each template beyond office, recipient and dossier. A template may use no
 * other; a missing one fails the render (and the tests) — it never prints "undefined".
 */
export const TEMPLATE_VARIABLES: Record<TemplateName, readonly string[]> = {
  dossier_opened: ['receivedOn'],
  dossier_verified: [],
  complement_requested: ['items', 'dueOn', 'message'],
  complement_reminder: ['items', 'dueOn', 'daysLeft'],
  complement_received: [],
  dossier_forwarded: ['filedOn'],
  decision_favourable: ['decidedOn'],
  decision_refused: ['decidedOn'],
  decision_withdrawn: ['reason'],
  dossier_closed: ['closeReason', 'reason'],
  dossier_reopened: ['reason'],
  summons: ['reason', 'appointmentAt', 'place', 'note'],
  card_ready: ['readyOn'],
  permit_expiry_reminder: ['validUntil', 'daysLeft', 'stage', 'opensOn', 'closesOn', 'lateTaxEur'],
  attestation_expiry_reminder: ['validUntil', 'daysLeft'],
  silence_alert: ['stage', 'implicitRejectionOn', 'daysLeft'],
  agent_digest: ['day', 'dossiers'],
  student_link: [],
  office_message: [],
  student_message: ['dossierUrl'],
  webhook_paused: ['subscriptionId', 'url', 'description', 'pausedAt', 'cause', 'failures'],
};

/** Where a student stands with a permit about to expire (the permit-expiry reminder). */
export const PERMIT_EXPIRY_STAGES = ['not_open', 'open', 'late', 'expired'] as const;
export type PermitExpiryStage = (typeof PERMIT_EXPIRY_STAGES)[number];

/** Where a forwarded dossier stands with the prefecture's silence (the agents' alert). */
export const SILENCE_STAGES = ['coming', 'reached', 'past_when_forwarded'] as const;
export type SilenceStage = (typeof SILENCE_STAGES)[number];

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
  /** `complement_requested.anef.fr@office-2`: the wording it came from. */
  templateVersion: string;
}
