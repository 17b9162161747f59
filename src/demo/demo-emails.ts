import { buildContext, type ContextDossier } from '../email-templates/email-templates.context';
import { readShippedTemplates, type ShippedTemplate } from '../email-templates/email-templates.files';
import {
  type EffectiveTemplate,
  type EmailLanguage,
  type RenderedEmail,
  SIGNATURE,
  type StudentTemplate,
  type TemplateFileName,
  variantsFor,
} from '../email-templates/email-templates.model';
import { renderEmail } from '../email-templates/email-templates.render';
import { DEMO_OFFICE } from './demo-data';

export interface DemoEmailInput {
  template: StudentTemplate;
  language: EmailLanguage;
  recipientName: string;
  data: Record<string, unknown>;
  dossier: ContextDossier;
}

/**
 * The demo's e-mails as the worker would have rendered them: with the shipped wording (a new
 * office has none of its own, and db:migrate publishes these same files, version for version)
 * and the demo office's signature, so that an agent opening one reads what the student was sent.
 */
export class DemoEmails {
  private shipped: Promise<ShippedTemplate[]> | null = null;

  constructor(private readonly timeZone: string) {}

  async render(input: DemoEmailInput): Promise<RenderedEmail> {
    const shipped = await (this.shipped ??= readShippedTemplates());
    // the dossier's procedure, then its channel, then the default: as the templates service picks
    const pick = (template: TemplateFileName): EffectiveTemplate => {
      for (const variant of variantsFor(input.dossier.definition.code, input.dossier.channel)) {
        const found = shipped.find((t) => t.template === template && t.variant === variant && t.language === input.language);
        if (found) return { ...found, origin: 'shipped' };
      }
      throw new Error(`prisma/emails has no wording of ${template} in ${input.language}`);
    };
    return renderEmail({
      template: pick(input.template),
      signature: pick(SIGNATURE),
      context: buildContext({ ...input, office: DEMO_OFFICE }),
      timeZone: this.timeZone,
    });
  }
}
