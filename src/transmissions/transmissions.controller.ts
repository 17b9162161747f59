import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth } from '@nestjs/swagger';
import { OfficeWide } from '../auth/auth.decorators';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Actor } from '../common/actor';
import { CurrentActor } from '../common/current-actor.decorator';
import { ApiProblems } from '../common/openapi';
import { ParseIdPipe } from '../common/parse-id.pipe';
import { CreateTransmissionDto, ListTransmissionsQuery, TransmissionPage, TransmissionResponse } from './transmissions.dto';
import { TransmissionsService } from './transmissions.service';

@ApiTags('transmissions')
@ApiBearerAuth()
@OfficeWide()
@Controller('api/transmissions')
export class TransmissionsController {
  constructor(private readonly transmissions: TransmissionsService) {}

  @Post()
  @ApiOperation({ summary: 'Forward a batch of verified dossiers to a prefecture contact, with its slip (all or nothing)' })
  @ApiCreatedResponse({ type: TransmissionResponse })
  @ApiProblems(400, 403, 409)
  create(@Body() body: CreateTransmissionDto, @CurrentActor() actor: Actor) {
    return this.transmissions.create(body, actor);
  }

  @Get()
  @ApiOperation({ summary: 'Transmissions, latest first' })
  @ApiOkResponse({ type: TransmissionPage })
  @ApiProblems(400)
  list(@Query() query: ListTransmissionsQuery) {
    return this.transmissions.list(query.limit, query.cursor);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One transmission: its dossiers as sent, and links to its slip' })
  @ApiOkResponse({ type: TransmissionResponse })
  @ApiProblems(400, 404)
  get(@Param('id', new ParseIdPipe()) id: string) {
    return this.transmissions.get(id);
  }

  @Get(':id/slip.csv')
  @ApiOperation({ summary: 'The slip as CSV (semicolons, UTF-8 with BOM)' })
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'The slip' })
  @ApiProblems(400, 404)
  async csv(@Param('id', new ParseIdPipe()) id: string, @Res() reply: FastifyReply) {
    const slip = await this.transmissions.slip(id, 'csv');
    return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="bordereau-${id}.csv"`).send(slip);
  }

  @Get(':id/slip.html')
  @ApiOperation({ summary: 'The slip as a printable page' })
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'The slip' })
  @ApiProblems(400, 404)
  async html(@Param('id', new ParseIdPipe()) id: string, @Res() reply: FastifyReply) {
    const slip = await this.transmissions.slip(id, 'html');
    return reply.type('text/html; charset=utf-8').header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'").send(slip);
  }
}
