import { Body, Controller, Get, Put, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { OfficeWide, RequireRole } from '../auth/auth.decorators';
import type { Actor } from '../common/actor';
import { CurrentActor } from '../common/current-actor.decorator';
import { OptionalIfMatchVersion } from '../common/if-match';
import { ApiProblems } from '../common/openapi';
import { OfficeProfileDto, OfficeProfileResponse, presentProfile } from './office.dto';
import { OfficeService } from './office.service';
import { Audit } from '../audit/audit.decorators';

@ApiTags('office')
@ApiBearerAuth()
@Controller('api/office')
export class OfficeController {
  constructor(private readonly office: OfficeService) {}

  @Get()
  @ApiOperation({ summary: "The office's profile: name, address for documents, front-desk hours, phone, e-mail, website, e-mail signature" })
  @ApiOkResponse({ type: OfficeProfileResponse })
  @ApiProblems(401)
  async get(@Res({ passthrough: true }) reply: FastifyReply) {
    const profile = await this.office.profile();
    reply.header('etag', `"${profile.version}"`);
    return presentProfile(profile);
  }

  @Put()
  @Audit('office.replace')
  @RequireRole('admin')
  @OfficeWide()
  @ApiOperation({ summary: "Replace the office's profile (every e-mail ends with it; the transmission slip is headed with it)" })
  @ApiHeader({ name: 'If-Match', required: false, description: 'The version last read (ETag): 412 if someone changed it meanwhile' })
  @ApiOkResponse({ type: OfficeProfileResponse })
  @ApiProblems(400, 401, 403, 412)
  async replace(
    @Body() body: OfficeProfileDto,
    @OptionalIfMatchVersion() version: number | undefined,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const profile = await this.office.replace({ ...body, phone: body.phone ?? null, website: body.website ?? null }, version, actor);
    reply.header('etag', `"${profile.version}"`);
    return presentProfile(profile);
  }
}
