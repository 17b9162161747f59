import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { OfficeWide, RequireRole } from '../auth/auth.decorators';
import { ApiProblems } from '../common/openapi';
import type { Page } from '../common/pagination';
import { AuditPage, ListAuditQuery } from './audit.dto';
import type { AuditEvent } from './audit.model';
import { AuditService } from './audit.service';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('api/audit')
@RequireRole('supervisor')
@OfficeWide()
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @ApiOperation({ summary: 'Who viewed, exported or changed what, latest first (supervisors)' })
  @ApiOkResponse({ type: AuditPage })
  @ApiProblems(400, 401, 403)
  list(@Query() query: ListAuditQuery): Promise<Page<AuditEvent>> {
    return this.audit.list(query);
  }
}
