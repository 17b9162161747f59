/// <reference lib="dom" />
import type { Page } from 'playwright-core';

// What the French walk reads of a screen, in the page; screens-leaks.ts says what must not be in it.

/** What a screen shows a reader: its text (as rendered, and as written), its labels, and the title of the page. */
export interface ScreenText {
  shown: string;
  /** Each text node as written, and whether it is the whole text of its element. */
  written: { text: string; whole: boolean }[];
  attributes: { attribute: string; value: string; element: string }[];
  title: string | null;
  htmlLang: string;
  /** A département code shown alone where a prefecture is named. */
  barePrefectures: string[];
}

/**
 * Reads the text of the screen (the last element `scope` selects: a dialog over its page, or
 * the body). What is marked in another language (`lang="en"`: the e-mail an English-speaking
 * student gets) is the student's, not the interface's, and is left out; so is an identifier shown on
 * purpose as technical text (`<code data-technical>`: a catalog rule's id, for the admins who edit the catalog).
 */
export async function readScreen(page: Page, scope: string): Promise<ScreenText> {
  return page.evaluate((selector) => {
    const root = [...document.querySelectorAll<HTMLElement>(selector)].pop() ?? document.body;
    const foreign = (el: Element | null) => {
      if (el?.closest('[data-technical]')) return true;
      const tagged = el?.closest('[lang]');
      return !!tagged && tagged !== document.documentElement && !/^fr\b/i.test(tagged.getAttribute('lang') ?? '');
    };
    let shown = root.innerText;
    for (const el of root.querySelectorAll<HTMLElement>('[lang], [data-technical]')) if (foreign(el) && el.innerText) shown = shown.replace(el.innerText, ' ');
    const written: { text: string; whole: boolean }[] = [];
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      const text = node.textContent?.trim();
      if (!text || !parent || foreign(parent) || parent.closest('script, style, [aria-hidden="true"]')) continue;
      if (!parent.checkVisibility()) continue;
      written.push({ text, whole: parent.textContent?.trim() === text });
    }
    const attributes: { attribute: string; value: string; element: string }[] = [];
    for (const el of [root, ...root.querySelectorAll('*')]) {
      if (foreign(el) || el.closest('[aria-hidden="true"]')) continue;
      for (const attribute of ['title', 'aria-label', 'placeholder', 'alt', 'aria-description', 'aria-valuetext', 'aria-roledescription']) {
        const value = el.getAttribute(attribute);
        if (value?.trim()) attributes.push({ attribute, value, element: `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}` });
      }
    }
    const barePrefectures: string[] = [];
    const bare = /^\s*(?:\d{2,3}|2[AB])\s*$/;
    for (const label of root.querySelectorAll<HTMLElement>('*')) {
      if (label.children.length || !/^\s*Préfecture\s*$/i.test(label.textContent ?? '')) continue;
      const value = label.nextElementSibling as HTMLElement | null;
      if (value && bare.test(value.innerText)) barePrefectures.push(value.innerText.trim());
      const cell = label.closest('th');
      const table = cell?.closest('table');
      if (cell && table) {
        const column = [...cell.parentElement!.children].indexOf(cell);
        for (const row of table.querySelectorAll('tbody tr')) {
          const td = row.children[column] as HTMLElement | undefined;
          if (td && bare.test(td.innerText)) barePrefectures.push(td.innerText.trim());
        }
      }
    }
    return {
      shown,
      written,
      attributes,
      title: root === document.body ? document.title : null,
      htmlLang: document.documentElement.lang,
      barePrefectures,
    };
  }, scope);
}
