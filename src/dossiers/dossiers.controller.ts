import { Body, Controller, Get, Headers, Param, Patch, Post, Put, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth } from '@nestjs/swagger';
import type { GuardedRequest } from '../auth/access.guard';
import { recordSubject, ScopeCheckedOnRow, ScopedBy } from '../auth/auth.decorators';
import { ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentActor } from '../common/current-actor.decorator';
import { ApiProblems } from '../common/openapi';
import { ParseIdPipe } from '../common/parse-id.pipe';
import { AssigneeDto, CreateDossierDto, DossierPage, DossierResponse, ListDossiersQuery, UpdateDossierDto } from './dossiers.dto';
import { IfMatchVersion, OptionalIfMatchVersion } from '../common/if-match';
import type { Actor } from '../common/actor';
import { DossiersService } from './dossiers.service';
import { Audit } from '../audit/audit.decorators';

const ETAG_HEADER = { name: 'ETag', description: 'The dossier version, to send back in If-Match' };

@ApiTags('dossiers')
@ApiBearerAuth()
@ScopedBy('dossier')
@Controller('api/dossiers')
export class DossiersController {
  constructor(private readonly dossiers: DossiersService) {}

  @Post()
  @Audit('dossier.open')
  @ApiOperation({ summary: 'Open a dossier for a student and a procedure: it gets its reference and status "received"' })
  @ApiCreatedResponse({ type: DossierResponse, headers: { ETag: ETAG_HEADER, Location: { description: 'URL of the dossier' } } })
  @ApiProblems(400, 409)
  async open(@Body() body: CreateDossierDto, @CurrentActor() actor: Actor, @Res({ passthrough: true }) reply: FastifyReply) {
    const dossier = await this.dossiers.open(body, actor);
    void reply.header('etag', etag(dossier.version)).header('location', `/api/dossiers/${dossier.id}`);
    return dossier;
  }

  @Get()
  @Audit('dossier.list')
  @ApiOperation({ summary: 'List dossiers: filters, search (`q`), sort and keyset pages (`limit` + `cursor`)' })
  @ApiOkResponse({ type: DossierPage })
  @ApiProblems(400)
  list(@Query() query: ListDossiersQuery, @CurrentActor() actor: Actor) {
    return this.dossiers.list(query, actor);
  }

  @Get(':id')
  @ScopeCheckedOnRow()
  @Audit('dossier.view')
  @ApiOperation({ summary: 'One dossier; its version is in the ETag' })
  @ApiOkResponse({ type: DossierResponse, headers: { ETag: ETAG_HEADER } })
  @ApiResponse({ status: 304, description: 'Unchanged since the version in If-None-Match' })
  @ApiProblems(400, 404)
  async get(
    @Param('id', new ParseIdPipe()) id: string,
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @CurrentActor() actor: Actor,
    @Req() request: GuardedRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    // one read: the dossier, checked against the agent's reach (the guard did not look it up)
    const dossier = await this.dossiers.get(id, actor);
    recordSubject(request, 'dossier', dossier);
    const tag = etag(dossier.version);
    void reply.header('etag', tag);
    if (ifNoneMatch !== undefined && ifNoneMatch.split(',').some((t) => t.trim().replace(/^W\//, '') === tag)) {
      void reply.status(304);
      return undefined;
    }
    return dossier;
  }

  @Patch(':id')
  @Audit('dossier.update')
  @ApiOperation({ summary: "Change a dossier's facts, case or channel (its status moves through transitions)" })
  @ApiHeader({ name: 'If-Match', required: true, description: 'The version last seen (ETag)' })
  @ApiOkResponse({ type: DossierResponse, headers: { ETag: ETAG_HEADER } })
  @ApiProblems(400, 404, 412, 428)
  async update(
    @Param('id', new ParseIdPipe()) id: string,
    @IfMatchVersion() version: number,
    @Body() body: UpdateDossierDto,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const dossier = await this.dossiers.update(id, version, body, actor);
    void reply.header('etag', etag(dossier.version));
    return dossier;
  }

  @Put(':id/assignee')
  @Audit('dossier.assign')
  @ApiOperation({ summary: 'Take a dossier, or hand it over to another agent (null: to nobody)' })
  @ApiHeader({ name: 'If-Match', required: false, description: 'The version last seen; when sent, a stale one is refused (412).' })
  @ApiOkResponse({ type: DossierResponse, headers: { ETag: ETAG_HEADER } })
  @ApiProblems(400, 404, 412)
  async assign(
    @Param('id', new ParseIdPipe()) id: string,
    @Body() body: AssigneeDto,
    @CurrentActor() actor: Actor,
    @OptionalIfMatchVersion() version: number | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const dossier = await this.dossiers.assign(id, body.agentId ?? null, actor, version);
    void reply.header('etag', etag(dossier.version));
    return dossier;
  }
}

export function etag(version: number): string {
  return `"${version}"`;
}
