import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createPasserelleClient, PasserelleProblem, unwrap } from '../../client';
import { createApi } from '../../src/app.setup';
import { Clock } from '../../src/common/clock';
import { loadConfig } from '../../src/config/app-config';
import { DEMO_ADMIN } from '../../src/demo/demo-data';
import { demoLogins } from '../../src/demo/demo-logins';
import { seedDemo } from '../../src/demo/demo-seed';
import { patient } from '../support/processes';
import { migratedDatabase } from '../support/scratch-database';

const COLLECTION = resolve(__dirname, '../../bruno');
const BRU = resolve(__dirname, '../../node_modules/@usebruno/cli/bin/bru.js');

interface BruReport {
  summary: { totalRequests: number; passedRequests: number; failedRequests: number; totalTests: number; passedTests: number; failedTests: number };
  results: { test: { filename: string }; response: { status: number }; testResults: { status: string; description: string }[] }[];
}

/** Runs the collection with Bruno's CLI, as a user would from its folder; answers its exit code and JSON report. */
async function runCollection(vars: Record<string, string>): Promise<{ code: number; report: BruReport; output: string }> {
  const folder = await mkdtemp(join(tmpdir(), 'bruno-'));
  const reportFile = join(folder, 'report.json');
  const args = [
    BRU,
    'run',
    '--env',
    'demo',
    '--reporter-json',
    reportFile,
    ...Object.entries(vars).flatMap(([name, value]) => ['--env-var', `${name}=${value}`]),
  ];
  const { code, output } = await new Promise<{ code: number; output: string }>((done) =>
    execFile(process.execPath, args, { cwd: COLLECTION, timeout: patient(30_000) }, (error, stdout, stderr) =>
      done({ code: error ? Number((error as { code?: number }).code ?? 255) : 0, output: `${stdout}${stderr}` }),
    ),
  );
  const raw = JSON.parse(await readFile(reportFile, 'utf8')) as BruReport | BruReport[];
  await rm(folder, { recursive: true, force: true });
  return { code, report: Array.isArray(raw) ? raw[0]! : raw, output };
}

/**
 * The two ways in for integrators, against the demo office that `npm run demo` loads: the Bruno
 * collection in bruno/, run by Bruno's own CLI, and the generated TypeScript client (client/).
 */
describe('the Bruno collection and the TypeScript client, against the demo', () => {
  let database: { url: string; drop: () => Promise<void> };
  let app: NestFastifyApplication;
  let baseUrl: string;
  let password: string;

  beforeAll(async () => {
    database = await migratedDatabase();
    const config = loadConfig({ ...process.env, DATABASE_URL: database.url });
    await seedDemo(config, new Clock(config));
    password = (await demoLogins(config)).password;
    app = await createApi(config);
    await app.listen({ port: 0, host: '127.0.0.1' });
    baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  });
  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  it('runs the whole collection: log in, list, register a student, open a dossier, record a document, ask for the rest', async () => {
    const { code, report, output } = await runCollection({ baseUrl, password });
    const failing = report.results.flatMap((result) =>
      result.testResults.filter((t) => t.status !== 'pass').map((t) => `${result.test.filename} (${result.response.status}): ${t.description}`),
    );
    expect({ code, failing, output: failing.length ? output : '' }).toEqual({ code: 0, failing: [], output: '' });
    expect(report.results.map((result) => [result.test.filename.replace(/\.bru$/, ''), result.response.status])).toEqual([
      ['01 Log in', 200],
      ['02 List dossiers', 200],
      ['03 Choose an institution', 200],
      ['04 Register a student', 201],
      ['05 Open a dossier', 201],
      ['06 Record a document', 201],
      ['07 Read the checklist', 200],
      ['08 Read the dossier', 200],
      ['09 Ask for the missing documents', 201],
      ['10 Read the dossier again', 200],
      ['11 Move the dossier', 200],
      ['12 Read the timeline', 200],
    ]);
    // every request has its checks, and each one passed
    expect(report.results.every((result) => result.testResults.length > 0 && result.testResults.every((t) => t.status === 'pass'))).toBe(true);
    expect(output).not.toMatch(/✗|failed: [1-9]/);
  });

  it("fails as a user would see it when a request is refused: a wrong password stops at the login's check", async () => {
    const { code, report } = await runCollection({ baseUrl, password: `${password}-wrong` });
    expect(code).toBe(1);
    expect(report.results[0]).toMatchObject({ response: { status: 401 } });
    expect(report.results[0]!.testResults.map((t) => t.status)).toEqual(['fail']);
  });

  it('the TypeScript client logs in, lists, opens, moves, and says a refusal as the problem the API sent', async () => {
    const anonymous = createPasserelleClient({ baseUrl });
    const tokens = await unwrap(anonymous.POST('/api/auth/login', { body: { email: DEMO_ADMIN.email, password } }));
    const passerelle = createPasserelleClient({ baseUrl, credentials: () => tokens.accessToken, language: 'fr' });

    const page = await unwrap(passerelle.GET('/api/dossiers', { params: { query: { status: 'received', limit: 3 } } }));
    expect(page.items.length).toBeGreaterThan(0);
    expect(page.items.every((dossier) => dossier.status === 'received')).toBe(true);

    const dossier = page.items[0]!;
    const params = { path: { id: dossier.id }, header: { 'If-Match': `"${dossier.version}"` } };
    const closed = await unwrap(
      passerelle.POST('/api/dossiers/{id}/transitions', {
        params,
        body: { to: 'closed', closeReason: 'withdrawn', reason: "Retrait à la demande de l'étudiant" },
      }),
    );
    expect(closed).toMatchObject({ id: dossier.id, status: 'closed', closeReason: 'withdrawn', version: dossier.version + 1 });

    // the same version again is stale: a 412, carried as the API's problem, said in French
    const stale = await unwrap(passerelle.POST('/api/dossiers/{id}/transitions', { params, body: { to: 'received', reason: 'Erreur' } })).catch(
      (error: unknown) => error,
    );
    expect(stale).toBeInstanceOf(PasserelleProblem);
    expect(stale).toMatchObject({ status: 412, problem: { status: 412, currentVersion: dossier.version + 1 } });
    expect((stale as PasserelleProblem).message).toMatch(/version/i);
  });
});
