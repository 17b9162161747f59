/// <reference lib="dom" />
import type { Locator, Page } from 'playwright-core';
import type { DemoRecords } from './screens-records';

/** How the walk opens a screen (test/support/screens.ts): loads, waits, opens dialogs, comes back. */

/** A screen or dialog of the app, as the walk opens it. */
export interface Screen {
  /** The file name of its screenshot, and its name in the walk's report. */
  name: string;
  title: string;
  /** What is read and checked: the dialog over the page, a menu — the page itself by default. */
  scope?: string;
  /** Shown before the agent logs in. */
  loggedOut?: boolean;
  /** The address it is at (a page's), to come back to it without reloading. */
  at?: (walk: Walk) => string;
  /** Opens it; `false` when the app has no such screen or dialog (a feature still to come, said in the report). */
  open: (walk: Walk) => Promise<boolean | void>;
  /** The dialogs (and tabs) found on it once open, each opened from a fresh load of the screen. */
  parts?: (walk: Walk) => Promise<Screen[]>;
}

/** The browser's page on the running app, the records shown, the agent's login. */
export interface Walk {
  page: Page;
  base: string;
  records: DemoRecords;
  login: { email: string; password: string };
}

/**
 * Waits until the screen has settled: nothing loading (no progress indicator, no skeleton),
 * no animation running (a dialog fading in), and its text the same on two readings in a row.
 */
export async function settle(page: Page, timeoutMs = 15_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  let last: string | null = null;
  for (;;) {
    const state = await page.evaluate(() => ({
      busy: !!document.querySelector('[role="progressbar"], .MuiSkeleton-root, .MuiCircularProgress-root, .MuiLinearProgress-root'),
      moving: document.getAnimations().some((a) => a.playState === 'running' && a.effect?.getComputedTiming().iterations !== Infinity),
      text: document.body.innerText,
    }));
    if (!state.busy && !state.moving && state.text === last) return;
    if (Date.now() > until)
      throw new Error(
        `The screen did not settle within ${timeoutMs} ms (${state.busy ? 'still loading' : state.moving ? 'still moving' : 'its text kept changing'}).`,
      );
    last = state.busy || state.moving ? null : state.text;
    await page.waitForTimeout(120);
  }
}

/** Loads the app afresh at `hash` and waits for what the screen shows (`ready`) and for it to settle. */
export async function visit(walk: Walk, hash: string, ready: string): Promise<void> {
  await walk.page.goto('about:blank');
  await walk.page.goto(`${walk.base}/#${hash}`);
  await walk.page.locator(ready).first().waitFor();
  await settle(walk.page);
}

/** Clicks what opens a dialog and waits for the dialog and its content. */
export async function openDialog(page: Page, trigger: Locator): Promise<void> {
  await trigger.click();
  await page.getByRole('dialog').last().waitFor();
  await settle(page);
}

export const DIALOG = '[role="dialog"]';
export const DOSSIER_READY = '[data-testid="dossier-page"] [data-slot]';

/** A page at an address, with what it shows once loaded. */
export function page(name: string, title: string, hash: string | ((walk: Walk) => string), ready: string): Screen {
  const at = (walk: Walk) => (typeof hash === 'string' ? hash : hash(walk));
  return { name, title, at, open: (walk) => visit(walk, at(walk), ready) };
}

/**
 * Back on the page `of` as it was opened, when the browser is still there: what is open over it
 * (a dialog, a menu, a list) closed with Escape, as an agent would. False when it has to be loaded again.
 */
async function backTo(walk: Walk, of: Screen): Promise<boolean> {
  if (!of.at || !walk.page.url().endsWith(`#${of.at(walk)}`)) return false;
  // dialogs, menus and lists open in a modal layer (the sidebar is a role="menu" too, never closed)
  const overlay = walk.page.locator('.MuiModal-root:visible');
  for (let tries = 0; tries < 3 && (await overlay.count()); tries++) {
    await walk.page.keyboard.press('Escape');
    await overlay
      .first()
      .waitFor({ state: 'detached', timeout: 2_000 })
      .catch(() => undefined);
  }
  if (await overlay.count()) return false;
  await settle(walk.page);
  return true;
}

/** A part of a page found on it: `act` on the page, opened again (or loaded again) first. */
export function part(of: Screen, name: string, title: string, act: (walk: Walk) => Promise<boolean | void>, scope?: string): Screen {
  return {
    name: `${of.name}-${name}`,
    title,
    scope,
    open: async (walk) => {
      if (!(await backTo(walk, of))) await of.open(walk);
      return act(walk);
    },
  };
}

/** The first of `locator` if the page has it (a feature other work is bringing may not be there yet). */
export async function firstIfAny(locator: Locator): Promise<Locator | null> {
  return (await locator.count()) ? locator.first() : null;
}
