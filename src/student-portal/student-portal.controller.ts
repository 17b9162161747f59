import { Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiProduces } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Audit } from '../audit/audit.decorators';
import type { Actor } from '../common/actor';
import { CurrentActor } from '../common/current-actor.decorator';
import { ApiProblems } from '../common/openapi';
import { ParseCodePipe } from '../common/parse-code.pipe';
import { ParseIdPipe } from '../common/parse-id.pipe';
import { CurrentStudent, StudentApi } from '../student-access/student-access.decorators';
import type { StudentContext } from '../student-access/student-access.decorators';
import { StudentDocumentResponse, StudentDossierResponse } from './student-portal.dto';
import { StudentPortalService } from './student-portal.service';

/** The student's page (the `student` tag and the `studentSession` scheme come with @StudentApi). */
@StudentApi()
@Controller('api/student/dossier')
export class StudentPortalController {
  constructor(private readonly portal: StudentPortalService) {}

  @Get()
  @Audit('dossier.student-view')
  @ApiOperation({
    summary:
      "The student's dossier, as their page shows it: where it stands, what is missing and why, the deadline, the documents with their verdicts, appointments, the decision and the next step, the office's contact",
  })
  @ApiOkResponse({ type: StudentDossierResponse })
  @ApiProblems(401, 429)
  page(@CurrentStudent() student: StudentContext) {
    return this.portal.page(student);
  }

  @Post('items/:slot/files')
  @Audit('dossier.student-upload')
  @ApiOperation({
    summary:
      'Send a document asked for by the open complement request (multipart: the files in any file field; `kind` when the item takes several kinds). It lands as a document to review, sent by the student',
  })
  @ApiParam({ name: 'slot', description: 'An item of the open complement request (`complement.items[].slot`).' })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      properties: {
        kind: { type: 'string', description: "One of the item's kinds (default: its first)." },
        files: { type: 'array', items: { type: 'string', format: 'binary' } },
      },
    },
  })
  @ApiCreatedResponse({ type: StudentDocumentResponse })
  @ApiProblems(400, 401, 404, 413, 415, 422, 429)
  upload(
    @Param('slot', new ParseCodePipe('slot')) slot: string,
    @Req() request: FastifyRequest,
    @CurrentStudent() student: StudentContext,
    @CurrentActor() actor: Actor,
  ) {
    return this.portal.upload(student, slot, request, actor);
  }

  @Get('documents/:documentId/files/:fileId')
  // a view, not an export: the file is the student's own, and an export is `dossier.export` (audit.routes.ts)
  @Audit('dossier.student-download')
  @ApiOperation({ summary: 'Download a file of one of the documents of the dossier, byte for byte as received' })
  @ApiProduces('application/pdf', 'image/jpeg', 'image/png', 'image/bmp', 'image/tiff')
  @ApiOkResponse({ description: 'The file' })
  @ApiProblems(400, 401, 404, 429)
  async download(
    @Param('documentId', new ParseIdPipe('documentId')) documentId: string,
    @Param('fileId', new ParseIdPipe('fileId')) fileId: string,
    @CurrentStudent() student: StudentContext,
    @Res() reply: FastifyReply,
  ) {
    const { file, stream } = await this.portal.download(student, documentId, fileId);
    return reply
      .type(file.contentType)
      .header('content-length', file.sizeBytes)
      .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.originalName)}`)
      .header('x-content-sha256', file.sha256)
      .send(stream);
  }
}
