import { Body, Controller, Get, Param, Patch, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth } from '@nestjs/swagger';
import { ScopedBy } from '../auth/auth.decorators';
import { ApiCreatedResponse, ApiExtraModels, ApiHeader, ApiOkResponse, ApiOperation, ApiProduces, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../common/actor';
import { CurrentActor } from '../common/current-actor.decorator';
import { OptionalIfMatchVersion } from '../common/if-match';
import { ApiBodies, ApiProblems } from '../common/openapi';
import { ParseIdPipe } from '../common/parse-id.pipe';
import { ChangeDocumentDto, DocumentResponse, RecordDocumentDto } from './documents.dto';
import { DocumentsService } from './documents.service';
import { Audit } from '../audit/audit.decorators';

const IF_MATCH = { name: 'If-Match', required: false, description: 'The dossier version last seen; when sent, a stale one is refused (412).' };

@ApiTags('documents')
@ApiBearerAuth()
@ScopedBy('dossier')
@Controller('api/dossiers/:id/documents')
export class DocumentsController {
  constructor(private readonly documents: DocumentsService) {}

  @Get()
  @Audit('dossier.view')
  @ApiOperation({ summary: 'The documents received for a dossier, with their verdicts and scans' })
  @ApiOkResponse({ type: [DocumentResponse] })
  @ApiProblems(400, 404)
  list(@Param('id', new ParseIdPipe()) id: string) {
    return this.documents.list(id);
  }

  @Post()
  @Audit('dossier.record')
  @ApiOperation({
    summary:
      'Record a received document (JSON), and/or upload scans (multipart: fields kind, issuedOn, quantity, note, attributes as JSON text, or documentId; files in any file field)',
  })
  @ApiExtraModels(RecordDocumentDto)
  @ApiBodies({
    'application/json': { $ref: getSchemaPath(RecordDocumentDto) },
    'multipart/form-data': {
      type: 'object',
      description: 'Scans of a new document (kind…) or of a recorded one (documentId)',
      properties: {
        kind: { type: 'string', example: 'cerfa-form' },
        documentId: { type: 'string', format: 'uuid' },
        issuedOn: { type: 'string', format: 'date', example: '2026-01-15' },
        quantity: { type: 'integer', example: 1 },
        note: { type: 'string' },
        attributes: { type: 'string', description: 'JSON text of the attributes', example: '{"signed":true,"allPages":true}' },
        files: { type: 'array', items: { type: 'string', format: 'binary' } },
      },
    },
  })
  @ApiHeader(IF_MATCH)
  @ApiCreatedResponse({ type: DocumentResponse })
  @ApiProblems(400, 404, 412, 413, 415, 422)
  record(
    @Param('id', new ParseIdPipe()) id: string,
    @Req() request: FastifyRequest,
    @Body() body: unknown,
    @CurrentActor() actor: Actor,
    @OptionalIfMatchVersion() version: number | undefined,
  ) {
    return request.isMultipart() ? this.documents.upload(id, request, actor, version) : this.documents.recordPaper(id, body, actor, version);
  }

  @Patch(':documentId')
  @Audit('dossier.change')
  @ApiOperation({ summary: "An agent's verdict — accepted, or rejected with a reason code — or a correction of what was recorded" })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: DocumentResponse })
  @ApiProblems(400, 404, 412)
  change(
    @Param('id', new ParseIdPipe()) id: string,
    @Param('documentId', new ParseIdPipe('documentId')) documentId: string,
    @Body() body: ChangeDocumentDto,
    @CurrentActor() actor: Actor,
    @OptionalIfMatchVersion() version: number | undefined,
  ) {
    return this.documents.change(id, documentId, body, actor, version);
  }

  @Get(':documentId/files/:fileId')
  @Audit('dossier.export', { kind: 'export' })
  @ApiOperation({ summary: 'Download a scan, byte for byte as uploaded' })
  @ApiProduces('application/pdf', 'image/jpeg', 'image/png', 'image/bmp', 'image/tiff')
  @ApiOkResponse({ description: 'The file' })
  @ApiProblems(400, 404)
  async download(
    @Param('id', new ParseIdPipe()) id: string,
    @Param('documentId', new ParseIdPipe('documentId')) documentId: string,
    @Param('fileId', new ParseIdPipe('fileId')) fileId: string,
    @Res() reply: FastifyReply,
  ) {
    const { file, stream } = await this.documents.download(id, documentId, fileId);
    return reply
      .type(file.contentType)
      .header('content-length', file.sizeBytes)
      .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.originalName)}`)
      .header('x-content-sha256', file.sha256)
      .send(stream);
  }
}
