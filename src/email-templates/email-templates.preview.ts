import { Injectable } from '@nestjs/common';
import { CatalogService } from '../catalog/catalog.service';
import { Clock } from '../common/clock';
import { ProblemException } from '../common/problem';
import { AppConfig } from '../config/app-config';
import { DossiersService } from '../dossiers/dossiers.service';
import { LINK_PLACEHOLDER } from '../student-access/student-access.links';
import { EmailTemplatesChecks, parseTemplateKey } from './email-templates.checks';
import type { ContextDossier } from './email-templates.context';
import { EmailTemplatePreview, PreviewEmailTemplateDto } from './email-templates.dto';
import { AGENT_TEMPLATES, isChannelVariant, SIGNATURE, versionLabel, WITHOUT_DOSSIER } from './email-templates.model';
import { TemplateRenderError } from './email-templates.render';
import { sampleData, sampleRecipient } from './email-templates.samples';
import { EmailTemplatesService } from './email-templates.service';

/** The admins' try of a wording: on a real dossier, or on the samples, before they save it. */
@Injectable()
export class EmailTemplatesPreview {
  constructor(
    private readonly templates: EmailTemplatesService,
    private readonly checks: EmailTemplatesChecks,
    private readonly dossiers: DossiersService,
    private readonly catalog: CatalogService,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  /**
   * POST /api/email-templates/:key/preview: the e-mail as it would be sent — with the wording
   * given (or the one in force), for a real dossier when one is named — recording and sending nothing.
   */
  async preview(name: string, request: PreviewEmailTemplateDto): Promise<EmailTemplatePreview> {
    const key = parseTemplateKey(name);
    const inForce = await this.templates.inForce(name);
    if (!inForce && request.body === undefined) throw ProblemException.of('email-template.not-found', { name });
    // the key's own wording, not the variant a dossier would pick: the preview shows what was asked
    const wording = { ...key, subject: request.subject ?? inForce?.subject ?? '', body: request.body ?? inForce?.body ?? '' };
    if (request.body !== undefined || request.subject !== undefined) await this.checks.assertUsable(key, wording);
    const template = key.template === SIGNATURE ? 'dossier_opened' : key.template;
    const today = this.clock.today();
    let dossier: ContextDossier | null = null;
    let recipientName = sampleRecipient(template);
    // a student's e-mail shows where their personal link goes, never a working one (it is minted at delivery)
    const link = (AGENT_TEMPLATES as readonly string[]).includes(template) ? null : `${this.config.PUBLIC_URL}/s/#${LINK_PLACEHOLDER}`;
    const data = sampleData(template, null, today, key.language)[0]!;
    if (request.dossierId && !WITHOUT_DOSSIER.includes(template)) {
      const found = await this.dossiers.require(request.dossierId);
      const version = await this.catalog.version(found.procedureVersionId!);
      dossier = {
        reference: found.reference,
        channel: found.channel,
        filedOn: found.filedAt,
        prefectureReference: found.prefectureReference,
        link,
        definition: version.definition,
      };
      recipientName = `${found.student.firstNames} ${found.student.usageName ?? found.student.birthName}`;
      Object.assign(
        data,
        sampleData(template, version.definition, today, key.language)[0],
        found.filedAt && { filedOn: found.filedAt },
        found.decidedOn && { decidedOn: found.decidedOn },
        template === 'student_message' && { dossierUrl: `${this.config.PUBLIC_URL}/#/dossiers/${found.id}/show` },
      );
    } else if (!WITHOUT_DOSSIER.includes(template)) {
      const definition = (await this.checks.definitions()).find((d) => d.code === key.variant) ?? (await this.checks.definitions())[0]!;
      dossier = {
        reference: 'CMI-2026-000123',
        channel: isChannelVariant(key.variant) ? key.variant : definition.channel,
        filedOn: today,
        prefectureReference: null,
        link,
        definition,
      };
      Object.assign(data, sampleData(template, definition, today, key.language)[0]);
    }
    try {
      const rendered = await this.templates.render({ template, language: key.language, recipientName, dossier, data }, wording);
      return {
        key: name,
        dossierId: request.dossierId ?? null,
        ...rendered,
        templateVersion: inForce && request.body === undefined && request.subject === undefined ? versionLabel(inForce) : rendered.templateVersion,
      };
    } catch (error) {
      if (!(error instanceof TemplateRenderError)) throw error;
      throw ProblemException.of(
        'email-template.render-failed',
        { reason: error.message },
        { errors: [{ field: error.part, code: 'templateInvalid', params: { reason: error.message } }] },
      );
    }
  }
}
