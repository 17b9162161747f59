/// <reference lib="dom" />
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createApi } from '../../src/app.setup';
import { DEMO_ADMIN } from '../../src/demo/demo-data';
import { demoLogins } from '../../src/demo/demo-logins';
import { seedDemo } from '../../src/demo/demo-seed';
import { StudentAccessService } from '../../src/student-access/student-access.service';
import { anonymous, withToken, type AgentClient } from '../support/api';
import { expectAccessible } from '../support/axe';
import { launchBrowser } from '../support/browser';
import { createDossier, createStudent } from '../support/factories';
import { exe, pdf } from '../support/files';
import { sentTo, SmtpSink } from '../support/smtp-sink';
import { ASK_NEW_LINK, endSessionWhileOpen, shootBothLanguages } from '../support/student-link-screen';
import { acceptStudentDocuments, agentLoggedIn, answerStudentMessage, openFromStudentActivity, verifyDossier } from '../support/student-page';
import { JobsWorld } from '../support/worker';
import { COMPLETE_RECE, recordAccepted, versionOf } from '../support/workflow';

/** `npm run screenshots` sets it: the student's page is written there as student-<state>-<fr|en>-<phone|desktop>.png. */
const SCREENSHOTS = process.env.SCREENSHOTS ? resolve(process.env.SCREENSHOTS) : null;

type Device = 'phone' | 'desktop';
const DEVICES: Record<Device, Parameters<Browser['newContext']>[0]> = {
  phone: { viewport: { width: 390, height: 844 }, deviceScaleFactor: 1, isMobile: true, hasTouch: true },
  desktop: { viewport: { width: 1280, height: 800 } },
};

/**
 * The student's page (web/student/, at /s/) in headless Chromium on a phone (390×844) and a
 * desktop (1280×800), against the production build (WEB_DIR, else dist/web), the real API,
 * PostgreSQL, Redis, a worker and an SMTP sink, on the demo office: the complement request's
 * e-mail carries the link; the page takes the token out of the address, shows what is missing,
 * why and until when; a file of a type the channel does not take is refused under its item in
 * the student's language, a PDF is received; the student writes to the office; once an agent, in
 * the agents' app (1280×800), has accepted the uploads, answered and verified the dossier, the
 * page says it is complete and shows the answer. A spent or forged link gets the same screen,
 * whose button e-mails a new link (the spent one's only), as an ended session's does. Fr and en.
 */
jest.setTimeout(240_000);

describe("the student's page (Chromium)", () => {
  let sink: SmtpSink;
  let world: JobsWorld;
  let app: NestFastifyApplication;
  let api: AgentClient;
  let base: string;
  let browser: Browser;
  let closeBrowser: () => Promise<void>;
  let dossier: { id: string; reference: string };
  let studentEmail: string;
  let mailedToken: string;
  let password: string;
  const pages = {} as Record<Device, Page>;
  const contexts: BrowserContext[] = [];
  const problems: string[] = [];

  /** A context of its own (its own cookie): what the page may not do (an error, a resource the policy refuses) is collected. */
  async function newPage(device: Device): Promise<Page> {
    const context = await browser.newContext({ ...DEVICES[device], locale: 'fr-FR', timezoneId: 'Europe/Paris' });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (error) => problems.push(`${device}: ${error.message}`));
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) problems.push(`${device}: ${message.text()}`);
    });
    return page;
  }

  /** The page in a language (its switch), the state's screenshot written in each when asked. */
  async function shoot(state: string, languages: ('fr' | 'en')[] = ['fr', 'en']): Promise<void> {
    for (const device of Object.keys(pages) as Device[]) {
      const page = pages[device];
      for (const language of languages) {
        await page.getByRole('button', { name: language === 'fr' ? 'Français' : 'English' }).click();
        await page.locator(`html[lang="${language}"]`).waitFor();
        // nothing wider than the screen (no sideways scrolling on a phone)
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(DEVICES[device]!.viewport!.width);
        if (SCREENSHOTS)
          await page.screenshot({ path: join(SCREENSHOTS, `student-${state}-${language}-${device}.png`), fullPage: true, animations: 'disabled' });
      }
      await page.getByRole('button', { name: 'Français' }).click();
    }
  }

  /** Both pages reloaded: the same session goes on without the link. */
  async function reloadAll(): Promise<void> {
    for (const page of Object.values(pages)) {
      await page.reload();
      await page.getByTestId('dossier-status').waitFor();
      await page.getByTestId('messages').locator('li, p.muted').first().waitFor();
    }
  }

  beforeAll(async () => {
    sink = await SmtpSink.start();
    world = await JobsWorld.create({ SMTP_URL: sink.url, MAIL_RETRY_DELAY_MS: '200', WEB_DIR: process.env.WEB_DIR ?? join(__dirname, '../../dist/web') });
    expect(await seedDemo(world.config)).toMatch(/^demo office loaded/);
    ({ password } = await demoLogins(world.config));
    await world.startWorker();
    app = await createApi(world.config);
    await app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
    const login = await anonymous(app).post('/api/auth/login').send({ email: DEMO_ADMIN.email, password }).expect(200);
    api = withToken(app, login.body.accessToken);

    // a RECE dossier (a tenant) complete but for the CERFA (sent unsigned, refused) and the CERPR: a complement is asked for
    const student = await createStudent(api, { birthName: 'OKAFOR', firstNames: 'Chiamaka', preferredLanguage: 'fr' });
    studentEmail = (await api.get(`/api/students/${student.id}`).expect(200)).body.email;
    dossier = await createDossier(api, { studentId: student.id, facts: { housing: 'tenant' } });
    await recordAccepted(
      api,
      dossier.id,
      COMPLETE_RECE().filter((d) => !['cerfa-form', 'cerpr'].includes(d.kind)),
    );
    const cerfa = await api.post(`/api/dossiers/${dossier.id}/documents`, { kind: 'cerfa-form' }).expect(201);
    await api
      .patch(`/api/dossiers/${dossier.id}/documents/${cerfa.body.id}`, {
        status: 'rejected',
        rejectionReason: 'unsigned',
        rejectionText: 'Signature manquante page 2',
      })
      .expect(200);
    await api
      .post(`/api/dossiers/${dossier.id}/complement-requests`, {
        dueInDays: 15,
        message: 'Bonjour, il nous manque ces deux documents pour transmettre votre dossier.',
      })
      .set('if-match', await versionOf(api, dossier.id))
      .expect(201);
    const [mail] = await sink.waitFor(1, 30_000, (m) => sentTo(studentEmail)(m) && /\/s\/#[A-Za-z0-9_-]{43}/.test(m.text ?? ''));
    mailedToken = /\/s\/#([A-Za-z0-9_-]{43})/.exec(mail!.text ?? '')![1]!;

    ({ browser, close: closeBrowser } = await launchBrowser());
    if (SCREENSHOTS) mkdirSync(SCREENSHOTS, { recursive: true });
  }, 180_000);

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await closeBrowser?.();
    await app?.close();
    await world?.close();
    await sink?.close();
  });

  afterEach(() => {
    expect(problems).toEqual([]);
  });

  it('is served with no-store, no Referer and the API’s content policy', async () => {
    for (const path of ['/s/', '/s']) {
      const response = await fetch(`${base}${path}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
      expect(response.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
      expect(await response.text()).toContain('<div id="root">');
    }
  });

  it('opens from the e-mail’s link on a phone: the token leaves the address at once; what is missing, why and until when', async () => {
    pages.phone = await newPage('phone');
    await pages.phone.goto(`${base}/s/#${mailedToken}`);
    const complement = pages.phone.getByTestId('complement');
    await complement.waitFor();
    expect(pages.phone.url()).toBe(`${base}/s/`);
    expect(await pages.phone.evaluate(() => location.hash)).toBe('');
    await expect(pages.phone.getByTestId('dossier-status').getAttribute('data-status')).resolves.toBe('incomplete');
    await expect(complement.locator('[data-slot]').count()).resolves.toBe(2);
    await expect(pages.phone.getByTestId('deadline').textContent()).resolves.toMatch(/^À envoyer au plus tard le \d{1,2}(er)? [a-zéû]+ \d{4}$/);
    await expect(complement.locator('[data-slot="cerfa"] .why').textContent()).resolves.toMatch(/pas signé/);
    await expect(pages.phone.getByTestId('documents').textContent()).resolves.toContain('Signature manquante page 2');
    await expect(pages.phone.getByTestId('session-end').textContent()).resolves.toMatch(/^Cette page reste ouverte jusqu’à \d{1,2}\sh(\s\d{2})?\s;/);
    // the channel's types for the file dialog, and the back camera for a photo
    await expect(complement.locator('[data-slot="cerfa"] input[type="file"]:not([capture])').getAttribute('accept')).resolves.toContain('application/pdf');
    await expect(complement.locator('[data-slot="cerfa"] input[capture="environment"]').getAttribute('accept')).resolves.toBe('image/*');
    await expectAccessible(pages.phone, 'the student’s page (phone)');

    // the desktop: another e-mail's link (each carries its own)
    pages.desktop = await newPage('desktop');
    await pages.desktop.goto(`${base}/s/#${await app.get(StudentAccessService).mintForNotification(dossier.id, randomUUID())}`);
    await pages.desktop.getByTestId('complement').waitFor();
    await reloadAll();
    await shoot('complement');
  });

  it('refuses a file of a type the channel does not take under its item, in the language shown; a PDF is received', async () => {
    const page = pages.phone;
    const cerfa = page.locator('[data-slot="cerfa"]');
    await cerfa.locator('input[type="file"]:not([capture])').setInputFiles({ name: 'formulaire.exe', mimeType: 'application/pdf', buffer: exe() });
    await cerfa.getByRole('button', { name: 'Envoyer ce fichier' }).click();
    await expect(cerfa.getByTestId('item-error').textContent()).resolves.toMatch(/formulaire\.exe/);
    const refusal = (await cerfa.getByTestId('item-error').textContent())!;
    expect(refusal).not.toMatch(/\b(the|file|type|accepted)\b/i);
    // nothing was kept of it
    expect((await api.get(`/api/dossiers/${dossier.id}/documents`).expect(200)).body.filter((d: { source: string }) => d.source === 'student')).toEqual([]);

    await cerfa.locator('input[type="file"]:not([capture])').setInputFiles({ name: 'cerfa-signe.pdf', mimeType: 'application/pdf', buffer: pdf(40_000) });
    await expect(cerfa.locator('.chosen-file').count()).resolves.toBe(1);
    await cerfa.getByRole('button', { name: 'Envoyer ce fichier' }).click();
    await cerfa.getByTestId('item-received').waitFor();
    await expect(cerfa.getByTestId('item-received').textContent()).resolves.toContain('cerfa-signe.pdf');
    await expect(cerfa.getByTestId('item-error').count()).resolves.toBe(0);
    await expect(page.getByTestId('documents').locator('[data-status="received"]').first().textContent()).resolves.toMatch(/envoyé par vous/);

    // and a message to the office
    const messages = page.getByTestId('messages');
    await messages.getByLabel('Votre message').fill('Bonjour, voici le CERFA signé. Le contrat d’engagement suit demain.');
    await messages.getByRole('button', { name: 'Envoyer le message' }).click();
    await messages.locator('[data-author="student"]').waitFor();
    await reloadAll();
    await shoot('uploaded');
  });

  it('says the dossier is complete once the agent has accepted everything, answered and verified it', async () => {
    const cerpr = pages.phone.locator('[data-slot="cerpr"]');
    await cerpr
      .locator('input[type="file"]:not([capture])')
      .setInputFiles({ name: 'contrat-engagement.pdf', mimeType: 'application/pdf', buffer: pdf(30_000) });
    await cerpr.getByRole('button', { name: 'Envoyer ce fichier' }).click();
    await pages.phone.getByTestId('all-received').waitFor();
    await expect(pages.phone.getByTestId('dossier-status').getAttribute('data-status')).resolves.toBe('received');

    // an agent, in the agents' app: the dossier found among what students sent, each upload accepted, the message answered, the dossier verified
    const agent = await agentLoggedIn(browser, base, { email: DEMO_ADMIN.email, password }, problems);
    contexts.push(agent.context);
    await openFromStudentActivity(agent.page, dossier.reference, /^2 pièces · 1 message$/);
    // what the agent reads on the scans: signed, every page
    const read = { 'cerfa-form': ['Signée', 'Toutes les pages'], cerpr: ['Signée'] };
    expect((await acceptStudentDocuments(agent.page, read)).sort()).toEqual(['cerfa-form', 'cerpr']);
    const answer = 'Merci, tout est en ordre : nous transmettons votre dossier à la préfecture.';
    await answerStudentMessage(agent.page, 'voici le CERFA signé', answer);
    await verifyDossier(agent.page);
    expect((await api.get(`/api/dossiers/${dossier.id}`).expect(200)).body.status).toBe('verified');

    await reloadAll();
    for (const page of Object.values(pages)) {
      await expect(page.getByTestId('dossier-status').getAttribute('data-status')).resolves.toBe('verified');
      await expect(page.getByTestId('dossier-status').textContent()).resolves.toContain('Votre dossier est complet');
      await expect(page.getByTestId('complement').count()).resolves.toBe(0);
      await expect(page.getByTestId('messages').locator('[data-author="office"]').textContent()).resolves.toContain(answer);
    }
    await expectAccessible(pages.desktop, 'the student’s page, complete (desktop)');
    await shoot('complete');
  });

  it('answers a spent or forged link with the same screen, whose button e-mails a new link to the address on file — for the spent one only', async () => {
    const texts: string[] = [];
    const confirmations: string[] = [];
    const before = sink.messages.filter(sentTo(studentEmail)).length;
    for (const token of [mailedToken, 'A'.repeat(43)]) {
      const page = await newPage('phone');
      await page.goto(`${base}/s/#${token}`);
      const screen = page.getByTestId('link-invalid');
      await screen.waitFor();
      expect(page.url()).toBe(`${base}/s/`);
      texts.push((await screen.textContent())!);
      if (token === mailedToken) await shootBothLanguages(page, SCREENSHOTS, 'link-invalid');
      await screen.getByRole('button', { name: ASK_NEW_LINK }).click();
      await screen.getByTestId('link-requested').waitFor();
      confirmations.push((await screen.getByRole('status').textContent())!);
      await expect(screen.getByRole('button', { name: ASK_NEW_LINK }).count()).resolves.toBe(0);
      if (token === mailedToken) await expectAccessible(page, 'the student’s page, a new link asked for (phone)');
      if (token === mailedToken) await shootBothLanguages(page, SCREENSHOTS, 'link-requested');
    }
    expect(new Set(texts).size).toBe(1);
    expect(texts[0]).toContain('Ce lien n’est plus valable');
    expect(texts[0]).not.toContain(dossier.reference);
    expect(new Set(confirmations).size).toBe(1);
    expect(confirmations[0]).toContain('Si ce lien correspond à un dossier en cours, un nouveau lien vient d’être envoyé à l’adresse e-mail connue du bureau.');

    // one e-mail, for the spent link (the forged one sent nothing): its link opens the dossier
    const mails = await sink.waitFor(before + 1, 30_000, sentTo(studentEmail));
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(sink.messages.filter(sentTo(studentEmail))).toHaveLength(before + 1);
    const fresh = /\/s\/#([A-Za-z0-9_-]{43})/.exec(mails.at(-1)!.text ?? '')![1]!;
    expect(fresh).not.toBe(mailedToken);
    const page = await newPage('phone');
    await page.goto(`${base}/s/#${fresh}`);
    await page.getByTestId('dossier-status').waitFor();

    // the session ends while the page is open (its cookie gone): the next request says so, and the link still in memory asks for another
    const ended = await endSessionWhileOpen(page);
    await expect(ended.getByRole('heading').textContent()).resolves.toBe('Votre session est terminée');
    await ended.getByRole('button', { name: ASK_NEW_LINK }).waitFor();
    // reloaded, the page has no link any more: it says to open the e-mail's link again
    await page.reload();
    await page.getByTestId('link-invalid').waitFor();
    await expect(page.getByTestId('link-invalid').textContent()).resolves.toContain('ouvrez de nouveau le lien du dernier e-mail du bureau');
    await expect(page.getByRole('button', { name: ASK_NEW_LINK }).count()).resolves.toBe(0);
    // the agents' preview of an e-mail (#lien-personnel) holds no token: nothing to ask with
    const preview = await newPage('phone');
    await preview.goto(`${base}/s/#lien-personnel`);
    await expect(preview.getByTestId('link-invalid').textContent()).resolves.toContain('Ce lien n’est plus valable');
    await expect(preview.getByRole('button', { name: ASK_NEW_LINK }).count()).resolves.toBe(0);
  });
});
