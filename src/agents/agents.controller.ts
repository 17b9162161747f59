import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { AgentsRepository } from './agents.repository';

export class AgentResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() email!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ enum: ['agent', 'supervisor', 'admin'] }) role!: string;
  @ApiProperty() active!: boolean;
}

@ApiTags('agents')
@Controller('api/agents')
export class AgentsController {
  constructor(private readonly agents: AgentsRepository) {}

  @Get()
  @ApiOperation({ summary: "The office's agents (to assign dossiers)" })
  @ApiOkResponse({ type: [AgentResponse] })
  list() {
    return this.agents.list();
  }
}
