/// <reference lib="dom" />
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createApi } from '../../src/app.setup';
import { DEMO_ADMIN } from '../../src/demo/demo-data';
import { demoLogins } from '../../src/demo/demo-logins';
import { seedDemo } from '../../src/demo/demo-seed';
import { anonymous, withToken, type AgentClient } from '../support/api';
import { launchBrowser, logIn } from '../support/browser';
import { createDossier, createStudent } from '../support/factories';
import { expectInside, expectLinesAtMost } from '../support/layout';
import { JobsWorld } from '../support/worker';
import { eventually, expectText } from '../support/eventually';

/** Screenshots to look at, out of the work tree (docs/screenshots is written by `npm run screenshots`). */
const SHOTS = process.env.SHOTS_DIR ?? join(tmpdir(), 'passerelle-shots', 'inbox');
const SIZES = [
  { width: 1280, height: 800 },
  { width: 1440, height: 900 },
] as const;

type Row = { id: string; reference: string; status: string; studentId: string; procedureCode: string; assigneeId: string | null };

/**
 * The inbox and the student page in headless Chromium, against the production build (WEB_DIR,
 * else dist/web), the real API, PostgreSQL, Redis and a worker, on the demo office: ticking
 * dossiers to assign them or to gather them into a transmission, the keyboard, the student's
 * dossiers, and the layout at 1280×800 and 1440×900.
 */
jest.setTimeout(120_000);

describe('inbox and student page (Chromium)', () => {
  let world: JobsWorld;
  let app: NestFastifyApplication;
  let api: AgentClient;
  let base: string;
  let browser: Browser;
  let closeBrowser: () => Promise<void>;
  let context: BrowserContext;
  let page: Page;
  let admin: { id: string; displayName: string };
  const pageErrors: string[] = [];

  const dossiers = async (query: string): Promise<Row[]> => (await api.get(`/api/dossiers?limit=200&${query}`).expect(200)).body.items as Row[];
  const dossier = async (id: string): Promise<Row> => (await api.get(`/api/dossiers/${id}`).expect(200)).body as Row;
  const rowOf = (reference: string) => page.locator('tbody tr').filter({ has: page.locator('td.column-reference', { hasText: reference }) });
  /** The inbox with these filters (react-admin reads them from the URL). */
  const openInbox = async (filter: Record<string, unknown> = {}, displayed: Record<string, boolean> = {}) => {
    await page.goto(
      `${base}/#/dossiers?filter=${encodeURIComponent(JSON.stringify(filter))}&displayedFilters=${encodeURIComponent(JSON.stringify(displayed))}`,
    );
    await page.getByTestId('inbox-views').waitFor();
    await page.locator('tbody tr, [data-testid="inbox-empty"]').first().waitFor();
  };
  const tick = async (references: string[]) => {
    for (const reference of references) await rowOf(reference).getByRole('checkbox').check();
  };
  const shoot = async (name: string) => {
    for (const size of SIZES) {
      await page.setViewportSize(size);
      await page.screenshot({ path: join(SHOTS, `${name}-${size.width}x${size.height}.png`) });
    }
    await page.setViewportSize(SIZES[0]);
  };

  beforeAll(async () => {
    world = await JobsWorld.create({ WEB_DIR: process.env.WEB_DIR ?? join(__dirname, '../../dist/web') });
    expect(await seedDemo(world.config)).toMatch(/^demo office loaded/);
    const password = (await demoLogins(world.config)).password;
    await world.startWorker();
    app = await createApi(world.config);
    await app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
    const login = await anonymous(app).post('/api/auth/login').send({ email: DEMO_ADMIN.email, password }).expect(200);
    api = withToken(app, login.body.accessToken);
    admin = (await api.get('/api/auth/me').expect(200)).body;
    ({ browser, close: closeBrowser } = await launchBrowser());
    context = await browser.newContext({ viewport: SIZES[0], locale: 'fr-FR' });
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    mkdirSync(SHOTS, { recursive: true });
    await logIn(page, base, password);
  }, 120_000);

  afterAll(async () => {
    await closeBrowser?.();
    await app?.close();
    await world?.close();
  });

  afterEach(() => {
    // an uncaught error in the page is a defect, whatever the step
    expect(pageErrors).toEqual([]);
  });

  it('ticks two dossiers and assigns them to oneself, then two others to an agent', async () => {
    const free = (await dossiers('assigneeId=none&status=received&sort=reference')).slice(0, 4);
    expect(free).toHaveLength(4);
    await openInbox({ assigneeId: 'none' }, { assigneeId: true });
    await tick([free[0]!.reference, free[1]!.reference]);
    await page.getByTestId('bulk-assign-me').click();
    await expectText(page.getByTestId('bulk-outcome'), `2 dossiers attribués à ${admin.displayName}.`);
    for (const row of free.slice(0, 2)) expect((await dossier(row.id)).assigneeId).toBe(admin.id);

    const claire = ((await api.get('/api/agents').expect(200)).body as { id: string; displayName: string }[]).find((a) => a.displayName === 'Claire Martin')!;
    await openInbox({ assigneeId: 'none' }, { assigneeId: true });
    await tick([free[2]!.reference, free[3]!.reference]);
    await page.getByTestId('bulk-assign-to').click();
    await page.getByRole('menuitem', { name: 'Claire Martin' }).click();
    await expectText(page.getByTestId('bulk-outcome'), '2 dossiers attribués à Claire Martin.');
    for (const row of free.slice(2, 4)) expect((await dossier(row.id)).assigneeId).toBe(claire.id);
    // the list shows who has them now
    await openInbox({ assigneeId: claire.id }, { assigneeId: true });
    await expectText(rowOf(free[2]!.reference).locator('td.column-assigneeId'), 'Claire Martin');
    await shoot('inbox-assigned');
  });

  it('gathers the verified dossiers ticked into a new transmission, leaving the others aside', async () => {
    const verified = (await dossiers('status=verified&sort=reference')).slice(0, 2);
    const received = (await dossiers('status=received&sort=reference'))[0]!;
    expect(verified).toHaveLength(2);
    await openInbox({});
    for (const row of [...verified, received]) {
      await page.getByPlaceholder(/Nom, référence/).fill(row.reference);
      await eventually(async () => expect(await page.locator('tbody tr').count()).toBe(1));
      await tick([row.reference]);
    }
    await page.getByTestId('bulk-transmission').click();
    await page.waitForURL(/#\/transmissions\/create$/);
    const form = page.getByTestId('verified-dossiers');
    await form.waitFor();
    for (const row of verified) await eventually(async () => expect(await form.locator(`tr[data-reference="${row.reference}"] input`).isChecked()).toBe(true));
    // the others verified are offered, not ticked
    expect(await form.locator('tbody input[type="checkbox"]:checked').count()).toBe(2);
    await expectText(page.locator('body'), `1 dossier non vérifié laissé de côté\u00a0: ${received.reference}.`);
    await shoot('transmission-from-inbox');
  });

  it('reaches a row with Tab, moves with the arrows and opens it with Enter', async () => {
    await openInbox({});
    await page.getByRole('button', { name: 'Tous les dossiers' }).focus();
    for (let presses = 0; presses < 30 && (await page.evaluate(() => document.activeElement?.tagName)) !== 'TR'; presses++) await page.keyboard.press('Tab');
    const first = await page.evaluate(() => document.activeElement?.querySelector('td.column-reference')?.textContent);
    expect(first).toBe(await page.locator('tbody tr td.column-reference').first().textContent());
    await page.keyboard.press('ArrowDown');
    const second = await page.locator('tbody tr td.column-reference').nth(1).textContent();
    expect(await page.evaluate(() => document.activeElement?.querySelector('td.column-reference')?.textContent)).toBe(second);
    await page.keyboard.press('Enter');
    await page.getByTestId('dossier-reference').filter({ hasText: second! }).waitFor();
    expect(page.url()).toMatch(/#\/dossiers\/[0-9a-f-]{36}\/show/);
  });

  it('focuses the search with « / », goes to the inbox with « g i », and lists the shortcuts with « ? »', async () => {
    await page.goto(`${base}/#/`);
    await page.getByTestId('dashboard').waitFor();
    await page.keyboard.press('/');
    const search = page.getByPlaceholder(/Nom, référence/);
    await eventually(async () => expect(await search.evaluate((input) => input === document.activeElement)).toBe(true));
    await page.goto(`${base}/#/students`);
    await page.getByPlaceholder('Rechercher').waitFor();
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('/');
    await eventually(async () => expect(await page.getByPlaceholder('Rechercher').evaluate((input) => input === document.activeElement)).toBe(true));
    // typing in a field is typing, not a shortcut
    await page.keyboard.type('g i');
    expect(page.url()).toMatch(/#\/students/);
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('g');
    await page.keyboard.press('i');
    await page.waitForURL(/#\/dossiers/);
    await page.keyboard.press('?');
    const help = page.getByTestId('shortcuts-help');
    await expectText(help.getByRole('dialog'), 'Raccourcis clavier');
    for (const text of ['Aller à la recherche', 'Aller aux dossiers', 'Ouvrir la ligne']) await expectText(help.getByRole('dialog'), text);
    await shoot('shortcuts-help');
    await page.keyboard.press('Escape');
    await help.getByRole('dialog').waitFor({ state: 'detached' });
  });

  it("lists the student's dossiers on their page and opens a new one for them", async () => {
    const all = await dossiers('sort=reference');
    const byStudent = new Map<string, Row[]>();
    for (const row of all) byStudent.set(row.studentId, [...(byStudent.get(row.studentId) ?? []), row]);
    const [studentId, theirs] = [...byStudent].find(([, rows]) => rows.length >= 2)!;
    await page.goto(`${base}/#/students/${studentId}/show`);
    const list = page.getByTestId('student-dossiers');
    await eventually(async () => expect(await list.locator('tbody tr').count()).toBe(theirs.length));
    for (const row of theirs) {
      const line = list.locator(`tr[data-reference="${row.reference}"]`);
      await expectText(line.locator('[data-status]'), /\p{L}{3,}/u);
      // the status in words, the procedure by its name: no code of the API
      expect(await line.textContent()).not.toContain(row.procedureCode);
      expect(await line.locator('[data-status]').textContent()).not.toBe(row.status);
    }
    await shoot('student-dossiers');

    const procedures = (await api.get('/api/procedures').expect(200)).body as { code: string; names: { fr: string } }[];
    const open = new Set(theirs.filter((d) => !['decided', 'closed'].includes(d.status)).map((d) => d.procedureCode));
    const procedure = procedures.find((p) => !open.has(p.code))!;
    await list.getByTestId('open-dossier-for-student').click();
    await page.waitForURL(/#\/dossiers\/create/);
    const student = (await api.get(`/api/students/${studentId}`).expect(200)).body as { birthName: string; usageName: string | null };
    await eventually(async () => expect(await page.getByRole('combobox', { name: /Étudiant/ }).inputValue()).toContain(student.usageName ?? student.birthName));
    await expectText(page.locator('header'), 'Nouveau dossier');
    await shoot('dossier-create-for-student');
    await page.getByRole('combobox', { name: 'Démarche' }).click();
    await page.getByRole('option', { name: procedure.names.fr }).click();
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.waitForURL(/#\/dossiers\/[0-9a-f-]{36}\/show/);
    const created = await dossiers(`studentId=${studentId}&procedureCode=${procedure.code}`);
    expect(created.filter((d) => !theirs.some((t) => t.id === d.id))).toHaveLength(1);
    await page.goto(`${base}/#/students/${studentId}/show`);
    await eventually(async () => expect(await page.getByTestId('student-dossiers').locator('tbody tr').count()).toBe(theirs.length + 1));
  });

  it('says when a student has no dossier yet, with the button that opens one', async () => {
    const institution = ((await api.get('/api/institutions').expect(200)).body.items as { id: string }[])[0]!;
    const student = await createStudent(api, { institutionId: institution.id, birthName: 'OKONKWO', firstNames: 'Adaeze' });
    await page.goto(`${base}/#/students/${student.id}/show`);
    const empty = page.getByTestId('student-no-dossier');
    await expectText(empty, 'Aucun dossier pour cet(te) étudiant(e)');
    await empty.getByRole('link', { name: 'Ouvrir un dossier' }).click();
    await page.waitForURL(/#\/dossiers\/create/);
    await eventually(async () => expect(await page.getByRole('combobox', { name: /Étudiant/ }).inputValue()).toContain('OKONKWO'));
  });

  it('keeps the columns and the buttons inside the page at 1280×800 and 1440×900 with filters on, names on two lines at most', async () => {
    // a long name, the kind that wrapped onto three lines
    const institution = ((await api.get('/api/institutions').expect(200)).body.items as { id: string }[])[0]!;
    const student = await createStudent(api, {
      institutionId: institution.id,
      birthName: 'RAKOTOARISOA-ANDRIAMANANTENA',
      firstNames: 'Fanomezantsoa Mahefa Tojonirina',
    });
    await createDossier(api, { studentId: student.id });
    await openInbox({ status: ['received', 'incomplete', 'verified', 'forwarded'], procedureCode: 'rece' }, { procedureCode: true, assigneeId: true });
    await rowOf('CMI-').first().waitFor();
    for (const size of SIZES) {
      await page.setViewportSize(size);
      await expectInside(page.locator('thead th', { hasText: 'Attribué à' }), size.width);
      await expectInside(page.getByRole('link', { name: 'Ouvrir un dossier' }).first(), size.width);
      await expectInside(page.getByRole('button', { name: 'Ajouter un filtre' }), size.width);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(size.width);
      await expectLinesAtMost(page.locator('tbody td.column-student'), 2);
    }
    await page.getByPlaceholder(/Nom, référence/).fill('RAKOTOARISOA');
    await eventually(async () => expect(await page.locator('tbody tr').count()).toBe(1));
    for (const size of SIZES) {
      await page.setViewportSize(size);
      await expectLinesAtMost(page.locator('tbody td.column-student'), 2);
      await expectInside(page.locator('thead th', { hasText: 'Attribué à' }), size.width);
    }
    await page.setViewportSize(SIZES[0]);
    await openInbox({ status: ['received', 'incomplete', 'verified', 'forwarded'], procedureCode: 'rece' }, { procedureCode: true, assigneeId: true });
    await shoot('inbox-filtered');
  });

  it('shows every list screen without clipping at both sizes', async () => {
    for (const screen of ['dossiers', 'students', 'transmissions', 'agents', 'institutions', 'procedures']) {
      await page.goto(`${base}/#/${screen}`);
      await page.locator('tbody tr').first().waitFor();
      for (const size of SIZES) {
        await page.setViewportSize(size);
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(size.width);
        for (const header of await page.locator('thead th').all()) await expectInside(header, size.width);
      }
      await shoot(`list-${screen}`);
    }
  });
});
