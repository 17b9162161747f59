/// <reference lib="dom" />
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createApi } from '../../src/app.setup';
import { SessionCache } from '../../src/auth/auth.sessions';
import { DEMO_ADMIN } from '../../src/demo/demo-data';
import { demoLogins } from '../../src/demo/demo-logins';
import { seedDemo } from '../../src/demo/demo-seed';
import { anonymous, withToken, type AgentClient } from '../support/api';
import { launchBrowser } from '../support/browser';
import { demoDossier } from '../support/demo-roles';
import { TestClock } from '../support/test-clock';
import { JobsWorld } from '../support/worker';
import { eventually, expectAttribute, expectText } from '../support/eventually';

interface Finding {
  code: string;
  severity: string;
  slot?: string;
  message: { fr: string; en: string };
}

/**
 * The agents' web app in headless Chromium, against the production build (dist/web), the real
 * API, PostgreSQL, Redis and a worker, on the demo office: an agent's day, click by click.
 */
jest.setTimeout(120_000);

describe('agents web app (Chromium)', () => {
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
  /** The day the demo was loaded on: its dossiers are found by the role they play that day (never by a reference). */
  let demoToday: string;
  const referenceOf = async (role: Parameters<typeof demoDossier>[1]) => (await demoDossier(api, role, demoToday)).reference;

  const dossierByReference = async (reference: string) => {
    const found = await api.get(`/api/dossiers?q=${encodeURIComponent(reference)}`).expect(200);
    const dossier = found.body.items.find((d: { reference: string }) => d.reference === reference);
    expect(dossier).toBeDefined();
    return dossier as { id: string; version: number; status: string; studentId: string };
  };
  const blockingFindings = async (id: string): Promise<Finding[]> =>
    (await api.get(`/api/dossiers/${id}/checklist`).expect(200)).body.findings.filter((f: Finding) => f.severity === 'blocking');
  const openInbox = async () => {
    await page.goto(`${base}/#/dossiers`);
    await page.getByPlaceholder(/Nom, référence|Name, reference/).waitFor();
  };
  const openDossierFromSearch = async (reference: string) => {
    await openInbox();
    await page.getByPlaceholder(/Nom, référence|Name, reference/).fill(reference);
    // the search applies as the agent types: wait for the list to hold that dossier only
    await eventually(async () => {
      expect(await page.locator('tbody tr').count()).toBe(1);
      expect(await page.locator('tbody tr').first().textContent()).toContain(reference);
    });
    await page.locator('tbody tr').first().click();
    await page.getByTestId('dossier-reference').filter({ hasText: reference }).waitFor();
  };
  const dossierStatus = () => page.getByTestId('dossier-page').getAttribute('data-status');

  beforeAll(async () => {
    world = await JobsWorld.create({ MAIL_RETRY_DELAY_MS: '200', WEB_DIR: process.env.WEB_DIR ?? join(__dirname, '../../dist/web') });
    const seedClock = new TestClock(world.config).freeze();
    demoToday = seedClock.today();
    expect(await seedDemo(world.config, seedClock)).toMatch(/^demo office loaded/);
    password = (await demoLogins(world.config)).password;
    await world.startWorker();
    app = await createApi(world.config);
    await app.listen(0, '127.0.0.1');
    const address = app.getHttpServer().address() as { port: number };
    base = `http://127.0.0.1:${address.port}`;
    const login = await anonymous(app).post('/api/auth/login').send({ email: DEMO_ADMIN.email, password }).expect(200);
    api = withToken(app, login.body.accessToken);
    ({ browser, close: closeBrowser } = await launchBrowser());
    context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'fr-FR' });
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
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

  it('serves the app at / with its JavaScript gzipped and cached for good', async () => {
    const index = await anonymous(app).get('/').expect(200);
    expect(index.headers['content-type']).toMatch(/^text\/html/);
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(index.text)?.[1];
    expect(script).toBeDefined();
    const asset = await anonymous(app).get(script!).set('accept-encoding', 'gzip').expect(200);
    expect(asset.headers['content-encoding']).toBe('gzip');
    expect(asset.headers['cache-control']).toContain('immutable');
    await anonymous(app)
      .get('/assets/nothing-here.js')
      .expect(404)
      .expect('content-type', /problem\+json/);
  });

  it('refuses a wrong password with a clear message in the page, then logs in', async () => {
    await page.goto(`${base}/`);
    await page.locator('#login-email').fill(DEMO_ADMIN.email);
    await page.locator('#login-password').fill('not the password');
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await expectText(page.getByTestId('login-error'), 'E-mail ou mot de passe incorrect.');
    await page.locator('#login-password').fill(password);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.getByTestId('dashboard').waitFor();
    await page.getByTestId('count-received').waitFor();
    const counts = (await api.get('/api/dashboard').expect(200)).body.countsByStatus;
    expect(await page.getByTestId('count-received').textContent()).toBe(String(counts.received));
  });

  it('finds a demo dossier by reference, records its missing documents, and verifies it', async () => {
    const reference = await referenceOf('rece-missing-documents');
    const dossier = await dossierByReference(reference);
    const missing = (await blockingFindings(dossier.id)).filter((f) => f.code === 'document.missing').map((f) => f.slot!);
    expect(missing.length).toBeGreaterThan(0);
    await openDossierFromSearch(reference);
    expect(await dossierStatus()).toBe('received');
    await expectText(page.getByTestId('current-permit'), /valable jusqu/);
    let uploaded = false;
    for (const slot of missing) {
      const row = page.locator(`tr[data-slot="${slot}"]`);
      // a slot may want several documents (a host's attestation and ID): record until it has what it needs
      for (let attempt = 0; attempt < 4 && ['missing', 'incomplete'].includes((await row.getAttribute('data-state')) ?? ''); attempt++) {
        await row.getByRole('button', { name: /^Ajouter une pièce/ }).click();
        const dialog = page.getByRole('dialog');
        await dialog.locator('#record-issued-on').fill(daysAgo(10));
        for (const label of ['Signée', 'Toutes les pages', 'Datée']) await dialog.getByLabel(label).check();
        // offered only where the slot asks for them (the RECE request letter)
        for (const label of ['Numéro de mobile indiqué', 'Adresse e-mail indiquée'])
          if (await dialog.getByLabel(label).count()) await dialog.getByLabel(label).check();
        if (await dialog.locator('#record-valid-until').count()) await dialog.locator('#record-valid-until').fill(daysAgo(-400));
        if (await dialog.locator('#record-ephoto').count()) await dialog.locator('#record-ephoto').fill('1PMTVR13');
        if (!uploaded) {
          await dialog.locator('#record-files').setInputFiles({ name: 'scan.pdf', mimeType: 'application/pdf', buffer: tinyPdf() });
          await expectText(dialog.getByTestId('chosen-file'), 'scan.pdf');
          uploaded = true;
        }
        const version = await page.getByTestId('dossier-page').getAttribute('data-version');
        await dialog.getByRole('button', { name: 'Enregistrer la pièce' }).click();
        await dialog.waitFor({ state: 'detached' });
        await page.waitForFunction((v) => document.querySelector('[data-testid="dossier-page"]')?.getAttribute('data-version') !== v, version);
      }
      expect(await row.getAttribute('data-state')).toBe('to_review');
      // the agent's verdict on what just arrived
      const received = row.locator('[data-document][data-status="received"]');
      for (let left = await received.count(); left > 0; left--) {
        await received.first().getByRole('button', { name: 'Accepter' }).click();
        await eventually(async () => expect(await received.count()).toBe(left - 1));
      }
      expect(await row.getAttribute('data-state')).toBe('satisfied');
    }
    await expectAttribute(page.getByTestId('checklist-complete'), 'data-complete', 'true');
    // "complete" is what the student will be told: every document received before is reviewed too
    const unreviewed = page.locator('[data-document][data-status="received"]');
    for (let left = await unreviewed.count(); left > 0; left--) {
      await unreviewed.first().getByRole('button', { name: 'Accepter' }).click();
      await eventually(async () => expect(await unreviewed.count()).toBe(left - 1));
    }
    await page.locator('button[data-move="verified"]:enabled').waitFor();
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.locator('button[data-move="verified"]').click();
    await page.getByTestId('confirm-move').click();
    await expectAttribute(page.getByTestId('dossier-page'), 'data-status', 'verified');
    expect((await api.get(`/api/dossiers/${dossier.id}`).expect(200)).body.status).toBe('verified');
    const documents = (await api.get(`/api/dossiers/${dossier.id}/documents`).expect(200)).body as { files: { originalName: string }[] }[];
    expect(documents.flatMap((d) => d.files.map((f) => f.originalName))).toContain('scan.pdf');
    await expectText(page.getByTestId('timeline'), 'Dossier vérifié');
  });

  it('shows an upload the ANEF channel refuses (415) clearly, and stores nothing', async () => {
    const researcher = await demoDossier(api, 'talent-researcher-anef-missing-cerpr', demoToday);
    expect(researcher.channel).toBe('anef');
    const dossier = await dossierByReference(researcher.reference);
    const before = (await api.get(`/api/dossiers/${dossier.id}/documents`).expect(200)).body.length;
    await openDossierFromSearch(researcher.reference);
    await page
      .locator('tr[data-slot="cerpr"]')
      .getByRole('button', { name: /^Ajouter une pièce/ })
      .click();
    const dialog = page.getByRole('dialog');
    await dialog
      .locator('#record-files')
      .setInputFiles({ name: 'cerpr.pdf', mimeType: 'application/pdf', buffer: Buffer.from('MZ this is a program, not a PDF') });
    await dialog.getByRole('button', { name: 'Enregistrer la pièce' }).click();
    const problem = dialog.getByTestId('problem');
    await expectAttribute(problem, 'data-status', '415');
    await expectText(problem, 'Type de fichier non accepté');
    await dialog.getByRole('button', { name: 'Annuler' }).click();
    expect((await api.get(`/api/dossiers/${dossier.id}/documents`).expect(200)).body.length).toBe(before);
  });

  it("explains a stale version (412) and reloads the dossier; then requests a complement after previewing the student's e-mail", async () => {
    const reference = await referenceOf('rece-missing-health-insurance');
    const dossier = await dossierByReference(reference);
    const missing = (await blockingFindings(dossier.id)).filter((f) => f.slot);
    expect(missing.length).toBeGreaterThan(0);
    const student = (await api.get(`/api/students/${dossier.studentId}`).expect(200)).body as { preferredLanguage: 'fr' | 'en'; email: string };
    await openDossierFromSearch(reference);
    const seen = Number(await page.getByTestId('dossier-page').getAttribute('data-version'));
    // another agent changes the dossier meanwhile
    const admin = (await api.get('/api/auth/me').expect(200)).body;
    await api.put(`/api/dossiers/${dossier.id}/assignee`, { agentId: admin.id }).set('if-match', `"${seen}"`).expect(200);

    await page.locator('button[data-move="complement_requested"]').click();
    const preview = page.getByTestId('complement-preview');
    await preview.waitFor();
    const text = (await page.getByTestId('preview-text').textContent()) ?? '';
    // each item as the student is asked for it, in their language (what the API's own preview lists)
    const items = (await api.post(`/api/dossiers/${dossier.id}/complement-requests/preview`, {}).expect(200)).body.items as {
      what: { fr: string; en: string };
    }[];
    expect(items.length).toBeGreaterThan(0);
    for (const item of items) expect(text).toContain(item.what[student.preferredLanguage]);
    expect(await preview.textContent()).toContain(student.email);
    await page.locator('#complement-message').fill('Merci de joindre une attestation à jour.');
    await page.waitForFunction(() => document.querySelector('[data-testid="preview-text"]')?.textContent?.includes('attestation à jour'));
    await page.getByTestId('send-complement').click();
    await expectText(page.getByTestId('stale-alert'), "modifié par quelqu'un d'autre");
    await expectAttribute(page.getByTestId('dossier-page'), 'data-version', String(seen + 1));
    expect(await dossierStatus()).toBe('received');
    expect((await api.get(`/api/dossiers/${dossier.id}/complement-requests`).expect(200)).body).toEqual([]);

    await page.locator('button[data-move="complement_requested"]').click();
    await page.getByTestId('complement-preview').waitFor();
    await page.getByTestId('send-complement').click();
    await expectAttribute(page.getByTestId('dossier-page'), 'data-status', 'incomplete');
    const requests = (await api.get(`/api/dossiers/${dossier.id}/complement-requests`).expect(200)).body;
    expect(requests).toHaveLength(1);
    // the worker sends the e-mail; the page lists it among the dossier's e-mails
    await eventually(async () => {
      const notifications = (await api.get(`/api/dossiers/${dossier.id}/notifications`).expect(200)).body as { template: string; status: string }[];
      expect(notifications.find((n) => n.template === 'complement_requested')?.status).toBe('sent');
    });
    await page.reload();
    await page.getByTestId('emails-tab').click();
    await page.locator('[data-testid="emails"] [data-template="complement_requested"][data-status="sent"]').waitFor();
  });

  it('lists the inbox with its saved views, and pages by cursor', async () => {
    await openInbox();
    await page.getByRole('button', { name: 'Vérifiés, prêts à transmettre' }).click();
    await page.waitForFunction(() => [...document.querySelectorAll('tbody tr [data-status]')].every((chip) => chip.getAttribute('data-status') === 'verified'));
    const verified = (await api.get('/api/dossiers?status=verified&limit=200').expect(200)).body.items.length;
    await eventually(async () => expect(await page.locator('tbody tr').count()).toBe(verified));
    await page.getByRole('button', { name: 'Tous les dossiers' }).click();
    await eventually(async () => expect(await page.locator('tbody tr').count()).toBe(25));
    const firstPage = await page.locator('tbody tr td.column-reference').allTextContents();
    await page.getByRole('button', { name: /prochaine page|next page/i }).click();
    await eventually(async () => expect(await page.locator('tbody tr td.column-reference').first().textContent()).not.toBe(firstPage[0]));
    const secondPage = await page.locator('tbody tr td.column-reference').allTextContents();
    expect(secondPage.filter((reference) => firstPage.includes(reference))).toEqual([]);
  });

  it('forwards a batch of verified dossiers and opens its slip', async () => {
    // the dossier verified above
    const reference = await referenceOf('rece-missing-documents');
    await page.goto(`${base}/#/transmissions/create`);
    const row = page.locator(`[data-testid="verified-dossiers"] tr[data-reference="${reference}"]`);
    await row.waitFor();
    await row.getByRole('checkbox').check();
    await page.locator('#transmission-contact').fill('Préfecture d’Ille-et-Vilaine — bureau du séjour');
    await page.getByTestId('create-transmission').click();
    await page.getByTestId('confirm-transmission').click();
    await page.getByTestId('transmission-page').waitFor();
    await expectText(page.getByTestId('transmission-page'), reference);
    const [slip] = await Promise.all([page.waitForEvent('popup'), page.getByTestId('open-slip').click()]);
    await slip.waitForLoadState();
    await expectText(slip.locator('body'), reference);
    // a page of its own: a one-time link of the API (not a blob: of the app), cut from the app, with an opaque origin
    expect(slip.url()).toMatch(new RegExp(`^${base}/api/transmissions/slips/[A-Za-z0-9_-]{43}$`));
    expect(await slip.evaluate(() => window.opener)).toBeNull();
    expect(
      await slip.evaluate(() => {
        try {
          return String(window.localStorage.length);
        } catch {
          return 'denied';
        }
      }),
    ).toBe('denied');
    expect((await fetch(slip.url())).status).toBe(404);
    await slip.close();
    expect((await dossierByReference(reference)).status).toBe('forwarded');
  });

  it('registers a student with the form, leaving the optional address and permit empty', async () => {
    await page.goto(`${base}/#/students/create`);
    const chooseOption = async (label: string, option: string | RegExp) => {
      await page.getByRole('combobox', { name: label }).click();
      await page.getByRole('option', { name: option }).first().click();
    };
    await chooseOption('Établissement', /Rennes/);
    await page.getByLabel('Numéro étudiant').fill('B2026001');
    await page.getByLabel('Nom de naissance').fill('OKAFOR');
    await page.getByLabel('Prénoms').fill('Chidi');
    await chooseOption('Sexe', 'Homme');
    await page.getByLabel('Date de naissance').fill('1999-04-12');
    // a country is picked by its name, kept as its code
    const chooseCountry = async (label: string, name: string) => {
      await page.getByRole('combobox', { name: label }).fill(name);
      await page.getByRole('option', { name }).first().click();
    };
    await chooseCountry('Pays de naissance', 'Nigeria');
    await chooseCountry('Nationalité', 'Nigeria');
    await page.getByLabel('E-mail').fill('chidi.okafor@example.org');
    await chooseOption('Niveau', 'Master 2');
    await page.getByLabel('Année universitaire').fill('2026-2027');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.waitForURL(/#\/students\/[0-9a-f-]{36}\/show/);
    const found = (await api.get('/api/students?q=OKAFOR').expect(200)).body.items as {
      studentNumber: string;
      birthCountry: string;
      nationality: string;
      address: unknown;
      currentPermit: unknown;
    }[];
    expect(found).toEqual([expect.objectContaining({ studentNumber: 'B2026001', birthCountry: 'NG', nationality: 'NG', address: null, currentPermit: null })]);
  });

  it('switches the interface to English', async () => {
    await page.goto(`${base}/#/`);
    await page.getByTestId('dashboard').waitFor();
    await page
      .getByRole('button', { name: /Français/i })
      .first()
      .click();
    await page.getByRole('menuitem', { name: 'English' }).click();
    await page
      .getByRole('menuitem', { name: 'Dashboard' })
      .or(page.getByRole('link', { name: 'Dashboard' }))
      .first()
      .waitFor();
    await expectText(page.locator('body'), 'Deadlines this week');
    await openDossierFromSearch(await referenceOf('rece-missing-documents'));
    await expectText(page.getByTestId('dossier-page'), 'Checklist');
  });

  it('refreshes an access token that ran out without bothering the agent', async () => {
    const before = await page.evaluate(() => JSON.parse(localStorage.getItem('passerelle.session')!).accessToken as string);
    await page.evaluate(() => {
      const session = JSON.parse(localStorage.getItem('passerelle.session')!);
      localStorage.setItem('passerelle.session', JSON.stringify({ ...session, expiresAt: Date.now() - 1000 }));
    });
    await page.goto(`${base}/#/`);
    await page.reload();
    await page.getByTestId('count-received').waitFor();
    const after = await page.evaluate(() => JSON.parse(localStorage.getItem('passerelle.session')!).accessToken as string);
    expect(after).not.toBe(before);
  });

  it('says so in the page when the login has expired', async () => {
    // the login's time is up on the server (AUTH_SESSION_TTL_DAYS): the access and refresh tokens no longer work
    const [admin] = await world.sql<{ id: string }>(
      `UPDATE auth_sessions SET expires_at = now() - interval '1 second' WHERE agent_id = (SELECT id FROM agents WHERE email = $1) RETURNING agent_id::text AS id`,
      [DEMO_ADMIN.email],
    );
    // changed in SQL, behind the API's back: its processes are told, as after a change of their own (they cache logins)
    await app.get(SessionCache).agentChanged(admin!.id);
    // on the dashboard, whose call is one of the data provider's own methods (not a react-admin list or record)
    await page.goto(`${base}/#/`);
    await page.reload();
    await expectText(page.getByTestId('session-expired'), /session has expired|session a expiré/);
    await page.locator('#login-email').waitFor();
  });
});

function daysAgo(days: number): string {
  const date = new Date(Date.now() - days * 86_400_000);
  return date.toISOString().slice(0, 10);
}

/** A one-page PDF, small and well-formed. */
function tinyPdf(): Buffer {
  return Buffer.from(
    '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj 3 0 obj<</Type/Page/MediaBox[0 0 200 200]/Parent 2 0 R>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
  );
}
