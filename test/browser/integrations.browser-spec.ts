/// <reference lib="dom" />
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createApi } from '../../src/app.setup';
import { DEMO_ADMIN, DEMO_AGENTS } from '../../src/demo/demo-data';
import { demoLogins } from '../../src/demo/demo-logins';
import { seedDemo } from '../../src/demo/demo-seed';
import { anonymous, withToken, type AgentClient } from '../support/api';
import { expectAccessible } from '../support/axe';
import { launchBrowser, logIn } from '../support/browser';
import { eventually, expectAttribute, expectText } from '../support/eventually';
import { createDossier } from '../support/factories';
import { WebhookReceiver } from '../support/webhook-receiver';
import { JobsWorld } from '../support/worker';

/** docs/screenshots when `npm run screenshots` runs (SCREENSHOTS), else a folder out of the work tree. */
const SHOTS = process.env.SCREENSHOTS ? resolve(process.env.SCREENSHOTS) : join(tmpdir(), 'passerelle-shots', 'integrations');
const WIDTH = 1280;
/** What must never show to an admin: the API's codes for events, statuses and roles. */
const RAW_CODES = /dossier\.(opened|closed|status_changed)|complement\.requested|email\.failed|\b(paused|delivered|failed|pending|supervisor|admin)\b/;

/**
 * The admins' integrations in headless Chromium, against the production build (WEB_DIR, else
 * dist/web), the real API, PostgreSQL, Redis, a worker and a webhook receiver on 127.0.0.1
 * (allowed by WEBHOOK_ALLOWED_HOSTS, as in the webhooks integration spec): a key created, shown
 * once, used by a script, revoked; a subscription created, its secret shown once, paused,
 * resumed, a failed delivery sent again; and no « Intégrations » for an agent.
 */
jest.setTimeout(180_000);

describe('integrations: API keys and webhooks (Chromium)', () => {
  let receiver: WebhookReceiver;
  let world: JobsWorld;
  let app: NestFastifyApplication;
  let api: AgentClient;
  let base: string;
  let password: string;
  let browser: Browser;
  let closeBrowser: () => Promise<void>;
  let context: BrowserContext;
  let page: Page;
  const pageErrors: string[] = [];

  /** The screen passes axe-core (no serious or critical violation), then is written as <name>.png. */
  const shoot = async (name: string, scope?: string) => {
    await expectAccessible(page, name, scope);
    await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true, animations: 'disabled' });
  };
  /** Nothing wider than the window (no horizontal scroll: nothing cut off at its right). */
  const expectNoOverflow = async () => expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(WIDTH);
  const expectNoRawCode = async () => expect((await page.locator('#main-content').innerText()).replace(/https?:\/\/\S+/g, '')).not.toMatch(RAW_CODES);
  const asScript = (key: string) => fetch(`${base}/api/dossiers?limit=1`, { headers: { authorization: `Bearer ${key}`, accept: 'application/json' } });

  beforeAll(async () => {
    receiver = await WebhookReceiver.start();
    world = await JobsWorld.create({
      WEB_DIR: process.env.WEB_DIR ?? join(__dirname, '../../dist/web'),
      WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
      WEBHOOK_TIMEOUT_MS: '1000',
      WEBHOOK_RETRY_DELAYS_MS: '200',
    });
    expect(await seedDemo(world.config)).toMatch(/^demo office loaded/);
    password = (await demoLogins(world.config)).password;
    await world.startWorker();
    app = await createApi(world.config);
    await app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
    const login = await anonymous(app).post('/api/auth/login').send({ email: DEMO_ADMIN.email, password }).expect(200);
    api = withToken(app, login.body.accessToken);
    ({ browser, close: closeBrowser } = await launchBrowser());
    context = await browser.newContext({ viewport: { width: WIDTH, height: 800 }, locale: 'fr-FR', timezoneId: 'Europe/Paris' });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    mkdirSync(SHOTS, { recursive: true });
    await logIn(page, base, password);
  }, 180_000);

  afterAll(async () => {
    await closeBrowser?.();
    await app?.close();
    await world?.close();
    await receiver?.down();
  });

  afterEach(() => {
    // an uncaught error in the page is a defect, whatever the step
    expect(pageErrors).toEqual([]);
  });

  it('creates a key shown once, which a script uses until it is revoked in the list', async () => {
    await page.getByRole('menuitem', { name: 'Intégrations' }).click();
    await page.getByRole('tab', { name: 'Clés d’API' }).waitFor();
    await page.getByTestId('create-key').click();
    await page.getByLabel('Nom').fill('Export SIS nocturne');
    await page.getByLabel('Établissements').waitFor();
    // the role and the expiry keep their defaults: an agent's rights, for a year
    await page.getByRole('button', { name: 'Enregistrer' }).click();

    const dialog = page.getByTestId('shown-once');
    await expectText(dialog, /Copiez cette clé maintenant\u00a0: elle ne sera plus affichée/);
    const key = (await dialog.getByTestId('created-key').textContent())!;
    expect(key).toMatch(/^psk_[0-9a-f]{12}_\S{20,}$/);
    await expectText(dialog, `Authorization: Bearer ${key}`);
    await dialog.getByRole('button', { name: 'Copier' }).click();
    await eventually(async () => expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(key));
    await shoot('integrations-key-created', '[role="dialog"]');

    await dialog.getByTestId('shown-once-done').click();
    const row = page.locator('tbody tr', { hasText: 'Export SIS nocturne' });
    await expectText(row, key.split('_').slice(0, 2).join('_'));
    await expectText(row, 'Tout le bureau');
    await expectText(row, 'Admin CMI');
    await expectAttribute(row.locator('[data-state]'), 'data-state', 'active');
    // the key itself is nowhere on the page any more: only its prefix
    expect(await page.content()).not.toContain(key);
    await expectNoOverflow();
    await expectNoRawCode();
    await shoot('integrations-keys');

    // the script's request with the key shown: the dossiers it may read
    const allowed = await asScript(key);
    expect(allowed.status).toBe(200);
    expect(((await allowed.json()) as { items: unknown[] }).items).toHaveLength(1);

    await row.getByTestId('revoke-key').click();
    const confirm = page.getByTestId('confirm-dialog');
    await expectText(confirm, /Révoquer la clé «\u00a0Export SIS nocturne\u00a0»/);
    await confirm.getByTestId('confirm-action').click();
    await expectAttribute(row.locator('[data-state]'), 'data-state', 'revoked');
    await expectText(row, 'Révoquée');
    expect(await row.getByTestId('revoke-key').count()).toBe(0);
    expect((await asScript(key)).status).toBe(401);
  });

  it('subscribes the receiver, shows its secret once, pauses and resumes it, and sends a failed delivery again', async () => {
    await page.getByTestId('tab-webhooks').click();
    await page.getByTestId('create-webhook').click();
    await expectText(page.locator('#main-content'), 'HTTPS obligatoire');
    // an address in plain http outside the allowed hosts: refused, said under the field and above the form
    await page.getByLabel('Adresse de réception').fill('http://si.univ-exemple.fr/hook');
    await page.getByLabel('Dossier ouvert').check();
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await expectAttribute(page.getByTestId('problem'), 'data-status', '400');
    await expectText(page.getByTestId('problem-fields'), 'Adresse de réception');
    const url = page.getByLabel('Adresse de réception');
    await expectAttribute(url, 'aria-invalid', 'true');
    const under = page.locator(`[id="${await url.getAttribute('aria-describedby')}"]`);
    await eventually(async () => expect(await under.textContent()).not.toContain('HTTPS obligatoire'));
    await page.getByLabel('Adresse de réception').fill(receiver.url);
    await page.getByLabel('Description').fill('Système d’information de l’université');
    await page.getByLabel('Établissements').waitFor();
    await page.getByLabel('Dossier clos').check();
    await expectNoOverflow();
    await page.getByRole('button', { name: 'Enregistrer' }).click();

    const dialog = page.getByTestId('shown-once');
    await expectText(dialog, /Copiez ce secret maintenant\u00a0: il ne sera plus affiché/);
    const secret = (await dialog.getByTestId('webhook-secret').textContent())!;
    expect(secret).toMatch(/^whsec_\S{20,}$/);
    await dialog.getByTestId('shown-once-done').click();

    const show = page.getByTestId('webhook-page');
    await expectAttribute(show, 'data-status', 'active');
    expect(await page.content()).not.toContain(secret);
    await expectText(show, 'Dossier ouvert, Dossier clos');
    await expectText(show, 'Tous les établissements');
    const subscriptionId = /#\/webhooks\/([^/]+)\/show/.exec(page.url())![1]!;

    // a dossier opened is delivered; one opened while the receiver fails is failed for good after its retry
    await createDossier(api);
    await eventually(async () => expect(receiver.received).toHaveLength(1), 20_000);
    receiver.mode = { answer: 500 };
    await createDossier(api);
    await page.reload();
    const deliveries = page.getByTestId('deliveries');
    await eventually(async () => {
      await page.getByTestId('webhook-page').waitFor();
      const failed = deliveries.locator('tr[data-status="failed"]');
      if (!(await failed.count())) {
        await page.reload();
        throw new Error('no failed delivery yet');
      }
    }, 30_000);
    await expectText(deliveries.locator('tr[data-status="failed"]'), /Dossier ouvert.*Échec.*2.*HTTP 500.*Renvoyer/);
    await expectText(deliveries.locator('tr[data-status="delivered"]'), /Dossier ouvert.*Remis.*1.*HTTP 200/);
    await expectNoOverflow();
    await expectNoRawCode();
    await shoot('integrations-webhook');

    await page.getByTestId('pause-webhook').click();
    await expectAttribute(show, 'data-status', 'paused');
    await expectText(page.getByTestId('webhook-state'), 'En pause');
    expect((await api.get(`/api/webhooks/${subscriptionId}`).expect(200)).body.status).toBe('paused');
    await page.getByTestId('resume-webhook').click();
    await expectAttribute(show, 'data-status', 'active');
    expect((await api.get(`/api/webhooks/${subscriptionId}`).expect(200)).body.status).toBe('active');

    receiver.mode = { answer: 200 };
    await deliveries.getByTestId('retry-delivery').click();
    await eventually(async () => expect(receiver.received.filter((r) => r.answered === 200)).toHaveLength(2), 20_000);
    await eventually(async () => {
      await page.reload();
      await page.getByTestId('deliveries').waitFor();
      expect(await deliveries.locator('tr[data-status="failed"]').count()).toBe(0);
    }, 20_000);

    await page.getByRole('menuitem', { name: 'Intégrations' }).click();
    await page.getByTestId('tab-webhooks').click();
    const row = page.locator('tbody tr', { hasText: receiver.url });
    await expectText(row, 'Dossier ouvert, Dossier clos');
    await expectText(row, 'Actif');
    await expectText(row, 'Remis');
    await expectNoOverflow();
    await expectNoRawCode();
    await shoot('integrations-webhooks');
  });

  it('shows no « Intégrations » to an agent', async () => {
    const agentContext = await browser.newContext({ viewport: { width: WIDTH, height: 800 }, locale: 'fr-FR' });
    const agentPage = await agentContext.newPage();
    try {
      await logIn(agentPage, base, password, DEMO_AGENTS[0]!.email);
      await agentPage.getByRole('menuitem', { name: 'Dossiers' }).waitFor();
      expect(await agentPage.getByRole('menuitem', { name: 'Intégrations' }).count()).toBe(0);
      expect(await agentPage.getByRole('menuitem', { name: 'Agents' }).count()).toBe(0);
    } finally {
      await agentContext.close();
    }
  });
});
