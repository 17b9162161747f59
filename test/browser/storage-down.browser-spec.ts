/// <reference lib="dom" />
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Browser, Locator, Page } from 'playwright-core';
import { createApi } from '../../src/app.setup';
import { DEMO_ADMIN } from '../../src/demo/demo-data';
import { demoLogins } from '../../src/demo/demo-logins';
import { seedDemo } from '../../src/demo/demo-seed';
import { anonymous, withToken, type AgentClient } from '../support/api';
import { launchBrowser, logIn } from '../support/browser';
import { createDossier, createStudent } from '../support/factories';
import { pdf } from '../support/files';
import { S3Server } from '../support/s3-server';
import { JobsWorld } from '../support/worker';
import { eventually, expectAttribute, expectText } from '../support/eventually';

/** docs/screenshots when `npm run screenshots` runs (SCREENSHOTS), else a folder out of the work tree. */
const SHOTS = process.env.SCREENSHOTS ? resolve(process.env.SCREENSHOTS) : join(tmpdir(), 'passerelle-shots', 'storage-down');

/** The sentence of `server.storage-unavailable` in French, as the catalog says it (a space that does not break before « ; »). */
const STORE_DOWN_FR = 'Le stockage des documents ne répond pas pour le moment\u00a0; rien n’a été enregistré. Réessayez dans un instant.';
/** What must never show in the French dialog: the API's English, the raw code. */
const NOT_FOR_AGENTS = /cannot be reached|nothing was recorded|Try again|storage-unavailable|\(503\)/;

/**
 * An upload while the scan store (S3, here s3rver in the test process) does not answer, in
 * headless Chromium against the production build (WEB_DIR, else dist/web) and the real API and
 * PostgreSQL: the agent reads why in French in the dialog, which keeps the file; nothing is
 * recorded; once the store is back, sending again records the document.
 */
jest.setTimeout(120_000);

describe('an upload while the scan store is down (Chromium)', () => {
  let s3: S3Server;
  let world: JobsWorld;
  let app: NestFastifyApplication;
  let api: AgentClient;
  let base: string;
  let browser: Browser;
  let closeBrowser: () => Promise<void>;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    s3 = await S3Server.start();
    world = await JobsWorld.create({ ...s3.env(), WEB_DIR: process.env.WEB_DIR ?? join(__dirname, '../../dist/web') });
    expect(await seedDemo(world.config)).toMatch(/^demo office loaded/);
    const password = (await demoLogins(world.config)).password;
    app = await createApi(world.config);
    await app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
    const login = await anonymous(app).post('/api/auth/login').send({ email: DEMO_ADMIN.email, password }).expect(200);
    api = withToken(app, login.body.accessToken);

    ({ browser, close: closeBrowser } = await launchBrowser());
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'fr-FR' });
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    mkdirSync(SHOTS, { recursive: true });
    await logIn(page, base, password);
  }, 120_000);

  afterAll(async () => {
    await closeBrowser?.();
    await app?.close();
    await world?.close();
    await s3?.close();
  });

  it('says in French in the dialog that nothing was recorded, keeps the file, and records it once the store is back', async () => {
    const student = await createStudent(api, { birthName: 'OKONKWO', firstNames: 'Chidi', preferredLanguage: 'fr' });
    const dossier = await createDossier(api, { studentId: student.id, procedureCode: 'student-extension' });
    const documents = async () => (await api.get(`/api/dossiers/${dossier.id}/documents`).expect(200)).body as { files: { originalName: string }[] }[];
    const rows = async () => (await world.sql<{ n: number }>('SELECT count(*)::int AS n FROM dossier_documents WHERE dossier_id = $1', [dossier.id]))[0]!.n;
    const keysBefore = (await s3.keys()).length;

    await page.goto(`${base}/#/dossiers/${dossier.id}/show`);
    await page.getByTestId('dossier-reference').filter({ hasText: dossier.reference }).waitFor();
    await page
      .getByRole('button', { name: /^Ajouter une pièce/ })
      .first()
      .click();
    const dialog = page.getByRole('dialog');
    await dialog.locator('#record-files').setInputFiles({ name: 'carte-etudiant.pdf', mimeType: 'application/pdf', buffer: pdf(40_000) });
    await expectText(dialog.getByTestId('chosen-file'), 'carte-etudiant.pdf');

    await s3.stop();
    await dialog.getByRole('button', { name: 'Enregistrer la pièce' }).click();
    const problem = dialog.getByTestId('problem');
    await expectAttribute(problem, 'data-status', '503');
    expect(await problem.getAttribute('data-code')).toBe('server.storage-unavailable');
    await eventually(async () => expect(await problem.getByTestId('problem-text').textContent()).toBe(STORE_DOWN_FR));
    // said whole, in the agent's words: no English, no code (nor « Erreur (503) »), in sight inside the dialog
    expect(await problem.locator('.MuiAlertTitle-root').textContent()).toBe('Service momentanément indisponible');
    expect(await dialog.textContent()).not.toMatch(NOT_FOR_AGENTS);
    await problem.scrollIntoViewIfNeeded();
    await expectInView(problem.getByTestId('problem-text'), dialog.locator('.MuiDialogContent-root'));
    // the dialog stays open with the file, to send again
    expect(await dialog.isVisible()).toBe(true);
    await expectText(dialog.getByTestId('chosen-file'), 'carte-etudiant.pdf');
    await page.screenshot({ path: join(SHOTS, 'upload-store-down.png') });
    expect(await rows()).toBe(0);
    expect(await documents()).toEqual([]);

    await s3.resume();
    expect((await s3.keys()).length).toBe(keysBefore);
    await dialog.getByRole('button', { name: 'Enregistrer la pièce' }).click();
    await dialog.waitFor({ state: 'detached' });
    await eventually(async () => expect((await documents()).flatMap((d) => d.files.map((f) => f.originalName))).toEqual(['carte-etudiant.pdf']));
    expect(await rows()).toBe(1);
    expect((await s3.keys()).length).toBe(keysBefore + 1);
    expect(pageErrors).toEqual([]);
  });
});

/** The element is painted whole inside the scrolling box (not cut by its edges). */
async function expectInView(element: Locator, box: Locator): Promise<void> {
  const [inner, outer] = await Promise.all([element.boundingBox(), box.boundingBox()]);
  expect(inner && outer).toBeTruthy();
  expect(inner!.y).toBeGreaterThanOrEqual(outer!.y);
  expect(inner!.y + inner!.height).toBeLessThanOrEqual(outer!.y + outer!.height);
  expect(inner!.x + inner!.width).toBeLessThanOrEqual(outer!.x + outer!.width);
}
