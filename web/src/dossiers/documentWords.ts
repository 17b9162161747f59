/**
 * What the dossier page says of its documents, as plain functions (no React): where each
 * document is listed, which are left to accept, a rejection's reason, a channel's file limits
 * and how a scan can be shown. The words of a rejection are the checklist's own (the API's
 * REJECTION_REASON_LABELS): the reason menu, the document's line and the finding say the same.
 */
import { REJECTION_REASON_LABELS } from '../../../src/checklist/checklist.messages';
import { localized } from '../common/format';
import type { Checklist, DossierDocument, Finding, ProcedureDefinition, Slot } from './types';

type RejectionReason = keyof typeof REJECTION_REASON_LABELS;

/** Where each document of the dossier is listed: under a slot, or among the others (a kind no slot asks for). */
export interface PlacedDocuments {
  bySlot: Map<string, DossierDocument[]>;
  others: DossierDocument[];
}

/**
 * The documents each slot lists: those the checklist counts for it, and every other one of its
 * kinds — rejected, or one too many — so that no document received ever leaves the page. A kind
 * several slots ask for is listed under the first that applies. Each list in the order received.
 */
export function placeDocuments(slots: readonly Slot[], documents: readonly DossierDocument[], definition: ProcedureDefinition | undefined): PlacedDocuments {
  const slotOf = new Map<string, string>();
  for (const slot of slots) for (const id of slot.documentIds) if (!slotOf.has(id)) slotOf.set(id, slot.code);
  const kindsOf = new Map((definition?.slots ?? []).map((s) => [s.code, new Set(s.options.flatMap((o) => o.items.flatMap((i) => i.kinds)))]));
  const applicable = slots.filter((s) => s.state !== 'not_applicable');
  const asking = (kind: string) => (applicable.find((s) => kindsOf.get(s.code)?.has(kind)) ?? slots.find((s) => kindsOf.get(s.code)?.has(kind)))?.code ?? null;
  const bySlot = new Map<string, DossierDocument[]>(slots.map((s) => [s.code, []]));
  const others: DossierDocument[] = [];
  for (const document of documents) {
    const code = slotOf.get(document.id) ?? asking(document.kind);
    if (code) bySlot.get(code)!.push(document);
    else others.push(document);
  }
  return { bySlot, others };
}

/** What "accept all the documents left" accepts, and what it leaves to the agent, with why. */
export interface Acceptance {
  accept: DossierDocument[];
  heldBack: { document: DossierDocument; findings: Finding[] }[];
}

/**
 * The documents received and not reviewed yet: those the checklist finds nothing wrong with are
 * accepted together; one it blames (expired, unsigned, too old...) is left to be looked at alone.
 */
export function documentsToAccept(checklist: Pick<Checklist, 'findings'>, documents: readonly DossierDocument[]): Acceptance {
  const blamed = new Map<string, Finding[]>();
  for (const finding of checklist.findings) {
    if (finding.severity !== 'blocking' || !finding.documentId) continue;
    blamed.set(finding.documentId, [...(blamed.get(finding.documentId) ?? []), finding]);
  }
  const waiting = documents.filter((d) => d.status === 'received');
  return {
    accept: waiting.filter((d) => !blamed.has(d.id)),
    heldBack: waiting.filter((d) => blamed.has(d.id)).map((document) => ({ document, findings: blamed.get(document.id)! })),
  };
}

const capitalized = (text: string, locale: string) => text.charAt(0).toLocaleUpperCase(locale) + text.slice(1);

/** A rejection reason as the menu offers it ("Document périmé"). */
export function reasonChoice(reason: RejectionReason, locale: string): string {
  return capitalized(localized(REJECTION_REASON_LABELS[reason], locale), locale);
}

/**
 * Why a document was rejected, as the checklist words it, after "Motif :" ("document périmé —
 * « date illisible »"): "autre motif" says nothing once the agent has written the reason.
 */
export function rejectionWhy(reason: string | null, text: string | null, locale: string): string {
  const quoted = text ? (locale === 'en' ? `“${text}”` : `«\u00a0${text}\u00a0»`) : '';
  const label = localized(REJECTION_REASON_LABELS[(reason ?? 'other') as RejectionReason] ?? REJECTION_REASON_LABELS.other, locale);
  if ((reason ?? 'other') === 'other' && quoted) return quoted;
  return quoted ? `${label} — ${quoted}` : label;
}

/** The file types of the catalog, as people call them. */
const TYPE_WORDS: Record<string, string> = { pdf: 'PDF', jpg: 'JPEG', png: 'PNG', bmp: 'BMP', tiff: 'TIFF', webp: 'WebP', heic: 'HEIC' };

/** "PDF, JPEG, PNG ou TIFF" — the types a channel accepts, in words. */
export function fileTypesInWords(types: readonly string[], locale: string): string {
  const words = types.map((t) => TYPE_WORDS[t] ?? t.toUpperCase());
  return new Intl.ListFormat(locale === 'en' ? 'en-GB' : 'fr-FR', { type: 'disjunction' }).format(words);
}

/** How the page can show a scan: PDFs in a frame, images as images; other types only downloaded (TIFF, HEIC). */
export function previewKind(contentType: string): 'pdf' | 'image' | null {
  if (contentType === 'application/pdf') return 'pdf';
  return ['image/jpeg', 'image/png', 'image/bmp', 'image/webp', 'image/gif'].includes(contentType) ? 'image' : null;
}

/** The name a scan is downloaded under: its kind, then its own name ("Passeport - scan.pdf"), without characters a disk refuses. */
export function downloadName(kindName: string, originalName: string): string {
  return `${kindName} - ${originalName}`.replace(/[\\/:*?"<>|]+/g, '-');
}
