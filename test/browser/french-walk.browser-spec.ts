/// <reference lib="dom" />
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Browser, Page } from 'playwright-core';
import { createApi } from '../../src/app.setup';
import { DEMO_ADMIN } from '../../src/demo/demo-data';
import { demoLogins } from '../../src/demo/demo-logins';
import { seedDemo } from '../../src/demo/demo-seed';
import { anonymous, withToken } from '../support/api';
import { blockingViolations, describeViolations, runAxe, type AxeViolation } from '../support/axe';
import { launchBrowser } from '../support/browser';
import { addScan, readDemoRecords, SCREENS, type Screen, type Walk } from '../support/screens';
import { codePatterns, englishPatterns, findLeaks, readVocabulary, type Leak } from '../support/screens-leaks';
import { readScreen } from '../support/screens-read';
import { addMessages, addStudentDocument, studentCookie } from '../support/student-link';
import { JobsWorld } from '../support/worker';

/** `npm run screenshots` sets it: every screen is written there as <name>.png (a test run writes nothing). */
const SCREENSHOTS = process.env.SCREENSHOTS ? resolve(process.env.SCREENSHOTS) : null;
/** Where the report of the walk is written besides the test's output (WALK_REPORT=/tmp/walk.txt). */
const REPORT = process.env.WALK_REPORT;

interface Checked {
  screen: Screen;
  absent?: boolean;
  error?: string;
  leaks: Leak[];
  violations: AxeViolation[];
  pageErrors: string[];
  /** How long each step took (opening, reading, axe, screenshot), in ms. */
  ms: number[];
}

/**
 * The French walk: logged in with a French browser, every screen and dialog of the agents' app
 * (test/support/screens.ts), on the demo office, against the production build, the real API,
 * PostgreSQL, Redis and a worker. Each must show no English (the phrases the issue met, the
 * app's own English messages that French does not share), no raw code (the API's
 * enumerations, the catalog's codes, bare country and département codes, i18n keys, "(s)",
 * "undefined"…), and no serious or critical axe-core violation. The report lists what was
 * found where.
 */
jest.setTimeout(600_000);

describe('French walk over every screen (Chromium)', () => {
  let world: JobsWorld;
  let app: NestFastifyApplication;
  let browser: Browser;
  let closeBrowser: () => Promise<void>;
  let page: Page;
  let walk: Walk;
  let patterns: ReturnType<typeof englishPatterns>;
  const checked: Checked[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    world = await JobsWorld.create({ MAIL_RETRY_DELAY_MS: '200', WEB_DIR: process.env.WEB_DIR ?? join(__dirname, '../../dist/web') });
    // the office as the demo makes it: without the test agents the template database holds
    await world.sql(`DELETE FROM agents WHERE email LIKE '%@test.passerelle.localhost'`);
    expect(await seedDemo(world.config)).toMatch(/^demo office loaded/);
    const { password } = await demoLogins(world.config);
    await world.startWorker();
    app = await createApi(world.config);
    await app.listen(0, '127.0.0.1');
    const base = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
    const login = await anonymous(app).post('/api/auth/login').send({ email: DEMO_ADMIN.email, password }).expect(200);
    const api = withToken(app, login.body.accessToken);
    patterns = [...englishPatterns(), ...codePatterns(await readVocabulary(app, api))];
    const records = await readDemoRecords(api);
    await addScan(api, records.dossiers.received.id);
    // the student's side, through their link: a thread with a message of each side and a file, a document sent
    const mailDir = world.env.MAIL_OUTBOX_DIR!;
    await addMessages(api, app, await studentCookie(api, app, mailDir, records.dossiers.received.id), records.dossiers.received.id);
    await addStudentDocument(app, await studentCookie(api, app, mailDir, records.dossiers.incomplete.id));
    ({ browser, close: closeBrowser } = await launchBrowser());
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'fr-FR', timezoneId: 'Europe/Paris' });
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    walk = { page, base, records, login: { email: DEMO_ADMIN.email, password } };
    if (SCREENSHOTS) {
      mkdirSync(SCREENSHOTS, { recursive: true });
      for (const file of readdirSync(SCREENSHOTS)) if (file.endsWith('.png')) rmSync(join(SCREENSHOTS, file));
    }
  }, 180_000);

  afterAll(async () => {
    const report = describeWalk(checked);
    process.stdout.write(`\n${report}\n`);
    if (REPORT) writeFileSync(REPORT, report);
    await closeBrowser?.();
    await app?.close();
    await world?.close();
  });

  /** Opens a screen, reads it, runs axe on it, writes its screenshot when asked; returns what fails it. */
  async function check(screen: Screen): Promise<Checked> {
    pageErrors.length = 0;
    const result: Checked = { screen, leaks: [], violations: [], pageErrors, ms: [] };
    checked.push(result);
    let since = Date.now();
    const lap = () => {
      const now = Date.now();
      result.ms.push(now - since);
      since = now;
    };
    try {
      if ((await screen.open(walk)) === false) {
        result.absent = true;
        return result;
      }
      lap();
      result.leaks = findLeaks(await readScreen(page, screen.scope ?? 'body'), patterns);
      lap();
      result.violations = await runAxe(page, screen.scope);
      lap();
      if (SCREENSHOTS) await page.screenshot({ path: join(SCREENSHOTS, `${screen.name}.png`), fullPage: !screen.scope, animations: 'disabled' });
      lap();
    } catch (error) {
      result.error = (error as Error).message.split('\n')[0];
      if (SCREENSHOTS) await page.screenshot({ path: join(SCREENSHOTS, `${screen.name}.png`) }).catch(() => undefined);
    }
    result.pageErrors = [...pageErrors];
    return result;
  }

  /** Logs in through the login page, once (a walk filtered with -t may start anywhere). */
  let loggedIn = false;
  async function logIn(): Promise<void> {
    await page.goto(`${walk.base}/#/login`);
    await page.locator('#login-email').fill(walk.login.email);
    await page.locator('#login-password').fill(walk.login.password);
    await page.locator('form button[type="submit"]').click();
    await page.getByTestId('dashboard').waitFor();
    loggedIn = true;
  }

  /** The screen and every dialog found on it; the test fails on what any of them shows. */
  async function walkThrough(screen: Screen): Promise<void> {
    if (!screen.loggedOut && !loggedIn) await logIn();
    const results = [await check(screen)];
    if (screen.parts && !results[0]!.absent && !results[0]!.error) {
      const parts = await screen.parts(walk);
      for (const part of parts) results.push(await check(part));
    }
    const failures = results.flatMap((r) => [
      ...(r.error ? [`${r.screen.name}: could not be opened: ${r.error}`] : []),
      ...failing(r.leaks).map((l) => `${r.screen.name}: ${l.kind} ${JSON.stringify(l.match)} (${l.pattern}) at ${l.where}`),
      ...describeViolations(blockingViolations(r.violations)).map((v) => `${r.screen.name}: axe ${v}`),
      ...r.pageErrors.map((e) => `${r.screen.name}: error in the page: ${e}`),
    ]);
    expect(failures).toEqual([]);
  }

  for (const screen of SCREENS.filter((s) => s.loggedOut)) it(`${screen.name}: ${screen.title}`, () => walkThrough(screen));

  for (const screen of SCREENS.filter((s) => !s.loggedOut)) it(`${screen.name}: ${screen.title}`, () => walkThrough(screen));
});

/** What fails a screen: English, codes, broken text (French typography is reported only). */
function failing(leaks: Leak[]): Leak[] {
  return leaks.filter((l) => l.kind !== 'typography');
}

/** The walk's findings, grouped by screen; the screens with none are listed at the end. */
function describeWalk(checked: Checked[]): string {
  const lines: string[] = [];
  const clean: string[] = [];
  const absent: string[] = [];
  const distinct = new Map<string, Set<string>>();
  let failed = 0;
  for (const r of checked) {
    if (r.absent) {
      absent.push(`${r.screen.name} (${r.screen.title})`);
      continue;
    }
    const fails = !!r.error || failing(r.leaks).length > 0 || blockingViolations(r.violations).length > 0 || r.pageErrors.length > 0;
    if (fails) failed++;
    if (!fails && !r.leaks.length) {
      const minor = r.violations.map((v) => `${v.impact} ${v.id}`);
      clean.push(r.screen.name + (minor.length ? ` (axe, not failing: ${minor.join(', ')})` : ''));
      continue;
    }
    lines.push(`== ${r.screen.name} — ${r.screen.title}${fails ? '' : ' (typography only)'}  (${r.ms.join(' + ')} ms)`);
    if (r.error) lines.push(`  could not be opened: ${r.error}`);
    for (const l of r.leaks) {
      lines.push(`  ${l.kind.padEnd(10)} ${JSON.stringify(l.match)}  [${l.pattern}]  ${l.where}`);
      const key = `${l.kind} ${JSON.stringify(l.match)}`;
      distinct.set(key, (distinct.get(key) ?? new Set()).add(r.screen.name));
    }
    for (const v of describeViolations(r.violations)) lines.push(`  axe        ${v}`);
    for (const e of r.pageErrors) lines.push(`  error in the page: ${e}`);
    lines.push('');
  }
  return [
    `French walk: ${checked.length} screens and dialogs, ${failed} failing, ${clean.length} clean, ${absent.length} not in the app.`,
    '(english, code, broken and serious/critical axe violations fail a screen; typography and minor/moderate axe are reported only)',
    '',
    'Distinct findings (screens where seen):',
    ...[...distinct.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([k, screens]) => `  ${k}  — ${[...screens].join(', ')}`),
    '',
    ...lines,
    `Clean: ${clean.join('; ') || 'none'}`,
    `Not in the app (yet): ${absent.join('; ') || 'none'}`,
  ].join('\n');
}
