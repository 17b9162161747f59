/// <reference lib="dom" />
import { readFileSync } from 'node:fs';
import type axe from 'axe-core';
import type { Page } from 'playwright-core';

/** axe-core's script, read from node_modules (requiring the package in Node wants a window). */
let source: string | undefined;
const axeSource = () => (source ??= readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'));

/** One rule axe-core found broken, with the elements it found it on. */
export interface AxeViolation {
  id: string;
  impact: string;
  help: string;
  helpUrl: string;
  targets: string[];
  /** What axe says of the first element (for a contrast: the colours and the ratio). */
  detail: string;
}

/** What the browser tests refuse: a violation that stops or seriously hinders someone using a screen reader or the keyboard. */
export const BLOCKING_IMPACTS = ['serious', 'critical'];

/**
 * Runs axe-core (the library, injected from node_modules) in the page, on the whole document or
 * on what `include` selects (a dialog: its page behind is checked on its own screen), and returns
 * every violation. Injected through the DevTools protocol, so the app's Content-Security-Policy,
 * which allows only its own scripts, does not stop it.
 */
export async function runAxe(page: Page, include?: string): Promise<AxeViolation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(`${axeSource()}\n;void 0`);
  const results = await page.evaluate(async (selector) => {
    const axeInPage = (window as unknown as { axe: typeof axe }).axe;
    const context = selector ? { include: [...document.querySelectorAll(selector)].slice(-1) } : document;
    const { violations } = await axeInPage.run(context as axe.ElementContext, { resultTypes: ['violations'] });
    return violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? 'unknown',
      help: v.help,
      helpUrl: v.helpUrl,
      targets: v.nodes.map((n) => n.target.map(String).join(' ')),
      detail: (v.nodes[0]?.any[0] ?? v.nodes[0]?.all[0] ?? v.nodes[0]?.none[0])?.message ?? '',
    }));
  }, include ?? null);
  return results;
}

/** The violations that fail a browser test. */
export function blockingViolations(violations: AxeViolation[]): AxeViolation[] {
  return violations.filter((v) => BLOCKING_IMPACTS.includes(v.impact));
}

/** Every violation, one per line, with the elements it was found on (the first few). */
export function describeViolations(violations: AxeViolation[]): string[] {
  return violations.map((v) => {
    const shown = v.targets.slice(0, 4).join(', ') + (v.targets.length > 4 ? `, … (${v.targets.length} in all)` : '');
    return `[${v.impact}] ${v.id}: ${v.help} — ${shown}${v.detail ? ` — ${v.detail}` : ''}`;
  });
}

/** Runs axe-core in the page, prints every violation, and throws on the serious or critical ones. */
export async function expectAccessible(page: Page, where: string, include?: string): Promise<AxeViolation[]> {
  const violations = await runAxe(page, include);
  if (violations.length)
    process.stdout.write(
      `axe on ${where}:\n${describeViolations(violations)
        .map((line) => `  ${line}\n`)
        .join('')}`,
    );
  const blocking = blockingViolations(violations);
  if (blocking.length) throw new Error(`axe-core: ${blocking.length} serious or critical violations on ${where}:\n${describeViolations(blocking).join('\n')}`);
  return violations;
}
