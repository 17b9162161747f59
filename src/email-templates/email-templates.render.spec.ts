import { readCatalogFiles } from '../catalog/catalog.files';
import { CHANNELS } from '../catalog/catalog.model';
import { readShippedTemplates, ShippedTemplate } from './email-templates.files';
import {
  EffectiveTemplate,
  EMAIL_LANGUAGES,
  keyName,
  STUDENT_TEMPLATES,
  AGENT_TEMPLATES,
  variantsFor,
  SIGNATURE,
  TemplateName,
  WITHOUT_DOSSIER,
  type EmailContext,
} from './email-templates.model';
import { checkTemplate, renderEmail } from './email-templates.render';
import { SAMPLE_OFFICE, SAMPLE_STUDENT_LINK, sampleCases, SampleDefinition, type SampleCase } from './email-templates.samples';

const TODAY = '2026-12-03';
const TZ = 'Europe/Paris';
const ISO_DATE = /\b\d{4}-\d{2}-\d{2}\b/;
const MIDNIGHT = /\b00[:h] ?00\b|\bminuit\b|\bmidnight\b|\b0 h\b/i;
const LEAK = /\bundefined\b|\bnull\b|\[object |\bNaN\b/;
const POSTAL = /courrier|par la poste|recommandé|à l['’]accueil|guichet|by post|registered mail|front desk/i;
const NO_RECEIPT = /récépissé|no receipt/i;
/** The CMI's 2-step channel: a RECE dossier sent by post, handed in or e-mailed to the office (seed 000). */
const twoStep = (procedure: string | null, channel: string | null) => procedure === 'rece' && channel !== null && channel !== 'anef';

let shipped: ShippedTemplate[];
let definitions: SampleDefinition[];

beforeAll(async () => {
  shipped = await readShippedTemplates();
  const files = await readCatalogFiles();
  const latest = new Map<string, (typeof files)[number]>();
  for (const file of files) if ((latest.get(file.code)?.version ?? 0) < file.version) latest.set(file.code, file);
  definitions = [...latest.values()].map((f) => f.definition as SampleDefinition);
});

function effective(
  map: Map<string, EffectiveTemplate>,
  template: TemplateName | typeof SIGNATURE,
  procedure: string | null,
  channel: string | null,
  language: 'fr' | 'en',
): EffectiveTemplate {
  for (const variant of variantsFor(procedure, channel)) {
    const found = map.get(keyName({ template, variant, language }));
    if (found) return found;
  }
  throw new Error(`no wording for ${template}.${language}`);
}

const asEffective = (t: ShippedTemplate): EffectiveTemplate => ({
  template: t.template,
  variant: t.variant,
  language: t.language,
  origin: 'shipped',
  version: t.version,
  subject: t.subject,
  body: t.body,
});

/** The student's e-mails about one of their dossiers: those that carry the personal link. */
const aboutTheirDossier = (template: TemplateName) => (STUDENT_TEMPLATES as readonly string[]).includes(template) && !WITHOUT_DOSSIER.includes(template);

async function renderSample(sample: SampleCase, context: EmailContext = sample.context) {
  const map = new Map(shipped.map((t) => [keyName(t), asEffective(t)]));
  return renderEmail({
    template: effective(map, sample.template, sample.procedure, sample.channel, sample.language),
    signature: effective(map, SIGNATURE, sample.procedure, sample.channel, sample.language),
    context,
    timeZone: TZ,
  });
}

describe('every e-mail, as students and agents read it', () => {
  it('renders every template × procedure × channel × language × state, and an office override, with nothing a careful office would not send', async () => {
    const wordings = new Map(shipped.map((t) => [keyName(t), asEffective(t)]));
    // an office's own wording of the receipt, for every procedure
    const override: EffectiveTemplate = {
      template: 'dossier_opened',
      variant: 'default',
      language: 'fr',
      origin: 'office',
      version: 1,
      subject: 'Votre dossier {{ dossier.reference }} est bien arrivé',
      body: 'Bonjour {{ recipient.name }},\n\nVotre dossier nous est parvenu le {{ receivedOn | date }}. Nous le vérifions et vous écrirons sous quinze jours.',
    };
    const failures: string[] = [];
    let rendered = 0;
    for (const [label, map] of [
      ['shipped', wordings],
      ['office override', new Map([...wordings, [keyName(override), override]])],
    ] as const) {
      const templates: TemplateName[] = label === 'shipped' ? [...STUDENT_TEMPLATES, ...AGENT_TEMPLATES] : ['dossier_opened'];
      for (const template of templates) {
        for (const sample of sampleCases(template, { definitions, channels: CHANNELS, languages: EMAIL_LANGUAGES, today: TODAY })) {
          const where = `${label} ${template} ${sample.procedure ?? '-'} ${sample.channel ?? '-'} ${sample.language}`;
          try {
            const email = await renderEmail({
              template: effective(map, template, sample.procedure, sample.channel, sample.language),
              signature: effective(map, SIGNATURE, sample.procedure, sample.channel, sample.language),
              context: sample.context,
              timeZone: TZ,
            });
            rendered++;
            const [body] = email.text.split('\n-- \n');
            const all = `${email.subject}\n${email.text}`;
            if (ISO_DATE.test(all)) failures.push(`${where}: an ISO date: ${ISO_DATE.exec(all)![0]}`);
            if (MIDNIGHT.test(all)) failures.push(`${where}: a midnight time`);
            if (LEAK.test(all)) failures.push(`${where}: prints "${LEAK.exec(all)![0]}"`);
            for (const contact of [SAMPLE_OFFICE.email, SAMPLE_OFFICE.phone!, SAMPLE_OFFICE.postalAddress[0]!])
              if (!email.text.includes(contact) || !email.html.includes(contact.replace(/'/g, '&#39;')))
                failures.push(`${where}: no office contact ${contact}`);
            if (sample.channel === 'anef' && POSTAL.test(body!))
              failures.push(`${where}: postal instructions on the ANEF channel: "${POSTAL.exec(body!)![0]}"`);
            if (NO_RECEIPT.test(body!) && !twoStep(sample.procedure, sample.channel))
              failures.push(`${where}: the no-receipt sentence outside the CMI's 2-step RECE channel`);
            if (!email.html.startsWith('<!doctype html>') || !email.html.includes(`lang="${sample.language}"`))
              failures.push(`${where}: not a whole HTML document in its language`);
            // every student e-mail about a dossier carries the student's personal link, as a link in the HTML; the office's never do
            if (label === 'office override') {
              // an office's own wording may leave the link out: its choice
            } else if (aboutTheirDossier(template)) {
              if (!body!.includes(SAMPLE_STUDENT_LINK) || !email.html.includes(`href="${SAMPLE_STUDENT_LINK}"`)) failures.push(`${where}: no personal link`);
            } else if (email.text.includes('/s/#')) failures.push(`${where}: a personal link in an e-mail that is not the student's`);
          } catch (error) {
            failures.push(`${where}: ${(error as Error).message}`);
          }
        }
      }
    }
    process.stdout.write(
      `e-mail templates: ${rendered} combinations rendered (templates × procedures × channels × languages × states, and an office override)\n`,
    );
    expect(failures).toEqual([]);
    expect(rendered).toBeGreaterThan(1000);
  });

  it('tells a RECE student of the 2-step channel that no receipt is issued and the current permit stays valid (seed 000)', async () => {
    const map = new Map(shipped.map((t) => [keyName(t), asEffective(t)]));
    for (const template of ['dossier_verified', 'dossier_forwarded'] as const) {
      for (const language of EMAIL_LANGUAGES) {
        const [sample] = sampleCases(template, {
          definitions: definitions.filter((d) => d.code === 'rece'),
          channels: ['postal'],
          languages: [language],
          today: TODAY,
        });
        const email = await renderEmail({
          template: effective(map, template, 'rece', 'postal', language),
          signature: effective(map, SIGNATURE, 'rece', 'postal', language),
          context: sample!.context,
          timeZone: TZ,
        });
        expect(email.text).toMatch(NO_RECEIPT);
      }
    }
  });

  it('asks for the missing documents on the personal page first, a phone photo welcome, and keeps the ways of the channel', async () => {
    const failures: string[] = [];
    for (const template of ['complement_requested', 'complement_reminder'] as const) {
      for (const sample of sampleCases(template, { definitions, channels: CHANNELS, languages: EMAIL_LANGUAGES, today: TODAY })) {
        const where = `${template} ${sample.procedure} ${sample.channel} ${sample.language} ${JSON.stringify(sample.context.daysLeft ?? null)}`;
        const [body] = (await renderSample(sample)).text.split('\n-- \n');
        const how = body!.split(/^(Comment nous les envoyer|How to send them)$/m)[2] ?? '';
        const page = how.indexOf(SAMPLE_STUDENT_LINK);
        if (page < 0 || !/page personnelle|personal page/.test(how.slice(0, page))) failures.push(`${where}: the personal page does not come first`);
        if (!/photo/i.test(how)) failures.push(`${where}: no word of a phone photo`);
        if (!/ne sert qu'une fois|works only once/.test(how)) failures.push(`${where}: does not say the link works once`);
        // the other ways stay: e-mail on the ANEF channel and for the procedures without their own wording, the office's channel for RECE
        const other = how.slice(page);
        const expected =
          sample.channel === 'anef' || sample.procedure !== 'rece'
            ? SAMPLE_OFFICE.email
            : sample.channel === 'email'
              ? SAMPLE_OFFICE.email
              : /accueil|front desk/;
        if (typeof expected === 'string' ? !other.includes(expected) : !expected.test(other)) failures.push(`${where}: the other ways are gone`);
        if (twoStep(sample.procedure, sample.channel) && (sample.context.daysLeft ?? 2) !== 1 && !other.includes(SAMPLE_OFFICE.postalAddress[2]!))
          failures.push(`${where}: no postal address for the 2-step channel`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('reads whole without a personal link (none issued): no dangling "your page:", the other ways still told', async () => {
    const failures: string[] = [];
    for (const template of [...STUDENT_TEMPLATES, ...AGENT_TEMPLATES].filter((t) => !WITHOUT_DOSSIER.includes(t))) {
      for (const sample of sampleCases(template, { definitions, channels: CHANNELS, languages: EMAIL_LANGUAGES, today: TODAY })) {
        const where = `${template} ${sample.procedure} ${sample.channel} ${sample.language}`;
        const context = { ...sample.context, dossier: { ...sample.context.dossier!, link: null } };
        try {
          const email = await renderSample(sample, context);
          if (LEAK.test(email.text)) failures.push(`${where}: prints "${LEAK.exec(email.text)![0]}"`);
          if (/\/s\/#|(page personnelle|personal page) ?:\s*$/m.test(email.text)) failures.push(`${where}: a link announced, none given`);
          if (/ne sert qu'une fois|works only once/.test(email.text) && template !== 'student_link')
            failures.push(`${where}: a note about a link it does not have`);
          if (
            (template === 'complement_requested' || template === 'complement_reminder') &&
            !email.text.split('\n-- \n')[0]!.match(/Comment nous les envoyer|How to send them/)
          )
            failures.push(`${where}: no way to send the documents`);
        } catch (error) {
          failures.push(`${where}: ${(error as Error).message}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('tells the student the office wrote, and the agent the student wrote, without the message itself', async () => {
    const [toStudent] = sampleCases('office_message', { definitions: definitions.slice(0, 1), channels: ['postal'], languages: ['fr'], today: TODAY });
    const student = await renderSample(toStudent!);
    expect(student.subject).toBe('Dossier CMI-2026-000123 : un nouveau message vous attend');
    expect(student.text).toContain(`Pour lire notre message et nous répondre, ouvrez votre page personnelle :\n${SAMPLE_STUDENT_LINK}`);
    const [toAgent] = sampleCases('student_message', { definitions: definitions.slice(0, 1), channels: ['postal'], languages: ['en'], today: TODAY });
    const agent = await renderSample(toAgent!);
    expect(agent.text).toMatch(/^Dear Claire Martin,/);
    expect(agent.text).toContain(`open the dossier:\n${String(toAgent!.context.dossierUrl)}`);
    expect(agent.html).toContain(`href="${String(toAgent!.context.dossierUrl)}"`);
    const [link] = sampleCases('student_link', { definitions: definitions.slice(0, 1), channels: ['anef'], languages: ['fr'], today: TODAY });
    const personal = await renderSample(link!);
    expect(personal.text).toContain(SAMPLE_STUDENT_LINK);
    expect(personal.text).toMatch(/voir où en est votre dossier[\s\S]*nous envoyer les pièces[\s\S]*nous écrire/);
    expect(personal.text).toContain("Il ne sert qu'une fois");
  });

  it('refuses a wording that names a variable the e-mail does not have, or forgets the date filter, naming the part', async () => {
    const [sample] = sampleCases('complement_requested', { definitions: definitions.slice(0, 1), channels: ['postal'], languages: ['fr'], today: TODAY });
    const problems = await checkTemplate(
      { subject: 'Dossier {{ dossier.reference }}', body: 'Bonjour {{ recipient.nom }}, avant le {{ dueOn | date }}.' },
      [sample!.context],
      TZ,
    );
    expect(problems.map((p) => p.part)).toEqual(['body']);
    expect(problems[0]!.message).toMatch(/undefined variable: recipient.nom/);
    const unfiltered = await checkTemplate({ subject: 'x {{ message | date }}', body: 'ok' }, [sample!.context], TZ);
    expect(unfiltered[0]!.message).toMatch(/date filter needs a value/);
  });

  it('shows an office wording that writes HTML as text, and escapes what the data holds', async () => {
    const [sample] = sampleCases('complement_requested', { definitions: definitions.slice(0, 1), channels: ['postal'], languages: ['fr'], today: TODAY });
    const context = { ...sample!.context, message: '<img src=x onerror=alert(1)> [cliquez ici](https://evil.example) **urgent**' };
    const template: EffectiveTemplate = {
      template: 'complement_requested',
      variant: 'default',
      language: 'fr',
      origin: 'office',
      version: 1,
      subject: 'Objet',
      body: '<script>alert(1)</script>\n\n{{ message }}',
    };
    const signature = asEffective(shipped.find((t) => t.template === SIGNATURE && t.language === 'fr')!);
    const email = await renderEmail({ template, signature, context, timeZone: TZ });
    // markup and Markdown links stay text; a bare address is linked as mail clients would anyway
    expect(email.html).not.toMatch(/<script|<img|>cliquez ici<\/a>/);
    expect(email.html).toContain('&lt;script&gt;');
    expect(email.text).toContain('[cliquez ici](https://evil.example)');
  });

  it('reads no file of the server and bounds a wording that would run for ever', async () => {
    const [sample] = sampleCases('dossier_opened', { definitions: definitions.slice(0, 1), channels: ['postal'], languages: ['fr'], today: TODAY });
    const include = await checkTemplate({ subject: 'x', body: '{% include "package.json" %}{% render "prisma/schema.prisma" %}' }, [sample!.context], TZ);
    expect(include).toHaveLength(1);
    expect(include[0]!.message).not.toMatch(/passerelle|datasource/);
    const loop = await checkTemplate(
      { subject: 'x', body: '{% for a in (1..100000) %}{% for b in (1..100000) %}{{ a }}{% endfor %}{% endfor %}' },
      [sample!.context],
      TZ,
    );
    expect(loop[0]!.message).toMatch(/limit/i);
  }, 30_000);
});
