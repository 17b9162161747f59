/// <reference lib="dom" />
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Browser, Locator, Page } from 'playwright-core';
import { createApi } from '../../src/app.setup';
import { DEMO_ADMIN } from '../../src/demo/demo-data';
import { demoLogins } from '../../src/demo/demo-logins';
import { seedDemo } from '../../src/demo/demo-seed';
import { anonymous, withToken, type AgentClient } from '../support/api';
import { launchBrowser, logIn } from '../support/browser';
import { exe, pdf } from '../support/files';
import { expectInside, expectLinesAtMost } from '../support/layout';
import { addStudentDocument, linkMailedTo, studentSession } from '../support/student-link';
import { JobsWorld } from '../support/worker';
import { eventually, expectText } from '../support/eventually';

interface DossierRow {
  id: string;
  reference: string;
  student: { email?: string };
  studentActivity: { newDocuments: number; unreadMessages: number };
}
interface MessageRow {
  id: string;
  author: 'student' | 'office';
  authorName: string | null;
  body: string | null;
  readAt: string | null;
  attachments: { originalName: string }[];
}

/**
 * The student's side as the agents see it, in headless Chromium at 1280×800, against the
 * production build (WEB_DIR, else dist/web), the real API, PostgreSQL, Redis and a worker, on the
 * demo office: an agent sends the student's link again (confirmed, told that the old links stop
 * working) and the e-mail goes out with a new link; the student, through that link, writes with
 * a file attached and sends a requested document; the agent finds both in the inbox, the
 * dashboard and the dossier page, where opening the thread marks the message read; the agent
 * answers with a file attached, a refused file being said under the files, in French.
 * SHOTS_DIR, when set, receives what it shows.
 */
jest.setTimeout(180_000);

describe("the student's messages and page in the agents web app (Chromium)", () => {
  let world: JobsWorld;
  let app: NestFastifyApplication;
  let api: AgentClient;
  let base: string;
  let browser: Browser;
  let closeBrowser: () => Promise<void>;
  let page: Page;
  let dossier: DossierRow;
  let studentEmail: string;
  let cookie: string;
  const pageErrors: string[] = [];
  const shots = process.env.SHOTS_DIR;
  const shoot = async (name: string, locator?: Locator) => {
    if (!shots) return;
    if (locator) await locator.screenshot({ path: join(shots, `${name}.png`) });
    else await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
  };

  const messages = async () => (await api.get(`/api/dossiers/${dossier.id}/messages`).expect(200)).body as MessageRow[];
  const emails = async (template: string) =>
    ((await api.get(`/api/dossiers/${dossier.id}/notifications`).expect(200)).body as { template: string; status: string }[]).filter(
      (n) => n.template === template,
    );
  /** The dossier page, loaded afresh. */
  const openDossier = async () => {
    await page.goto('about:blank');
    await page.goto(`${base}/#/dossiers/${dossier.id}/show`);
    await page.getByTestId('dossier-reference').filter({ hasText: dossier.reference }).waitFor();
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
    // an incomplete dossier: its complement request is open, the student may send what it asks for
    dossier = ((await api.get('/api/dossiers?status=incomplete&limit=1').expect(200)).body.items as DossierRow[])[0]!;
    studentEmail = (await api.get(`/api/students/${(await api.get(`/api/dossiers/${dossier.id}`).expect(200)).body.studentId}`).expect(200)).body.email;
    ({ browser, close: closeBrowser } = await launchBrowser());
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'fr-FR', timezoneId: 'Europe/Paris' });
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    if (shots) mkdirSync(shots, { recursive: true });
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

  it('sends the link again once confirmed, told that the old links stop working: the e-mail goes out with a new link', async () => {
    await openDossier();
    const card = page.getByTestId('student-page-card');
    await expectText(card.getByRole('heading'), "Page de l'étudiant(e)");
    const before = (await emails('student_link')).length;
    const since = Date.now();
    await card.getByRole('button', { name: 'Envoyer le lien à nouveau' }).click();
    const dialog = page.getByTestId('link-dialog');
    await expectText(dialog, 'Les liens envoyés jusqu’ici ne fonctionneront plus');
    await expectText(dialog, studentEmail);
    await shoot('link-dialog', dialog);
    // cancelled: nothing is sent
    await dialog.getByRole('button', { name: 'Annuler' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await emails('student_link')).toHaveLength(before);

    await card.getByRole('button', { name: 'Envoyer le lien à nouveau' }).click();
    await page.getByTestId('confirm-link').click();
    await page.getByText(/Nouveau lien envoyé/).waitFor();
    await eventually(async () => expect(await emails('student_link')).toHaveLength(before + 1));
    await eventually(async () => expect((await emails('student_link')).at(-1)!.status).toBe('sent'), 30_000);
    // the card says so once the mail server took it, without a reload
    await expectText(card.getByTestId('link-last-sent'), studentEmail);
    cookie = await studentSession(app, await linkMailedTo(world.env.MAIL_OUTBOX_DIR!, studentEmail, since));
  });

  it('shows what the student sent in the inbox, the dashboard and the dossier, and marks the message read once opened', async () => {
    // as the student, through the link: a message with a file, and a document the complement asks for
    const sent = await anonymous(app)
      .post('/api/student/dossier/messages')
      .set('cookie', cookie)
      .field('body', 'Bonjour, voici mon attestation d’hébergement. Faut-il aussi la facture d’électricité ?')
      .attach('files', pdf(), { filename: 'attestation-hebergement.pdf', contentType: 'application/pdf' });
    expect(sent.status).toBe(201);
    await addStudentDocument(app, cookie);

    // the inbox's view of what students sent, the badge on the dossier's row, nothing cut at 1280 px
    await page.goto(`${base}/#/dossiers`);
    await page.getByTestId('inbox-views').getByRole('button', { name: 'Nouveautés des étudiants' }).click();
    const row = page.locator('tbody tr').filter({ hasText: dossier.reference });
    await expectText(row.getByTestId('student-activity'), '1 pièce · 1 message');
    await expectInside(row.getByTestId('student-activity'), 1280);
    await expectInside(page.locator('thead th').last(), 1280);
    await shoot('inbox-student-activity');
    // among a whole page of dossiers too: nothing pushed out, the reference on one line and the badge on the next
    await page.getByTestId('inbox-views').getByRole('button', { name: 'Tous les dossiers' }).click();
    await page.locator('tbody tr').nth(24).waitFor();
    await expectInside(page.locator('tbody tr').filter({ hasText: dossier.reference }).getByTestId('student-activity'), 1280);
    await expectInside(page.locator('thead th').last(), 1280);
    await expectLinesAtMost(page.locator('td.column-reference'), 2);
    await shoot('inbox-all-with-activity');

    // the dashboard's card
    await page.goto(`${base}/#/`);
    const activity = page.getByTestId('student-activity-card');
    await expectText(activity.getByRole('heading'), /Nouveautés des étudiants \(\d+\)/);
    const line = activity.locator(`tr[data-dossier="${dossier.id}"]`);
    await expectText(line.getByTestId('new-documents'), '1');
    await expectText(line.getByTestId('unread-messages'), '1');
    await shoot('dashboard-student-activity');

    // the dossier: the message, new, with its file; the document sent, to check
    await openDossier();
    const message = page.getByTestId('messages-card').locator('[data-testid="message"][data-author="student"]');
    await expectText(message.getByTestId('message-body'), 'voici mon attestation d’hébergement');
    await expectText(message.getByTestId('message-new'), 'Nouveau');
    const document = page.locator('[data-source="student"]').first();
    await expectText(document.getByTestId('sent-by-student'), "Envoyée par l'étudiant(e)");
    await expectText(document.getByTestId('verdict'), 'À vérifier');
    await eventually(async () => expect((await messages()).find((m) => m.author === 'student')!.readAt).not.toBeNull());
    await eventually(async () => expect((await api.get(`/api/dossiers/${dossier.id}`).expect(200)).body.studentActivity.unreadMessages).toBe(0));
    await expectText(page.getByTestId('timeline').locator('[data-event="message_from_student"]'), "l'étudiant(e)");
    await page.evaluate(() => window.scrollTo(0, 0));
    await shoot('dossier-student-activity');
    await shoot('messages-card', page.getByTestId('messages-card'));
    await shoot('student-page-card', page.getByTestId('student-page-card'));

    // its file opens in the page, as a scan does
    await message.getByTestId('open-attachment').click();
    await page.getByTestId('scan-preview').getByTestId('scan-frame').waitFor();
    await expectText(page.getByTestId('scan-preview'), 'attestation-hebergement.pdf');
    await page.getByTestId('scan-preview').getByRole('button', { name: 'Fermer' }).click();
  });

  it('answers with a file attached; a refused file is said under the files, in French, and nothing is sent', async () => {
    await openDossier();
    const form = page.getByTestId('message-form');
    await form.locator('#message-body').fill('Oui, merci de la joindre aussi.');
    await form.locator('#message-files').setInputFiles({ name: 'programme.exe', mimeType: 'application/pdf', buffer: exe() });
    await form.getByRole('button', { name: 'Envoyer le message' }).click();
    await expectText(form.locator('.MuiFormHelperText-root.Mui-error'), /programme\.exe.*accept/);
    await shoot('message-refused', page.getByTestId('messages-card'));
    expect((await messages()).filter((m) => m.author === 'office')).toEqual([]);

    await openDossier();
    const before = (await emails('office_message')).length;
    await form.locator('#message-body').fill('Oui, merci de la joindre aussi. Voici le modèle à compléter.');
    await form.locator('#message-files').setInputFiles({ name: 'modele-attestation.pdf', mimeType: 'application/pdf', buffer: pdf() });
    await form.getByRole('button', { name: 'Envoyer le message' }).click();
    const answer = page.getByTestId('messages-card').locator('[data-testid="message"][data-author="office"]');
    await expectText(answer.getByTestId('message-author'), DEMO_ADMIN.displayName);
    await expectText(answer, 'modele-attestation.pdf');
    // the form is empty again, for the next message
    await eventually(async () => expect(await form.locator('#message-body').inputValue()).toBe(''));
    const office = (await messages()).filter((m) => m.author === 'office');
    expect(office).toEqual([
      expect.objectContaining({
        body: 'Oui, merci de la joindre aussi. Voici le modèle à compléter.',
        attachments: [expect.objectContaining({ originalName: 'modele-attestation.pdf' })],
      }),
    ]);
    // the student is told by e-mail, and reads the answer on their page
    await eventually(async () => expect(await emails('office_message')).toHaveLength(before + 1));
    const thread = (await anonymous(app).get('/api/student/dossier/messages').set('cookie', cookie).expect(200)).body as MessageRow[];
    expect(thread.map((m) => m.author)).toEqual(['student', 'office']);
    await shoot('messages-answered', page.getByTestId('messages-card'));
  });
});
