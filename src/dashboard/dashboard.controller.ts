import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../common/actor';
import { CurrentActor } from '../common/current-actor.decorator';
import { ApiProblems } from '../common/openapi';
import { DashboardResponse } from './dashboard.dto';
import { DashboardService } from './dashboard.service';

@ApiTags('dashboard')
@ApiBearerAuth()
@Controller('api/dashboard')
export class DashboardController {
  constructor(private readonly dashboard: DashboardService) {}

  @Get()
  @ApiOperation({ summary: "The day at a glance, within your institutions: dossiers by status, this week's deadlines, what is overdue, failed e-mails" })
  @ApiOkResponse({ type: DashboardResponse })
  @ApiProblems(401)
  get(@CurrentActor() actor: Actor): Promise<DashboardResponse> {
    return this.dashboard.forActor(actor);
  }
}
