/** A kubernetes-models class: its prototype's `validate` runs the compiled schema on `this`. */
export interface KubernetesModel {
  prototype: { validate(): void };
}

interface Seen {
  path: string;
  target: object;
  /** The keys the validator looked up, present or not. */
  read: Set<string>;
  /** The validator listed the keys: a map whose values it checks (additionalProperties of a type). */
  listed: boolean;
}

/**
 * The keys of `manifest` that its Kubernetes schema does not define, by path
 * (`spec.template.spec.containers[0].livenessProbes`): kubernetes-models' `validate()` accepts
 * them, a cluster validating fields strictly refuses them. By hand because kubernetes-models
 * ships no JSON schema to resolve: its `_schemas/*.js` are ajv's compiled validators, without
 * `$ref`s and without `additionalProperties: false`. So the model's own validator runs on a proxy
 * that records, object by object, what it reads: it looks up every property its schema names
 * (`void 0 === data.name || …`), and lists the keys of a map (labels, annotations, ConfigMap data,
 * Secret stringData, quantities), which is then left alone, as is an object none of whose
 * properties it looks up (a schema without properties). Throws as `validate()` does if the
 * manifest is invalid.
 */
export function unknownFields(Model: KubernetesModel, manifest: object): string[] {
  const seen: Seen[] = [];
  const watch = (target: object, path: string): object => {
    const record: Seen = { path, target, read: new Set(), listed: false };
    seen.push(record);
    const children = new Map<string, object>();
    return new Proxy(target, {
      get(object, key) {
        const value: unknown = Reflect.get(object, key);
        if (typeof key === 'symbol') return value;
        record.read.add(key);
        if (typeof value !== 'object' || value === null) return value;
        if (!children.has(key)) children.set(key, watch(value, Array.isArray(object) ? `${path}[${key}]` : path ? `${path}.${key}` : key));
        return children.get(key);
      },
      ownKeys(object) {
        record.listed = true;
        return Reflect.ownKeys(object);
      },
    });
  };
  Model.prototype.validate.call(watch(manifest, ''));
  return seen
    .filter(({ target, read, listed }) => !Array.isArray(target) && !listed && read.size > 0)
    .flatMap(({ path, target, read }) =>
      Object.keys(target)
        .filter((key) => !read.has(key))
        .map((key) => (path ? `${path}.${key}` : key)),
    );
}
