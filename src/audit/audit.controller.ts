import { isCursorInstant } from '../common/validators';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { OfficeWide, RequireRole } from '../auth/auth.decorators';
import { ApiProblems } from '../common/openapi';
import { decodeCursor, encodeCursor, Page, PageMeta, PageQuery } from '../common/pagination';
import { ProblemException } from '../common/problem';
import { IsCalendarDate, IsId } from '../common/validators';
import { Clock } from '../common/clock';
import { addDays } from '../common/dates';
import type { AuditEvent } from './audit.model';
import { AuditRepository } from './audit.repository';

export class ListAuditQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid', description: "Events touching this student's data (views, exports, changes)" })
  @IsOptional()
  @IsId()
  studentId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Events of this agent' })
  @IsOptional()
  @IsId()
  agentId?: string;

  @ApiPropertyOptional({ description: 'An action (`student.view`), or a prefix ending with a dot (`auth.`)' })
  @IsOptional()
  @IsString()
  @Matches(/^[a-z_]+(\.[a-zA-Z_]*)?$/, { message: 'action must look like student.view, or a prefix such as auth.' })
  @MaxLength(60)
  action?: string;

  @ApiPropertyOptional({ enum: ['student', 'dossier', 'institution', 'agent', 'session', 'procedure', 'transmission', 'document', 'retention'] })
  @IsOptional()
  @Matches(/^(student|dossier|institution|agent|session|procedure|transmission|document|retention)$/, { message: 'resourceType is not a kind of resource the audit knows' })
  resourceType?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsId()
  resourceId?: string;

  @ApiPropertyOptional({ description: 'From this day at the office (YYYY-MM-DD)' })
  @IsOptional()
  @IsCalendarDate()
  from?: string;

  @ApiPropertyOptional({ description: 'Until this day at the office, included (YYYY-MM-DD)' })
  @IsOptional()
  @IsCalendarDate()
  to?: string;
}

export class AuditEventResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() at!: string;
  @ApiProperty({ example: { id: null, name: 'system' } }) actor!: { id: string | null; name: string };
  @ApiProperty({ example: 'student.update' }) action!: string;
  @ApiProperty() resourceType!: string;
  @ApiProperty({ nullable: true }) resourceId!: string | null;
  @ApiProperty({ type: [String] }) studentIds!: string[];
  @ApiProperty({ nullable: true }) requestId!: string | null;
  @ApiProperty({ nullable: true }) ip!: string | null;
  @ApiProperty({ nullable: true, description: 'The request, and for edits each changed field with its value before and after' }) details!: unknown;
}

export class AuditPage extends PageMeta {
  @ApiProperty({ type: [AuditEventResponse] }) items!: AuditEventResponse[];
}

@ApiTags('audit')
@ApiBearerAuth()
@Controller('api/audit')
@RequireRole('supervisor')
@OfficeWide()
export class AuditController {
  constructor(
    private readonly audit: AuditRepository,
    private readonly clock: Clock,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Who viewed, exported or changed what, latest first (supervisors)' })
  @ApiOkResponse({ type: AuditPage })
  @ApiProblems(400, 401, 403)
  async list(@Query() query: ListAuditQuery): Promise<Page<AuditEvent>> {
    const cursor = query.cursor ? decodeCursor(query.cursor, 'audit', 'string') : undefined;
    if (cursor && !isCursorInstant(cursor.key)) throw ProblemException.validation([{ field: 'cursor', message: 'is not a cursor returned by this list' }]);
    const before = cursor && { at: new Date(String(cursor.key)), id: cursor.id };
    const rows = await this.audit.list({
      studentId: query.studentId?.toLowerCase(),
      agentId: query.agentId?.toLowerCase(),
      action: query.action,
      resourceType: query.resourceType,
      resourceId: query.resourceId?.toLowerCase(),
      from: query.from ? this.clock.startOfDay(query.from) : undefined,
      to: query.to ? this.clock.startOfDay(addDays(query.to, 1)) : undefined,
      before,
      limit: query.limit + 1,
    });
    const items = rows.slice(0, query.limit);
    const last = items.at(-1);
    return { items, nextCursor: rows.length > query.limit && last ? encodeCursor({ sort: 'audit', key: last.at.toISOString(), id: last.id }) : null };
  }
}
