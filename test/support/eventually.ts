import type { Locator } from 'playwright-core';
import { patient } from './processes';

/** Retries an assertion until it holds, for up to `ms` times the run's patience (the page, the API and the worker answer asynchronously). */
export async function eventually(assertion: () => Promise<void>, ms = 10_000): Promise<void> {
  const until = Date.now() + patient(ms);
  for (;;) {
    try {
      await assertion();
      return;
    } catch (error) {
      if (Date.now() > until) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/**
 * The first element of `locator` comes to contain `expected` (or match it); with `plainSpaces`,
 * the spaces that do not break (French typography) read as spaces.
 */
export async function expectText(locator: Locator, expected: string | RegExp, options: { plainSpaces?: boolean } = {}): Promise<void> {
  await locator.first().waitFor();
  await eventually(async () => {
    const raw = (await locator.first().textContent()) ?? '';
    const text = options.plainSpaces ? raw.replace(/[\u00a0\u202f]/g, ' ') : raw;
    if (typeof expected === 'string') expect(text).toContain(expected);
    else expect(text).toMatch(expected);
  });
}

/** The first element of `locator` comes to have `name="value"`. */
export async function expectAttribute(locator: Locator, name: string, value: string): Promise<void> {
  await locator.first().waitFor();
  await eventually(async () => expect(await locator.first().getAttribute(name)).toBe(value));
}
