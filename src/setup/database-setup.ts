import { resolve } from 'node:path';
import { CatalogRepository } from '../catalog/catalog.repository';
import { CatalogSyncReport, syncCatalog } from '../catalog/catalog.sync';
import { AppConfig } from '../config/app-config';
import { EmailTemplatesRepository } from '../email-templates/email-templates.repository';
import { EmailTemplatesSyncReport, syncEmailTemplates } from '../email-templates/email-templates.sync';
import { migrate, MigrationReport, migrationsUrl } from '../infra/prisma/migrator';
import { withPrisma } from '../infra/prisma/prisma.service';

export const MIGRATIONS_FOLDER = resolve(__dirname, '..', '..', 'prisma', 'migrations');

/**
 * Brings a database to what this build expects: pending migrations applied, then the catalog
 * versions shipped in prisma/catalog and the e-mail wordings of prisma/emails published. Run by
 * `db:migrate`, the Docker image at start, and the test setup. It sits above the features it
 * publishes (infra/ only applies migrations: adapters know no feature).
 */
export async function prepareDatabase(
  config: AppConfig,
): Promise<{ migrations: MigrationReport; catalog: CatalogSyncReport; emails: EmailTemplatesSyncReport }> {
  let published: { catalog: CatalogSyncReport; emails: EmailTemplatesSyncReport } | undefined;
  // publishing checks what is there, then writes: two processes starting together would both write it
  const migrations = await migrate(migrationsUrl(config), MIGRATIONS_FOLDER, async () => {
    published = await withPrisma(config, async (prisma) => ({
      catalog: await syncCatalog(new CatalogRepository(prisma)),
      emails: await syncEmailTemplates(new EmailTemplatesRepository(prisma)),
    }));
  });
  return { migrations, ...published! };
}
