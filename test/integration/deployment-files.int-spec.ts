import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { AppConfig, loadConfig } from '../../src/config/app-config';

/**
 * No Docker engine runs where this suite runs, so the deployment files are checked by
 * reading them: the compose stack declares every service the app needs, with the
 * variable names of the config class, and the docs list the same variables.
 */
const root = resolve(__dirname, '../..');
const read = (path: string) => readFileSync(resolve(root, path), 'utf8');
const configKeys = Object.keys(new AppConfig())
  .concat('SMTP_URL')
  .filter((k, i, all) => all.indexOf(k) === i)
  .sort();

/** `${VAR:-default}` as compose reads it when VAR is not set. */
function interpolated(environment: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(environment).map(([key, value]) => [key, value.replace(/^\$\{\w+:-(.*)\}$/, '$1')]));
}

interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile: string };
  command?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test?: unknown; disable?: boolean };
  volumes?: string[];
  ports?: string[];
  stop_grace_period?: string;
  profiles?: string[];
  deploy?: { replicas?: number };
  configs?: { source: string; target: string }[];
}

describe('deployment files', () => {
  // `merge`: the scale profile's environment extends the default one with `<<:`, as compose reads it
  const compose = parse(read('docker-compose.yml'), { merge: true }) as {
    services: Record<string, ComposeService>;
    volumes: Record<string, unknown>;
    configs: Record<string, { file: string }>;
  };
  const services = compose.services;

  it('declares api, worker, postgres, redis and a mail catcher, each dependency health-checked', () => {
    expect(Object.keys(services)).toEqual(expect.arrayContaining(['api', 'worker', 'postgres', 'redis', 'mailpit']));
    for (const name of ['postgres', 'redis', 'mailpit']) expect(services[name]!.healthcheck?.test).toEqual(expect.any(Array));
    // the api's health check is the image's own
    expect(services.api!.healthcheck).toBeUndefined();
    expect(read('docker/Dockerfile')).toMatch(/^HEALTHCHECK .*\n\s+CMD .*\/health\/live/m);
    expect(services.api!.depends_on).toMatchObject({ postgres: { condition: 'service_healthy' }, redis: { condition: 'service_healthy' } });
    expect(services.worker!.command).toEqual(['node', 'dist/worker.js']);
    expect(services.worker!.image).toBe(services.api!.image);
    // docker's default 10 s would kill a worker in the middle of an SMTP exchange
    expect(Number.parseInt(services.worker!.stop_grace_period ?? '10s', 10)).toBeGreaterThanOrEqual(60);
  });

  it('keeps data in named volumes', () => {
    const mounted = [...new Set(Object.values(services).flatMap((s) => (s.volumes ?? []).map((v) => v.split(':')[0]!)))];
    expect(mounted.sort()).toEqual(Object.keys(compose.volumes).sort());
    expect(services.api!.volumes).toContain(`document-storage:${services.api!.environment!.STORAGE_DIR}`);
    expect(mounted).toEqual(expect.arrayContaining(['postgres-data', 'redis-data']));
  });

  it('gives the app services only variables the config class knows, pointing at the compose services', () => {
    for (const name of ['api', 'worker', 'demo-seed']) {
      const environment = services[name]!.environment!;
      expect(Object.keys(environment).filter((key) => !configKeys.includes(key))).toEqual([]);
      expect(environment).toMatchObject({
        DATABASE_URL: expect.stringContaining('@postgres:5432/'),
        REDIS_URL: 'redis://redis:6379',
        SMTP_URL: 'smtp://mailpit:1025',
        HOST: '0.0.0.0',
      });
    }
    // the production configuration boots (SMTP required, no test clock)
    // (with the key file secrets-init draws, here a file of this test's)
    const secretFile = join(mkdtempSync(join(tmpdir(), 'passerelle-secret-')), 'auth_token_secret');
    writeFileSync(secretFile, randomBytes(48).toString('base64'));
    const environment = interpolated(services.worker!.environment!);
    expect(environment.AUTH_TOKEN_SECRET_FILE).toBe('/run/secrets/passerelle/auth_token_secret');
    expect(services.worker!.volumes).toContain('app-secrets:/run/secrets/passerelle:ro');
    expect(() => loadConfig({ ...environment, AUTH_TOKEN_SECRET_FILE: secretFile })).not.toThrow();
    // no key is written in the compose file
    expect(read('docker-compose.yml')).not.toMatch(/AUTH_TOKEN_SECRET:/);
    const database = new URL(services.api!.environment!.DATABASE_URL!);
    expect(services.postgres!.environment).toMatchObject({
      POSTGRES_USER: database.username,
      POSTGRES_PASSWORD: database.password,
      POSTGRES_DB: database.pathname.slice(1),
    });
  });

  it('builds a multi-stage, non-root image that migrates then serves', () => {
    const dockerfile = read('docker/Dockerfile');
    expect(dockerfile.match(/^FROM /gm)!.length).toBeGreaterThanOrEqual(2);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/CMD \["sh", "-c", "node dist\/cli\.js db:migrate && exec node --max-old-space-size=\d+ dist\/main\.js"\]/);
    expect(services.api!.build).toEqual({ context: '.', dockerfile: 'docker/Dockerfile' });
    // `npm start` runs the API with the image's Node flags (its heap cap)
    const imageFlags = /exec node (.*?) ?dist\/main\.js/.exec(dockerfile)![1];
    expect((JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts.start).toBe(`node ${imageFlags} dist/main.js`);
  });

  it("builds the agents' web app into the image, where the API serves it", () => {
    const dockerfile = read('docker/Dockerfile');
    const build = dockerfile.slice(dockerfile.indexOf('AS build'), dockerfile.indexOf('AS runtime'));
    // web/ is in the build stage before `npm run build`, which runs the Vite build into dist/web
    expect(build.indexOf('COPY web ./web')).toBeGreaterThan(-1);
    expect(build.indexOf('COPY web ./web')).toBeLessThan(build.indexOf('npm run build'));
    // and the generated client it calls the API through (client/), its schema generated by the build
    expect(build.indexOf('COPY client ./client')).toBeGreaterThan(-1);
    expect(build.indexOf('COPY client ./client')).toBeLessThan(build.indexOf('npm run build'));
    expect(read('.dockerignore').split('\n')).toContain('client/schema.ts');
    expect(JSON.parse(read('package.json')).scripts.build).toContain('npm run build:web');
    expect(dockerfile).toMatch(/COPY --from=build .* \/app\/dist \.\/dist/);
    expect(read('.dockerignore').split('\n')).not.toContain('web');
    // the image's working directory is /app, where WEB_DIR's default (dist/web) points
    expect(dockerfile).toMatch(/^WORKDIR \/app$/m);
  });

  it('runs two API replicas behind nginx, two workers and MinIO in the scale profile, the default stack as it was', () => {
    const scale = Object.keys(services).filter((name) => services[name]!.profiles?.includes('scale'));
    expect(scale.sort()).toEqual(['minio', 'minio-init', 'scale-api', 'scale-proxy', 'scale-worker']);
    for (const name of ['secrets-init', 'postgres', 'redis', 'mailpit', 'api', 'worker', 'demo-seed']) expect(services[name]!.profiles).toBeUndefined();
    const [api, worker, proxy] = ['scale-api', 'scale-worker', 'scale-proxy'].map((name) => services[name]!) as [
      ComposeService,
      ComposeService,
      ComposeService,
    ];
    expect([api.deploy?.replicas, worker.deploy?.replicas]).toEqual([2, 2]);
    expect([api.build, api.image, worker.image, worker.command]).toEqual([
      services.api!.build,
      services.api!.image,
      services.api!.image,
      services.worker!.command,
    ]);
    // two replicas cannot publish one port: only the proxy does
    expect([api.ports, worker.ports, proxy.ports]).toEqual([undefined, undefined, ['8080:80']]);
    expect(proxy.depends_on).toMatchObject({ 'scale-api': { condition: 'service_healthy' } });
    // nginx's configuration sends every request to the scale-api replicas, on the port they listen on
    expect(proxy.configs).toEqual([{ source: 'nginx', target: '/etc/nginx/conf.d/default.conf' }]);
    const nginx = read(compose.configs.nginx!.file);
    const [, upstream, servers] = /^upstream (\w+) \{([^}]*)\}/m.exec(nginx) ?? [];
    expect(servers).toMatch(new RegExp(`^\\s*server scale-api:${api.environment!.PORT} `, 'm'));
    expect(nginx).toMatch(new RegExp(`^\\s*proxy_pass http://${upstream};$`, 'm'));
    expect(nginx).toMatch(/^\s*listen 80;$/m);
    // the replicas share their scans in MinIO's bucket, with its keys, and boot with it
    const minio = services.minio!.environment!;
    const init = services['minio-init']!;
    for (const service of [api, worker]) {
      const environment = interpolated(service.environment!);
      expect(Object.keys(environment).filter((key) => !configKeys.includes(key))).toEqual([]);
      expect(environment).toMatchObject({ S3_ENDPOINT: 'http://minio:9000', S3_FORCE_PATH_STYLE: 'true', S3_REGION: 'us-east-1', TRUST_PROXY: '1' });
      expect([environment.S3_ACCESS_KEY_ID, environment.S3_SECRET_ACCESS_KEY]).toEqual([minio.MINIO_ROOT_USER, minio.MINIO_ROOT_PASSWORD]);
      expect(init.command).toEqual(['mb', '--ignore-existing', `store/${new URL(environment.STORAGE_URL!).host}`]);
      const { AUTH_TOKEN_SECRET_FILE: _file, ...rest } = environment;
      expect(() => loadConfig({ ...rest, AUTH_TOKEN_SECRET: randomBytes(48).toString('base64') })).not.toThrow();
    }
    const store = new URL(init.environment!.MC_HOST_store!);
    expect([store.username, store.password, store.host]).toEqual([
      minio.MINIO_ROOT_USER,
      minio.MINIO_ROOT_PASSWORD,
      new URL(api.environment!.S3_ENDPOINT!).host,
    ]);
    expect(init.depends_on).toMatchObject({ minio: { condition: 'service_healthy' } });
    expect(api.depends_on).toMatchObject({ 'minio-init': { condition: 'service_completed_successfully' }, postgres: { condition: 'service_healthy' } });
    // the workers stop as Kubernetes' do, after their longest job
    const k8sWorker = parseAllDocuments(read('deploy/kubernetes/base/worker.yaml'))[0]!.toJS() as {
      spec: { template: { spec: { terminationGracePeriodSeconds: number } } };
    };
    expect(Number.parseInt(worker.stop_grace_period!, 10)).toBe(k8sWorker.spec.template.spec.terminationGracePeriodSeconds);
  });

  it('lists every configuration variable in .env.example and in the README table', () => {
    const example = read('.env.example')
      .split('\n')
      .map((line) => /^([A-Z][A-Z0-9_]*)=/.exec(line)?.[1])
      .filter(Boolean);
    expect([...example].sort()).toEqual(configKeys);
    const readmeRows = [...read('README.md').matchAll(/^\| `([A-Z][A-Z0-9_]*)` \|/gm)].map((m) => m[1]);
    expect(readmeRows.sort()).toEqual(configKeys);
  });
});
