import { EmailTemplatesRepository } from './email-templates.repository';
import { readShippedTemplates, type ShippedTemplate } from './email-templates.files';
import { keyName } from './email-templates.model';

export interface EmailTemplatesSyncReport {
  published: string[];
  unchanged: number;
}

/**
 * Publishes the shipped wordings (prisma/emails) the database lacks, like the catalog: a
 * shipped version never changes once published — a file whose text differs from its published
 * version is refused; its version number must go up.
 */
export async function syncEmailTemplates(repository: EmailTemplatesRepository, files?: ShippedTemplate[]): Promise<EmailTemplatesSyncReport> {
  const report: EmailTemplatesSyncReport = { published: [], unchanged: 0 };
  for (const file of files ?? (await readShippedTemplates())) {
    const published = await repository.findVersion(file, 'shipped', file.version);
    if (published) {
      if (published.subject !== file.subject || published.body !== file.body) {
        throw new Error(`prisma/emails/${file.file} differs from version ${file.version} as published: published versions never change; raise its version.`);
      }
      report.unchanged++;
      continue;
    }
    await repository.add({
      template: file.template,
      variant: file.variant,
      language: file.language,
      origin: 'shipped',
      version: file.version,
      subject: file.subject,
      body: file.body,
      note: null,
      publishedBy: 'shipped templates',
    });
    report.published.push(`${keyName(file)} v${file.version}`);
  }
  return report;
}
