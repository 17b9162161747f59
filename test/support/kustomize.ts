import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';

/**
 * The part of kustomize that deploy/kubernetes uses (resources, strategic-merge patches, images,
 * namespace), so a test can see what `kubectl apply -k` would apply: no kustomize binary runs
 * where the suite runs and npm has no kustomize in JavaScript. A kustomization using any other
 * field makes `build` throw, rather than be resolved wrongly.
 */
export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  [field: string]: unknown;
}

export interface Kustomization {
  apiVersion?: string;
  kind?: string;
  namespace?: string;
  resources?: string[];
  patches?: { path: string }[];
  images?: { name: string; newName?: string; newTag?: string }[];
}

const APPLIED_FIELDS = ['apiVersion', 'kind', 'namespace', 'resources', 'patches', 'images'];

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const isNamedList = (value: unknown): value is { name: string }[] =>
  Array.isArray(value) && value.every((item) => isObject(item) && typeof item.name === 'string');

/** Every YAML document of a file (a file may hold several, separated by `---`). */
export function readDocuments<T = Manifest>(file: string): T[] {
  return parseAllDocuments(readFileSync(file, 'utf8')).flatMap((document) => {
    if (document.errors.length > 0) throw new Error(`${file}: ${document.errors[0]!.message}`);
    const value = document.toJS() as T | null;
    return value === null ? [] : [value];
  });
}

export function readKustomization(dir: string): Kustomization {
  return readDocuments<Kustomization>(resolve(dir, 'kustomization.yaml'))[0]!;
}

/**
 * A strategic merge as Kubernetes does it for what the overlays patch: maps merge, lists of
 * named items (containers, env, volumes) merge item by item on `name`, other lists are replaced
 * and `null` deletes.
 */
export function strategicMerge(target: unknown, patch: unknown): unknown {
  if (patch === null) return undefined;
  if (isNamedList(patch) && isNamedList(target)) {
    const merged = target.map((item) => {
      const change = patch.find((p) => p.name === item.name);
      return change ? strategicMerge(item, change) : item;
    });
    return [...merged, ...patch.filter((p) => !target.some((t) => t.name === p.name))];
  }
  if (isObject(patch) && isObject(target)) {
    const merged: Json = { ...target };
    for (const [key, value] of Object.entries(patch)) {
      const result = strategicMerge(target[key], value);
      if (result === undefined) delete merged[key];
      else merged[key] = result;
    }
    return merged;
  }
  return patch;
}

/** kustomize's image transformer: `image` of every container and init container, matched by name (tag or digest aside). */
function setImages(node: unknown, images: NonNullable<Kustomization['images']>): void {
  if (Array.isArray(node)) return node.forEach((item) => setImages(item, images));
  if (!isObject(node)) return;
  for (const [key, value] of Object.entries(node)) {
    if ((key === 'containers' || key === 'initContainers') && isNamedList(value)) {
      for (const container of value as { name: string; image?: string }[]) {
        const name = container.image?.split('@')[0]!.replace(/:[^:/]+$/, '');
        const image = images.find((i) => i.name === name);
        if (image) container.image = `${image.newName ?? name}${image.newTag ? `:${image.newTag}` : ''}`;
      }
    }
    setImages(value, images);
  }
}

/** The manifests `kustomize build dir` gives, for the fields above. */
export function build(dir: string): Manifest[] {
  const kustomization = readKustomization(dir);
  const unknown = Object.keys(kustomization).filter((field) => !APPLIED_FIELDS.includes(field));
  if (unknown.length > 0) throw new Error(`${dir}/kustomization.yaml uses ${unknown.join(', ')}, which test/support/kustomize.ts does not apply`);
  const manifests = (kustomization.resources ?? []).flatMap((entry) => {
    const path = resolve(dir, entry);
    return statSync(path).isDirectory() ? build(path) : readDocuments(path);
  });
  for (const { path } of kustomization.patches ?? []) {
    for (const patch of readDocuments(resolve(dir, path))) {
      const index = manifests.findIndex((m) => m.kind === patch.kind && m.metadata.name === patch.metadata.name);
      if (index < 0) throw new Error(`${dir}/${path}: no ${patch.kind} ${patch.metadata.name} to patch`);
      manifests[index] = strategicMerge(manifests[index], patch) as Manifest;
    }
  }
  if (kustomization.images) setImages(manifests, kustomization.images);
  if (kustomization.namespace) for (const manifest of manifests) manifest.metadata.namespace = kustomization.namespace;
  return manifests;
}
