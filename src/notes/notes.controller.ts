import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Audit } from '../audit/audit.decorators';
import { ScopedBy } from '../auth/auth.decorators';
import type { Actor } from '../common/actor';
import { CurrentActor } from '../common/current-actor.decorator';
import { ApiProblems } from '../common/openapi';
import { ParseIdPipe } from '../common/parse-id.pipe';
import { NewNoteDto, NoteResponse } from './notes.dto';
import { NotesService } from './notes.service';

@ApiTags('dossiers')
@ApiBearerAuth()
@ScopedBy('dossier')
@Controller('api/dossiers/:id/notes')
export class NotesController {
  constructor(private readonly notes: NotesService) {}

  @Get()
  @Audit('dossier.view')
  @ApiOperation({ summary: "The dossier's internal notes, oldest first (agents only: never shown or e-mailed to the student)" })
  @ApiOkResponse({ type: [NoteResponse] })
  @ApiProblems(400, 404)
  list(@Param('id', new ParseIdPipe()) id: string) {
    return this.notes.list(id);
  }

  @Post()
  @Audit('dossier.note')
  @ApiOperation({
    summary: 'Add an internal note to the dossier: for the agents only, never e-mailed to the student; it appears in the timeline',
  })
  @ApiCreatedResponse({ type: NoteResponse })
  @ApiProblems(400, 404, 409)
  add(@Param('id', new ParseIdPipe()) id: string, @Body() body: NewNoteDto, @CurrentActor() actor: Actor) {
    return this.notes.add(id, body.body, actor);
  }
}
