/// <reference lib="dom" />
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Browser, Locator, Page } from 'playwright-core';
import { createApi } from '../../src/app.setup';
import { DEMO_ADMIN } from '../../src/demo/demo-data';
import { demoLogins } from '../../src/demo/demo-logins';
import { seedDemo } from '../../src/demo/demo-seed';
import { anonymous, withToken, type AgentClient } from '../support/api';
import { expectAccessible } from '../support/axe';
import { launchBrowser, logIn } from '../support/browser';
import { createDossier, createStudent } from '../support/factories';
import { JobsWorld } from '../support/worker';
import { eventually, expectAttribute, expectText as expectAnyText } from '../support/eventually';

/** Where this file's screenshots go (looked at by whoever changes these screens; not the README's). */
const SHOTS = process.env.SHOTS_DIR ?? '/tmp/shots-documents';

interface DocumentBody {
  id: string;
  kind: string;
  status: string;
  files: { originalName: string }[];
}

/**
 * The documents and e-mails of a dossier page in headless Chromium, against the production build
 * (WEB_DIR, else dist/web), the real API, PostgreSQL, Redis and a worker, on the demo office:
 * accept all that is left (confirmed), a rejected document kept with its reason, a scan
 * previewed inside the page, the file limits of a postal dossier, an e-mail opened as sent.
 */
jest.setTimeout(120_000);

describe('dossier documents and e-mails (Chromium)', () => {
  let world: JobsWorld;
  let app: NestFastifyApplication;
  let api: AgentClient;
  let base: string;
  let browser: Browser;
  let closeBrowser: () => Promise<void>;
  let page: Page;
  let dossier: { id: string; reference: string; studentId: string };
  const pageErrors: string[] = [];
  const cspViolations: string[] = [];

  const documents = async () => (await api.get(`/api/dossiers/${dossier.id}/documents`).expect(200)).body as DocumentBody[];
  const documentOf = (kind: string) => page.locator(`[data-document][data-kind="${kind}"]`);
  const openDossier = async () => {
    // a page of its own for each step: what a step left open (a dialog) does not lie over the next
    await page.goto(`${base}/#/dossiers/${dossier.id}/show`);
    await page.reload();
    await page.getByTestId('dossier-reference').filter({ hasText: dossier.reference }).waitFor();
  };
  const record = (kind: string, attributes: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) =>
    api.post(`/api/dossiers/${dossier.id}/documents`, { kind, attributes, ...extra }).expect(201);

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

    // a postal RECE dossier of its own, its documents received on paper, two with scans
    const student = await createStudent(api, { birthName: 'ADEYEMI', firstNames: 'Folake', preferredLanguage: 'fr' });
    dossier = await createDossier(api, { studentId: student.id, procedureCode: 'rece', facts: { housing: 'tenant' } });
    const inAYear = new Date(Date.now() + 400 * 86_400_000).toISOString().slice(0, 10);
    await record('passport', { allPages: true, validUntil: inAYear });
    await record('residence-permit', { validUntil: inAYear });
    await record('health-insurance');
    await record('cerfa-form', { signed: true, allPages: true });
    await record('cerpr', { signed: false });
    await record('identity-photo', {}, { quantity: 3 });
    await api
      .post(`/api/dossiers/${dossier.id}/documents`)
      .field('kind', 'student-card')
      .attach('files', pictureOfACard(), { filename: 'carte-etudiant.png', contentType: 'image/png' })
      .expect(201);
    await api
      .post(`/api/dossiers/${dossier.id}/documents`)
      .field('kind', 'diploma')
      .attach('files', onePagePdf('Master Informatique - Folake ADEYEMI'), { filename: 'diplome.pdf', contentType: 'application/pdf' })
      .expect(201);

    ({ browser, close: closeBrowser } = await launchBrowser());
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'fr-FR', acceptDownloads: true });
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
    });
    mkdirSync(SHOTS, { recursive: true });
    await logIn(page, base, password);
  }, 120_000);

  afterAll(async () => {
    await closeBrowser?.();
    await app?.close();
    await world?.close();
  });

  afterEach(() => {
    // an uncaught error in the page, or a resource the page's policy refused, is a defect whatever the step
    expect(pageErrors).toEqual([]);
    expect(cspViolations).toEqual([]);
  });

  it('keeps a rejected document in "Pièces reçues" with its reason, in the words of the reason menu', async () => {
    await openDossier();
    await documentOf('health-insurance').getByRole('button', { name: 'Refuser' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('combobox', { name: 'Motif' }).click();
    // the menu's words are those the document's line will say, and the checklist's
    await page.getByRole('option', { name: 'Document périmé' }).click();
    await dialog.locator('#reject-text').fill('fin de validité le 31 août');
    await dialog.getByRole('button', { name: 'Refuser' }).click();
    await dialog.waitFor({ state: 'detached' });

    const rejected = documentOf('health-insurance');
    await expectAttribute(rejected, 'data-status', 'rejected');
    expect(await rejected.getByTestId('verdict').textContent()).toBe('Pièce refusée');
    expect(await frenchText(rejected.getByTestId('rejection-reason'))).toBe('Motif : document périmé — « fin de validité le 31 août »');
    // listed under its slot, though the checklist counts it no more
    expect(await page.locator('tr[data-slot="health-insurance"]').getAttribute('data-state')).toBe('rejected');
    expect(await page.locator('tr[data-slot="health-insurance"] [data-document]').count()).toBe(1);
    expect((await documents()).find((d) => d.kind === 'health-insurance')?.status).toBe('rejected');
    await rejected.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, 'rejected-document.png') });
    await expectAccessible(page, 'the checklist card', 'section[aria-labelledby="checklist-title"]');
  });

  it('accepts all the documents left in one action, after a confirmation that lists them and those held back', async () => {
    await openDossier();
    const checklist = (await api.get(`/api/dossiers/${dossier.id}/checklist`).expect(200)).body as {
      findings: { severity: string; documentId?: string }[];
    };
    const blamed = new Set(checklist.findings.filter((f) => f.severity === 'blocking' && f.documentId).map((f) => f.documentId));
    const received = (await documents()).filter((d) => d.status === 'received');
    const expected = received.filter((d) => !blamed.has(d.id));
    const heldBack = received.filter((d) => blamed.has(d.id));
    expect(expected.length).toBeGreaterThanOrEqual(6);
    expect(heldBack.map((d) => d.kind)).toEqual(['cerpr']);

    await expectText(page.getByTestId('accept-all'), `Accepter toutes les pièces restantes (${expected.length})`);
    await page.locator('#checklist-title').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, 'accept-all-button.png') });
    await page.getByTestId('accept-all').click();
    const dialog = page.getByTestId('accept-all-dialog');
    await dialog.waitFor();
    await expectText(page.locator('#accept-all-title'), `Accepter les ${expected.length} pièces restantes ?`);
    const listed = await dialog
      .locator('[data-testid="accept-all-list"] [data-document]')
      .evaluateAll((items) => items.map((i) => i.getAttribute('data-document')));
    expect(listed.sort()).toEqual(expected.map((d) => d.id).sort());
    await expectText(dialog.getByTestId('accept-all-list'), 'Passeport');
    await expectText(dialog.getByTestId('accept-all-held-back'), 'signature manquante');
    await page.screenshot({ path: join(SHOTS, 'accept-all-confirmation.png') });
    await expectAccessible(page, 'the accept-all confirmation', '[role="dialog"]');
    // cancelling accepts nothing
    await dialog.getByRole('button', { name: 'Annuler' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect((await documents()).filter((d) => d.status === 'accepted')).toEqual([]);

    await page.getByTestId('accept-all').click();
    await page.getByTestId('confirm-accept-all').click();
    await page.getByTestId('accept-all-dialog').waitFor({ state: 'detached' });
    await eventually(async () => {
      const now = await documents();
      expect(
        now
          .filter((d) => d.status === 'accepted')
          .map((d) => d.id)
          .sort(),
      ).toEqual(expected.map((d) => d.id).sort());
      expect(now.find((d) => d.kind === 'cerpr')?.status).toBe('received');
    });
    await expectAttribute(documentOf('passport'), 'data-status', 'accepted');
    // nothing is left that the checklist does not blame: the button goes
    await page.getByTestId('accept-all').waitFor({ state: 'detached' });
    // each verdict told in the timeline, as when given alone
    const timeline = (await api.get(`/api/dossiers/${dossier.id}/timeline`).expect(200)).body as { event: string }[];
    expect(timeline.filter((e) => e.event === 'document_accepted')).toHaveLength(expected.length);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(SHOTS, 'after-accept-all.png') });
  });

  it('previews a scan inside the page — an image, then a PDF — and downloads it under its kind and its name', async () => {
    await openDossier();
    await documentOf('student-card').getByTestId('open-scan').click();
    const preview = page.getByTestId('scan-preview');
    await expectText(preview.locator('#scan-title'), "Carte d'étudiant — carte-etudiant.png");
    const image = preview.getByTestId('scan-image');
    await eventually(async () => expect(await image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(320));
    expect(await image.getAttribute('src')).toMatch(/^blob:/);
    await page.screenshot({ path: join(SHOTS, 'scan-preview-image.png') });
    await expectAccessible(page, 'the scan preview', '[role="dialog"]');
    const [download] = await Promise.all([page.waitForEvent('download'), preview.getByTestId('scan-download').click()]);
    expect(download.suggestedFilename()).toBe("Carte d'étudiant - carte-etudiant.png");
    await preview.getByRole('button', { name: 'Fermer' }).click();
    await preview.waitFor({ state: 'detached' });

    await documentOf('diploma').getByTestId('open-scan').click();
    const frame = page.getByTestId('scan-preview').getByTestId('scan-frame');
    await eventually(async () => expect(await frame.getAttribute('src')).toMatch(/^blob:/));
    // the PDF is loaded in the page's frame (not a new tab): a frame of the page, at that blob: URL
    const src = await frame.getAttribute('src');
    await eventually(async () => expect(page.frames().map((f) => f.url())).toContain(src));
    expect(browser.contexts()[0]!.pages()).toHaveLength(1);
    // and Chromium's PDF viewer opened in that frame, inside the page
    await eventually(async () => expect(page.frames().some((f) => f.url().startsWith('chrome-extension://'))).toBe(true));
    // (for the picture only: the viewer paints the page a moment after it has loaded)
    await page.waitForTimeout(2_000);
    await page.screenshot({ path: join(SHOTS, 'scan-preview-pdf.png') });
    await page.getByTestId('scan-preview').getByRole('button', { name: 'Fermer' }).click();
  });

  it("says the channel's file limits when adding a document to a postal dossier", async () => {
    await openDossier();
    expect(await page.getByText('Par courrier').count()).toBeGreaterThan(0);
    await page
      .locator('tr[data-slot="cerpr"]')
      .getByRole('button', { name: /^Ajouter une pièce/ })
      .click();
    const dialog = page.getByRole('dialog');
    await expectText(dialog.locator('#record-title'), 'Ajouter une pièce');
    expect(await frenchText(dialog.getByTestId('file-limits'))).toBe(
      'Formats acceptés : PDF, JPEG, PNG ou TIFF — 20 Mo au plus par fichier, 10 fichiers au plus par pièce',
    );
    await page.screenshot({ path: join(SHOTS, 'record-document-limits.png') });
    await expectAccessible(page, 'the record-document dialog', '[role="dialog"]');
    await dialog.getByRole('button', { name: 'Annuler' }).click();
  });

  it('opens an e-mail of the dossier as the student received it: subject, recipient, date, the HTML sandboxed, and its text', async () => {
    // the worker sends the "received" e-mail of the dossier
    let email: { id: string; subject: string; recipient: string } | undefined;
    await eventually(async () => {
      const list = (await api.get(`/api/dossiers/${dossier.id}/notifications`).expect(200)).body as { id: string; template: string; status: string }[];
      const opened = list.find((n) => n.template === 'dossier_opened');
      expect(opened?.status).toBe('sent');
      email = opened as unknown as typeof email;
    }, 20_000);
    const sent = (await api.get(`/api/dossiers/${dossier.id}/notifications/${email!.id}`).expect(200)).body as { textBody: string; htmlBody: string };
    await openDossier();
    await page.getByTestId('emails-tab').click();
    const open = page.getByTestId('open-email').filter({ hasText: email!.subject });
    // (the subject is the e-mail's own, as sent: only the words around it are the page's)
    const plain = (text: string | null) => text?.replace(/[\u00a0\u202f]/g, ' ');
    expect(plain(await open.getAttribute('aria-label'))).toBe(`Ouvrir l’e-mail « ${plain(email!.subject)} »`);
    await open.click();
    const dialog = page.getByTestId('email-dialog');
    await expectText(dialog.locator('#email-title'), email!.subject);
    expect(await dialog.getByTestId('email-recipient').textContent()).toBe(email!.recipient);
    await expectText(dialog.getByTestId('email-date'), String(new Date().getFullYear()));
    const html = dialog.getByTestId('email-html');
    await html.waitFor();
    // no scripts, no same origin: the e-mail is shown, it cannot act
    expect(await html.getAttribute('sandbox')).toBe('');
    expect(await html.getAttribute('srcdoc')).toBe(sent.htmlBody);
    await expectText(page.frameLocator('[data-testid="email-html"]').locator('body'), dossier.reference);
    await page.screenshot({ path: join(SHOTS, 'email-html.png') });
    await expectAccessible(page, 'the e-mail dialog', '[role="dialog"]');
    await dialog.getByRole('tab', { name: 'Version texte' }).click();
    expect(await dialog.getByTestId('email-text').textContent()).toBe(sent.textBody);
    await expectText(dialog.getByTestId('email-text'), 'Folake ADEYEMI');
    await page.screenshot({ path: join(SHOTS, 'email-text.png') });
    await dialog.getByRole('button', { name: 'Fermer' }).click();
    await dialog.waitFor({ state: 'detached' });
  });
});

/**
 * A French text as the page shows it, checked for its typography — a space that does not break
 * before « : ; ? ! », inside guillemets and between a number and its unit — then returned with
 * plain spaces, to be compared with what the test writes.
 */
async function frenchText(locator: ReturnType<Page['locator']>): Promise<string> {
  const text = (await locator.first().textContent()) ?? '';
  expect(text).not.toMatch(/ [:;?!»]|« |\d (Mo|ko|octets)/);
  return text.replace(/[\u00a0\u202f]/g, ' ');
}

/** A 320×200 PNG that looks like a card (a band, a photo square), so that the preview shows something. */
function pictureOfACard(): Buffer {
  const [width, height] = [320, 200];
  const rows: Buffer[] = [];
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(1 + width * 3);
    for (let x = 0; x < width; x++) {
      const band = y < 40;
      const photo = x > 20 && x < 110 && y > 60 && y < 180;
      const [r, g, b] = band ? [29, 78, 137] : photo ? [180, 180, 190] : [245, 245, 240];
      row.set([r, g, b], 1 + x * 3);
    }
    rows.push(row);
  }
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from('89504e470d0a1a0a', 'hex'),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A one-page PDF that says something (a title in Helvetica), with its cross-reference table. */
function onePagePdf(title: string): Buffer {
  const text = title.replace(/[()\\]/g, ''); // ASCII only: the font's own encoding
  const content = `BT /F1 22 Tf 60 700 Td (Diplome) Tj 0 -36 Td /F1 14 Tf (${text}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets = objects.map((object, i) => {
    const offset = body.length;
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
    return offset;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

/** This walk writes its expected French with plain spaces. */
const expectText = (locator: Locator, expected: string | RegExp) => expectAnyText(locator, expected, { plainSpaces: true });
