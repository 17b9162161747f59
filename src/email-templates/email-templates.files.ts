import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { EMAIL_LANGUAGES, type EmailLanguage, keyName, type TemplateFileName, TEMPLATE_NAMES, type TemplateKey } from './email-templates.model';

/**
 * The e-mail templates shipped with Passerelle, like the catalog: `prisma/emails/<template>/
 * <variant>.<language>.liquid`, each a YAML front matter (`version`, `subject`) and a body in
 * Markdown with Liquid variables. `_layout.mjml` is the HTML frame of every e-mail.
 */
export const EMAILS_FOLDER = resolve(__dirname, '..', '..', 'prisma', 'emails');

export interface ShippedTemplate extends TemplateKey {
  file: string;
  version: number;
  subject: string;
  body: string;
}

const FILE = /^([a-z0-9][a-z0-9_-]*)\.(fr|en)\.liquid$/;
const FRONT_MATTER = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/;

export async function readShippedTemplates(folder = EMAILS_FOLDER, { complete = true } = {}): Promise<ShippedTemplate[]> {
  const templates: ShippedTemplate[] = [];
  for (const entry of (await readdir(folder, { withFileTypes: true })).filter((e) => e.isDirectory()).sort((a, b) => a.name.localeCompare(b.name))) {
    if (!(TEMPLATE_NAMES as readonly string[]).includes(entry.name)) throw new Error(`prisma/emails/${entry.name}: not a template Passerelle sends`);
    for (const name of (await readdir(join(folder, entry.name))).sort()) {
      const file = `${entry.name}/${name}`;
      const match = FILE.exec(name);
      if (!match) throw new Error(`prisma/emails/${file}: name it <variant>.<fr|en>.liquid`);
      templates.push(parseTemplateFile(file, entry.name as TemplateFileName, match[1]!, match[2] as EmailLanguage, await readFile(join(folder, file), 'utf8')));
    }
  }
  const missing = TEMPLATE_NAMES.flatMap((template) =>
    EMAIL_LANGUAGES.filter((language) => !templates.some((t) => t.template === template && t.variant === 'default' && t.language === language)).map(
      (language) => `${template}.default.${language}`,
    ),
  );
  if (complete && missing.length) throw new Error(`prisma/emails lacks the default wording of ${missing.join(', ')}`);
  return templates;
}

export function parseTemplateFile(file: string, template: TemplateFileName, variant: string, language: EmailLanguage, text: string): ShippedTemplate {
  const match = FRONT_MATTER.exec(text.replace(/^\uFEFF/, ''));
  if (!match) throw new Error(`prisma/emails/${file}: starts with a front matter between --- lines (version, subject)`);
  const meta = (parse(match[1]!) ?? {}) as { version?: unknown; subject?: unknown };
  if (!Number.isInteger(meta.version) || (meta.version as number) < 1) throw new Error(`prisma/emails/${file}: version must be a whole number from 1`);
  if (typeof meta.subject !== 'string' || !meta.subject.trim()) throw new Error(`prisma/emails/${file}: subject is required`);
  return { file, template, variant, language, version: meta.version as number, subject: meta.subject, body: match[2]!.replace(/\r\n/g, '\n') };
}

export const shippedKeyName = (t: ShippedTemplate) => keyName(t);
