/**
 * What a complement request asks the student for, in the student's words: one item per
 * document slot — what to send, and why when what was received does not do — built from the
 * checklist's findings. Findings meant for the agent (a fact or a date to record, a document
 * to review) never reach the student. Pure: the complement requests (and the reminders, through
 * them) and the demo data use it.
 */
import type { LocalizedText, ProcedureDefinition } from '../catalog/catalog.model';
import type { Finding } from '../checklist/checklist.engine';
import { formatDay, inSentence, type PeopleLanguage } from '../common/people-format';

export interface ComplementItem {
  slot: string;
  /** The finding codes behind the item (document.rejected, document.too-old...). */
  codes: string[];
  documentIds: string[];
  /** What to send, in the second person. */
  what: LocalizedText;
  /** Why what was received does not do; null when nothing was received. */
  why: LocalizedText | null;
}

type Params = Record<string, unknown>;
type Reason = (p: Params, lang: PeopleLanguage, kind: (code: unknown) => string) => string;

const day = (value: unknown, lang: PeopleLanguage) => formatDay(String(value), lang);

const REJECTION: Record<string, LocalizedText> = {
  illegible: { fr: 'il est illisible', en: 'it cannot be read' },
  expired: { fr: "il n'est plus valable", en: 'it is no longer valid' },
  unsigned: { fr: "il n'est pas signé", en: 'it is not signed' },
  incomplete: { fr: 'il est incomplet', en: 'it is incomplete' },
  wrong_document: { fr: "ce n'est pas le document demandé", en: 'it is not the document asked for' },
  other: { fr: 'il ne convient pas', en: 'it does not do' },
};

/** The reason the student reads for each finding they can act on, by finding code. */
const REASONS: Record<string, { fr: Reason; en: Reason }> = {
  'bundle.incomplete': {
    fr: (p, l, kind) => `il manque : ${list(p.missingKinds, kind, 'et')}`,
    en: (p, l, kind) => `missing: ${list(p.missingKinds, kind, 'and')}`,
  },
  'document.rejected': {
    fr: (p) =>
      `le document reçu a été refusé : ${REJECTION[String(p.reason)]?.fr ?? REJECTION.other!.fr}${typeof p.text === 'string' && inSentence(p.text) ? ` (${inSentence(p.text)})` : ''}`,
    en: (p) =>
      `the document we received was refused: ${REJECTION[String(p.reason)]?.en ?? REJECTION.other!.en}${typeof p.text === 'string' && inSentence(p.text) ? ` (${inSentence(p.text)})` : ''}`,
  },
  'document.too-old': {
    fr: (p, l) => `le document reçu est daté du ${day(p.issuedOn, l)} ; il doit dater du ${day(p.oldest, l)} ou d'après`,
    en: (p, l) => `the document we received is dated ${day(p.issuedOn, l)}; it must be dated ${day(p.oldest, l)} or later`,
  },
  'document.expired': {
    fr: (p, l) => `le document reçu n'est valable que jusqu'au ${day(p.validUntil, l)} ; il doit l'être encore le ${day(p.filingDate, l)}`,
    en: (p, l) => `the document we received is valid only until ${day(p.validUntil, l)}; it must still be valid on ${day(p.filingDate, l)}`,
  },
  'document.unsigned': { fr: () => "le document reçu n'est pas signé", en: () => 'the document we received is not signed' },
  'document.undated': { fr: () => "le document reçu n'est pas daté", en: () => 'the document we received is not dated' },
  'document.incomplete': {
    fr: () => 'il manque des pages : envoyez toutes les pages, 2e page comprise',
    en: () => 'pages are missing: send every page, the 2nd page included',
  },
  'document.count': {
    fr: (p) => `nous en avons reçu ${Number(p.got)} sur les ${Number(p.needed)} demandés`,
    en: (p) => `we received ${Number(p.got)} of the ${Number(p.needed)} required`,
  },
  'document.ephoto-missing': {
    fr: () => 'indiquez-nous le code à 8 caractères inscrit sur votre planche e-photo',
    en: () => 'tell us the 8-character code printed on your e-photo sheet',
  },
  'document.ephoto-invalid': {
    fr: (p) => `le code e-photo reçu (${String(p.code)}) n'est pas valide : il compte 8 lettres majuscules ou chiffres`,
    en: (p) => `the e-photo code we received (${String(p.code)}) is not valid: it has 8 capital letters or digits`,
  },
  'document.no-mobile-number': {
    fr: () => "la lettre reçue n'indique pas votre numéro de téléphone mobile",
    en: () => 'the letter we received does not give your mobile phone number',
  },
  'document.no-email-address': {
    fr: () => "la lettre reçue n'indique pas votre adresse e-mail",
    en: () => 'the letter we received does not give your e-mail address',
  },
};

/** Slots the student has to act on: the document is missing, or what was received does not do. */
const STUDENT_CODES = new Set(['document.missing', 'alternative.unmet', ...Object.keys(REASONS)]);

function list(kinds: unknown, kind: (code: unknown) => string, last: string): string {
  const names = (Array.isArray(kinds) ? kinds : [kinds]).map(kind);
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} ${last} ${names.at(-1)}`;
}

/** Whether a finding is the student's to act on (not eligibility, nor a fact or a date the agent records). */
export function isStudentFinding(finding: Pick<Finding, 'severity' | 'code' | 'slot'> & { params?: Params }): boolean {
  // a yes/no the agent left blank (signed, every page, the mobile number...) is theirs to record, not a complaint to the student
  if (finding.params?.recorded === false) return false;
  return finding.severity === 'blocking' && finding.slot !== undefined && STUDENT_CODES.has(finding.code);
}

export interface ChecklistSlots {
  slots: { code: string; names: LocalizedText; findings: (Pick<Finding, 'severity' | 'code' | 'slot' | 'documentId'> & { params?: Params })[] }[];
}

/** The complement items of a checklist: one per slot with something for the student to send. */
export function complementItems(checklist: ChecklistSlots, definition: Pick<ProcedureDefinition, 'slots' | 'documentKinds'>): ComplementItem[] {
  const items: ComplementItem[] = [];
  for (const slot of checklist.slots) {
    const findings = slot.findings.filter(isStudentFinding);
    if (findings.length === 0) continue;
    const defined = definition.slots.find((s) => s.code === slot.code) as { ask?: LocalizedText } | undefined;
    const what = defined?.ask ?? slot.names;
    const why = (lang: PeopleLanguage) => {
      const kind = (code: unknown) => definition.documentKinds[String(code)]?.names[lang] ?? String(code);
      const reasons = [...new Set(findings.flatMap((f) => (REASONS[f.code] ? [REASONS[f.code]![lang](f.params ?? {}, lang, kind)] : [])))];
      return reasons.length ? reasons.join(lang === 'fr' ? ' ; ' : '; ') : null;
    };
    const fr = why('fr');
    items.push({
      slot: slot.code,
      codes: [...new Set(findings.map((f) => f.code))],
      documentIds: [...new Set(findings.flatMap((f) => (f.documentId ? [f.documentId] : [])))],
      what,
      why: fr === null ? null : { fr, en: why('en')! },
    });
  }
  return items;
}
