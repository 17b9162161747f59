import { Module } from '@nestjs/common';
import { CatalogModule } from '../catalog/catalog.module';
import { DossiersModule } from '../dossiers/dossiers.module';
import { OfficeModule } from '../office/office.module';
import { EmailTemplatesChecks } from './email-templates.checks';
import { EmailTemplatesController } from './email-templates.controller';
import { EmailTemplatesPreview } from './email-templates.preview';
import { EmailTemplatesRepository } from './email-templates.repository';
import { EmailTemplatesService } from './email-templates.service';

@Module({
  imports: [CatalogModule, DossiersModule, OfficeModule],
  controllers: [EmailTemplatesController],
  providers: [EmailTemplatesService, EmailTemplatesChecks, EmailTemplatesPreview, EmailTemplatesRepository],
  exports: [EmailTemplatesService],
})
export class EmailTemplatesModule {}
