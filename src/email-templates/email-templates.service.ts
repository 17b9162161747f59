import { Injectable, Logger } from '@nestjs/common';
import type { Actor } from '../common/actor';
import { ProblemException } from '../common/problem';
import { AppConfig } from '../config/app-config';
import { OfficeService } from '../office/office.service';
import { EmailTemplatesChecks, parseTemplateKey } from './email-templates.checks';
import { buildContext, type ContextDossier } from './email-templates.context';
import { EmailTemplateDetail, EmailTemplateSummary, presentVersion, UpdateEmailTemplateDto } from './email-templates.dto';
import {
  EffectiveTemplate,
  EmailLanguage,
  keyName,
  RenderedEmail,
  SIGNATURE,
  TEMPLATE_VARIABLES,
  TemplateKey,
  TemplateName,
  TemplateVersion,
  variantsFor,
  versionLabel,
} from './email-templates.model';
import { prepareLayouts, renderEmail, TemplateRenderError } from './email-templates.render';
import { EmailTemplatesRepository } from './email-templates.repository';

interface State {
  stamp: string;
  versions: TemplateVersion[];
  effective: Map<string, EffectiveTemplate>;
  /** The latest shipped wording of each key: what an office wording falls back to if it fails. */
  shipped: Map<string, EffectiveTemplate>;
}

export interface RenderRequest {
  template: TemplateName;
  language: EmailLanguage;
  recipientName: string;
  dossier: ContextDossier | null;
  data: Record<string, unknown>;
}

const asEffective = (v: TemplateVersion): EffectiveTemplate => ({
  template: v.template,
  variant: v.variant,
  language: v.language,
  origin: v.origin,
  version: v.version,
  subject: v.subject!,
  body: v.body!,
});

/**
 * The e-mails' wording: the shipped templates and the office's own versions, the one in force
 * for each e-mail (the dossier's procedure, then its channel, then the default), rendering,
 * and the admins' changes — each checked against every procedure and channel it will meet
 * (email-templates.checks.ts; the admins' previews: email-templates.preview.ts).
 */
@Injectable()
export class EmailTemplatesService {
  private readonly logger = new Logger('EmailTemplates');
  private state: State | null = null;

  constructor(
    private readonly templates: EmailTemplatesRepository,
    private readonly checks: EmailTemplatesChecks,
    private readonly office: OfficeService,
    private readonly config: AppConfig,
  ) {}

  /**
   * An e-mail, rendered with the wording in force now — or with `wording` (a preview). An
   * office wording that fails for this e-mail's data (checked against the samples, it should
   * not) gives way to the shipped one, logged: the student is still told.
   */
  async render(request: RenderRequest, wording?: Pick<EffectiveTemplate, 'subject' | 'body'> & TemplateKey): Promise<RenderedEmail> {
    const [state, office] = await Promise.all([this.current(), this.office.profile()]);
    return this.renderWith(state, office, request, wording);
  }

  /**
   * Renders a batch of e-mails (the outbox relay's) with the wordings in force and the office's
   * profile as they stand when the batch starts: checked once for the batch, not once per e-mail.
   */
  async renderer(): Promise<(request: RenderRequest) => Promise<RenderedEmail>> {
    const [state, office] = await Promise.all([this.current(), this.office.profile()]);
    return (request) => this.renderWith(state, office, request);
  }

  private async renderWith(
    state: State,
    office: Awaited<ReturnType<OfficeService['profile']>>,
    request: RenderRequest,
    wording?: Pick<EffectiveTemplate, 'subject' | 'body'> & TemplateKey,
  ): Promise<RenderedEmail> {
    const variants = variantsFor(request.dossier?.definition.code ?? null, request.dossier?.channel ?? null);
    const pick = (template: TemplateName | typeof SIGNATURE, from: Map<string, EffectiveTemplate>) => {
      for (const variant of variants) {
        const found = from.get(keyName({ template, variant, language: request.language }));
        if (found) return found;
      }
      throw new Error(`no wording for ${template} in ${request.language}: the shipped templates were not published (db:migrate)`);
    };
    const given = (key: TemplateKey & Pick<EffectiveTemplate, 'subject' | 'body'>): EffectiveTemplate => ({ ...key, origin: 'office', version: 0 });
    const template = wording && wording.template !== SIGNATURE ? given(wording) : pick(request.template, state.effective);
    const signature = wording?.template === SIGNATURE ? given(wording) : pick(SIGNATURE, state.effective);
    const context = buildContext({ ...request, office });
    try {
      return await renderEmail({ template, signature, context, timeZone: this.config.OFFICE_TIMEZONE });
    } catch (error) {
      if (wording || !(error instanceof TemplateRenderError) || (template.origin === 'shipped' && signature.origin === 'shipped')) throw error;
      this.logger.error({ template: versionLabel(template), err: error.message }, 'An office wording failed for this e-mail: the shipped wording is used');
      return renderEmail({
        template: pick(request.template, state.shipped),
        signature: pick(SIGNATURE, state.shipped),
        context,
        timeZone: this.config.OFFICE_TIMEZONE,
      });
    }
  }

  /** Ready to render at once: the layouts compiled and the wordings read (the worker, at start). */
  async warmUp(): Promise<void> {
    await Promise.all([prepareLayouts(), this.current()]);
  }

  /** The wording in force for a key, if it has one (what a preview starts from). */
  async inForce(name: string): Promise<EffectiveTemplate | undefined> {
    return (await this.current()).effective.get(name);
  }

  /** GET /api/email-templates: every wording in force, shipped or the office's. */
  async list(): Promise<EmailTemplateSummary[]> {
    const state = await this.current();
    return [...state.effective.values()].map((t) => ({
      key: keyName(t),
      template: t.template,
      variant: t.variant,
      language: t.language,
      origin: t.origin,
      version: t.version,
      subject: t.subject,
    }));
  }

  /** GET /api/email-templates/:key: the wording in force, the shipped one, the variables, the history. */
  async get(name: string): Promise<EmailTemplateDetail> {
    const key = parseTemplateKey(name);
    const state = await this.current();
    const effective = state.effective.get(name);
    const history = state.versions.filter((v) => keyName(v) === name);
    if (!effective && history.length === 0) throw ProblemException.of('email-template.not-found', { name });
    const shipped = history.filter((v) => v.origin === 'shipped').at(-1) ?? null;
    return {
      key: name,
      ...key,
      origin: effective?.origin ?? 'shipped',
      version: effective?.version ?? 0,
      subject: effective?.subject ?? null,
      body: effective?.body ?? null,
      shipped: shipped && presentVersion(shipped),
      variables: key.template === SIGNATURE ? [] : [...TEMPLATE_VARIABLES[key.template]],
      history: history.map(presentVersion),
    };
  }

  /** PUT /api/email-templates/:key: the office's own wording, in force at once for the next e-mails. */
  async update(name: string, request: UpdateEmailTemplateDto, actor: Actor): Promise<EmailTemplateDetail> {
    const key = parseTemplateKey(name);
    await this.checks.assertVariant(key);
    await this.checks.assertUsable(key, request);
    await this.templates.add({ ...key, origin: 'office', subject: request.subject, body: request.body, note: request.note ?? null, publishedBy: actor.label });
    return this.get(name);
  }

  /** DELETE /api/email-templates/:key: back to the shipped wording (kept in the history as a version). */
  async revert(name: string, actor: Actor): Promise<EmailTemplateDetail> {
    const key = parseTemplateKey(name);
    const office = (await this.current()).versions.filter((v) => keyName(v) === name && v.origin === 'office').at(-1);
    if (!office || office.body === null) throw ProblemException.of('email-template.no-office-wording', { name });
    const shipped = (await this.current()).versions.some((v) => keyName(v) === name && v.origin === 'shipped');
    await this.templates.add({
      ...key,
      origin: 'office',
      subject: null,
      body: null,
      note: shipped ? 'back to the shipped wording' : 'withdrawn',
      publishedBy: actor.label,
    });
    return this.get(name);
  }

  /** The versions and the wording in force, read again whenever a version was added (any process). */
  private async current(): Promise<State> {
    const stamp = await this.templates.stamp();
    if (this.state?.stamp === stamp) return this.state;
    const versions = await this.templates.all();
    const effective = new Map<string, EffectiveTemplate>();
    const shipped = new Map<string, EffectiveTemplate>();
    const byKey = new Map<string, TemplateVersion[]>();
    for (const version of versions) byKey.set(keyName(version), [...(byKey.get(keyName(version)) ?? []), version]);
    for (const [name, list] of byKey) {
      const office = list.filter((v) => v.origin === 'office').at(-1);
      const latestShipped = list.filter((v) => v.origin === 'shipped').at(-1);
      const chosen = office && office.body !== null ? office : latestShipped;
      if (chosen && chosen.body !== null && chosen.subject !== null) effective.set(name, asEffective(chosen));
      if (latestShipped) shipped.set(name, asEffective(latestShipped));
    }
    this.state = { stamp, versions, effective, shipped };
    return this.state;
  }
}
