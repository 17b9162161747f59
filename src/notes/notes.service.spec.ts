import type { ArgumentMetadata } from '@nestjs/common';
import type { Actor } from '../common/actor';
import { ProblemException } from '../common/problem';
import { createValidationPipe } from '../common/validation';
import type { DossiersService } from '../dossiers/dossiers.service';
import { NewNoteDto, NOTE_MAX_LENGTH } from './notes.dto';
import { type Note, type NotesRepository, StudentErased } from './notes.repository';
import { NotesService } from './notes.service';

const BODY: ArgumentMetadata = { type: 'body', metatype: NewNoteDto };
const validate = (payload: unknown) => createValidationPipe().transform(payload, BODY) as Promise<NewNoteDto>;
const problemOf = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (error: unknown) => (error instanceof ProblemException ? error.problem : error),
  );

describe('a new note, as the API takes it', () => {
  it('keeps its text, trimmed, up to 4,000 characters', async () => {
    await expect(validate({ body: '  Appel de l’étudiante : attestation en route.  ' })).resolves.toEqual({
      body: 'Appel de l’étudiante : attestation en route.',
    });
    await expect(validate({ body: 'é'.repeat(NOTE_MAX_LENGTH) })).resolves.toMatchObject({ body: 'é'.repeat(NOTE_MAX_LENGTH) });
  });

  it('refuses an empty, blank, too long or missing text, naming the field', async () => {
    for (const body of ['', '   \n ', 'x'.repeat(NOTE_MAX_LENGTH + 1)]) {
      expect(await problemOf(validate({ body }))).toMatchObject({
        status: 400,
        errors: [{ field: 'body', code: 'isLength', params: { min: 1, max: NOTE_MAX_LENGTH }, message: 'must be 1 to 4000 characters long' }],
      });
    }
    expect(await problemOf(validate({}))).toMatchObject({ status: 400, errors: [{ field: 'body', message: 'is required' }] });
    expect(await problemOf(validate({ body: 'ok', visibleToStudent: true }))).toMatchObject({
      errors: [{ field: 'visibleToStudent', message: 'is not a known field' }],
    });
  });
});

describe('NotesService', () => {
  const agent: Actor = { agentId: 'a1', label: 'Awa Agent', role: 'agent', institutionIds: null };
  const written: { dossierId: string; body: string }[] = [];
  let erased = false;
  const repository = {
    add: async (dossierId: string, body: string): Promise<Note> => {
      if (erased) throw new StudentErased();
      written.push({ dossierId, body });
      return { id: 'n1', dossierId, body, authorId: 'a1', authorName: 'Awa Agent', createdAt: new Date('2026-12-03T09:30:00Z') };
    },
  };
  const dossiers = {
    require: async (id: string) => {
      if (id !== 'd1') throw ProblemException.notFound('dossier', id);
      return { id };
    },
  };
  const service = new NotesService(repository as unknown as NotesRepository, dossiers as unknown as DossiersService);

  beforeEach(() => {
    written.length = 0;
    erased = false;
  });

  it('writes the note and answers it with its author and time', async () => {
    await expect(service.add('d1', 'Rappeler lundi', agent)).resolves.toEqual({
      id: 'n1',
      dossierId: 'd1',
      body: 'Rappeler lundi',
      author: { id: 'a1', name: 'Awa Agent' },
      createdAt: '2026-12-03T09:30:00.000Z',
    });
    expect(written).toEqual([{ dossierId: 'd1', body: 'Rappeler lundi' }]);
  });

  it('answers 404 for an unknown dossier and writes nothing', async () => {
    expect(await problemOf(service.add('d2', 'x', agent))).toMatchObject({ status: 404 });
    expect(written).toEqual([]);
  });

  it("refuses (409) a note on a dossier whose student's data was erased", async () => {
    erased = true;
    expect(await problemOf(service.add('d1', 'x', agent))).toMatchObject({ status: 409, type: '/problems/student-erased' });
  });
});
