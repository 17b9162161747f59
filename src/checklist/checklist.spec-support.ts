/**
 * What the engine's specs share: the shipped catalog (the latest version of each procedure, as
 * new dossiers get it), documents as an agent records them, and a dossier input on one filing
 * date. Not a spec itself (specs end in .spec.ts).
 */
import type { ProcedureDefinition } from '../catalog/catalog.model';
import { readCatalogFiles } from '../catalog/catalog.files';
import { addDays } from '../common/dates';
import type { CheckedDocument, ChecklistInput, ChecklistReport, Finding } from './checklist.engine';

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

export const without = (documents: CheckedDocument[], kind: string) => documents.filter((d) => d.kind !== kind);
export const replace = (documents: CheckedDocument[], kind: string, ...replacements: CheckedDocument[]) => [...without(documents, kind), ...replacements];
export const codes = (findings: Finding[]) => findings.map((f) => f.code).sort();
export const blocking = (findings: Finding[]) => findings.filter((f) => f.severity === 'blocking');
export const slot = (report: ChecklistReport, code: string) => report.slots.find((s) => s.code === code)!;
