import { escapeHtml } from '../common/html';
import type { Language } from '../common/problem';
import type { ProblemTypeEntry } from '../common/problem-types';

const HEADINGS: Record<Language, { meaning: string; advice: string; other: string; otherLanguage: Language }> = {
  fr: { meaning: 'Ce que cela signifie', advice: 'Que faire', other: 'This page in English', otherLanguage: 'en' },
  en: { meaning: 'What it means', advice: 'What to do', other: 'Cette page en français', otherLanguage: 'fr' },
};

/** The page of a problem type (`/problems/<slug>`): what it means and what to do, in `language`. */
export function problemPage(slug: string, entry: ProblemTypeEntry, language: Language): string {
  const text = entry[language];
  const words = HEADINGS[language];
  return `<!doctype html>
<html lang="${language}">
<head><meta charset="utf-8"><title>${escapeHtml(slug)} · Passerelle</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;line-height:1.5}code{background:#eee;padding:0 .2em}</style></head>
<body>
<h1><code>/problems/${escapeHtml(slug)}</code></h1>
<h2>${words.meaning}</h2>
<p>${escapeHtml(text.meaning)}</p>
<h2>${words.advice}</h2>
<p>${escapeHtml(text.advice)}</p>
<p><small><a href="/problems/${escapeHtml(slug)}?lang=${words.otherLanguage}" hreflang="${words.otherLanguage}" lang="${words.otherLanguage}">${escapeHtml(words.other)}</a></small></p>
</body>
</html>
`;
}
