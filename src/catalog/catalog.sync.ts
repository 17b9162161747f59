import { isDeepStrictEqual } from 'node:util';
import type { Actor } from '../common/actor';
import { fieldText } from '../common/problem-messages';
import { CatalogFile, readCatalogFiles } from './catalog.files';
import { CatalogRepository } from './catalog.repository';
import { checkDefinition } from './catalog.schema';

const CATALOG_FILES_ACTOR: Actor = { agentId: null, label: 'catalog files', role: 'system', institutionIds: null };

export interface CatalogSyncReport {
  published: string[];
  unchanged: string[];
  dossiersAssigned: number;
}

/**
 * Publishes the versions shipped in prisma/catalog that the database does not have yet,
 * then gives dossiers opened before the catalog existed the version in effect when they
 * were received. A shipped version that differs from the one already published is refused:
 * published versions never change, a new one must be numbered after them.
 */
export async function syncCatalog(catalog: CatalogRepository, files?: CatalogFile[]): Promise<CatalogSyncReport> {
  const report: CatalogSyncReport = { published: [], unchanged: [], dossiersAssigned: 0 };
  for (const file of files ?? (await readCatalogFiles())) {
    const name = `${file.code} v${file.version}`;
    const checked = checkDefinition(file.definition);
    const problems = [...checked.problems];
    if (file.code !== (file.definition as { code?: unknown }).code)
      problems.push({ field: 'definition.code', code: 'procedureCodeMismatch', params: { code: file.code } });
    if (problems.length || !checked.definition) {
      throw new Error(`${file.file} cannot be published: ${problems.map((p) => `${p.field} ${fieldText(p, 'en')}`).join('; ')}`);
    }
    const published = await catalog.findVersion(file.code, file.version);
    if (published) {
      if (!isDeepStrictEqual(published.definition, file.definition) || published.effectiveFrom !== file.effectiveFrom) {
        throw new Error(`${file.file} differs from ${name} as published: published versions never change; add the next version instead.`);
      }
      report.unchanged.push(name);
      continue;
    }
    const index = (await catalog.index()).filter((v) => v.code === file.code);
    const last = index[index.length - 1];
    if (last && last.version >= file.version) {
      throw new Error(`${file.file}: ${file.code} already has version ${last.version} (published through the API); number the file after it.`);
    }
    await catalog.publish(
      { code: file.code, effectiveFrom: file.effectiveFrom, note: file.note, definition: checked.definition, number: file.version },
      CATALOG_FILES_ACTOR,
    );
    report.published.push(name);
  }
  report.dossiersAssigned = await catalog.assignMissingVersions();
  return report;
}
