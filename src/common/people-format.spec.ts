import { messages } from '../checklist/checklist.messages';
import { complementItems } from '../workflow/complement-items';
import { deadlineDay, inSentence } from './people-format';

describe('an agent’s words inside a sentence', () => {
  it('loses the full stop that ends them, and nothing else', () => {
    expect(inSentence('Scan flou.')).toBe('Scan flou');
    expect(inSentence('  Périmé (daté de mars 2025).  ')).toBe('Périmé (daté de mars 2025)');
    expect(inSentence('Voir la page 2...')).toBe('Voir la page 2...');
    expect(inSentence('Illisible ?')).toBe('Illisible ?');
    expect(inSentence('Illisible')).toBe('Illisible');
  });

  it('never ends a finding or a complement’s reason with doubled punctuation (« …).). »)', () => {
    const document = { fr: 'Lettre de demande', en: 'Request letter' };
    const rejected = messages.documentRejected(document, 'other', 'Le document est illisible (scan flou).');
    expect(rejected.fr).toBe('Lettre de demande : pièce refusée (motif : « Le document est illisible (scan flou) »).');
    expect(rejected.en).toBe('Request letter: rejected (reason: "Le document est illisible (scan flou)").');
    const withReason = messages.documentRejected(document, 'expired', 'Daté de 2025.');
    expect(withReason.fr).toBe('Lettre de demande : pièce refusée (motif : document périmé — « Daté de 2025 »).');
    const [item] = complementItems(
      {
        slots: [
          {
            code: 'letter',
            names: document,
            findings: [{ severity: 'blocking', code: 'document.rejected', slot: 'letter', params: { reason: 'illegible', text: 'Scan flou (page 2).' } }],
          },
        ],
      },
      { slots: [], documentKinds: {} },
    );
    // the e-mail writes "Motif : {{ why }}."
    expect(`${item!.why!.fr}.`).toBe('le document reçu a été refusé : il est illisible (Scan flou (page 2)).');
    expect(`${item!.why!.en}.`).not.toMatch(/\)\.\)\.$/);
  });
});

describe('the day a deadline names, at the office', () => {
  // 7 December 2026 at 00:00 in Paris: still the 6th in UTC
  const midnightInParis = new Date('2026-12-06T23:00:00.000Z');

  it("names the last day given to the student for a complement (due at the start of the next day, the office's)", () => {
    expect(deadlineDay('complement', midnightInParis, 'Europe/Paris')).toBe('2026-12-06');
    expect(deadlineDay('complement', '2026-07-01T22:00:00.000Z', 'Europe/Paris')).toBe('2026-07-01');
  });

  it("names the implicit-rejection day for the prefecture's silence (due at the start of that day)", () => {
    expect(deadlineDay('prefecture_silence', midnightInParis, 'Europe/Paris')).toBe('2026-12-07');
    expect(deadlineDay('prefecture_silence', '2026-06-30T22:00:00.000Z', 'Europe/Paris')).toBe('2026-07-01');
  });
});
