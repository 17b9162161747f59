import { batchPrefecture, transmissionData, type TransmissionDraft } from './transmissionDraft';

const dossier = (id: string, prefecture: string | null) => ({
  id,
  reference: `CMI-2026-00000${id}`,
  prefecture,
  procedureCode: 'rece',
  student: { birthName: 'DOE', usageName: null, firstNames: 'Jane' } as TransmissionDraft['dossiers'][number]['student'],
});

describe('a batch before it leaves', () => {
  it("goes to the prefecture chosen, else to the dossiers' own", () => {
    expect(batchPrefecture({ dossiers: [dossier('1', '35'), dossier('2', '35')], prefecture: '' })).toBe('35');
    expect(batchPrefecture({ dossiers: [dossier('1', '35'), dossier('2', '56')], prefecture: '56' })).toBe('56');
  });

  it('has none to say when the dossiers are for several (one must be chosen), or name none', () => {
    expect(batchPrefecture({ dossiers: [dossier('1', '35'), dossier('2', '56')], prefecture: '' })).toBeNull();
    expect(batchPrefecture({ dossiers: [dossier('1', null)], prefecture: '' })).toBeUndefined();
    expect(batchPrefecture({ dossiers: [dossier('1', null), dossier('2', '35')], prefecture: '' })).toBe('35');
  });

  it('sends the dossiers, the contact and the note trimmed', () => {
    const draft: TransmissionDraft = { dossiers: [dossier('1', '35')], contact: '  Mme Le Goff ', prefecture: '', sentOn: '2027-01-12', note: ' ' };
    expect(transmissionData(draft)).toEqual({ dossierIds: ['1'], contact: 'Mme Le Goff', sentOn: '2027-01-12', prefecture: '', note: '' });
  });
});
