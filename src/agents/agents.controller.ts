import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { LoginOnly, OfficeWide, RequireRole } from '../auth/auth.decorators';
import type { Actor } from '../common/actor';
import { CurrentActor } from '../common/current-actor.decorator';
import { ApiProblems } from '../common/openapi';
import { ParseIdPipe } from '../common/parse-id.pipe';
import { AgentResponse, CreateAgentDto, UpdateAgentDto } from './agents.dto';
import { AgentsService } from './agents.service';
import { Audit } from '../audit/audit.decorators';

@ApiTags('agents')
@ApiBearerAuth()
@Controller('api/agents')
export class AgentsController {
  constructor(private readonly agents: AgentsService) {}

  @Get()
  @ApiOperation({ summary: "The office's agents (to assign dossiers)" })
  @ApiOkResponse({ type: [AgentResponse] })
  list() {
    return this.agents.list();
  }

  @Get(':id')
  @ApiOperation({ summary: 'One agent' })
  @ApiOkResponse({ type: AgentResponse })
  @ApiProblems(400, 404)
  get(@Param('id', new ParseIdPipe()) id: string) {
    return this.agents.get(id);
  }

  @Post()
  @LoginOnly()
  @Audit('agent.create')
  @RequireRole('admin')
  @OfficeWide()
  @ApiOperation({ summary: 'Create an account (admins)' })
  @ApiCreatedResponse({ type: AgentResponse })
  @ApiProblems(400, 403, 409)
  create(@Body() body: CreateAgentDto) {
    return this.agents.create(body);
  }

  @Patch(':id')
  @LoginOnly()
  @Audit('agent.update')
  @RequireRole('admin')
  @OfficeWide()
  @ApiOperation({ summary: 'Change an account (admins): name, role, institutions, password; active: false disables it and ends its logins' })
  @ApiOkResponse({ type: AgentResponse })
  @ApiProblems(400, 403, 404, 409)
  update(@Param('id', new ParseIdPipe()) id: string, @Body() body: UpdateAgentDto, @CurrentActor() actor: Actor) {
    return this.agents.update(id, body, actor);
  }
}
