import { Injectable } from '@nestjs/common';
import { CHANNELS } from '../catalog/catalog.model';
import { CatalogService } from '../catalog/catalog.service';
import { Clock } from '../common/clock';
import { FieldProblem, ProblemException } from '../common/problem';
import { fieldText } from '../common/problem-messages';
import { AppConfig } from '../config/app-config';
import { DEFAULT_VARIANT, EffectiveTemplate, isChannelVariant, parseKeyName, SIGNATURE, TemplateKey, WITHOUT_DOSSIER } from './email-templates.model';
import { checkTemplate } from './email-templates.render';
import { SAMPLE_OFFICE, sampleCases, SampleDefinition } from './email-templates.samples';

/** The key a name spells (`<template>.<variant>.<language>`), or a 400. */
export function parseTemplateKey(name: string): TemplateKey {
  const key = parseKeyName(name);
  if (!key) throw ProblemException.validation([{ field: 'key', code: 'templateKey' }]);
  return key;
}

/**
 * Whether an office wording can be used: its key names a variant that exists, and it renders
 * for every procedure, channel and office it will meet (the samples), before it is saved or previewed.
 */
@Injectable()
export class EmailTemplatesChecks {
  constructor(
    private readonly catalog: CatalogService,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  /** A 400 naming every problem of the wording, if it has any. */
  async assertUsable(key: TemplateKey, wording: Pick<EffectiveTemplate, 'subject' | 'body'>): Promise<void> {
    const problems = await this.check(key, wording);
    if (problems.length)
      throw ProblemException.of(
        'email-template.unusable',
        { count: problems.length, summary: problems.map((p) => `${p.field} ${fieldText(p, 'en')}`).join('; ') },
        { errors: problems },
      );
  }

  /** Every problem of a wording, against every procedure and channel it will be used for. */
  private async check(key: TemplateKey, wording: Pick<EffectiveTemplate, 'subject' | 'body'>): Promise<FieldProblem[]> {
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
      ).map((p): FieldProblem => ({ field: p.part, code: 'templateInvalid', params: { reason: p.message.replace(/^(subject|body): /, '') } }));
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
    ).map((p): FieldProblem => ({ field: p.part, code: 'templateInvalid', params: { reason: p.message.replace(/^(subject|body): /, '') } }));
  }

  /** A variant is the default, a channel, or a procedure of the catalog. */
  async assertVariant(key: TemplateKey): Promise<void> {
    if (key.variant === DEFAULT_VARIANT) return;
    if (key.template === SIGNATURE || WITHOUT_DOSSIER.includes(key.template)) {
      throw ProblemException.validation([{ field: 'key', code: 'templateDefaultOnly', params: { template: key.template } }]);
    }
    if (isChannelVariant(key.variant)) return;
    if (!(await this.definitions()).some((d) => d.code === key.variant)) {
      throw ProblemException.validation([{ field: 'key', code: 'templateVariant', params: { channels: CHANNELS } }]);
    }
  }

  /** The procedures in effect today, as the samples need them. */
  async definitions(): Promise<SampleDefinition[]> {
    const procedures = await this.catalog.list();
    return Promise.all(procedures.map(async (p) => (await this.catalog.versionInEffect(p.code, this.clock.today()))!.definition));
  }
}
