/// <reference lib="dom" />
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';

/**
 * The student's "link no longer works" screen in the browser tests (web/student/StudentApp.tsx):
 * its button asking for a new link, the session ending while the page is open, its screenshots.
 */

/** The button of the screen when the page holds a link's token. */
export const ASK_NEW_LINK = 'Recevoir un nouveau lien par e-mail';

/** The phone page as it is, in French then in English, into `dir` as student-<state>-<fr|en>-phone.png (nothing without a dir); left in French. */
export async function shootBothLanguages(page: Page, dir: string | null, state: string): Promise<void> {
  if (!dir) return;
  for (const language of ['fr', 'en', 'fr'] as const) {
    await page.getByRole('button', { name: language === 'fr' ? 'Français' : 'English' }).click();
    await page.locator(`html[lang="${language}"]`).waitFor();
    await page.screenshot({ path: join(dir, `student-${state}-${language}-phone.png`), fullPage: true, animations: 'disabled' });
  }
}

/** The session ends under the open page (its cookie gone), then the student writes to the office: the screen the page shows instead. */
export async function endSessionWhileOpen(page: Page): Promise<Locator> {
  await page.context().clearCookies();
  const messages = page.getByTestId('messages');
  await messages.getByLabel('Votre message').fill('Bonjour, une question encore.');
  await messages.getByRole('button', { name: 'Envoyer le message' }).click();
  const ended = page.getByTestId('link-invalid');
  await ended.waitFor();
  return ended;
}
