import { Module } from '@nestjs/common';
import { CatalogModule } from '../catalog/catalog.module';
import { DossiersModule } from '../dossiers/dossiers.module';
import { OfficeModule } from '../office/office.module';
import { EmailTemplatesController } from './email-templates.controller';
import { EmailTemplatesRepository } from './email-templates.repository';
import { EmailTemplatesService } from './email-templates.service';

@Module({
  imports: [CatalogModule, DossiersModule, OfficeModule],
  controllers: [EmailTemplatesController],
  providers: [EmailTemplatesService, EmailTemplatesRepository],
  exports: [EmailTemplatesService],
})
export class EmailTemplatesModule {}
