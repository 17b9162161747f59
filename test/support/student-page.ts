/// <reference lib="dom" />
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expectAccessible } from './axe';
import { settle } from './screens-walk';
import { eventually, expectText } from './eventually';

/**
 * The agent's side of the student's page test: an agent of the demo office in the agents' web
 * app (1280×800, in French), as they answer what the student sent from their page. SHOTS_DIR,
 * when set, receives each step the agent sees.
 */

/** An agent logged in to the agents' app in a browser context of their own; an error in their page is collected in `problems`. */
export async function agentLoggedIn(
  browser: Browser,
  base: string,
  login: { email: string; password: string },
  problems: string[],
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'fr-FR', timezoneId: 'Europe/Paris' });
  const page = await context.newPage();
  page.on('pageerror', (error) => problems.push(`agent: ${error.message}`));
  await page.goto(`${base}/`);
  await page.locator('#login-email').fill(login.email);
  await page.locator('#login-password').fill(login.password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.getByTestId('dashboard').waitFor();
  return { context, page };
}

/** What the agent sees now (the window, or the whole page), written to SHOTS_DIR as `agent-<name>.png` when asked. */
export async function shootAgent(page: Page, name: string, fullPage = false): Promise<void> {
  if (process.env.SHOTS_DIR) await page.screenshot({ path: join(process.env.SHOTS_DIR, `agent-${name}.png`), fullPage, animations: 'disabled' });
}

/** From the inbox's « Nouveautés des étudiants » view, where the dossier says what the student sent, to its page. */
export async function openFromStudentActivity(page: Page, reference: string, expected: RegExp): Promise<void> {
  await page.goto(`${page.url().split('#')[0]}#/dossiers`);
  await page.getByTestId('inbox-views').getByRole('button', { name: 'Nouveautés des étudiants' }).click();
  const row = page.locator('tbody tr').filter({ hasText: reference });
  await expectText(row.getByTestId('student-activity'), expected);
  await shootAgent(page, 'inbox-student-activity');
  await row.click();
  await page.getByTestId('dossier-reference').filter({ hasText: reference }).waitFor();
}

/**
 * Each document the student sent, marked so and « À vérifier », accepted from its line — telling,
 * when the accept asks for it, what the agent reads on the scan (signed, every page). Answers the
 * kinds accepted.
 */
export async function acceptStudentDocuments(page: Page, read: Record<string, string[]>): Promise<string[]> {
  const waiting = page.locator('[data-document][data-source="student"][data-status="received"]');
  await waiting.first().waitFor();
  const accepted: string[] = [];
  for (let left = await waiting.count(); left > 0; left--) {
    const line = waiting.first();
    const kind = (await line.getAttribute('data-kind'))!;
    await expectText(line.getByTestId('sent-by-student'), "Envoyée par l'étudiant(e)");
    await expectText(line.getByTestId('verdict'), 'À vérifier');
    await line.scrollIntoViewIfNeeded();
    await shootAgent(page, `document-${kind}-to-check`);
    const version = await page.getByTestId('dossier-page').getAttribute('data-version');
    await line.getByRole('button', { name: 'Accepter' }).click();
    const dialog = page.getByRole('dialog');
    if (await dialog.count()) {
      for (const label of read[kind] ?? []) await dialog.getByLabel(label).check();
      // axe reads colours: not while the dialog is still fading in
      await settle(page);
      await shootAgent(page, `document-${kind}-accept-dialog`);
      await expectAccessible(page, 'accepting a document (dialog)', '[role="dialog"]');
      await dialog.getByRole('button', { name: 'Accepter' }).click();
      await dialog.waitFor({ state: 'detached' });
    }
    await page.waitForFunction((v) => document.querySelector('[data-testid="dossier-page"]')?.getAttribute('data-version') !== v, version);
    await eventually(async () => expect(await waiting.count()).toBe(left - 1));
    accepted.push(kind);
  }
  return accepted;
}

/** The student's message read in the Messages card, and answered through its form. */
export async function answerStudentMessage(page: Page, theirs: string, answer: string): Promise<void> {
  const card = page.getByTestId('messages-card');
  await expectText(card.locator('[data-testid="message"][data-author="student"]').getByTestId('message-body'), theirs);
  await card.scrollIntoViewIfNeeded();
  await card.locator('#message-body').fill(answer);
  await shootAgent(page, 'message-answer');
  await card.getByRole('button', { name: 'Envoyer le message' }).click();
  await expectText(card.locator('[data-testid="message"][data-author="office"]').getByTestId('message-body'), answer);
  await eventually(async () => expect(await card.locator('#message-body').inputValue()).toBe(''));
}

/** The dossier verified with the workflow's button, once its checklist is complete. */
export async function verifyDossier(page: Page): Promise<void> {
  await page.getByTestId('checklist-complete').waitFor();
  await eventually(async () => expect(await page.getByTestId('checklist-complete').getAttribute('data-complete')).toBe('true'));
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.locator('button[data-move="verified"]:enabled').click();
  await shootAgent(page, 'verify-confirmation');
  await page.getByTestId('confirm-move').click();
  await eventually(async () => expect(await page.getByTestId('dossier-page').getAttribute('data-status')).toBe('verified'));
  await expectText(page.getByTestId('timeline'), 'Dossier vérifié');
  await shootAgent(page, 'verified', true);
}
