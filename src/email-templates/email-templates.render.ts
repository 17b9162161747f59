/**
 * Renders an e-mail from its template: LiquidJS fills in the variables (strictly: a missing
 * variable or filter is an error, never "undefined"), the result is Markdown — the plain-text
 * part as it stands, and through `marked` the HTML part, set in an MJML layout so that it
 * reads well in every common mail client. No framework: the service and the tests call it.
 *
 * LiquidJS was chosen because it is made for templates written by people who are not
 * developers (Shopify's merchants): no code runs, no prototype is reachable, and here no file
 * is read and time and memory are bounded,
 * strict mode for variables and filters, and filters for dates and amounts as people write them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Liquid, type Template } from 'liquidjs';
import { Marked } from 'marked';
import { escapeHtml } from '../common/html';
import { formatAppointment, formatDay, formatEuros } from '../common/people-format';
import { EMAILS_FOLDER } from './email-templates.files';
import type { EffectiveTemplate, EmailContext, EmailLanguage, RenderedEmail } from './email-templates.model';
import { versionLabel } from './email-templates.model';

export class TemplateRenderError extends Error {
  constructor(
    readonly part: 'subject' | 'body',
    message: string,
  ) {
    super(`${part}: ${message}`);
  }
}

/**
 * A value printed into Markdown stays text: HTML is shown, not run, and brackets cannot make a
 * link or an image of it. (Emphasis marks are left: harmless, and escaping them would break the
 * addresses mail clients link, with their dots and underscores.)
 */
const escapeMarkdown = (value: unknown) =>
  String(value)
    .replace(/[\\`[\]]/g, '\\$&')
    .replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]!);

// HTML written in a template is shown as text: an office's wording cannot inject markup
const markdown = new Marked({ gfm: true, breaks: true, renderer: { html: ({ text }) => escapeHtml(text) } });

type Escape = 'none' | 'markdown';
const engines = new Map<string, Liquid>();

function engine(language: EmailLanguage, timeZone: string, escape: Escape): Liquid {
  const id = `${language}|${timeZone}|${escape}`;
  let liquid = engines.get(id);
  if (liquid) return liquid;
  liquid = new Liquid({
    strictVariables: true,
    strictFilters: true,
    // an optional variable (the agent's message) may be tested in {% if %}, whatever the data recorded
    lenientIf: true,
    ownPropertyOnly: true,
    outputEscape: escape === 'markdown' ? escapeMarkdown : undefined,
    // no file is ever read: include, render and layout find nothing (a wording cannot print a file of the server)
    templates: {},
    // a wording cannot hold the process: bounded time, memory and size
    renderLimit: 1_000,
    memoryLimit: 20_000_000,
    parseLimit: 100_000,
  });
  liquid.registerFilter('date', (value: unknown) => formatDay(requireText(value, 'date'), language));
  liquid.registerFilter('appointment', (value: unknown) => formatAppointment(requireText(value, 'appointment'), language, timeZone));
  liquid.registerFilter('euros', (value: unknown) => formatEuros(requireNumber(value, 'euros'), language));
  liquid.registerFilter('megabytes', (value: unknown) => `${Math.round(requireNumber(value, 'megabytes') / 1_048_576)} ${language === 'fr' ? 'Mo' : 'MB'}`);
  liquid.registerFilter('uppercase_list', (value: unknown) =>
    Array.isArray(value) ? value.map((v) => String(v).toUpperCase()).join(', ') : requireText(value, 'uppercase_list'),
  );
  engines.set(id, liquid);
  return liquid;
}

function requireText(value: unknown, filter: string): string {
  if (typeof value !== 'string' || value === '') throw new Error(`the ${filter} filter needs a value (got ${value === null ? 'null' : typeof value})`);
  return value;
}

function requireNumber(value: unknown, filter: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value))
    throw new Error(`the ${filter} filter needs a number (got ${value === null ? 'null' : typeof value})`);
  return value;
}

/** Parsed templates, by engine and text (a parsed template renders with its engine's escaping; the wordings are few). */
const parsed = new Map<string, Template[]>();

function parse(liquid: Liquid, engineId: string, source: string, part: 'subject' | 'body'): Template[] {
  const cacheKey = `${engineId}\u0000${source}`;
  const cached = parsed.get(cacheKey);
  if (cached) return cached;
  let templates: Template[];
  try {
    templates = liquid.parse(source);
  } catch (error) {
    throw new TemplateRenderError(part, (error as Error).message);
  }
  if (parsed.size > 2_000) parsed.clear();
  parsed.set(cacheKey, templates);
  return templates;
}

async function fill(source: string, context: EmailContext, timeZone: string, escape: Escape, part: 'subject' | 'body'): Promise<string> {
  const liquid = engine(context.language, timeZone, escape);
  try {
    return String(await liquid.render(parse(liquid, `${context.language}|${timeZone}|${escape}`, source, part), context));
  } catch (error) {
    throw new TemplateRenderError(part, (error as Error).message);
  }
}

/** The plain-text part: the Markdown as written, without its emphasis and heading marks. */
const plainText = (text: string) => text.replace(/\*\*(.+?)\*\*/g, '$1').replace(/^#{1,6} +/gm, '');

/** Blank lines Liquid tags leave behind are folded, so the text reads as written. */
const tidy = (text: string) =>
  text
    .replace(/[ \t]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();

const layouts = new Map<EmailLanguage, Promise<string>>();

/** The MJML layout, compiled to HTML once per language (MJML is slow; the layout never changes). */
function layout(language: EmailLanguage): Promise<string> {
  let compiled = layouts.get(language);
  if (!compiled) {
    compiled = (async () => {
      // loaded on first use: MJML takes about half a second to load and only the worker needs it
      const mjml = (await import('mjml')).default;
      const source = readFileSync(join(EMAILS_FOLDER, '_layout.mjml'), 'utf8').replace('{{LANG}}', language);
      const { html, errors } = await mjml(source, { validationLevel: 'strict', keepComments: false });
      if (errors.length) throw new Error(`_layout.mjml: ${errors.map((e) => e.formattedMessage).join('; ')}`);
      return html;
    })();
    layouts.set(language, compiled);
  }
  return compiled;
}

/** Loads MJML and compiles the layouts now (the worker, before relaying: the first e-mail should not wait half a second). */
export async function prepareLayouts(): Promise<void> {
  await Promise.all((['fr', 'en'] as const).map((language) => layout(language)));
}

export interface RenderInput {
  template: EffectiveTemplate;
  signature: EffectiveTemplate;
  context: EmailContext;
  timeZone: string;
}

/** The e-mail — subject, plain text and HTML — from a template, the office's signature and the context. */
export async function renderEmail({ template, signature, context, timeZone }: RenderInput): Promise<RenderedEmail> {
  const subject = (await fill(template.subject, context, timeZone, 'none', 'subject')).replace(/\s+/g, ' ').trim();
  if (!subject) throw new TemplateRenderError('subject', 'the subject is empty');
  const text = plainText(tidy(await fill(template.body, context, timeZone, 'none', 'body')));
  const signatureText = plainText(tidy(await fill(signature.body, context, timeZone, 'none', 'body')));
  const bodyHtml = await markdown.parse(tidy(await fill(template.body, context, timeZone, 'markdown', 'body')));
  const signatureHtml = await markdown.parse(tidy(await fill(signature.body, context, timeZone, 'markdown', 'body')));
  const firstLine = text.split('\n').find((line) => line.trim() && !/^(Bonjour|Dear|Hello)\b/.test(line)) ?? '';
  // function replacers: a "$&" in a subject is text, not a replacement pattern
  const html = (await layout(context.language))
    .replaceAll('{{TITLE}}', () => escapeHtml(subject))
    .replaceAll('{{PREVIEW}}', () => escapeHtml(firstLine.replace(/[*_`#>]/g, '').slice(0, 140)))
    .replaceAll('{{OFFICE}}', () => escapeHtml(context.office.name))
    .replace('{{CONTENT}}', () => bodyHtml)
    .replace('{{SIGNATURE}}', () => signatureHtml);
  return { subject, text: `${text}\n\n-- \n${signatureText}\n`, html, templateVersion: versionLabel(template) };
}

/** Checks a wording against contexts it will meet: every problem, once, with the part it is in. */
export async function checkTemplate(
  template: Pick<EffectiveTemplate, 'subject' | 'body'>,
  contexts: EmailContext[],
  timeZone: string,
): Promise<TemplateRenderError[]> {
  const problems = new Map<string, TemplateRenderError>();
  for (const context of contexts) {
    for (const [part, source] of [
      ['subject', template.subject],
      ['body', template.body],
    ] as const) {
      try {
        const out = await fill(source, context, timeZone, 'none', part);
        const leak = /\b(undefined|NaN)\b|\[object /.exec(out);
        if (leak) throw new TemplateRenderError(part, `prints "${leak[0]}"`);
        // a date is written for people: through the date (or appointment) filter
        const iso = /\b\d{4}-\d{2}-\d{2}(T[\d:.]+Z?)?\b/.exec(out);
        if (iso) throw new TemplateRenderError(part, `prints the date ${iso[0]} as a computer writes it: use the date filter ({{ … | date }})`);
      } catch (error) {
        const problem = error instanceof TemplateRenderError ? error : new TemplateRenderError(part, (error as Error).message);
        problems.set(problem.message, problem);
      }
    }
  }
  return [...problems.values()];
}
