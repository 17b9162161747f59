import { Module } from '@nestjs/common';
import { DossiersModule } from '../dossiers/dossiers.module';
import { NotesController } from './notes.controller';
import { NotesRepository } from './notes.repository';
import { NotesService } from './notes.service';

/** Internal notes on a dossier (agents only); the timeline shows them. */
@Module({ imports: [DossiersModule], controllers: [NotesController], providers: [NotesService, NotesRepository], exports: [NotesService] })
export class NotesModule {}
