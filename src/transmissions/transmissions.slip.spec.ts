import { slipCsv, slipHtml } from './transmissions.slip';
import type { Transmission } from './transmissions.model';

const OFFICE = { name: 'CMI Rennes', postalAddress: ['1 place du Recteur', '35000 Rennes'], phone: '02 00 00 00 00', email: 'cmi@example.org' };
const procedureName = (code: string) => (code === 'rece' ? 'Carte de séjour « recherche d’emploi »' : code);

function transmission(prefecture: string, documentCounts: number[]): Transmission {
  return {
    id: 't1',
    reference: 'TR-2026-000001',
    prefecture,
    contact: 'Bureau du séjour <sejour@prefecture.example>',
    sentOn: '2026-12-03',
    note: null,
    createdAt: new Date('2026-12-03T09:00:00Z'),
    createdBy: null,
    items: documentCounts.map((documentCount, i) => ({
      dossierId: `d${i}`,
      position: i + 1,
      reference: `CMI-2026-00000${i}`,
      studentName: 'DUPONT Marie',
      procedureCode: 'rece',
      documentCount,
    })),
  };
}

describe('the slip of a transmission', () => {
  it('names the prefecture as it signs its letters, never by its number', () => {
    const html = slipHtml(transmission('35', [10, 9]), procedureName, OFFICE);
    expect(html).toContain('<span>Destinataire</span><strong>Préfecture d’Ille-et-Vilaine</strong>');
    expect(html).not.toMatch(/Préfecture\s*<\/span><strong>35</);
    expect(html).toContain("<span>À l'attention de</span><strong>Bureau du séjour &lt;sejour@prefecture.example&gt;</strong>");
    expect(slipHtml(transmission('75', [1]), procedureName, OFFICE)).toContain('<strong>Préfecture de police de Paris</strong>');
  });

  it('counts the documents in French, and names the procedures', () => {
    expect(slipHtml(transmission('35', [10, 9]), procedureName, OFFICE)).toContain('<strong>2 (19 pièces)</strong>');
    expect(slipHtml(transmission('35', [1]), procedureName, OFFICE)).toContain('<strong>1 (1 pièce)</strong>');
    expect(slipCsv(transmission('35', [1]), procedureName)).toContain('1;CMI-2026-000000;DUPONT Marie;Carte de séjour « recherche d’emploi »;1');
  });
});
