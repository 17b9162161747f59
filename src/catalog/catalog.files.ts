import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';

/**
 * The catalog versions shipped with Passerelle, as YAML files in prisma/catalog
 * (`<code>.v<version>.yaml`). A node written `{ $shared: a.b }` is replaced by the value at
 * `a.b` of `_shared.yaml`; with other keys beside it, the shared object and those keys are
 * merged. So each published definition is self-contained.
 */
export const CATALOG_FOLDER = resolve(__dirname, '..', '..', 'prisma', 'catalog');

export interface CatalogFile {
  file: string;
  code: string;
  version: number;
  effectiveFrom: string;
  note: string | null;
  definition: unknown;
}

export async function readCatalogFiles(folder = CATALOG_FOLDER): Promise<CatalogFile[]> {
  const shared = parse(await readFile(join(folder, '_shared.yaml'), 'utf8')) as Record<string, unknown>;
  const names = (await readdir(folder)).filter((name) => /^[a-z][a-z0-9-]*\.v\d+\.ya?ml$/.test(name)).sort();
  return Promise.all(
    names.map(async (file) => {
      const raw = parse(await readFile(join(folder, file), 'utf8')) as Record<string, unknown>;
      return {
        file,
        code: String(raw.code),
        version: Number(raw.version),
        effectiveFrom: String(raw.effectiveFrom),
        note: typeof raw.note === 'string' ? raw.note : null,
        definition: resolveShared(raw.definition, shared, file),
      };
    }),
  );
}

export function resolveShared(node: unknown, shared: Record<string, unknown>, file: string): unknown {
  if (Array.isArray(node)) return node.map((child) => resolveShared(child, shared, file));
  if (typeof node !== 'object' || node === null) return node;
  const { $shared: path, ...rest } = node as Record<string, unknown>;
  const own = Object.fromEntries(Object.entries(rest).map(([key, value]) => [key, resolveShared(value, shared, file)]));
  if (path === undefined) return own;
  if (typeof path !== 'string') throw new Error(`${file}: $shared must name a path of _shared.yaml`);
  const value = path.split('.').reduce<unknown>((at, key) => (at as Record<string, unknown> | undefined)?.[key], shared);
  if (value === undefined) throw new Error(`${file}: $shared ${path} is not in _shared.yaml`);
  const resolved = resolveShared(structuredClone(value), shared, file);
  if (Object.keys(own).length === 0) return resolved;
  if (typeof resolved !== 'object' || resolved === null || Array.isArray(resolved)) throw new Error(`${file}: $shared ${path} is not an object to merge with`);
  return { ...resolved, ...own };
}
