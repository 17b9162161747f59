import { Module } from '@nestjs/common';
import { CatalogModule } from '../catalog/catalog.module';
import { DossiersModule } from '../dossiers/dossiers.module';
import { DocumentsController } from './documents.controller';
import { DocumentsRepository } from './documents.repository';
import { DocumentsService } from './documents.service';

@Module({
  imports: [DossiersModule, CatalogModule],
  controllers: [DocumentsController],
  providers: [DocumentsService, DocumentsRepository],
  exports: [DocumentsRepository],
})
export class DocumentsModule {}
