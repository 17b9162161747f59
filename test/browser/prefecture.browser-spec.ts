/// <reference lib="dom" />
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createApi } from '../../src/app.setup';
import { departementName } from '../../src/common/departements';
import { formatAppointment, formatDay } from '../../src/common/people-format';
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
  status: string;
  prefecture: string | null;
  filedAt: string | null;
  decision: string | null;
  cardReadyOn: string | null;
  cardHandedOverOn: string | null;
}

/**
 * The prefecture's leg in headless Chromium, against the production build (dist/web, or
 * WEB_DIR), the real API, PostgreSQL, Redis and a worker, on the demo office: a verified
 * dossier forwarded in a batch after its confirmation, then its summons, the favourable
 * decision, the card ready and handed over — each in the browser, each checked in the API —
 * and the counts under the lists as the API has them. The agent's clock is Paris's.
 * SHOTS_DIR, when set, receives screenshots of the prefecture section and of the transmissions.
 */
jest.setTimeout(120_000);

describe("the prefecture's leg in the agents' web app (Chromium)", () => {
  let world: JobsWorld;
  let app: NestFastifyApplication;
  let api: AgentClient;
  let base: string;
  let browser: Browser;
  let closeBrowser: () => Promise<void>;
  let context: BrowserContext;
  let page: Page;
  let dossier: DossierRow;
  const pageErrors: string[] = [];
  const shots = process.env.SHOTS_DIR;

  const readDossier = async () => (await api.get(`/api/dossiers/${dossier.id}`).expect(200)).body as DossierRow;
  const openDossier = async () => {
    await page.goto(`${base}/#/dossiers/${dossier.id}/show`);
    await page.getByTestId('dossier-reference').filter({ hasText: dossier.reference }).waitFor();
  };
  /** Waits for the page to show the dossier at a version after `seen` (the change made, the page read again). */
  const changedFrom = (seen: string | null) =>
    page.waitForFunction((v) => document.querySelector('[data-testid="dossier-page"]')?.getAttribute('data-version') !== v, seen);
  const version = () => page.getByTestId('dossier-page').getAttribute('data-version');
  const rangeUnderList = () => page.locator('.MuiTablePagination-displayedRows');

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
    const verified = (await api.get('/api/dossiers?status=verified&limit=200').expect(200)).body.items as DossierRow[];
    expect(verified.length).toBeGreaterThan(0);
    dossier = verified[0]!;
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

  it('forwards a verified dossier in a batch only once the agent has confirmed what leaves, to whom and when', async () => {
    const contact = 'Préfecture d’Ille-et-Vilaine — bureau du séjour, Mme Le Goff';
    await page.goto(`${base}/#/transmissions/create`);
    const row = page.locator(`[data-testid="verified-dossiers"] tr[data-reference="${dossier.reference}"]`);
    await row.waitFor();
    // the prefecture by its name, never its number alone
    if (dossier.prefecture) await expectText(row, departementName(dossier.prefecture));
    await row.getByRole('checkbox').check();
    await page.locator('#transmission-contact').fill(contact);
    await page.getByTestId('create-transmission').click();
    const dialog = page.getByTestId('confirm-transmission-dialog');
    await expectText(dialog.getByTestId('confirm-dossiers'), dossier.reference);
    const facts = (await dialog.getByTestId('confirm-facts').textContent()) ?? '';
    expect(facts).toContain(contact);
    expect(facts).toContain(formatDay(today(), 'fr'));
    if (dossier.prefecture) expect(facts).toContain(departementName(dossier.prefecture));
    if (shots) {
      // once the dialog has faded in
      await page.waitForFunction(() => [...document.querySelectorAll('.MuiDialog-container')].every((e) => getComputedStyle(e).opacity === '1'));
      await page.screenshot({ path: join(shots, 'transmission-confirm.png') });
    }
    // cancelled: nothing has left
    await dialog.getByRole('button', { name: 'Annuler' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect((await readDossier()).status).toBe('verified');

    await page.getByTestId('create-transmission').click();
    await page.getByTestId('confirm-transmission').click();
    await page.getByTestId('transmission-page').waitFor();
    await expectText(page.getByTestId('transmission-page'), dossier.reference);
    const forwarded = await readDossier();
    expect(forwarded).toMatchObject({ status: 'forwarded', filedAt: today() });
    await expectText(page.getByTestId('transmission-page'), departementName(forwarded.prefecture));
  });

  it('counts the transmissions as the API has them, and shows no range under an empty list', async () => {
    const all = (await api.get('/api/transmissions?limit=200').expect(200)).body as { items: { prefecture: string }[]; nextCursor: string | null };
    expect(all.nextCursor).toBeNull();
    const total = all.items.length;
    expect(total).toBeGreaterThan(0);
    await page.goto(`${base}/#/transmissions`);
    await eventually(async () => expect(await page.locator('tbody tr').count()).toBe(Math.min(total, 25)));
    // "1-16 sur 16", not a page size; past one page, "sur plus de 25" until the last page, which counts them all
    await expectText(rangeUnderList(), total <= 25 ? `1-${total} sur ${total}` : '1-25 sur plus de 25');
    if (total > 25) {
      await page.getByRole('button', { name: /prochaine page/i }).click();
      await expectText(rangeUnderList(), `26-${Math.min(total, 50)} sur ${total > 50 ? 'plus de 50' : total}`);
    }
    const body = (await page.locator('tbody').textContent()) ?? '';
    expect(body).not.toMatch(/Préfecture \d/);
    expect(body).toContain(departementName(all.items[0]!.prefecture));
    if (shots) await page.screenshot({ path: join(shots, 'transmissions.png') });

    // a search that finds nothing: "Aucun résultat" alone, no "1-25 sur 25" under it
    await page.goto(`${base}/#/institutions?filter=${encodeURIComponent(JSON.stringify({ q: 'zzzz-no-such-school' }))}`);
    await expectText(page.locator('#main-content'), 'Aucun résultat');
    expect(await rangeUnderList().count()).toBe(0);
  });

  it("records the prefecture's summons: a date before the filing is refused in the dialog, then the day and time in words", async () => {
    await openDossier();
    const card = page.getByTestId('prefecture-card');
    await expectText(card.getByTestId('prefecture-decision'), 'En attente');
    await expectText(card, 'Aucune convocation.');
    await page.locator('button[data-step="summons"]').click();
    const dialog = page.getByRole('dialog');
    await dialog.locator('#summons-at').fill(`${addDays(today(), -1)}T09:30`);
    await dialog.locator('#summons-place').fill('Préfecture d’Ille-et-Vilaine, 3 avenue de la Préfecture, Rennes');
    await dialog.getByTestId('save-summons').click();
    await expectText(dialog, 'Au plus tôt le jour du dépôt en préfecture');
    if (shots) await page.screenshot({ path: join(shots, 'summons-dialog.png') });
    expect((await api.get(`/api/dossiers/${dossier.id}/summons`).expect(200)).body).toEqual([]);

    const day = addDays(today(), 12);
    await dialog.locator('#summons-at').fill(`${day}T09:30`);
    const seen = await version();
    await dialog.getByTestId('save-summons').click();
    await dialog.waitFor({ state: 'detached' });
    await changedFrom(seen);
    const summonses = (await api.get(`/api/dossiers/${dossier.id}/summons`).expect(200)).body as { appointmentAt: string; reason: string }[];
    expect(summonses).toHaveLength(1);
    // typed on a Paris clock: 9:30 in Paris that day, whatever the offset (+01:00 or +02:00)
    const written = formatAppointment(summonses[0]!.appointmentAt, 'fr', 'Europe/Paris');
    expect(written).toBe(`${formatAppointment(`${day}T12:00:00Z`, 'fr', 'Europe/Paris').replace(/ à .*$/, '')} à 9 h 30`);
    expect(summonses[0]!.reason).toBe('fingerprints');
    await expectText(card.getByTestId('summonses'), written);
    await expectText(card.getByTestId('summonses'), 'Prise d’empreintes');
    await expectText(card.getByTestId('summonses'), '3 avenue de la Préfecture');
  });

  it('records the favourable decision in words, then the card ready and handed over', async () => {
    await openDossier();
    const card = page.getByTestId('prefecture-card');
    let seen = await version();
    await page.locator('button[data-move="decided"]').click();
    let dialog = page.getByRole('dialog');
    await dialog.getByLabel('Favorable').check();
    if (shots) await page.screenshot({ path: join(shots, 'decision-dialog.png') });
    await page.getByTestId('confirm-move').click();
    await dialog.waitFor({ state: 'detached' });
    await changedFrom(seen);
    expect(await readDossier()).toMatchObject({ status: 'decided', decision: 'favourable' });
    const decision = card.getByTestId('prefecture-decision');
    await expectText(decision, `Favorable, le ${formatDay(today(), 'fr')}`);
    expect(await page.getByTestId('dossier-page').textContent()).not.toMatch(/favourable|· favorable|refus\b/);
    await expectText(card.getByTestId('card-events'), 'Pas encore prête');

    for (const [step, said] of [
      ['ready', 'Prête le'],
      ['handed_over', 'Remise le'],
    ] as const) {
      seen = await version();
      await page.locator(`button[data-step="${step}"]`).click();
      dialog = page.getByRole('dialog');
      await dialog.getByTestId('save-card-event').click();
      await dialog.waitFor({ state: 'detached' });
      await changedFrom(seen);
      await expectText(card.getByTestId('card-events'), `${said} ${formatDay(today(), 'fr')}`);
    }
    expect(await readDossier()).toMatchObject({ cardReadyOn: today(), cardHandedOverOn: today() });
    // the card's steps are done; a summons (to collect it) stays possible
    expect(await page.locator('button[data-step="ready"], button[data-step="handed_over"]').count()).toBe(0);
    await page.locator('button[data-step="summons"]').waitFor();
    await eventually(async () => {
      const timeline = (await api.get(`/api/dossiers/${dossier.id}/timeline`).expect(200)).body as { event: string }[];
      expect(timeline.map((e) => e.event)).toEqual(expect.arrayContaining(['summons', 'decided', 'card_ready', 'card_handed_over']));
    });
    if (shots) {
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: join(shots, 'dossier-prefecture.png') });
      await card.screenshot({ path: join(shots, 'prefecture-card.png') });
    }
  });
});

/** Today at the office (Paris), YYYY-MM-DD. */
function today(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

function addDays(day: string, days: number): string {
  const date = new Date(`${day}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}
