import { Module } from '@nestjs/common';
import { CatalogModule } from '../catalog/catalog.module';
import { DossiersModule } from '../dossiers/dossiers.module';
import { MessagesController, StudentMessagesController } from './messages.controller';
import { MessagesRepository } from './messages.repository';
import { MessagesService } from './messages.service';

/**
 * The thread between a student and the office about a dossier (issue 17). Exports the
 * repository for the unread counts others show (`unreadFromStudent`, `unreadFromOffice`).
 */
@Module({
  imports: [DossiersModule, CatalogModule],
  controllers: [StudentMessagesController, MessagesController],
  providers: [MessagesService, MessagesRepository],
  exports: [MessagesService, MessagesRepository],
})
export class MessagesModule {}
