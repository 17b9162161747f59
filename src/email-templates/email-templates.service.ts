import { Injectable, Logger } from '@nestjs/common';
import { CHANNELS } from '../catalog/catalog.model';
import { CatalogService } from '../catalog/catalog.service';
import type { Actor } from '../common/actor';
import { Clock } from '../common/clock';
import { FieldError, ProblemException } from '../common/problem';
import { AppConfig } from '../config/app-config';
import { DossiersService } from '../dossiers/dossiers.service';
import { OfficeService } from '../office/office.service';
import { buildContext, type ContextDossier } from './email-templates.context';
import {
  EmailTemplateDetail,
  EmailTemplatePreview,
  EmailTemplateSummary,
  PreviewEmailTemplateDto,
  presentVersion,
  UpdateEmailTemplateDto,
} from './email-templates.dto';
import {
  DEFAULT_VARIANT,
  EffectiveTemplate,
  EmailLanguage,
  isChannelVariant,
  keyName,
  parseKeyName,
  RenderedEmail,
  SIGNATURE,
  TEMPLATE_VARIABLES,
  TemplateKey,
  TemplateName,
  TemplateVersion,
  variantsFor,
  versionLabel,
  WITHOUT_DOSSIER,
} from './email-templates.model';
import { checkTemplate, prepareLayouts, renderEmail, TemplateRenderError } from './email-templates.render';
import { EmailTemplatesRepository } from './email-templates.repository';
import { SAMPLE_OFFICE, sampleCases, sampleData, SampleDefinition } from './email-templates.samples';

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

/**
 * The e-mails' wording: the shipped templates and the office's own versions, the one in force
 * for each e-mail (the dossier's procedure, then its channel, then the default), rendering,
 * and the admins' changes — each checked against every procedure and channel it will meet.
 */
const asEffective = (v: TemplateVersion): EffectiveTemplate => ({
  template: v.template,
  variant: v.variant,
  language: v.language,
  origin: v.origin,
  version: v.version,
  subject: v.subject!,
  body: v.body!,
});

@Injectable()
export class EmailTemplatesService {
  private readonly logger = new Logger('EmailTemplates');
  private state: State | null = null;

  constructor(
    private readonly templates: EmailTemplatesRepository,
    private readonly catalog: CatalogService,
    private readonly office: OfficeService,
    private readonly dossiers: DossiersService,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  /**
   * An e-mail, rendered with the wording in force now — or with `wording` (a preview). An
   * office wording that fails for this e-mail's data (checked against the samples, it should
   * not) gives way to the shipped one, logged: the student is still told.
   */
  async render(request: RenderRequest, wording?: Pick<EffectiveTemplate, 'subject' | 'body'> & TemplateKey): Promise<RenderedEmail> {
    const state = await this.current();
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
    const context = buildContext({ ...request, office: await this.office.profile() });
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
    const key = this.parse(name);
    const state = await this.current();
    const effective = state.effective.get(name);
    const history = state.versions.filter((v) => keyName(v) === name);
    if (!effective && history.length === 0) throw ProblemException.of(404, `No e-mail template ${name}.`);
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
    const key = this.parse(name);
    await this.assertVariant(key);
    const problems = await this.check(key, request);
    if (problems.length)
      throw ProblemException.validation(problems, `The wording cannot be used: ${problems.map((p) => `${p.field} ${p.message}`).join('; ')}`);
    await this.templates.add({ ...key, origin: 'office', subject: request.subject, body: request.body, note: request.note ?? null, publishedBy: actor.label });
    return this.get(name);
  }

  /** DELETE /api/email-templates/:key: back to the shipped wording (kept in the history as a version). */
  async revert(name: string, actor: Actor): Promise<EmailTemplateDetail> {
    const key = this.parse(name);
    const office = (await this.current()).versions.filter((v) => keyName(v) === name && v.origin === 'office').at(-1);
    if (!office || office.body === null) throw ProblemException.of(404, `The office has no wording of its own for ${name}.`);
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

  /**
   * POST /api/email-templates/:key/preview: the e-mail as it would be sent — with the wording
   * given (or the one in force), for a real dossier when one is named — recording and sending nothing.
   */
  async preview(name: string, request: PreviewEmailTemplateDto): Promise<EmailTemplatePreview> {
    const key = this.parse(name);
    const inForce = (await this.current()).effective.get(name);
    if (!inForce && request.body === undefined) throw ProblemException.of(404, `No e-mail template ${name}.`);
    // the key's own wording, not the variant a dossier would pick: the preview shows what was asked
    const wording = { ...key, subject: request.subject ?? inForce?.subject ?? '', body: request.body ?? inForce?.body ?? '' };
    if (request.body !== undefined || request.subject !== undefined) {
      const problems = await this.check(key, wording);
      if (problems.length)
        throw ProblemException.validation(problems, `The wording cannot be used: ${problems.map((p) => `${p.field} ${p.message}`).join('; ')}`);
    }
    const template = key.template === SIGNATURE ? 'dossier_opened' : key.template;
    const today = this.clock.today();
    let dossier: ContextDossier | null = null;
    let recipientName = template === 'agent_digest' || template === 'silence_alert' ? 'Claire Martin' : 'Aminata Diallo';
    const data = sampleData(template, null, today, key.language)[0]!;
    if (request.dossierId && !WITHOUT_DOSSIER.includes(template)) {
      const found = await this.dossiers.require(request.dossierId);
      const version = await this.catalog.version(found.procedureVersionId!);
      dossier = {
        reference: found.reference,
        channel: found.channel,
        filedOn: found.filedAt,
        prefectureReference: found.prefectureReference,
        definition: version.definition,
      };
      recipientName = `${found.student.firstNames} ${found.student.usageName ?? found.student.birthName}`;
      Object.assign(
        data,
        sampleData(template, version.definition, today, key.language)[0],
        found.filedAt && { filedOn: found.filedAt },
        found.decidedOn && { decidedOn: found.decidedOn },
      );
    } else if (!WITHOUT_DOSSIER.includes(template)) {
      const definition = (await this.definitions()).find((d) => d.code === key.variant) ?? (await this.definitions())[0]!;
      dossier = {
        reference: 'CMI-2026-000123',
        channel: isChannelVariant(key.variant) ? key.variant : definition.channel,
        filedOn: today,
        prefectureReference: null,
        definition,
      };
      Object.assign(data, sampleData(template, definition, today, key.language)[0]);
    }
    try {
      const rendered = await this.render({ template, language: key.language, recipientName, dossier, data }, wording);
      return {
        key: name,
        dossierId: request.dossierId ?? null,
        ...rendered,
        templateVersion: inForce && request.body === undefined && request.subject === undefined ? versionLabel(inForce) : rendered.templateVersion,
      };
    } catch (error) {
      if (!(error instanceof TemplateRenderError)) throw error;
      throw ProblemException.of(422, `The wording cannot be rendered for this dossier: ${error.message}`, {
        type: '/problems/template-render-failed',
        errors: [{ field: error.part, message: error.message }],
      });
    }
  }

  /** Every problem of a wording, against every procedure and channel it will be used for. */
  private async check(key: TemplateKey, wording: Pick<EffectiveTemplate, 'subject' | 'body'>): Promise<FieldError[]> {
    if (key.template === SIGNATURE) {
      // every e-mail ends with it: about a dossier or none, to a student or an agent, with an office whose phone and website are not set
      const options = { definitions: await this.definitions(), channels: ['postal', 'anef'], languages: [key.language], today: this.clock.today() };
      const bare = { ...SAMPLE_OFFICE, phone: null, website: null };
      const cases = (['dossier_opened', 'permit_expiry_reminder', 'agent_digest', 'silence_alert'] as const).flatMap((t) => [
        ...sampleCases(t, options),
        ...sampleCases(t, { ...options, office: bare }),
      ]);
      return (
        await checkTemplate(
          { subject: 'x', body: wording.body },
          cases.map((c) => c.context),
          this.config.OFFICE_TIMEZONE,
        )
      ).map((p) => ({ field: p.part, message: p.message.replace(/^(subject|body): /, '') }));
    }
    const definitions = (await this.definitions()).filter((d) => key.variant === DEFAULT_VARIANT || isChannelVariant(key.variant) || d.code === key.variant);
    const channels = isChannelVariant(key.variant) ? [key.variant] : CHANNELS;
    const cases = sampleCases(key.template, { definitions, channels, languages: [key.language], today: this.clock.today() });
    return (
      await checkTemplate(
        wording,
        cases.map((c) => c.context),
        this.config.OFFICE_TIMEZONE,
      )
    ).map((p) => ({ field: p.part, message: p.message.replace(/^(subject|body): /, '') }));
  }

  private parse(name: string): TemplateKey {
    const key = parseKeyName(name);
    if (!key) throw ProblemException.validation([{ field: 'key', message: 'must be <template>.<variant>.<fr|en>, e.g. complement_requested.anef.fr' }]);
    return key;
  }

  /** A variant is the default, a channel, or a procedure of the catalog. */
  private async assertVariant(key: TemplateKey): Promise<void> {
    if (key.variant === DEFAULT_VARIANT) return;
    if (key.template === SIGNATURE || WITHOUT_DOSSIER.includes(key.template)) {
      throw ProblemException.validation([{ field: 'key', message: `${key.template} is about no dossier: it has only the default variant` }]);
    }
    if (isChannelVariant(key.variant)) return;
    if (!(await this.definitions()).some((d) => d.code === key.variant)) {
      throw ProblemException.validation([
        { field: 'key', message: `the variant must be default, a channel (${CHANNELS.join(', ')}) or a procedure of the catalog` },
      ]);
    }
  }

  private async definitions(): Promise<SampleDefinition[]> {
    const procedures = await this.catalog.list();
    return Promise.all(procedures.map(async (p) => (await this.catalog.versionInEffect(p.code, this.clock.today()))!.definition));
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
