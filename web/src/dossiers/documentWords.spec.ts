import { documentsToAccept, downloadName, fileTypesInWords, placeDocuments, previewKind, reasonChoice, rejectionWhy } from './documentWords';
import type { DossierDocument, Finding, ProcedureDefinition, Slot } from './types';

const doc = (id: string, kind: string, status: DossierDocument['status'] = 'received') => ({ id, kind, status }) as DossierDocument;
const slot = (code: string, documentIds: string[], state: Slot['state'] = 'to_review') => ({ code, documentIds, state }) as Slot;
const definition = {
  slots: [
    { code: 'passport', options: [{ items: [{ kinds: ['passport'] }] }] },
    { code: 'housing', options: [{ items: [{ kinds: ['lease'] }] }, { items: [{ kinds: ['host-attestation'] }, { kinds: ['host-identity'] }] }] },
    { code: 'housing-again', options: [{ items: [{ kinds: ['lease'] }] }] },
  ],
} as unknown as ProcedureDefinition;

describe('where each document is listed', () => {
  it('lists a rejected document under the slot of its kind, though the checklist no longer counts it', () => {
    const rejected = doc('p1', 'passport', 'rejected');
    const { bySlot, others } = placeDocuments([slot('passport', [], 'rejected'), slot('housing', []), slot('housing-again', [])], [rejected], definition);
    expect(bySlot.get('passport')).toEqual([rejected]);
    expect(others).toEqual([]);
  });

  it('keeps the counted documents where the checklist counts them, and one too many beside them, in the order received', () => {
    const documents = [doc('l1', 'lease', 'rejected'), doc('h1', 'host-attestation'), doc('h2', 'host-identity'), doc('h3', 'host-attestation')];
    const { bySlot } = placeDocuments([slot('passport', []), slot('housing', ['h1', 'h2']), slot('housing-again', [])], documents, definition);
    expect(bySlot.get('housing')!.map((d) => d.id)).toEqual(['l1', 'h1', 'h2', 'h3']);
  });

  it('lists a kind two slots ask for under the first that applies, and a kind no slot asks for among the others', () => {
    const documents = [doc('l1', 'lease', 'rejected'), doc('x', 'diploma')];
    const { bySlot, others } = placeDocuments(
      [slot('passport', []), slot('housing', [], 'not_applicable'), slot('housing-again', [], 'missing')],
      documents,
      definition,
    );
    expect(bySlot.get('housing')).toEqual([]);
    expect(bySlot.get('housing-again')!.map((d) => d.id)).toEqual(['l1']);
    expect(others.map((d) => d.id)).toEqual(['x']);
  });
});

describe('accepting the documents left', () => {
  const finding = (documentId: string, severity: Finding['severity'] = 'blocking') => ({ code: 'document.expired', severity, documentId }) as Finding;

  it('accepts those received that nothing blames, and holds back one the checklist blames, with why', () => {
    const documents = [doc('a', 'passport'), doc('b', 'lease'), doc('c', 'lease', 'accepted'), doc('d', 'passport', 'rejected'), doc('e', 'diploma')];
    const { accept, heldBack } = documentsToAccept({ findings: [finding('b'), finding('e', 'warning'), finding('d')] }, documents);
    expect(accept.map((d) => d.id)).toEqual(['a', 'e']);
    expect(heldBack).toEqual([{ document: documents[1], findings: [finding('b')] }]);
  });
});

describe('the words of a rejection', () => {
  it('are those of the menu, after "Motif :", and the agent\'s own words quoted', () => {
    expect(reasonChoice('expired', 'fr')).toBe('Document périmé');
    expect(rejectionWhy('expired', null, 'fr')).toBe('document périmé');
    expect(rejectionWhy('unsigned', 'page 2', 'fr')).toBe('document non signé — «\u00a0page 2\u00a0»');
    expect(rejectionWhy('other', 'photo floue', 'fr')).toBe('«\u00a0photo floue\u00a0»');
    expect(rejectionWhy('other', 'blurred', 'en')).toBe('“blurred”');
    expect(rejectionWhy('illegible', null, 'en')).toBe('illegible document');
    expect(reasonChoice('wrong_document', 'en')).toBe('Not the document asked for');
  });
});

describe('file limits and scans', () => {
  it('names the accepted types in words', () => {
    expect(fileTypesInWords(['pdf', 'jpg', 'png', 'tiff'], 'fr')).toBe('PDF, JPEG, PNG ou TIFF');
    expect(fileTypesInWords(['pdf', 'jpg'], 'en')).toBe('PDF or JPEG');
  });

  it('previews PDFs and the images a browser shows, nothing else', () => {
    expect(previewKind('application/pdf')).toBe('pdf');
    expect(previewKind('image/png')).toBe('image');
    expect(previewKind('image/tiff')).toBeNull();
    expect(previewKind('text/html')).toBeNull();
  });

  it('downloads a scan under its kind and its name', () => {
    expect(downloadName('Passeport', 'scan.pdf')).toBe('Passeport - scan.pdf');
    expect(downloadName('Titre de séjour ou VLS-TS', 'a/b:c.pdf')).toBe('Titre de séjour ou VLS-TS - a-b-c.pdf');
  });
});
