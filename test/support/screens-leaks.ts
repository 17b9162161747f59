import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { FIELD_MESSAGES, PROBLEM_MESSAGES } from '../../src/common/problem-messages';
import { enMessages } from '../../web/src/i18n/en';
import { frMessages } from '../../web/src/i18n/fr';
import { anonymous, type AgentClient } from './api';
import type { ScreenText } from './screens-read';

/**
 * What a French screen must never show: English (the phrases the issue met, and every
 * English message of the app that French does not share) and raw codes (the API's
 * enumerations, the catalog's codes, bare country and département codes, i18n keys).
 */
export interface Leak {
  /** `typography` (French punctuation) is reported, not failed on. */
  kind: 'english' | 'code' | 'broken' | 'typography';
  /** What was matched, and the pattern it matched. */
  match: string;
  pattern: string;
  /** Where: the text around it, or the attribute that holds it. */
  where: string;
}

interface Pattern {
  kind: Leak['kind'];
  label: string;
  regex: RegExp;
  /** Raw codes are matched in the text as written (CSS may upper-case it on screen); English in the text as shown. */
  on: 'shown' | 'written';
  /** Only on an element's whole text (a code standing alone, not a word of a sentence). */
  whole?: boolean;
}

/** The phrases the issue found, and react-admin's English; matched whole-word. `cased` ones only with this case (or all capitals). */
const KNOWN_ENGLISH: { text: string; cased?: boolean }[] = [
  { text: 'The dossier' },
  { text: 'The student' },
  { text: 'cannot' },
  { text: 'finding(s)' },
  { text: 'warning(s)' },
  { text: 'already' },
  { text: 'Level ', cased: true },
  { text: 'Permit ', cased: true },
  { text: 'is a ', cased: true },
  { text: ' of ', cased: true },
  { text: 'accepted:' },
  { text: 'Bad request' },
  { text: 'Not found' },
  { text: 'Loading' },
  { text: 'Save', cased: true },
  { text: 'Delete', cased: true },
  { text: 'Show', cased: true },
  { text: 'Create', cased: true },
  { text: 'Edit', cased: true },
  { text: 'Search', cased: true },
  { text: 'Cancel', cased: true },
  { text: 'Confirm', cased: true },
  { text: 'Rows per page' },
  { text: 'No results' },
  { text: 'Internal server error' },
  { text: 'Unprocessable' },
  { text: 'Forbidden', cased: true },
  { text: 'Unauthorized', cased: true },
  { text: 'Conflict', cased: true },
  { text: 'Precondition' },
  { text: 'must be' },
  { text: 'should be' },
  { text: 'is required' },
  { text: 'Required', cased: true },
];

/** Words written the same in both languages: an English message made of one of them is not a leak. */
const SAME_IN_FRENCH = new Set(
  [
    'Actions',
    'Action',
    'Active',
    'Agent',
    'Agents',
    'Article',
    'Code',
    'Contact',
    'Date',
    'Description',
    'Document',
    'Documents',
    'Dossier',
    'Dossiers',
    'E-mail',
    'E-mails',
    'Export',
    'Filtres',
    'Format',
    'Institution',
    'Institutions',
    'Menu',
    'Message',
    'Note',
    'Notes',
    'Options',
    'Page',
    'Passerelle',
    'Photo',
    'Photos',
    'Programme',
    'Source',
    'Sources',
    'Total',
    'Transmission',
    'Transmissions',
    'Type',
    'Version',
    'Visa',
  ].map((w) => w.toLowerCase()),
);

/** Enumeration values that are also French words: in a sentence they are French; alone they are codes. */
const CODES_THAT_ARE_FRENCH = new Set([
  'du',
  'en',
  'fr',
  'agent',
  'postal',
  'dossier',
  'document',
  'session',
  'institution',
  'transmission',
  'signature',
  'other',
]);

function strings(tree: unknown, path = ''): [string, string][] {
  if (typeof tree === 'string') return [[path, tree]];
  if (tree && typeof tree === 'object') return Object.entries(tree).flatMap(([k, v]) => strings(v, path ? `${path}.${k}` : k));
  return [];
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A phrase as a whole word: no letter may touch it where it begins or ends with one. */
function wholeWord(text: string, flags: string): RegExp {
  const start = /^\p{L}/u.test(text) ? '(?<![\\p{L}\\p{N}])' : '';
  const end = /\p{L}$/u.test(text) ? '(?![\\p{L}\\p{N}])' : '';
  return new RegExp(`${start}${escape(text)}${end}`, `${flags}u`);
}

/** The English of the app's own messages (web/src/i18n/en.ts, with react-admin's), less what French writes the same. */
export function englishPatterns(): Pattern[] {
  const french = strings(frMessages)
    .map(([, v]) => v)
    .join('\n');
  const seen = new Set<string>();
  const patterns: Pattern[] = [];
  const add = (text: string, cased: boolean, label: string) => {
    const key = `${cased}:${text}`;
    if (seen.has(key)) return;
    seen.add(key);
    patterns.push({ kind: 'english', label, regex: wholeWord(text, cased ? 'g' : 'gi'), on: 'shown' });
    // an upper-cased button shows the word in capitals
    if (cased && text.toUpperCase() !== text) patterns.push({ kind: 'english', label, regex: wholeWord(text.toUpperCase(), 'g'), on: 'shown' });
  };
  for (const { text, cased } of KNOWN_ENGLISH) add(text, !!cased, `known: "${text}"`);
  for (const [key, value] of strings(enMessages)) {
    for (const form of value.split('||||'))
      for (const fragment of form.split(/%\{[^}]+\}/)) {
        const text = fragment.trim().replace(/^[\s:;,.!?()«»"'—–-]+|[\s:;,.!?()«»"'—–-]+$/g, '');
        if (text.length < 4 || !/\p{L}{3}/u.test(text)) continue;
        if (SAME_IN_FRENCH.has(text.toLowerCase()) || wholeWord(text, 'i').test(french)) continue;
        // one word is matched as written (a French sentence may hold an English word in lower case); a phrase in any case
        add(text, !/\s/.test(text), `en.ts ${key}: "${text}"`);
      }
  }
  return patterns;
}

/** The codes of the API and of its catalog that a screen could show instead of their names. */
export interface Vocabulary {
  enums: string[];
  procedureCodes: string[];
  catalogCodes: string[];
  sourceIds: string[];
  countries: string[];
  prefectures: string[];
}

function catalogCodes(definition: unknown, into: Set<string>, sources: Set<string>, key = ''): void {
  if (Array.isArray(definition)) return definition.forEach((d) => catalogCodes(d, into, sources, key));
  if (!definition || typeof definition !== 'object') return;
  for (const [k, v] of Object.entries(definition)) {
    if ((k === 'code' || k === 'id' || k === 'kind') && typeof v === 'string') (key === 'sources' ? sources : into).add(v);
    if (['documentKinds', 'parameters', 'facts'].includes(k) && v && typeof v === 'object' && !Array.isArray(v)) Object.keys(v).forEach((c) => into.add(c));
    if (k === 'source' && typeof v === 'string') sources.add(v);
    catalogCodes(v, into, sources, k);
  }
}

/** Reads the codes from the running API: its OpenAPI enumerations, the catalog, the demo's countries and départements. */
export async function readVocabulary(app: NestFastifyApplication, api: AgentClient): Promise<Vocabulary> {
  const openapi = (await anonymous(app).get('/docs-json').expect(200)).body as { components: { schemas: object } };
  const enums = new Set<string>();
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    for (const [k, v] of Object.entries(node)) {
      if (k === 'enum' && Array.isArray(v)) v.filter((e): e is string => typeof e === 'string').forEach((e) => enums.add(e));
      else walk(v);
    }
  };
  walk(openapi.components.schemas);
  const procedures = (await api.get('/api/procedures').expect(200)).body as { items?: { code: string }[] } | { code: string }[];
  const list = Array.isArray(procedures) ? procedures : (procedures.items ?? []);
  const codes = new Set<string>();
  const sources = new Set<string>();
  for (const { code } of list) catalogCodes((await api.get(`/api/procedures/${code}`).expect(200)).body.definition, codes, sources);
  const students = (await api.get('/api/students?limit=200').expect(200)).body.items as { nationality: string; birthCountry: string }[];
  const dossiers = (await api.get('/api/dossiers?limit=200').expect(200)).body.items as { prefecture: string | null }[];
  return {
    enums: [...enums],
    procedureCodes: list.map((p) => p.code),
    catalogCodes: [...codes],
    sourceIds: [...sources],
    countries: [...new Set(students.flatMap((s) => [s.nationality, s.birthCountry]).concat('FR'))],
    prefectures: [...new Set(dossiers.map((d) => d.prefecture).filter((p): p is string => !!p))],
  };
}

/** A code as a token of its own: not inside a word, an e-mail address, a URL or a file name. */
function token(code: string): RegExp {
  return new RegExp(`(?<![\\p{L}\\p{N}_@./'’-])${escape(code)}(?![\\p{L}\\p{N}_@/-])(?!\\.[\\p{L}\\p{N}])`, 'gu');
}

/** A code that is all the text of its element, but for punctuation. */
function alone(code: string): RegExp {
  return new RegExp(`^[^\\p{L}\\p{N}\\n]*${escape(code)}[^\\p{L}\\p{N}\\n]*$`, 'gmu');
}

export function codePatterns(vocabulary: Vocabulary): Pattern[] {
  const patterns: Pattern[] = [];
  const french = strings(frMessages)
    .map(([, v]) => v)
    .join('\n');
  const add = (label: string, regex: RegExp, kind: Leak['kind'] = 'code') =>
    patterns.push({ kind, label, regex, on: 'written', whole: regex.source.startsWith('^') });
  const lowerCodes = new Set([...vocabulary.enums, ...vocabulary.procedureCodes, ...vocabulary.catalogCodes].filter((c) => /^[a-z][a-zA-Z0-9_.-]*$/.test(c)));
  // a code that French writes too (du, en, postal, agent) is a code only where it stands alone (« Langue : en »)
  const inFrench = (c: string) => CODES_THAT_ARE_FRENCH.has(c) || wholeWord(c, '').test(french);
  // a code shaped as one (student_multi_year, talent-researcher, m2, rece.final-year, proofOfAddressMaxAge) anywhere; a code
  // that is a plain English word (passport, open, office) where it stands alone — in a sentence it is the sentence's English
  const procedures = new Set(vocabulary.procedureCodes);
  for (const code of [...lowerCodes].sort())
    add(`code "${code}"`, !inFrench(code) && (procedures.has(code) || /[_.\d-]|[a-z][A-Z]/.test(code)) ? token(code) : alone(code));
  for (const id of vocabulary.sourceIds) add(`source id "[${id}]"`, new RegExp(`\\[${escape(id)}\\]`, 'g'));
  add('a source id in brackets', /\[[a-z0-9]+(?:-[a-z0-9]+)+\]/g);
  for (const country of vocabulary.countries) add(`bare country code "${country}"`, token(country));
  add('language code', /(?<![\p{L}\p{N}_@./'’-])(?:EN|FR)(?![\p{L}\p{N}_@/-])/gu);
  add('a prefecture by its number', /Préfecture\s+(?:\d{2,3}|2[AB])\b/g);
  add('an i18n key', /\b(?:ra|passerelle|resources)\.[a-z_]+\.[a-z_.]+/g);
  // the codes of findings and problems (document.missing, facts.missing, dossier.already-open, rece.final-year…)
  const problemCodes = [...Object.keys(PROBLEM_MESSAGES), ...Object.keys(FIELD_MESSAGES)];
  const prefixes = [...problemCodes.map((c) => c.split('.')[0]!), 'document', 'facts', 'checklist'];
  const catalogPrefixes = vocabulary.catalogCodes.filter((c) => c.includes('.')).map((c) => c.split('.')[0]!);
  add(
    'a finding or problem code',
    new RegExp(`(?<![\\p{L}\\p{N}_@./-])(?:${[...new Set([...prefixes, ...catalogPrefixes])].join('|')})\\.[a-z][a-z0-9-]*(?![\\p{L}\\p{N}_@/-])`, 'gu'),
  );
  // French punctuation: a non-breaking space before « : ; ? ! », guillemets rather than straight quotes
  patterns.push({
    kind: 'typography',
    label: 'no non-breaking space before « : ; ? ! »',
    regex: /[^\s\u00a0\u202f:/][:;?!](?=\s|$)|[ ][:;?!](?=\s|$)/gu,
    on: 'shown',
  });
  patterns.push({ kind: 'typography', label: 'straight quotes, not « guillemets »', regex: /"[^"\n]{1,80}"/gu, on: 'shown' });
  for (const broken of ['(s)', 'undefined', 'null', 'NaN', '[object', 'Invalid Date', 'Invalid date', '…).).', ').).'])
    patterns.push({ kind: 'broken', label: `"${broken}"`, regex: wholeWord(broken, 'g'), on: 'shown' });
  return patterns;
}

function around(text: string, index: number, length: number): string {
  const before = text.slice(Math.max(0, index - 40), index);
  const after = text.slice(index + length, index + length + 40);
  return `…${before}[${text.slice(index, index + length)}]${after}…`.replace(/\s+/g, ' ');
}

/** Every leak of the screen, once each (the same match at the same place is reported once). */
export function findLeaks(screen: ScreenText, patterns: Pattern[]): Leak[] {
  const leaks = new Map<string, Leak>();
  const record = (leak: Leak) => leaks.set(`${leak.kind}|${leak.match}|${leak.where}`, leak);
  const scan = (text: string, on: Pattern['on'], where: (index: number, length: number) => string, whole = true) => {
    for (const pattern of patterns) {
      if (pattern.on !== on || (pattern.whole && !whole)) continue;
      for (const m of text.matchAll(pattern.regex)) record({ kind: pattern.kind, match: m[0], pattern: pattern.label, where: where(m.index, m[0].length) });
    }
  };
  scan(screen.shown, 'shown', (i, n) => around(screen.shown, i, n));
  // the text nodes, one a line (read at once: hundreds of patterns over thousands of nodes)
  for (const whole of [true, false]) {
    const text = screen.written
      .filter((w) => w.whole === whole)
      .map((w) => w.text.replace(/\n/g, ' '))
      .join('\n');
    scan(text, 'written', (i, n) => around(text, i, n), whole);
  }
  for (const { attribute, value, element } of screen.attributes) {
    scan(value, 'shown', () => `${element} ${attribute}="${value}"`);
    scan(value, 'written', () => `${element} ${attribute}="${value}"`);
  }
  if (screen.title) {
    scan(screen.title, 'shown', () => `page title "${screen.title}"`);
    scan(screen.title, 'written', () => `page title "${screen.title}"`);
  }
  for (const code of screen.barePrefectures)
    record({ kind: 'code', match: code, pattern: 'a prefecture shown by its département number', where: `"Préfecture" → ${code}` });
  if (!/^fr\b/i.test(screen.htmlLang)) record({ kind: 'broken', match: screen.htmlLang, pattern: '<html lang> is not French', where: '<html>' });
  return [...leaks.values()];
}
