import { Body, Controller, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Audit } from '../audit/audit.decorators';
import { ScopedBy } from '../auth/auth.decorators';
import type { Actor } from '../common/actor';
import { CurrentActor } from '../common/current-actor.decorator';
import { ApiBodies, ApiProblems } from '../common/openapi';
import { ParseIdPipe } from '../common/parse-id.pipe';
import { CurrentStudent, StudentApi, type StudentContext } from '../student-access/student-access.decorators';
import type { MessageAttachment } from './messages.repository';
import { MessageResponse, NEW_MESSAGE_BODIES } from './messages.dto';
import { MessagesService } from './messages.service';

const FILE_TYPES = ['application/pdf', 'image/jpeg', 'image/png', 'image/bmp', 'image/tiff', 'image/webp', 'image/heic'];

/** The student's side of the thread, on their page (their session's dossier only). */
@ApiTags('student')
@ApiSecurity('studentSession')
@StudentApi()
@Controller('api/student/dossier/messages')
export class StudentMessagesController {
  constructor(private readonly messages: MessagesService) {}

  @Get()
  @Audit('dossier.student-view')
  @ApiOperation({ summary: 'The thread with the office, oldest first; the office’s messages are marked read (this answer still shows which were new)' })
  @ApiOkResponse({ type: [MessageResponse] })
  @ApiProblems(401)
  list(@CurrentStudent() student: StudentContext) {
    return this.messages.forStudent(student);
  }

  @Post()
  @Audit('dossier.student-message')
  @ApiOperation({ summary: 'Write to the office (JSON, or multipart: field body and files in any file field); the assigned agent is e-mailed' })
  @ApiBodies(NEW_MESSAGE_BODIES)
  @ApiCreatedResponse({ type: MessageResponse })
  @ApiProblems(400, 401, 409, 413, 415, 422)
  write(@CurrentStudent() student: StudentContext, @Req() request: FastifyRequest, @Body() body: unknown, @CurrentActor() actor: Actor) {
    return this.messages.writeAsStudent(student, { request, body }, actor);
  }

  @Get(':messageId/attachments/:attachmentId')
  @Audit('dossier.student-download')
  @ApiOperation({ summary: 'Download a file of the thread, byte for byte as sent' })
  @ApiProduces(...FILE_TYPES)
  @ApiOkResponse({ description: 'The file' })
  @ApiProblems(400, 401, 404)
  async download(
    @CurrentStudent() student: StudentContext,
    @Param('messageId', new ParseIdPipe('messageId')) messageId: string,
    @Param('attachmentId', new ParseIdPipe('attachmentId')) attachmentId: string,
    @Res() reply: FastifyReply,
  ) {
    return send(reply, await this.messages.attachment(student.dossierId, messageId, attachmentId));
  }
}

/** The agents' side of a dossier's thread. */
@ApiTags('dossiers')
@ApiBearerAuth()
@ScopedBy('dossier')
@Controller('api/dossiers/:id/messages')
export class MessagesController {
  constructor(private readonly messages: MessagesService) {}

  @Get()
  @Audit('dossier.view')
  @ApiOperation({ summary: 'The thread with the student, oldest first (reading it marks nothing: POST …/messages/read does)' })
  @ApiOkResponse({ type: [MessageResponse] })
  @ApiProblems(400, 404)
  list(@Param('id', new ParseIdPipe()) id: string) {
    return this.messages.forOffice(id);
  }

  @Post()
  @Audit('dossier.message')
  @ApiOperation({ summary: 'Write to the student (JSON, or multipart: field body and files in any file field); they are e-mailed with their personal link' })
  @ApiBodies(NEW_MESSAGE_BODIES)
  @ApiCreatedResponse({ type: MessageResponse })
  @ApiProblems(400, 404, 409, 413, 415, 422)
  write(@Param('id', new ParseIdPipe()) id: string, @Req() request: FastifyRequest, @Body() body: unknown, @CurrentActor() actor: Actor) {
    return this.messages.writeAsOffice(id, { request, body }, actor);
  }

  @Post('read')
  @HttpCode(204)
  @Audit('dossier.messages-read')
  @ApiOperation({ summary: "Mark the student's messages read (they no longer count as unread in the inbox and the dashboard)" })
  @ApiNoContentResponse({ description: 'Marked' })
  @ApiProblems(400, 404)
  async markRead(@Param('id', new ParseIdPipe()) id: string): Promise<void> {
    await this.messages.markReadByOffice(id);
  }

  @Get(':messageId/attachments/:attachmentId')
  @Audit('dossier.export', { kind: 'export' })
  @ApiOperation({ summary: 'Download a file of the thread, byte for byte as sent' })
  @ApiProduces(...FILE_TYPES)
  @ApiOkResponse({ description: 'The file' })
  @ApiProblems(400, 404)
  async download(
    @Param('id', new ParseIdPipe()) id: string,
    @Param('messageId', new ParseIdPipe('messageId')) messageId: string,
    @Param('attachmentId', new ParseIdPipe('attachmentId')) attachmentId: string,
    @Res() reply: FastifyReply,
  ) {
    return send(reply, await this.messages.attachment(id, messageId, attachmentId));
  }
}

function send(reply: FastifyReply, { file, stream }: { file: MessageAttachment; stream: NodeJS.ReadableStream }) {
  return reply
    .type(file.contentType)
    .header('content-length', file.sizeBytes)
    .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.originalName)}`)
    .header('x-content-sha256', file.sha256)
    .send(stream);
}
