import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth } from '@nestjs/swagger';
import { OfficeWide, Public } from '../auth/auth.decorators';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../common/actor';
import { CurrentActor } from '../common/current-actor.decorator';
import { ApiProblems } from '../common/openapi';
import { ParseIdPipe } from '../common/parse-id.pipe';
import { CreateTransmissionDto, ListTransmissionsQuery, SlipLinkResponse, TransmissionPage, TransmissionResponse } from './transmissions.dto';
import { TransmissionsService } from './transmissions.service';
import { Audit } from '../audit/audit.decorators';

@ApiTags('transmissions')
@ApiBearerAuth()
@OfficeWide()
@Controller('api/transmissions')
export class TransmissionsController {
  constructor(private readonly transmissions: TransmissionsService) {}

  @Post()
  @Audit('transmission.create')
  @ApiOperation({ summary: 'Forward a batch of verified dossiers to a prefecture contact, with its slip (all or nothing)' })
  @ApiCreatedResponse({ type: TransmissionResponse })
  @ApiProblems(400, 403, 409)
  create(@Body() body: CreateTransmissionDto, @CurrentActor() actor: Actor) {
    return this.transmissions.create(body, actor);
  }

  @Get()
  @Audit('transmission.list')
  @ApiOperation({ summary: 'Transmissions, latest first' })
  @ApiOkResponse({ type: TransmissionPage })
  @ApiProblems(400)
  list(@Query() query: ListTransmissionsQuery) {
    return this.transmissions.list(query.limit, query.cursor);
  }

  @Get(':id')
  @Audit('transmission.view')
  @ApiOperation({ summary: 'One transmission: its dossiers as sent, and links to its slip' })
  @ApiOkResponse({ type: TransmissionResponse })
  @ApiProblems(400, 404)
  get(@Param('id', new ParseIdPipe()) id: string) {
    return this.transmissions.get(id);
  }

  @Get(':id/slip.csv')
  @Audit('transmission.export', { kind: 'export' })
  @ApiOperation({ summary: 'The slip as CSV (semicolons, UTF-8 with BOM)' })
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'The slip' })
  @ApiProblems(400, 404)
  async csv(@Param('id', new ParseIdPipe()) id: string, @Res() reply: FastifyReply) {
    const slip = await this.transmissions.slip(id, 'csv');
    return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="bordereau-${id}.csv"`).send(slip);
  }

  @Post(':id/slip-links')
  @Audit('transmission.slipLink')
  @HttpCode(201)
  @ApiOperation({ summary: 'A one-time link (a minute) that opens the printable slip in a page of its own, without the agent’s token' })
  @ApiCreatedResponse({ type: SlipLinkResponse })
  @ApiProblems(400, 404)
  slipLink(@Param('id', new ParseIdPipe()) id: string, @CurrentActor() actor: Actor) {
    return this.transmissions.slipLink(id, actor);
  }

  @Get('slips/:ticket')
  @Public()
  @ApiOperation({ summary: 'The printable slip a one-time link was issued for (the link works once, for a minute)' })
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'The slip' })
  @ApiProblems(404)
  async byLink(@Param('ticket') ticket: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const slip = await this.transmissions.slipByLink(ticket, String(request.id));
    return sendSlip(reply, slip);
  }

  @Get(':id/slip.html')
  @Audit('transmission.export', { kind: 'export' })
  @ApiOperation({ summary: 'The slip as a printable page' })
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'The slip' })
  @ApiProblems(400, 404)
  async html(@Param('id', new ParseIdPipe()) id: string, @Res() reply: FastifyReply) {
    const slip = await this.transmissions.slip(id, 'html');
    return sendSlip(reply, slip);
  }
}

/**
 * The printable slip, in a page of its own: no script may run, and `sandbox` gives it an opaque
 * origin, so even opened from the API's origin it reaches nothing of the web app's.
 */
function sendSlip(reply: FastifyReply, slip: string) {
  return reply
    .type('text/html; charset=utf-8')
    .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; sandbox allow-modals")
    .header('referrer-policy', 'no-referrer')
    .header('cache-control', 'no-store')
    .send(slip);
}
