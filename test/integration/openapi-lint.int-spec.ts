import { execFile } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { patient } from '../support/processes';

const ROOT = resolve(__dirname, '../..');
const bin = (path: string) => join(ROOT, 'node_modules', path);

function run(args: string[], timeout = patient(120_000)): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) =>
    execFile(process.execPath, args, { cwd: ROOT, timeout, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, NO_COLOR: '1' } }, (error, stdout, stderr) =>
      done({ code: error ? Number((error as { code?: number }).code ?? 255) : 0, stdout, stderr }),
    ),
  );
}

/**
 * The OpenAPI document as `node dist/cli.js openapi` prints it (built the way `npm run api:types`
 * builds it), linted by Redocly's and Spectral's own CLIs under their recommended rules with the
 * repository's redocly.yaml and .spectral.yaml: not one error, not one warning.
 */
describe('the OpenAPI document, linted by Redocly and Spectral', () => {
  const build = join(ROOT, '.api-build', `lint-${process.pid}`);
  const document = join(build, 'openapi.json');

  beforeAll(async () => {
    await rm(build, { recursive: true, force: true });
    await mkdir(build, { recursive: true });
    const swc = await run([bin('@swc/cli/bin/swc.js'), 'src', '-d', build, '--strip-leading-paths', '--quiet']);
    expect(swc.stderr).toBe('');
    const printed = await run([join(build, 'cli.js'), 'openapi']);
    expect(printed.code).toBe(0);
    await writeFile(document, printed.stdout);
  }, patient(180_000));
  afterAll(() => rm(build, { recursive: true, force: true }));

  it('passes Redocly (recommended) with 0 errors and 0 warnings', async () => {
    const lint = await run([bin('@redocly/cli/bin/cli.js'), 'lint', document, '--format=json']);
    const report = JSON.parse(lint.stdout) as { totals: { errors: number; warnings: number }; problems: { ruleId: string; message: string }[] };
    expect(report.problems.map((p) => `${p.ruleId}: ${p.message}`)).toEqual([]);
    expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
    expect(lint.code).toBe(0);
  });

  it('passes Spectral (spectral:oas) with 0 errors and 0 warnings', async () => {
    const lint = await run([bin('@stoplight/spectral-cli/dist/index.js'), 'lint', document, '--format', 'json', '--quiet', '--fail-severity', 'hint']);
    const findings = JSON.parse(lint.stdout || '[]') as { code: string; severity: number; path: string[]; message: string }[];
    expect(findings.map((f) => `${f.code} ${f.path.join('.')}: ${f.message}`)).toEqual([]);
    expect(lint.code).toBe(0);
  });
});
