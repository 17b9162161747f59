import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Secret } from 'kubernetes-models/v1/Secret';
import { Service } from 'kubernetes-models/v1/Service';
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IPodTemplateSpec } from 'kubernetes-models/v1/PodTemplateSpec';
import { AppConfig, loadConfig } from '../../src/config/app-config';
import { parseAllDocuments } from 'yaml';
import { unknownFields } from '../support/kubernetes-fields';
import { build, Manifest, readDocuments, readKustomization } from '../support/kustomize';

/**
 * No cluster (nor kubectl) where this suite runs: the manifests of deploy/kubernetes are checked
 * against the Kubernetes schemas (kubernetes-models), as the base and each overlay resolve, and
 * against what the code says (the config class, the probes, the commands, the jobs' durations).
 */
const root = resolve(__dirname, '../..');
const deployDir = resolve(root, 'deploy/kubernetes');
const read = (path: string) => readFileSync(resolve(root, path), 'utf8');
const configKeys = Object.keys(new AppConfig()).sort();
/** The variables holding a credential: in the Secret, never in the ConfigMap. */
const CREDENTIALS = [
  'DATABASE_URL',
  'DATABASE_DIRECT_URL',
  'REDIS_URL',
  'SMTP_URL',
  'AUTH_TOKEN_SECRET',
  'ADMIN_PASSWORD',
  'S3_ACCESS_KEY_ID',
  'S3_SECRET_ACCESS_KEY',
];
const MODELS = [Deployment, Job, ConfigMap, Secret, Service, HorizontalPodAutoscaler, PodDisruptionBudget];
const MIGRATE = ['node', 'dist/cli.js', 'db:migrate'];
/** kubectl's own kustomize, where there is one, to hold test/support/kustomize.ts to it. */
const kubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status === 0;

const overlays = readdirSync(join(deployDir, 'overlays')).map((name) => `overlays/${name}`);
const yamlFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? yamlFiles(join(dir, entry.name)) : /\.ya?ml$/.test(entry.name) ? [join(dir, entry.name)] : [],
  );

function modelOf(manifest: Manifest) {
  const Model = MODELS.find((M) => M.apiVersion === manifest.apiVersion && M.kind === manifest.kind);
  if (!Model) throw new Error(`${manifest.kind} ${manifest.metadata.name}: no schema known for ${manifest.apiVersion} ${manifest.kind}`);
  return Model;
}
const validate = (manifest: Manifest) => new (modelOf(manifest))(manifest).validate();
/** The fields the schema does not define, which `validate` lets through and a cluster validating fields strictly refuses. */
const strayFields = (manifests: Manifest[]) =>
  manifests.flatMap((manifest) => unknownFields(modelOf(manifest), manifest).map((path) => `${manifest.kind}/${manifest.metadata.name}: ${path}`));
/** Tags that move: with the default IfNotPresent pull policy, nodes would keep running whichever image they pulled first. */
const MOVING_TAGS = ['latest', 'main', 'master', 'develop', 'dev', 'staging', 'stable', 'edge'];

/** A resource quantity in base units (cores, bytes). */
function quantity(value: string | number): number {
  const [, number, unit] = /^([\d.]+)(m|Ki|Mi|Gi|k|M|G)?$/.exec(String(value)) ?? [];
  const scale: Record<string, number> = { m: 1e-3, k: 1e3, M: 1e6, G: 1e9, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30 };
  if (number === undefined) throw new Error(`not a quantity: ${value}`);
  return Number(number) * (unit ? scale[unit]! : 1);
}

/** A benchmark figure (bench/results/latest.json), so that the manifests follow what was measured. */
const measures = (JSON.parse(read('bench/results/latest.json')) as { measures: { key: string; value?: number; unit?: string }[] }).measures;

const selects = (selector: Record<string, string> | undefined, labels: Record<string, string> | undefined) =>
  !!selector && Object.keys(selector).length > 0 && Object.entries(selector).every(([key, value]) => labels?.[key] === value);

describe('kubernetes manifests', () => {
  it('lists, in the kustomizations, every YAML file there is and only files that exist', () => {
    const listed = new Set<string>();
    for (const dir of ['base', ...overlays].map((d) => join(deployDir, d))) {
      const kustomization = readKustomization(dir);
      listed.add(join(dir, 'kustomization.yaml'));
      for (const entry of [...(kustomization.resources ?? []), ...(kustomization.patches ?? []).map((p) => p.path)]) {
        const path = resolve(dir, entry);
        // a directory is a kustomization of its own (the loop reads it as well)
        const file = /\.ya?ml$/.test(path) ? path : join(path, 'kustomization.yaml');
        expect([relative(deployDir, file), existsSync(file)]).toEqual([relative(deployDir, file), true]);
        listed.add(file);
      }
    }
    expect(yamlFiles(deployDir).sort()).toEqual([...listed].sort());
    expect(overlays.length).toBe(2);
  });

  it("validates every resource file's documents against the Kubernetes schemas", () => {
    const base = join(deployDir, 'base');
    const files = (readKustomization(base).resources ?? []).map((entry) => join(base, entry));
    const manifests = files.flatMap((file) => readDocuments(file));
    for (const manifest of manifests) expect(() => validate(manifest)).not.toThrow();
    expect(strayFields(manifests)).toEqual([]);
  });

  describe.each(['base', ...overlays])('%s, resolved as kustomize would', (dir) => {
    const manifests = build(join(deployDir, dir));
    const find = <T>(Model: { kind: string; new (data: never): T }, name: string): T => {
      const found = manifests.find((m) => m.kind === Model.kind && m.metadata.name === name);
      if (!found) throw new Error(`${dir}: no ${Model.kind} ${name}`);
      return new Model(found as never);
    };
    const config = find(ConfigMap, 'passerelle-config').data ?? {};
    const secret = find(Secret, 'passerelle-secrets');
    const api = find(Deployment, 'passerelle-api');
    const worker = find(Deployment, 'passerelle-worker');
    const migrate = find(Job, 'passerelle-migrate');
    const templates: [string, IPodTemplateSpec][] = [api, worker, migrate].map((m) => [m.metadata!.name!, m.spec!.template]);
    const containersOf = (template: IPodTemplateSpec): IContainer[] => [...(template.spec!.initContainers ?? []), ...template.spec!.containers];
    const apiContainer = api.spec!.template.spec!.containers.find((c) => c.name === 'api')!;
    const workerContainer = worker.spec!.template.spec!.containers.find((c) => c.name === 'worker')!;

    (kubectl ? it : it.skip)('resolves as `kubectl kustomize` does', () => {
      const run = spawnSync('kubectl', ['kustomize', join(deployDir, dir)], { encoding: 'utf8' });
      expect(run.stderr).toBe('');
      const key = (m: Manifest) => `${m.kind}/${m.metadata.name}`;
      const sorted = (list: Manifest[]) => [...list].sort((a, b) => key(a).localeCompare(key(b)));
      expect(sorted(manifests)).toEqual(sorted(parseAllDocuments(run.stdout).map((d) => d.toJS() as Manifest)));
    });

    it('is valid against the Kubernetes schemas', () => {
      for (const manifest of manifests) expect(() => validate(manifest)).not.toThrow();
      expect(strayFields(manifests)).toEqual([]);
    });

    it('gives every variable of the config class, once, in the ConfigMap or the Secret, the credentials in the Secret', () => {
      const secretValues = secret.stringData ?? {};
      expect(secret.data).toBeUndefined();
      expect([...Object.keys(config), ...Object.keys(secretValues)].sort()).toEqual(configKeys);
      expect(Object.keys(secretValues).sort()).toEqual([...CREDENTIALS].sort());
      // placeholders only, each marked
      for (const [key, value] of Object.entries(secretValues)) expect([key, value === '' || value.includes('CHANGE-ME')]).toEqual([key, true]);
      // replicas share their scans through an object store, not a folder
      expect(config.STORAGE_URL).toMatch(/^s3:\/\//);
    });

    it('boots once the Secret holds a real key, and refuses the placeholder', () => {
      const environment = { ...config, ...secret.stringData };
      expect(() => loadConfig(environment)).toThrow(/AUTH_TOKEN_SECRET/);
      expect(() => loadConfig({ ...environment, AUTH_TOKEN_SECRET: randomBytes(48).toString('base64') })).not.toThrow();
    });

    it('probes the API: liveness and start-up on /health/live, readiness on /health/ready, on the port it listens on', () => {
      const port = (probe: IContainer['livenessProbe']) => {
        const named = probe?.httpGet?.port;
        return typeof named === 'number' ? named : apiContainer.ports?.find((p) => p.name === named)?.containerPort;
      };
      const listens = Number(config.PORT || new AppConfig().PORT);
      for (const [probe, path] of [
        [apiContainer.startupProbe, '/health/live'],
        [apiContainer.livenessProbe, '/health/live'],
        [apiContainer.readinessProbe, '/health/ready'],
      ] as const) {
        expect([probe?.httpGet?.path, port(probe)]).toEqual([path, listens]);
      }
      // the API runs as `npm start` does (its heap cap); the init container migrated
      expect(apiContainer.command!.join(' ')).toBe((JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts.start);
      const service = find(Service, 'passerelle-api');
      expect(selects(service.spec!.selector, api.spec!.template.metadata!.labels)).toBe(true);
      expect(apiContainer.ports!.map((p) => p.name)).toContain(service.spec!.ports![0]!.targetPort);
    });

    it('migrates in a Job and before every API and worker pod, with the same image', () => {
      expect(migrate.spec!.template.spec!.containers.map((c) => c.command)).toEqual([MIGRATE]);
      expect(migrate.spec!.template.spec!.containers[0]!.image).toBe(apiContainer.image);
      for (const deployment of [api, worker]) {
        const spec = deployment.spec!.template.spec!;
        expect(spec.initContainers?.map((c) => [c.command, c.image])).toEqual([[MIGRATE, spec.containers[0]!.image]]);
      }
    });

    it('runs the worker and gives it longer to stop than its lock and its longest job', () => {
      expect(workerContainer.command).toEqual(['node', 'dist/worker.js']);
      expect(workerContainer.image).toBe(apiContainer.image);
      const grace = worker.spec!.template.spec!.terminationGracePeriodSeconds!;
      const lockSeconds = Number(config.JOB_LOCK_MS || new AppConfig().JOB_LOCK_MS) / 1000;
      // the nightly reconciliation's runs, and the expiry sweep closing thousands of dossiers in one
      const longestJob = Math.max(...measures.filter((m) => /^(reconcile\.|close$)/.test(m.key)).map((m) => m.value!));
      expect(longestJob).toBeGreaterThan(10);
      expect(grace).toBeGreaterThan(lockSeconds);
      expect(grace).toBeGreaterThanOrEqual(2 * longestJob);
    });

    it('gives every container requests and limits, the API at least the memory it was measured to use', () => {
      for (const [name, template] of templates) {
        for (const container of containersOf(template)) {
          const { requests = {}, limits = {} } = container.resources ?? {};
          for (const resource of ['cpu', 'memory']) {
            const [request, limit] = [requests[resource], limits[resource]];
            expect([name, container.name, resource, request !== undefined && limit !== undefined]).toEqual([name, container.name, resource, true]);
            expect(quantity(request!)).toBeLessThanOrEqual(quantity(limit!));
          }
        }
      }
      const rssMb = measures.find((m) => m.key === 'api.memory')!.value!;
      expect(quantity(apiContainer.resources!.requests!.memory!)).toBeGreaterThanOrEqual(rssMb * 1e6);
    });

    it('runs every container as the image user, on a read-only root, with the ConfigMap and the Secret', () => {
      expect(read('docker/Dockerfile')).toMatch(/^USER node$/m);
      for (const [name, template] of templates) {
        const spec = template.spec!;
        expect([name, spec.securityContext]).toMatchObject([name, { runAsNonRoot: true, runAsUser: 1000 }]);
        const emptyDirs = (spec.volumes ?? []).filter((v) => v.emptyDir).map((v) => v.name);
        for (const container of containersOf(template)) {
          expect([container.name, container.securityContext]).toMatchObject([
            container.name,
            { readOnlyRootFilesystem: true, allowPrivilegeEscalation: false },
          ]);
          expect(emptyDirs).toContain(container.volumeMounts?.find((m) => m.mountPath === '/tmp')?.name);
          expect(container.envFrom).toEqual([{ configMapRef: { name: 'passerelle-config' } }, { secretRef: { name: 'passerelle-secrets' } }]);
        }
      }
    });

    it('scales the API Deployment on CPU and keeps API and worker pods through drains', () => {
      const autoscaler = find(HorizontalPodAutoscaler, 'passerelle-api');
      expect(autoscaler.spec!.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: api.metadata!.name });
      expect(autoscaler.spec!.metrics).toContainEqual(
        expect.objectContaining({ resource: expect.objectContaining({ name: 'cpu', target: expect.objectContaining({ type: 'Utilization' }) }) }),
      );
      expect(autoscaler.spec!.minReplicas!).toBeLessThanOrEqual(autoscaler.spec!.maxReplicas);
      // the autoscaler owns the API's replicas: a `replicas` here would undo its choice at each apply
      expect(api.spec!.replicas).toBeUndefined();
      const [apiPods, workerPods] = [api, worker].map((d) => d.spec!.template.metadata!.labels);
      const apiBudget = find(PodDisruptionBudget, 'passerelle-api').spec!.selector!.matchLabels;
      expect([selects(apiBudget, apiPods), selects(apiBudget, workerPods)]).toEqual([true, false]);
      const workerBudget = find(PodDisruptionBudget, 'passerelle-worker').spec!.selector!.matchLabels;
      expect([selects(workerBudget, workerPods), selects(workerBudget, apiPods)]).toEqual([true, false]);
      for (const deployment of [api, worker]) expect(selects(deployment.spec!.selector.matchLabels, deployment.spec!.template.metadata!.labels)).toBe(true);
    });

    if (dir !== 'base') {
      it('runs a named release of the image in its own namespace', () => {
        expect(new Set(manifests.map((m) => m.metadata.namespace)).size).toBe(1);
        expect(manifests[0]!.metadata.namespace).toEqual(expect.any(String));
        for (const [, template] of templates) {
          for (const container of containersOf(template)) {
            expect(container.image).toMatch(/^[\w.-]+(:\d+)?\/[\w./-]+:[\w.-]+$/);
            expect(MOVING_TAGS).not.toContain(container.image!.split(':').pop()!.toLowerCase());
          }
        }
      });
    }
  });
});
