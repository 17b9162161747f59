/**
 * `npm run docs:emails`: seven representative e-mails as the shipped templates render them
 * (realistic data, the demo office), written to docs/emails/ as HTML, plain text and a PNG
 * taken in headless Chromium — what a reviewer reads before a wording ships.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { readCatalogFiles } from '../../src/catalog/catalog.files';
import { readShippedTemplates } from '../../src/email-templates/email-templates.files';
import { EffectiveTemplate, EmailLanguage, keyName, SIGNATURE, TemplateName, variantsFor } from '../../src/email-templates/email-templates.model';
import { renderEmail } from '../../src/email-templates/email-templates.render';
import { sampleCases, SampleDefinition } from '../../src/email-templates/email-templates.samples';
import { chromiumPath } from './browser';

const OUT = resolve(__dirname, '..', '..', 'docs', 'emails');
const TODAY = '2026-12-03';

const SHOWN: {
  file: string;
  template: TemplateName;
  procedure: string | null;
  channel: string | null;
  language: EmailLanguage;
  state: number;
  title: string;
}[] = [
  {
    file: 'complement-request-fr',
    template: 'complement_requested',
    procedure: 'rece',
    channel: 'postal',
    language: 'fr',
    state: 1,
    title: 'Complement request (RECE, by post), French, with the agent’s message',
  },
  {
    file: 'complement-request-en',
    template: 'complement_requested',
    procedure: 'talent-researcher',
    channel: 'anef',
    language: 'en',
    state: 0,
    title: 'Complement request (talent – researcher, ANEF), English',
  },
  {
    file: 'decision-favourable-fr',
    template: 'decision_favourable',
    procedure: 'rece',
    channel: 'postal',
    language: 'fr',
    state: 0,
    title: 'Favourable decision (RECE), French',
  },
  {
    file: 'extension-forwarded-fr',
    template: 'dossier_forwarded',
    procedure: 'student-extension',
    channel: 'anef',
    language: 'fr',
    state: 0,
    title: 'Extension pending the defence filed on ANEF, French',
  },
  {
    file: 'permit-expiry-late-fr',
    template: 'permit_expiry_reminder',
    procedure: null,
    channel: null,
    language: 'fr',
    state: 2,
    title: 'Permit-expiry reminder, 37 days before expiry (past the 60-day mark), French',
  },
  {
    file: 'student-link-fr',
    template: 'student_link',
    procedure: 'rece',
    channel: 'postal',
    language: 'fr',
    state: 0,
    title: 'The student’s personal link to their dossier’s page, sent again by an agent, French',
  },
  {
    file: 'office-message-fr',
    template: 'office_message',
    procedure: 'rece',
    channel: 'postal',
    language: 'fr',
    state: 0,
    title: 'The office wrote to the student on their page (no message in the e-mail), French',
  },
];

async function main(): Promise<void> {
  const shipped = new Map((await readShippedTemplates()).map((t) => [keyName(t), { ...t, origin: 'shipped' as const }]));
  const files = await readCatalogFiles();
  const latest = new Map<string, (typeof files)[number]>();
  for (const file of files) if ((latest.get(file.code)?.version ?? 0) < file.version) latest.set(file.code, file);
  const pick = (template: TemplateName | typeof SIGNATURE, procedure: string | null, channel: string | null, language: EmailLanguage): EffectiveTemplate => {
    const found = variantsFor(procedure, channel)
      .map((variant) => shipped.get(keyName({ template, variant, language })))
      .find(Boolean);
    if (!found) throw new Error(`no wording for ${template}.${language}`);
    return found;
  };
  await mkdir(OUT, { recursive: true });
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 680, height: 900 } });
    for (const shown of SHOWN) {
      const definitions = shown.procedure ? [latest.get(shown.procedure)!.definition as SampleDefinition] : [];
      const cases = sampleCases(shown.template, { definitions, channels: shown.channel ? [shown.channel] : [], languages: [shown.language], today: TODAY });
      const email = await renderEmail({
        template: pick(shown.template, shown.procedure, shown.channel, shown.language),
        signature: pick(SIGNATURE, shown.procedure, shown.channel, shown.language),
        context: cases[shown.state]!.context,
        timeZone: 'Europe/Paris',
      });
      await writeFile(join(OUT, `${shown.file}.html`), email.html);
      await writeFile(join(OUT, `${shown.file}.txt`), `Subject: ${email.subject}\n\n${email.text}`);
      await page.setContent(email.html, { waitUntil: 'load' });
      await page.screenshot({ path: join(OUT, `${shown.file}.png`), fullPage: true });
      process.stdout.write(`docs/emails/${shown.file}.{html,txt,png} — ${shown.title}: "${email.subject}"\n`);
    }
  } finally {
    await browser.close();
  }
}

void main().catch((error) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exit(1);
});
