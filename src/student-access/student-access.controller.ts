import { Body, Controller, Delete, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Audit, AuditsItself } from '../audit/audit.decorators';
import { Public, ScopedBy } from '../auth/auth.decorators';
import type { Actor } from '../common/actor';
import { CurrentActor } from '../common/current-actor.decorator';
import { ApiProblems } from '../common/openapi';
import { ParseIdPipe } from '../common/parse-id.pipe';
import { AppConfig } from '../config/app-config';
import { CurrentStudent, StudentApi, type StudentContext } from './student-access.decorators';
import { ExchangeLinkDto, LinkRequestAccepted, StudentLinkStatus, StudentSessionResponse } from './student-access.dto';
import { LINK_REQUESTS_PER_DAY, sessionCookieOptions, STUDENT_COOKIE } from './student-access.links';
import { StudentAccessService } from './student-access.service';

/** The student's session: a personal link exchanged for a cookie, and ended. */
@ApiTags('student')
@Controller('api/student/session')
export class StudentSessionController {
  constructor(
    private readonly access: StudentAccessService,
    private readonly config: AppConfig,
  ) {}

  @Public()
  @Post()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Exchange a personal link (usable once) for a session cookie',
    description:
      'Sets `passerelle_student` (HttpOnly, Secure, SameSite=Strict, Path=/api/student, Max-Age STUDENT_SESSION_MINUTES). ' +
      'A forged, used, revoked or expired link gets the same 401 `student.link-invalid`; ' +
      'after 10 failed links from an address within 15 minutes, 429.',
  })
  @ApiOkResponse({
    type: StudentSessionResponse,
    headers: { 'Set-Cookie': { description: 'passerelle_student=<session token>; HttpOnly; Secure; SameSite=Strict' } },
  })
  @ApiProblems(400, 401, 429)
  async exchange(
    @Body() body: ExchangeLinkDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StudentSessionResponse> {
    const userAgent = request.headers['user-agent'];
    const { cookie, ...session } = await this.access.exchange(body.token, { ip: request.ip, userAgent: typeof userAgent === 'string' ? userAgent : null });
    void reply.header('cache-control', 'no-store').setCookie(STUDENT_COOKIE, cookie, sessionCookieOptions(this.config.STUDENT_SESSION_MINUTES * 60));
    return session;
  }

  @Get()
  @StudentApi()
  @Audit('dossier.student-view')
  @ApiOperation({ summary: 'The session of the cookie: its language and when it ends' })
  @ApiOkResponse({ type: StudentSessionResponse })
  @ApiProblems(401)
  current(@CurrentStudent() student: StudentContext, @Res({ passthrough: true }) reply: FastifyReply): StudentSessionResponse {
    void reply.header('cache-control', 'no-store');
    return { language: student.language, expiresAt: student.expiresAt.toISOString() };
  }

  @Public()
  @Delete()
  @HttpCode(204)
  @ApiOperation({ summary: 'End the session of the cookie (if any) and clear the cookie' })
  @ApiNoContentResponse()
  async end(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<void> {
    await this.access.endSession(request.cookies?.[STUDENT_COOKIE]);
    void reply.clearCookie(STUDENT_COOKIE, sessionCookieOptions(0));
  }
}

/** A spent link's page asks for a new link by e-mail (magic-link products' "send me a new link"). */
@ApiTags('student')
@Controller('api/student/link-request')
export class StudentLinkRequestController {
  constructor(private readonly access: StudentAccessService) {}

  @Public()
  @Post()
  @HttpCode(202)
  // no session: the route writes its own event, as the student's, when the token names a dossier
  @AuditsItself()
  @ApiOperation({
    summary: 'Ask for a new personal link by e-mail, with the token of a link that no longer opens (spent, or its session over)',
    description:
      'Always 202 `{ "sent": "if-valid" }`: a `student_link` e-mail with a new link goes to the address the office has only if the token is of a ' +
      `dossier whose links still open its page, that no agent revoked, whose student was not erased, at most ${LINK_REQUESTS_PER_DAY} times in 24 hours ` +
      'per dossier. The other links and sessions stay as they are. Each request counts against the address like a failed link: after 10 within 15 minutes, 429.',
  })
  @ApiAcceptedResponse({ type: LinkRequestAccepted })
  @ApiProblems(400, 429)
  async request(@Body() body: ExchangeLinkDto, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<LinkRequestAccepted> {
    const userAgent = request.headers['user-agent'];
    await this.access.requestLink(body.token, { ip: request.ip, userAgent: typeof userAgent === 'string' ? userAgent : null, requestId: String(request.id) });
    void reply.header('cache-control', 'no-store');
    return { sent: 'if-valid' };
  }
}

/** The agents' side of a dossier's personal links: where they stand, sent again, revoked. */
@ApiTags('dossiers')
@ApiBearerAuth()
@ScopedBy('dossier')
@Controller('api/dossiers/:id/student-link')
export class StudentLinkController {
  constructor(private readonly access: StudentAccessService) {}

  @Get()
  @Audit('dossier.view')
  @ApiOperation({ summary: "The student's personal links: last sent, last opened, sessions open now, valid until when, to which address" })
  @ApiOkResponse({ type: StudentLinkStatus })
  @ApiProblems(400, 404)
  status(@Param('id', new ParseIdPipe()) id: string) {
    return this.access.status(id);
  }

  @Post()
  @Audit('dossier.student-link')
  @HttpCode(202)
  @ApiOperation({ summary: 'Send the link again: every link and session of the dossier stops working, and an e-mail with a new link goes to the student' })
  @ApiAcceptedResponse({ type: StudentLinkStatus })
  @ApiProblems(400, 404, 409)
  reissue(@Param('id', new ParseIdPipe()) id: string, @CurrentActor() actor: Actor) {
    return this.access.issueLinkEmail(id, actor);
  }

  @Delete()
  @Audit('dossier.student-link')
  @HttpCode(204)
  @ApiOperation({ summary: "Revoke the student's links: every link and session of the dossier stops working" })
  @ApiNoContentResponse()
  @ApiProblems(400, 404)
  async revoke(@Param('id', new ParseIdPipe()) id: string, @CurrentActor() actor: Actor): Promise<void> {
    await this.access.revokeAll(id, actor);
  }
}
