import { Injectable } from '@nestjs/common';
import type { Actor } from '../common/actor';
import { ProblemException } from '../common/problem';
import { DossiersService } from '../dossiers/dossiers.service';
import { NoteResponse } from './notes.dto';
import { Note, NotesRepository, StudentErased } from './notes.repository';

/**
 * Internal notes on a dossier: what agents tell each other about it (a call, a promise, a
 * doubt). Nothing here is e-mailed or shown to the student — no outbox message, no history
 * row that a student-facing e-mail could quote; the timeline reads them from here.
 */
@Injectable()
export class NotesService {
  constructor(
    private readonly notes: NotesRepository,
    private readonly dossiers: DossiersService,
  ) {}

  async list(dossierId: string): Promise<NoteResponse[]> {
    await this.dossiers.require(dossierId);
    return (await this.notes.forDossier(dossierId)).map(present);
  }

  /** The notes as they are (no existence check): for the timeline, which has already found the dossier. */
  async of(dossierId: string): Promise<NoteResponse[]> {
    return (await this.notes.forDossier(dossierId)).map(present);
  }

  async add(dossierId: string, body: string, actor: Actor): Promise<NoteResponse> {
    await this.dossiers.require(dossierId);
    try {
      return present(await this.notes.add(dossierId, body, actor));
    } catch (error) {
      if (error instanceof StudentErased) throw ProblemException.of('note.student-erased');
      throw error;
    }
  }
}

export function present(note: Note): NoteResponse {
  return {
    id: note.id,
    dossierId: note.dossierId,
    body: note.body,
    author: { id: note.authorId, name: note.authorName },
    createdAt: note.createdAt.toISOString(),
  };
}
