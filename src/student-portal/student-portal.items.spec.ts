import type { ProcedureDefinition } from '../catalog/catalog.model';
import { catalog, loadCatalog } from '../checklist/checklist.spec-support';
import type { ChecklistSlots, ComplementItem } from '../workflow/complement-items';
import { type ItemDocument, slotKinds, studentItems, uploadKind } from './student-portal.items';

const postal = (facts: Record<string, string | boolean> = {}) => ({ facts, procedureCase: null, channel: 'postal' as const });

let rece: ProcedureDefinition;
beforeAll(async () => {
  await loadCatalog();
  rece = catalog.rece!;
});

describe('slotKinds and uploadKind', () => {
  it('offers the kinds of the options the facts choose, else of every unconditional option', () => {
    expect(slotKinds(rece, 'proof-of-address', postal({ housing: 'tenant' }))).toEqual([
      'electricity-bill',
      'gas-bill',
      'water-bill',
      'internet-bill',
      'landline-bill',
      'mobile-bill',
      'lease',
      'rent-receipt',
      'housing-tax',
    ]);
    expect(slotKinds(rece, 'proof-of-address', postal({ housing: 'hotel' }))).toEqual(['hotel-attestation', 'hotel-invoice']);
    // the host's proof of address only when the address on the host's ID is out of date
    expect(slotKinds(rece, 'proof-of-address', postal({ housing: 'hosted' }))).toEqual(['host-attestation', 'host-identity']);
    expect(slotKinds(rece, 'proof-of-address', postal({ housing: 'hosted', hostIdAddressOutdated: true }))).toEqual([
      'host-attestation',
      'host-identity',
      'host-proof-of-address',
    ]);
    expect(slotKinds(rece, 'diploma', postal())).toEqual(['diploma', 'success-certificate']);
    expect(slotKinds(rece, 'no-such-slot', postal())).toEqual([]);
  });

  it("takes the kind the student named if the item takes it, else the item's first", () => {
    const kinds = slotKinds(rece, 'diploma', postal());
    expect(uploadKind(kinds, undefined)).toBe('diploma');
    expect(uploadKind(kinds, '')).toBe('diploma');
    expect(uploadKind(kinds, 'success-certificate')).toBe('success-certificate');
    expect(uploadKind(kinds, 'passport')).toBeNull();
    expect(uploadKind([], undefined)).toBeNull();
  });
});

describe('studentItems', () => {
  const requestedAt = new Date('2026-10-01T10:00:00Z');
  const item = (slot: string, why: ComplementItem['why'] = null): ComplementItem => ({
    slot,
    codes: ['document.missing'],
    documentIds: [],
    what: { fr: `Envoyez ${slot}`, en: `Send ${slot}` },
    why,
  });
  const document = (id: string, kind: string, receivedAt: string, status: ItemDocument['status'] = 'received'): ItemDocument => ({
    id,
    kind,
    status,
    receivedAt: new Date(receivedAt),
  });
  /** A slot of the checklist with one blocking finding the student must act on. */
  const missing = (slot: string, code = 'document.missing'): ChecklistSlots['slots'][number] => ({
    code: slot,
    names: { fr: slot, en: slot },
    findings: [{ code, severity: 'blocking', slot }],
  });
  const checklist = (...slots: ChecklistSlots['slots']): ChecklistSlots => ({ slots });

  it('says each item in both languages with its kinds, received once a document of its kinds arrived after the request', () => {
    const why = { fr: 'il n’est pas signé', en: 'it is not signed' };
    const items = studentItems(
      { items: [item('cerfa', why), item('diploma'), item('proof-of-address')], requestedAt },
      rece,
      postal({ housing: 'tenant' }),
      [
        document('old-cerfa', 'cerfa-form', '2026-09-20T09:00:00Z', 'rejected'),
        document('new-cerfa', 'cerfa-form', '2026-10-02T09:00:00Z'),
        // before the request: not an answer to it
        document('old-bill', 'electricity-bill', '2026-09-25T09:00:00Z'),
      ],
      checklist(missing('diploma'), missing('proof-of-address', 'document.too-old')),
    );
    expect(items).toEqual([
      { slot: 'cerfa', what: { fr: 'Envoyez cerfa', en: 'Send cerfa' }, why, kinds: ['cerfa-form'], received: true, documentIds: ['new-cerfa'] },
      {
        slot: 'diploma',
        what: { fr: 'Envoyez diploma', en: 'Send diploma' },
        why: null,
        kinds: ['diploma', 'success-certificate'],
        received: false,
        documentIds: [],
      },
      expect.objectContaining({ slot: 'proof-of-address', received: false, documentIds: [] }),
    ]);
  });

  it('is not received while what arrived was rejected, or falls short of what the slot needs', () => {
    const request = { items: [item('cerfa'), item('identity-photos')], requestedAt };
    const items = studentItems(
      request,
      rece,
      postal(),
      [document('cerfa-1', 'cerfa-form', '2026-10-02T09:00:00Z', 'rejected'), document('photo-1', 'identity-photo', '2026-10-02T09:00:00Z')],
      checklist(missing('cerfa', 'document.rejected'), missing('identity-photos', 'document.count')),
    );
    expect(items.map((i) => [i.slot, i.received, i.documentIds])).toEqual([
      ['cerfa', false, ['cerfa-1']],
      ['identity-photos', false, ['photo-1']],
    ]);
  });

  it("does not hold back an item for what the agent has to record (a finding that is not the student's)", () => {
    const agentsOnly: ChecklistSlots = {
      slots: [
        {
          code: 'cerfa',
          names: { fr: 'CERFA', en: 'CERFA' },
          findings: [
            { code: 'document.unsigned', severity: 'blocking', slot: 'cerfa', params: { recorded: false } },
            { code: 'document.not-reviewed', severity: 'warning', slot: 'cerfa' },
          ],
        },
      ],
    };
    const [cerfa] = studentItems({ items: [item('cerfa')], requestedAt }, rece, postal(), [document('c', 'cerfa-form', '2026-10-01T10:00:00Z')], agentsOnly);
    expect(cerfa!.received).toBe(true);
  });
});
