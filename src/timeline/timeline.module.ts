import { Module } from '@nestjs/common';
import { DossiersModule } from '../dossiers/dossiers.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { TimelineController } from './timeline.controller';
import { TimelineRepository } from './timeline.repository';
import { TimelineService } from './timeline.service';

@Module({ imports: [DossiersModule, NotificationsModule], controllers: [TimelineController], providers: [TimelineService, TimelineRepository] })
export class TimelineModule {}
