/// <reference lib="dom" />
import type { Locator } from 'playwright-core';
import { eventually } from './eventually';

/**
 * Layout checks for the browser tests: what an agent would see cut off or crammed at a given
 * window size, measured in the page (boxes, lines of text), not judged from a screenshot.
 */

/** The element is wholly within the page's width (not cut off at its right edge). */
export async function expectInside(locator: Locator, width: number): Promise<void> {
  await locator.waitFor();
  await eventually(async () => {
    const box = await locator.boundingBox();
    expect(box).not.toBeNull();
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width).toBeLessThanOrEqual(width);
  });
}

/** Each cell's text takes at most `lines` lines (the distinct tops of the boxes of its text, line by line). */
export async function expectLinesAtMost(cells: Locator, lines: number): Promise<void> {
  await cells.first().waitFor();
  const counts = await cells.evaluateAll((elements) =>
    elements.map((cell) => {
      const tops = new Set<number>();
      const texts = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
      for (let node = texts.nextNode(); node; node = texts.nextNode()) {
        const range = document.createRange();
        range.selectNodeContents(node);
        for (const box of range.getClientRects()) if (box.width > 0) tops.add(Math.round(box.top));
      }
      return { text: cell.textContent, lines: tops.size };
    }),
  );
  expect(counts.filter((c) => c.lines > lines)).toEqual([]);
}
