import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { PageMeta, PageQuery } from '../common/pagination';
import { IsCalendarDate, IsId } from '../common/validators';

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
  @Matches(/^(student|dossier|institution|agent|session|procedure|transmission|document|retention)$/, {
    message: 'resourceType is not a kind of resource the audit knows',
  })
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
