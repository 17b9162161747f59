/// <reference lib="dom" />
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createApi } from '../../src/app.setup';
import { DEMO_ADMIN } from '../../src/demo/demo-data';
import { demoLogins } from '../../src/demo/demo-logins';
import { seedDemo } from '../../src/demo/demo-seed';
import { anonymous, withToken, type AgentClient } from '../support/api';
import { launchBrowser, logIn } from '../support/browser';
import { JobsWorld } from '../support/worker';
import { expectAttribute, expectText } from '../support/eventually';

interface DossierRow {
  id: string;
  reference: string;
  status: string;
  procedureCode: string;
  studentId: string;
  student: { birthName: string; usageName: string | null; firstNames: string };
}

/**
 * The API's refusals as the agent reads them, in headless Chromium against the production build
 * (dist/web, or WEB_DIR), the real API, PostgreSQL, Redis and a worker, on the demo office: said
 * in the interface's language from their code and params — never the API's English in a French
 * screen —, kept in the page with a link to the dossier they name, each bad field under its
 * input. SHOTS_DIR, when set, receives the screens at 1280×800.
 */
jest.setTimeout(120_000);

/** English the API would say, which must never show in the French interface. */
const ENGLISH = /already has|cannot be|accepted:|is a [A-Z]+ file|must be|is required|refers to|Invalid request/;

describe('problems in the agent’s language (Chromium)', () => {
  let world: JobsWorld;
  let app: NestFastifyApplication;
  let api: AgentClient;
  let base: string;
  let browser: Browser;
  let closeBrowser: () => Promise<void>;
  let context: BrowserContext;
  let page: Page;
  let open: DossierRow;
  const pageErrors: string[] = [];
  const shots = process.env.SHOTS_DIR;

  /** Opens a dossier for the student of `open` under its procedure, through the create form. */
  const openSecondDossier = async (studentLabel: string, procedureLabel: string) => {
    await page.goto(`${base}/#/dossiers/create`);
    const student = page.getByRole('combobox', { name: studentLabel });
    await student.fill(open.student.birthName);
    await page
      .getByRole('option', { name: new RegExp(open.student.birthName, 'i') })
      .first()
      .click();
    await page.getByRole('combobox', { name: procedureLabel }).click();
    const names = (await api.get(`/api/procedures/${open.procedureCode}`).expect(200)).body.definition.names as { fr: string; en: string };
    await page.getByRole('option', { name: procedureLabel === 'Démarche' ? names.fr : names.en }).click();
    // the same student may have look-alikes: the option picked must be this one
    await page.getByRole('button', { name: /^(Enregistrer|Save)$/ }).click();
  };

  beforeAll(async () => {
    world = await JobsWorld.create({ MAIL_RETRY_DELAY_MS: '200', WEB_DIR: process.env.WEB_DIR ?? join(__dirname, '../../dist/web') });
    expect(await seedDemo(world.config)).toMatch(/^demo office loaded/);
    const password = (await demoLogins(world.config)).password;
    await world.startWorker();
    app = await createApi(world.config);
    await app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
    const login = await anonymous(app).post('/api/auth/login').send({ email: DEMO_ADMIN.email, password }).expect(200);
    api = withToken(app, login.body.accessToken);
    ({ browser, close: closeBrowser } = await launchBrowser());
    context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'fr-FR', timezoneId: 'Europe/Paris' });
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    if (shots) mkdirSync(shots, { recursive: true });
    await logIn(page, base, password);

    // a student with one open dossier, and no look-alike of the same birth name
    const received = (await api.get('/api/dossiers?status=received&limit=200').expect(200)).body.items as DossierRow[];
    const students = (await api.get('/api/students?limit=200').expect(200)).body.items as { birthName: string }[];
    open = received.find((d) => students.filter((s) => s.birthName === d.student.birthName).length === 1)!;
    expect(open).toBeDefined();
  }, 120_000);

  afterAll(async () => {
    await closeBrowser?.();
    await app?.close();
    await world?.close();
  });

  afterEach(() => {
    expect(pageErrors).toEqual([]);
  });

  it('keeps a refused new dossier (409) in the form, in French, with a link to the dossier already open', async () => {
    await openSecondDossier('Étudiant(e)', 'Démarche');
    const problem = page.getByTestId('problem');
    await expectAttribute(problem, 'data-code', 'dossier.open-exists');
    await expectText(problem.getByTestId('problem-text'), `L’étudiant(e) a déjà le dossier ${open.reference} ouvert pour cette démarche.`);
    await expectText(problem, 'Dossier déjà ouvert');
    expect(await problem.textContent()).not.toMatch(ENGLISH);
    if (shots) await page.screenshot({ path: join(shots, 'dossier-create-409-fr.png') });
    // it stays in the form, not in a notification that vanishes
    expect(await page.locator('form [data-testid="problem"]').count()).toBe(1);
    expect(await page.locator('.MuiSnackbar-root').count()).toBe(0);
    await problem.getByTestId('problem-link').click();
    await page.waitForURL(new RegExp(`#/dossiers/${open.id}/show`));
    await page.getByTestId('dossier-reference').filter({ hasText: open.reference }).waitFor();
  });

  it('says an upload refused (415) in French: « virus.pdf est un fichier EXE ; acceptés : … »', async () => {
    await page.goto(`${base}/#/dossiers/${open.id}/show`);
    await page.getByTestId('dossier-reference').filter({ hasText: open.reference }).waitFor();
    await page
      .getByRole('button', { name: /^Ajouter une pièce/ })
      .first()
      .click();
    const dialog = page.getByRole('dialog');
    await dialog
      .locator('#record-files')
      .setInputFiles({ name: 'virus.pdf', mimeType: 'application/pdf', buffer: Buffer.from('MZ this is a program, not a PDF') });
    await dialog.getByRole('button', { name: 'Enregistrer la pièce' }).click();
    const problem = dialog.getByTestId('problem');
    await expectAttribute(problem, 'data-code', 'documents.file-type-refused');
    await expectText(
      problem.getByTestId('problem-text'),
      /^virus\.pdf est un fichier EXE\u00a0; acceptés\u00a0: (PDF|JPEG|PNG)(, (PDF|JPEG|PNG|BMP|TIFF|WebP|HEIC))*\.$/,
    );
    expect(await problem.textContent()).not.toMatch(ENGLISH);
    if (shots) await page.screenshot({ path: join(shots, 'upload-415-fr.png') });
    await dialog.getByRole('button', { name: 'Annuler' }).click();
  });

  it('shows the fields a form got wrong under their inputs, in French (a student number already used)', async () => {
    const taken = (await api.get(`/api/students/${open.studentId}`).expect(200)).body as { studentNumber: string; institutionId: string };
    await page.goto(`${base}/#/students/${open.studentId}`);
    const number = page.getByLabel('Numéro étudiant');
    await number.waitFor();
    // another student of the same institution takes the number
    const others = (await api.get(`/api/students?institutionId=${taken.institutionId}&limit=200`).expect(200)).body.items as {
      id: string;
      studentNumber: string;
    }[];
    const other = others.find((s) => s.id !== open.studentId)!;
    await page.goto(`${base}/#/students/${other.id}`);
    await number.waitFor();
    await number.fill(taken.studentNumber);
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await expectText(page.locator('.MuiFormHelperText-root.Mui-error'), 'Est déjà utilisé par un(e) autre étudiant(e) de cet établissement');
    await number.scrollIntoViewIfNeeded();
    expect(await page.locator('main').textContent()).not.toMatch(ENGLISH);
    if (shots) await page.screenshot({ path: join(shots, 'student-field-error-fr.png') });
  });

  it('says the same refusal in English once the agent switches the interface to English', async () => {
    await page.evaluate(() => localStorage.setItem('RaStore.locale', JSON.stringify('en')));
    await page.goto(`${base}/#/`);
    await page.reload();
    await page.getByTestId('dashboard').waitFor();
    await openSecondDossier('Student', 'Procedure');
    const problem = page.getByTestId('problem');
    await expectText(problem.getByTestId('problem-text'), `The student already has dossier ${open.reference} open for this procedure.`);
    await expectText(problem.getByTestId('problem-link'), `Open dossier ${open.reference}`);
    if (shots) await page.screenshot({ path: join(shots, 'dossier-create-409-en.png') });
    await page.evaluate(() => localStorage.setItem('RaStore.locale', JSON.stringify('fr')));
  });
});
