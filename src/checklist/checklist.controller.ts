import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth } from '@nestjs/swagger';
import { ScopedBy } from '../auth/auth.decorators';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../common/openapi';
import { ParseIdPipe } from '../common/parse-id.pipe';
import { ChecklistResponse } from './checklist.dto';
import { ChecklistService } from './checklist.service';
import { Audit } from '../audit/audit.decorators';

@ApiTags('dossiers')
@ApiBearerAuth()
@ScopedBy('dossier')
@Controller('api/dossiers/:id/checklist')
export class ChecklistController {
  constructor(private readonly checklist: ChecklistService) {}

  @Get()
  @Audit('dossier.view')
  @ApiOperation({ summary: 'What the dossier lacks: each required document slot with its state, and the findings of the rules engine (fr/en, with sources)' })
  @ApiOkResponse({ type: ChecklistResponse })
  @ApiProblems(400, 404)
  get(@Param('id', new ParseIdPipe()) id: string) {
    return this.checklist.forDossier(id);
  }
}
