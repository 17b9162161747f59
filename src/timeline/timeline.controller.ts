import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth } from '@nestjs/swagger';
import { ScopedBy } from '../auth/auth.decorators';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../common/openapi';
import { ParseIdPipe } from '../common/parse-id.pipe';
import { TimelineEntryResponse } from './timeline.dto';
import { TimelineService } from './timeline.service';
import { Audit } from '../audit/audit.decorators';

@ApiTags('dossiers')
@ApiBearerAuth()
@ScopedBy('dossier')
@Controller('api/dossiers/:id/timeline')
export class TimelineController {
  constructor(private readonly timeline: TimelineService) {}

  @Get()
  @Audit('dossier.view')
  @ApiOperation({ summary: 'Everything that happened to the dossier, in order, with who and when' })
  @ApiOkResponse({ type: [TimelineEntryResponse] })
  @ApiProblems(400, 404)
  get(@Param('id', new ParseIdPipe()) id: string) {
    return this.timeline.forDossier(id);
  }
}
