import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { DEMO_ADMIN } from '../../src/demo/demo-data';

/** Where Debian's Chromium lives (installed by .ci/run when missing); CHROMIUM_PATH points elsewhere. */
export function chromiumPath(): string {
  const path = process.env.CHROMIUM_PATH ?? ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
  if (!path || !existsSync(path)) {
    throw new Error('The browser tests need Chromium: apt-get install -y chromium (or set CHROMIUM_PATH). .ci/run installs it.');
  }
  return path;
}

/**
 * Headless Chromium for the browser tests, with the flags this machine's closed network needs
 * (no background connections, no component updates), in French as the office's agents use it;
 * Playwright gives it a fresh profile.
 */
export async function launchBrowser(): Promise<{ browser: Browser; close: () => Promise<void> }> {
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
      '--lang=fr-FR',
    ],
    // The language date inputs are written in (jj/mm/aaaa): on Linux Chromium takes it from LANGUAGE,
    // not from --lang, and only with its French resources installed (Debian's chromium-l10n).
    env: { ...process.env, LANGUAGE: 'fr' },
  });
  return {
    browser,
    close: async () => {
      await browser.close().catch(() => undefined);
    },
  };
}

/** Logs in on the app's login screen (the demo admin unless told), in French, and waits for the dashboard. */
export async function logIn(page: Page, base: string, password: string, email: string = DEMO_ADMIN.email): Promise<void> {
  await page.goto(`${base}/`);
  await page.locator('#login-email').fill(email);
  await page.locator('#login-password').fill(password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.getByTestId('dashboard').waitFor();
}
