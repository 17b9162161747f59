import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth } from '@nestjs/swagger';
import { OfficeWide, RequireRole } from '../auth/auth.decorators';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../common/actor';
import { CurrentActor } from '../common/current-actor.decorator';
import { ApiProblems } from '../common/openapi';
import { ParseCodePipe } from '../common/parse-code.pipe';
import { ProcedureQuery, ProcedureSummaryResponse, ProcedureVersionResponse, PublishVersionDto } from './catalog.dto';
import { CatalogService } from './catalog.service';
import { Audit } from '../audit/audit.decorators';

@ApiTags('procedures')
@ApiBearerAuth()
@Controller('api/procedures')
export class CatalogController {
  constructor(private readonly catalog: CatalogService) {}

  @Get()
  @ApiOperation({ summary: 'The permit procedures of the catalog, with the version in effect today' })
  @ApiOkResponse({ type: [ProcedureSummaryResponse] })
  list() {
    return this.catalog.list();
  }

  @Get(':code')
  @ApiOperation({ summary: "One procedure: required documents, rules, deadlines, sources, version (today's, or `version`, or the one in effect `on` a date)" })
  @ApiOkResponse({ type: ProcedureVersionResponse })
  @ApiProblems(400, 404)
  get(@Param('code', new ParseCodePipe()) code: string, @Query() query: ProcedureQuery) {
    return this.catalog.get(code, query);
  }

  @Post(':code/versions')
  @Audit('procedure.publish')
  @RequireRole('supervisor')
  @OfficeWide()
  @ApiOperation({ summary: 'Publish a new version of a procedure (or the first of a new one): checked whole, refused with every reason' })
  @ApiCreatedResponse({ type: ProcedureVersionResponse })
  @ApiProblems(400, 422)
  publish(@Param('code', new ParseCodePipe()) code: string, @Body() body: PublishVersionDto, @CurrentActor() actor: Actor) {
    return this.catalog.publish(code, body, actor);
  }
}
