import { Module } from '@nestjs/common';
import { CatalogModule } from '../catalog/catalog.module';
import { DossiersModule } from '../dossiers/dossiers.module';
import { NotesModule } from '../notes/notes.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { TimelineController } from './timeline.controller';
import { TimelineRepository } from './timeline.repository';
import { TimelineService } from './timeline.service';

@Module({
  imports: [DossiersModule, CatalogModule, NotificationsModule, NotesModule],
  controllers: [TimelineController],
  providers: [TimelineService, TimelineRepository],
})
export class TimelineModule {}
