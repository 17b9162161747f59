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
import { eventually, expectText } from '../support/eventually';

interface DossierRow {
  id: string;
  reference: string;
  procedureCode: string;
  procedureVersion: number | null;
}

/**
 * Internal notes and a timeline that names things, in headless Chromium, against the production
 * build (dist/web, or WEB_DIR), the real API, PostgreSQL, Redis and a worker, on the demo office:
 * an agent adds a note on the dossier page — said to be for agents only — and finds it in the
 * card and in the timeline, with nothing sent to the student; the timeline names the document
 * accepted and the one rejected, with the reason, in words. SHOTS_DIR, when set, receives the
 * dossier page at 1280×800.
 */
jest.setTimeout(120_000);

describe('internal notes and the timeline in the agents web app (Chromium)', () => {
  let world: JobsWorld;
  let app: NestFastifyApplication;
  let api: AgentClient;
  let base: string;
  let browser: Browser;
  let closeBrowser: () => Promise<void>;
  let context: BrowserContext;
  let page: Page;
  let dossier: DossierRow;
  let kindNames: Record<string, { names: { fr: string } }>;
  const pageErrors: string[] = [];
  const shots = process.env.SHOTS_DIR;

  /**
   * What could reach the student: the dossier's outbox messages and its e-mails — once the worker
   * has relayed every message written so far, so the count moves only with a new one.
   */
  const studentBound = async () => {
    await eventually(async () => {
      const [unrelayed] = await world.sql<{ n: string }>('SELECT count(*)::text AS n FROM outbox WHERE dossier_id = $1 AND relayed_at IS NULL', [dossier.id]);
      expect(unrelayed!.n).toBe('0');
    }, 30_000);
    return {
      outbox: (await world.sql<{ n: string }>('SELECT count(*)::text AS n FROM outbox WHERE dossier_id = $1', [dossier.id]))[0]!.n,
      emails: (await api.get(`/api/dossiers/${dossier.id}/notifications`).expect(200)).body.length as number,
    };
  };
  const timelineEntry = (event: string, text?: RegExp) => {
    const entries = page.getByTestId('timeline').locator(`[data-event="${event}"]`);
    return text ? entries.filter({ hasText: text }) : entries;
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

    // a RECE dossier just received: a passport accepted, a health insurance certificate rejected as expired
    const received = (await api.get('/api/dossiers?status=received&procedureCode=rece&limit=200').expect(200)).body.items as DossierRow[];
    expect(received.length).toBeGreaterThan(0);
    dossier = received[0]!;
    const procedure = await api.get(`/api/procedures/${dossier.procedureCode}?version=${dossier.procedureVersion}`).expect(200);
    kindNames = procedure.body.definition.documentKinds;
    const passport = await api.post(`/api/dossiers/${dossier.id}/documents`, { kind: 'passport', attributes: { allPages: true } }).expect(201);
    await api.patch(`/api/dossiers/${dossier.id}/documents/${passport.body.id}`, { status: 'accepted' }).expect(200);
    const insurance = await api.post(`/api/dossiers/${dossier.id}/documents`, { kind: 'health-insurance' }).expect(201);
    await api
      .patch(`/api/dossiers/${dossier.id}/documents/${insurance.body.id}`, {
        status: 'rejected',
        rejectionReason: 'expired',
        rejectionText: 'Fin de validité en octobre',
      })
      .expect(200);
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

  it('adds an internal note in the browser, marked for agents only: it shows in the card and the timeline, and nothing goes to the student', async () => {
    await page.goto(`${base}/#/dossiers/${dossier.id}/show`);
    await page.getByTestId('dossier-reference').filter({ hasText: dossier.reference }).waitFor();
    const card = page.getByTestId('notes-card');
    await expectText(card.getByRole('heading', { name: 'Notes internes' }), 'Notes internes');
    await expectText(card, "Visibles des agents seulement, jamais envoyées à l'étudiant(e).");
    const before = await studentBound();

    // an empty note is not sent
    await card.getByRole('button', { name: 'Ajouter la note' }).click();
    await expectText(card, 'Ce champ est requis');
    expect((await api.get(`/api/dossiers/${dossier.id}/notes`).expect(200)).body).toEqual([]);

    const text = "Appel de l'étudiante : l'attestation d'assurance renouvelée arrive par courrier la semaine prochaine.";
    await card.locator('#note-body').fill(text);
    await card.getByRole('button', { name: 'Ajouter la note' }).click();
    await expectText(card.getByTestId('note'), text);
    await expectText(card.getByTestId('note'), DEMO_ADMIN.displayName);
    // the field is empty again, for the next note
    await eventually(async () => expect(await card.locator('#note-body').inputValue()).toBe(''));

    const entry = timelineEntry('note');
    await expectText(entry, text);
    await expectText(entry, 'Note interne');
    await expectText(entry, 'Agents seulement');

    const notes = (await api.get(`/api/dossiers/${dossier.id}/notes`).expect(200)).body as { body: string; author: { name: string } }[];
    expect(notes).toEqual([expect.objectContaining({ body: text, author: expect.objectContaining({ name: DEMO_ADMIN.displayName }) })]);
    expect(await studentBound()).toEqual(before);
  });

  it('names in the timeline the document accepted, the one rejected and why, in words', async () => {
    const passport = kindNames.passport!.names.fr;
    const insurance = kindNames['health-insurance']!.names.fr;
    await expectText(timelineEntry('document_accepted'), new RegExp(`Pièce validée\\s:\\s${escape(passport)}`));
    const rejected = timelineEntry('document_rejected');
    await expectText(rejected, new RegExp(`Pièce refusée\\s:\\s${escape(insurance)}`));
    await expectText(rejected, /Motif\s:\sdocument périmé — «\s?Fin de validité en octobre\s?»/);
    await expectText(timelineEntry('document_recorded', new RegExp(escape(passport))), /Pièce reçue\s:\s/);
    // the dossier's opening says its status in words, not a code
    await expectText(timelineEntry('opened'), /Statut\s:\sReçu/);
    const timeline = (await page.getByTestId('timeline').textContent()) ?? '';
    expect(timeline).not.toMatch(/\b(passport|health-insurance|expired|received|seed|system)\b/);
    if (shots) {
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: join(shots, 'dossier-notes.png') });
      await page.getByTestId('notes-card').screenshot({ path: join(shots, 'notes-card.png') });
      await page
        .getByTestId('timeline')
        .locator('..')
        .screenshot({ path: join(shots, 'timeline.png') });
    }
  });
});

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
