import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth } from '@nestjs/swagger';
import { OfficeWide, RequireRole } from '../auth/auth.decorators';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../common/openapi';
import { ParseIdPipe } from '../common/parse-id.pipe';
import { CreateInstitutionDto, InstitutionPage, InstitutionResponse, ListInstitutionsQuery, UpdateInstitutionDto } from './institutions.dto';
import { InstitutionsService } from './institutions.service';
import { Audit } from '../audit/audit.decorators';

@ApiTags('institutions')
@ApiBearerAuth()
@Controller('api/institutions')
export class InstitutionsController {
  constructor(private readonly institutions: InstitutionsService) {}

  @Get()
  @ApiOperation({ summary: 'List the member institutions of the office' })
  @ApiOkResponse({ type: InstitutionPage })
  @ApiProblems(400)
  list(@Query() query: ListInstitutionsQuery) {
    return this.institutions.list(query);
  }

  @Post()
  @Audit('institution.create')
  @RequireRole('admin')
  @OfficeWide()
  @ApiOperation({ summary: 'Add a member institution' })
  @ApiCreatedResponse({ type: InstitutionResponse })
  @ApiProblems(400, 409)
  create(@Body() body: CreateInstitutionDto) {
    return this.institutions.create(body);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One institution' })
  @ApiOkResponse({ type: InstitutionResponse })
  @ApiProblems(400, 404)
  get(@Param('id', new ParseIdPipe()) id: string) {
    return this.institutions.get(id);
  }

  @Patch(':id')
  @Audit('institution.update')
  @RequireRole('admin')
  @OfficeWide()
  @ApiOperation({ summary: 'Change an institution' })
  @ApiOkResponse({ type: InstitutionResponse })
  @ApiProblems(400, 404, 409)
  update(@Param('id', new ParseIdPipe()) id: string, @Body() body: UpdateInstitutionDto) {
    return this.institutions.update(id, body);
  }
}
