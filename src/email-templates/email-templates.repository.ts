import { Injectable } from '@nestjs/common';
import type { EmailTemplateVersion as Row } from '../infra/prisma/generated/client';
import { PrismaService } from '../infra/prisma/prisma.service';
import type { EmailLanguage, TemplateFileName, TemplateKey, TemplateVersion } from './email-templates.model';

export interface NewVersion extends TemplateKey {
  origin: 'shipped' | 'office';
  version?: number;
  subject: string | null;
  body: string | null;
  note: string | null;
  publishedBy: string | null;
}

@Injectable()
export class EmailTemplatesRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Every version, oldest first (a few hundred rows: the shipped wordings and the office's). */
  async all(): Promise<TemplateVersion[]> {
    const rows = await this.prisma.emailTemplateVersion.findMany({
      orderBy: [{ template: 'asc' }, { variant: 'asc' }, { language: 'asc' }, { origin: 'asc' }, { version: 'asc' }],
    });
    return rows.map(toVersion);
  }

  /** What changes whenever a version is added: a process compares it before trusting its copy. */
  async stamp(): Promise<string> {
    const [row] = await this.prisma.$queryRaw<{ n: bigint; last: Date | null }[]>`SELECT count(*) AS n, max(published_at) AS last FROM email_template_versions`;
    return `${row?.n ?? 0}:${row?.last?.getTime() ?? 0}`;
  }

  async history(key: TemplateKey): Promise<TemplateVersion[]> {
    const rows = await this.prisma.emailTemplateVersion.findMany({ where: key, orderBy: [{ publishedAt: 'asc' }, { version: 'asc' }] });
    return rows.map(toVersion);
  }

  async findVersion(key: TemplateKey, origin: 'shipped' | 'office', version: number): Promise<TemplateVersion | null> {
    const row = await this.prisma.emailTemplateVersion.findUnique({
      where: { template_variant_language_origin_version: { template: key.template, variant: key.variant, language: key.language, origin, version } },
    });
    return row && toVersion(row);
  }

  /** Adds a version, numbered after the last of its origin (or as given, for shipped files). */
  async add(input: NewVersion): Promise<TemplateVersion> {
    const { version, ...rest } = input;
    return this.prisma.$transaction(async (tx) => {
      // one writer at a time per key, so two admins saving at once get versions n and n+1
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`email-template:${input.template}.${input.variant}.${input.language}`}))`;
      const last = await tx.emailTemplateVersion.findFirst({
        where: { template: input.template, variant: input.variant, language: input.language, origin: input.origin },
        orderBy: { version: 'desc' },
        select: { version: true },
      });
      const row = await tx.emailTemplateVersion.create({ data: { ...rest, version: version ?? (last?.version ?? 0) + 1 } });
      return toVersion(row);
    });
  }
}

function toVersion(row: Row): TemplateVersion {
  return {
    id: row.id,
    template: row.template as TemplateFileName,
    variant: row.variant,
    language: row.language as EmailLanguage,
    origin: row.origin,
    version: row.version,
    subject: row.subject,
    body: row.body,
    note: row.note,
    publishedAt: row.publishedAt,
    publishedBy: row.publishedBy,
  };
}
