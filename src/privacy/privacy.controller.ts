import { Body, Controller, Delete, Get, HttpCode, Param, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsString, Length } from 'class-validator';
import type { FastifyRequest } from 'fastify';
import { OfficeWide, RequireRole, ScopedBy } from '../auth/auth.decorators';
import type { Actor } from '../common/actor';
import { CurrentActor } from '../common/current-actor.decorator';
import { ApiProblems } from '../common/openapi';
import { AuditsItself } from '../audit/audit.decorators';
import { ParseIdPipe } from '../common/parse-id.pipe';
import { trim } from '../common/validators';
import { PrivacyService } from './privacy.service';

export class EraseStudentDto {
  @ApiProperty({ description: 'Why (the request received, its date): kept in the audit trail' })
  @Transform(trim)
  @IsString()
  @Length(3, 500)
  reason!: string;
}

export class ErasureResponse {
  @ApiProperty() documents!: number;
  @ApiProperty() files!: number;
  @ApiProperty() notifications!: number;
}

@ApiTags('students')
@ApiBearerAuth()
@ScopedBy('student')
@Controller('api/students/:id')
export class PrivacyController {
  constructor(private readonly privacy: PrivacyService) {}

  @Get('export')
  @RequireRole('supervisor')
  @AuditsItself()
  @ApiOperation({ summary: 'Everything held about a student (right of access): a zip of student.json and the scans (supervisors)' })
  @ApiProduces('application/zip')
  @ApiOkResponse({ description: 'The zip: student.json and the scans' })
  @ApiProblems(400, 403, 404)
  export(@Param('id', new ParseIdPipe()) id: string, @CurrentActor() actor: Actor, @Req() request: FastifyRequest) {
    return this.privacy.export(id, actor, String(request.id));
  }

  @Delete()
  @HttpCode(200)
  @RequireRole('admin')
  @OfficeWide()
  @AuditsItself()
  @ApiOperation({
    summary:
      "Erase a student's personal data on request (admins): identity, contact, documents and scans; the dossiers' references and dates stay, anonymous, and the audit keeps who did it",
  })
  @ApiOkResponse({ type: ErasureResponse })
  @ApiProblems(400, 403, 404, 409)
  erase(@Param('id', new ParseIdPipe()) id: string, @Body() body: EraseStudentDto, @CurrentActor() actor: Actor, @Req() request: FastifyRequest) {
    return this.privacy.erase(id, body.reason, actor, String(request.id));
  }
}
