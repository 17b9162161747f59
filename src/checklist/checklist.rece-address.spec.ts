import type { Override } from '../catalog/catalog.model';
import { addDays, addMonths } from '../common/dates';
import type { CheckedDocument } from './checklist.engine';
import { catalog, codes, doc, FILING, loadCatalog, rece, receDocuments, replace, slot } from './checklist.spec-support';

/**
 * The RECE's proof of address (seed 000), as shipped: its maximum age and the prefectures'
 * overrides of it (seeds 002-004), and what a tenant, a hotel guest or a hosted student brings.
 */

beforeAll(loadCatalog);

describe('RECE (seed 000: CMI 2-step by post)', () => {
  describe('proof of address', () => {
    const bill = (monthsOld: number, extra: Partial<CheckedDocument> = {}) => doc('electricity-bill', { issuedOn: addMonths(FILING, -monthsOld), ...extra });
    const override = (prefecture: string, effectiveFrom: string, months: number): Override => ({
      prefecture,
      effectiveFrom,
      parameters: { proofOfAddressMaxAge: { value: { months }, source: 'regulation-2025' } },
    });
    const withOverrides = (...overrides: Override[]) => ({ definition: { ...catalog.rece!, overrides } });

    it('passes a bill 4 months old under the 6-month rule (seed 004, service-public F33052)', () => {
      const report = rece(replace(receDocuments(), 'electricity-bill', bill(4)));
      expect(report.findings).toEqual([]);
      expect(report.parameters.proofOfAddressMaxAge).toEqual({ value: { months: 6 }, source: 'sp-f33052', override: null });
    });

    it("fails the same bill under a prefecture's 3-month override (seeds 002, 003)", () => {
      const report = rece(replace(receDocuments(), 'electricity-bill', bill(4)), withOverrides(override('35', '2025-01-01', 3)));
      expect(report.findings).toEqual([expect.objectContaining({ code: 'document.too-old', slot: 'proof-of-address' })]);
      expect(report.findings[0]!.message.en).toBe('Electricity bill too old: issued on 23 July 2026, it must be dated 23 August 2026 or later.');
      expect(report.findings[0]!.message.fr).toBe(
        "Facture d'électricité : pièce trop ancienne (datée du 23 juillet 2026, elle doit dater au plus tôt du 23 août 2026).",
      );
      expect(report.parameters.proofOfAddressMaxAge!.override).toEqual({ prefecture: '35', effectiveFrom: '2025-01-01' });
    });

    it("ignores another prefecture's override", () => {
      expect(rece(replace(receDocuments(), 'electricity-bill', bill(4)), withOverrides(override('75', '2025-01-01', 3))).findings).toEqual([]);
    });

    it('ignores an override that takes effect after the filing date', () => {
      expect(rece(replace(receDocuments(), 'electricity-bill', bill(4)), withOverrides(override('35', addDays(FILING, 1), 3))).findings).toEqual([]);
    });

    it('applies the latest override in force', () => {
      const report = rece(
        replace(receDocuments(), 'electricity-bill', bill(4)),
        withOverrides(override('35', '2024-01-01', 3), override('35', '2025-06-01', 5)),
      );
      expect(report.findings).toEqual([]);
      expect(report.parameters.proofOfAddressMaxAge!.value).toEqual({ months: 5 });
    });

    it('fails a bill 7 months old', () => {
      expect(codes(rece(replace(receDocuments(), 'electricity-bill', bill(7))).findings)).toEqual(['document.too-old']);
    });

    it('accepts a bill exactly at the limit', () => {
      expect(rece(replace(receDocuments(), 'electricity-bill', bill(6))).findings).toEqual([]);
    });

    it('needs the date of the document to judge its age', () => {
      expect(codes(rece(replace(receDocuments(), 'electricity-bill', bill(1, { issuedOn: null }))).findings)).toEqual(['document.issue-date-missing']);
    });

    it('takes a lease or a rent receipt from a tenant', () => {
      expect(rece(replace(receDocuments(), 'electricity-bill', doc('lease'))).findings).toEqual([]);
      expect(rece(replace(receDocuments(), 'electricity-bill', doc('rent-receipt'))).findings).toEqual([]);
    });

    it('does not take hotel papers when the dossier says the student is a tenant', () => {
      const report = rece(replace(receDocuments(), 'electricity-bill', doc('hotel-attestation'), doc('hotel-invoice')));
      expect(report.findings).toEqual([expect.objectContaining({ code: 'document.missing', slot: 'proof-of-address' })]);
    });

    it('asks for the housing situation, while taking the hotel papers as the proof meanwhile', () => {
      const report = rece(replace(receDocuments(), 'electricity-bill', doc('hotel-attestation'), doc('hotel-invoice')), { dossier: { facts: {} } });
      expect(report.findings).toEqual([expect.objectContaining({ code: 'facts.missing', fact: 'housing', severity: 'blocking' })]);
      expect(slot(report, 'proof-of-address')).toMatchObject({ state: 'satisfied', option: 'hotel' });
    });

    it('takes the hotel papers once the housing says hotel, the invoice being at most 2 months old', () => {
      const facts = { housing: 'hotel' };
      expect(rece(replace(receDocuments(), 'electricity-bill', doc('hotel-attestation'), doc('hotel-invoice')), { dossier: { facts } }).findings).toEqual([]);
      const oldInvoice = rece(
        replace(receDocuments(), 'electricity-bill', doc('hotel-attestation'), doc('hotel-invoice', { issuedOn: addMonths(FILING, -3) })),
        { dossier: { facts } },
      );
      expect(codes(oldInvoice.findings)).toEqual(['document.too-old']);
    });

    it("asks whether the address on the host's ID is up to date", () => {
      const report = rece(
        replace(receDocuments(), 'electricity-bill', doc('host-attestation', { attributes: { signed: true, dated: true } }), doc('host-identity')),
        {
          dossier: { facts: { housing: 'hosted' } },
        },
      );
      expect(report.findings).toEqual([expect.objectContaining({ code: 'facts.missing', fact: 'hostIdAddressOutdated' })]);
    });

    it('reports the missing half of the hotel bundle', () => {
      const report = rece(replace(receDocuments(), 'electricity-bill', doc('hotel-attestation')), { dossier: { facts: { housing: 'hotel' } } });
      expect(report.findings).toEqual([expect.objectContaining({ code: 'bundle.incomplete', slot: 'proof-of-address' })]);
      expect(report.findings[0]!.message.en).toBe("Proof of address incomplete: missing Last month's hotel invoice.");
      expect(slot(report, 'proof-of-address').state).toBe('incomplete');
    });

    it("takes a signed, dated host attestation and the host's ID when the ID address is current", () => {
      const report = rece(
        replace(receDocuments(), 'electricity-bill', doc('host-attestation', { attributes: { signed: true, dated: true } }), doc('host-identity')),
        {
          dossier: { facts: { housing: 'hosted', hostIdAddressOutdated: false } },
        },
      );
      expect(report.findings).toEqual([]);
    });

    it("asks for the host's proof of address when the address on the host's ID is out of date", () => {
      const report = rece(
        replace(receDocuments(), 'electricity-bill', doc('host-attestation', { attributes: { signed: true, dated: true } }), doc('host-identity')),
        {
          dossier: { facts: { housing: 'hosted', hostIdAddressOutdated: true } },
        },
      );
      expect(report.findings).toEqual([expect.objectContaining({ code: 'bundle.incomplete' })]);
      expect(report.findings[0]!.message.fr).toBe("Justificatif de domicile : pièce manquante — Justificatif de domicile de l'hébergeant.");
    });

    it('refuses an unsigned host attestation, and an undated one', () => {
      const facts = { housing: 'hosted', hostIdAddressOutdated: false };
      const unsigned = rece(replace(receDocuments(), 'electricity-bill', doc('host-attestation', { attributes: { dated: true } }), doc('host-identity')), {
        dossier: { facts },
      });
      expect(codes(unsigned.findings)).toEqual(['document.unsigned']);
      const undated = rece(replace(receDocuments(), 'electricity-bill', doc('host-attestation', { attributes: { signed: true } }), doc('host-identity')), {
        dossier: { facts },
      });
      expect(codes(undated.findings)).toEqual(['document.undated']);
    });

    it('reports the ID as missing when only the host attestation came', () => {
      const report = rece(replace(receDocuments(), 'electricity-bill', doc('host-attestation', { attributes: { signed: true, dated: true } })), {
        dossier: { facts: { housing: 'hosted', hostIdAddressOutdated: false } },
      });
      expect(report.findings).toHaveLength(1);
      expect(report.findings[0]!.message.en).toBe("Proof of address incomplete: missing Host's ID card or residence permit.");
    });
  });
});
