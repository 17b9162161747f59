import { Body, Controller, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth } from '@nestjs/swagger';
import { ScopedBy } from '../auth/auth.decorators';
import { ApiBody, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Actor } from '../common/actor';
import { CurrentActor } from '../common/current-actor.decorator';
import { IfMatchVersion } from '../common/if-match';
import { ApiProblems } from '../common/openapi';
import { ParseIdPipe } from '../common/parse-id.pipe';
import { etag } from '../dossiers/dossiers.controller';
import { DossierResponse } from '../dossiers/dossiers.dto';
import {
  ComplementPreviewResponse,
  ComplementRequestDto,
  ComplementRequestResponse,
  TRANSITION_EXAMPLES,
  TransitionDto,
  TransitionRuleResponse,
} from './workflow.dto';
import { TRANSITIONS } from './workflow.transitions';
import { ComplementRequestsService } from './workflow.complement-requests';
import { WorkflowService } from './workflow.moves';
import { Audit } from '../audit/audit.decorators';

const IF_MATCH = { name: 'If-Match', required: true, description: 'The dossier version last seen (its ETag)' };

@ApiTags('workflow')
@ApiBearerAuth()
@ScopedBy('dossier')
@Controller('api/dossiers/:id')
export class WorkflowController {
  constructor(
    private readonly workflow: WorkflowService,
    private readonly complements: ComplementRequestsService,
  ) {}

  @Post('transitions')
  @Audit('dossier.transition')
  @ApiOperation({
    summary:
      'Move the dossier: received → verified (no blocking finding) → forwarded → decided (decision), incomplete (complement request), closed (closeReason), reopen (supervisors)',
  })
  @ApiHeader(IF_MATCH)
  @ApiBody({ type: TransitionDto, examples: TRANSITION_EXAMPLES })
  @ApiOkResponse({ type: DossierResponse })
  @ApiProblems(400, 403, 404, 409, 412, 422, 428)
  async transition(
    @Param('id', new ParseIdPipe()) id: string,
    @IfMatchVersion() version: number,
    @Body() body: TransitionDto,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const dossier = await this.workflow.transition(id, version, body, actor);
    void reply.status(200).header('etag', etag(dossier.version));
    return dossier;
  }

  @Post('complement-requests')
  @Audit('dossier.requestComplement')
  @ApiOperation({
    summary:
      'Ask the student for the missing or rejected documents the checklist finds: the dossier becomes incomplete, the deadline clock starts (30 days by default)',
  })
  @ApiHeader(IF_MATCH)
  @ApiCreatedResponse({ type: ComplementRequestResponse })
  @ApiProblems(400, 403, 404, 409, 412, 422, 428)
  requestComplement(
    @Param('id', new ParseIdPipe()) id: string,
    @IfMatchVersion() version: number,
    @Body() body: ComplementRequestDto,
    @CurrentActor() actor: Actor,
  ) {
    return this.complements.requestComplement(id, version, body, actor);
  }

  @Post('complement-requests/preview')
  @Audit('dossier.previewComplement')
  @HttpCode(200)
  @ApiOperation({ summary: "What a complement request would ask for, and the student's e-mail as it would be sent; records and sends nothing" })
  @ApiOkResponse({ type: ComplementPreviewResponse })
  @ApiProblems(400, 403, 404, 409, 422)
  previewComplement(@Param('id', new ParseIdPipe()) id: string, @Body() body: ComplementRequestDto, @CurrentActor() actor: Actor) {
    return this.complements.previewComplement(id, body, actor);
  }

  @Get('complement-requests')
  @Audit('dossier.view')
  @ApiOperation({ summary: 'The complement requests of the dossier, open and past' })
  @ApiOkResponse({ type: [ComplementRequestResponse] })
  @ApiProblems(400, 404)
  complementRequests(@Param('id', new ParseIdPipe()) id: string) {
    return this.complements.complementRequests(id);
  }
}

/** The workflow's transition table, for clients that offer only the moves a status allows. */
@ApiTags('workflow')
@ApiBearerAuth()
@Controller('api/workflow')
export class WorkflowRulesController {
  @Get('transitions')
  @ApiOperation({ summary: 'Every move of the workflow: from which statuses, to which, who may, what it needs' })
  @ApiOkResponse({ type: [TransitionRuleResponse] })
  @ApiProblems(401)
  transitions(): TransitionRuleResponse[] {
    return TRANSITIONS.map((t) => ({
      from: [...t.from],
      to: t.to,
      event: t.event,
      roles: [...t.roles],
      requires: [...t.requires],
      ...(t.guard ? { guard: t.guard } : {}),
      ...(t.via ? { via: t.via } : {}),
      emailsStudent: t.email !== undefined,
    }));
  }
}
