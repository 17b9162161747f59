/**
 * What the engine's specs share: the shipped catalog (the latest version of each procedure, as
 * new dossiers get it), documents as an agent records them, a dossier input on one filing date,
 * and the complete RECE dossier of seed 000. Not a spec itself (specs end in .spec.ts).
 */
import type { ProcedureDefinition } from '../catalog/catalog.model';
import { readCatalogFiles } from '../catalog/catalog.files';
import { addDays } from '../common/dates';
import { type CheckedDocument, type ChecklistInput, type ChecklistReport, evaluateChecklist, type Finding } from './checklist.engine';

export const FILING = '2026-11-23';

/** The latest version of each shipped procedure, by code (filled by `loadCatalog`). */
export const catalog: Record<string, ProcedureDefinition> = {};
/** Every shipped version, by `code@version`. */
export const versions: Record<string, ProcedureDefinition> = {};

export async function loadCatalog(): Promise<void> {
  const files = (await readCatalogFiles()).sort((a, b) => a.version - b.version);
  for (const file of files) {
    catalog[file.code] = file.definition as ProcedureDefinition;
    versions[`${file.code}@${file.version}`] = file.definition as ProcedureDefinition;
  }
}

let ids = 0;
export function doc(kind: string, overrides: Partial<CheckedDocument> = {}): CheckedDocument {
  return {
    id: `doc-${++ids}`,
    kind,
    status: 'accepted',
    rejectionReason: null,
    rejectionText: null,
    issuedOn: addDays(FILING, -20),
    quantity: 1,
    attributes: {},
    ...overrides,
  };
}

export type InputChanges = {
  dossier?: Partial<ChecklistInput['dossier']>;
  student?: Partial<ChecklistInput['student']>;
  definition?: Partial<ProcedureDefinition>;
};

export function input(
  code: string,
  documents: CheckedDocument[],
  changes: InputChanges = {},
  definition: ProcedureDefinition = catalog[code]!,
): ChecklistInput {
  return {
    definition: { ...definition, ...changes.definition },
    dossier: { channel: definition.channel, filingDate: FILING, prefecture: '35', procedureCase: null, facts: {}, ...changes.dossier },
    student: {
      nationality: 'VN',
      level: 'm2',
      academicYear: '2026-2027',
      institutionMember: true,
      currentPermit: { kind: 'student', validUntil: addDays(FILING, 90) },
      expectedDefenceDate: '2027-06-15',
      internshipEndDate: null,
      ...changes.student,
    },
    documents,
  };
}

/** A RECE dossier as the CMI wants it (seed 000), every document accepted. */
export function receDocuments(): CheckedDocument[] {
  return [
    doc('request-letter', { attributes: { hasMobileNumber: true, hasEmailAddress: true } }),
    doc('passport', { attributes: { allPages: true, validUntil: '2030-01-01' } }),
    doc('residence-permit', { attributes: { validUntil: addDays(FILING, 90) } }),
    doc('electricity-bill', { issuedOn: addDays(FILING, -30) }),
    doc('identity-photo', { quantity: 3 }),
    doc('success-certificate'),
    doc('cerfa-form', { attributes: { signed: true, allPages: true } }),
    doc('student-card'),
    doc('health-insurance'),
    doc('cerpr', { attributes: { signed: true } }),
  ];
}

/** The RECE checklist of a tenant (the housing the documents above prove) on the filing date. */
export function rece(documents = receDocuments(), changes: InputChanges = {}): ChecklistReport {
  return evaluateChecklist(input('rece', documents, { ...changes, dossier: { facts: { housing: 'tenant' }, ...changes.dossier } }));
}

export const without = (documents: CheckedDocument[], kind: string) => documents.filter((d) => d.kind !== kind);
export const replace = (documents: CheckedDocument[], kind: string, ...replacements: CheckedDocument[]) => [...without(documents, kind), ...replacements];
export const codes = (findings: Finding[]) => findings.map((f) => f.code).sort();
export const blocking = (findings: Finding[]) => findings.filter((f) => f.severity === 'blocking');
export const slot = (report: ChecklistReport, code: string) => report.slots.find((s) => s.code === code)!;
