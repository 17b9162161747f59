import { Body, Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../common/actor';
import { CurrentActor } from '../common/current-actor.decorator';
import { ApiProblems } from '../common/openapi';
import { Public } from './auth.decorators';
import { ChangePasswordDto, LoginDto, RefreshDto, SessionAgent, TokensResponse } from './auth.dto';
import { AuthService, ClientInfo } from './auth.service';
import { AppConfig } from '../config/app-config';
import { dashboardCookie } from './dashboard-access';

@ApiTags('auth')
@Controller('api/auth')
export class AuthController {
  private readonly secureCookies: boolean;

  constructor(
    private readonly auth: AuthService,
    config: AppConfig,
  ) {
    this.secureCookies = config.NODE_ENV === 'production';
  }

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Log in: an access token (Bearer, short-lived) and a refresh token (usable once)' })
  @ApiOkResponse({ type: TokensResponse })
  @ApiProblems(400, 401, 429)
  async login(@Body() body: LoginDto, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<TokensResponse> {
    const tokens = await this.auth.login(body.email, body.password, clientOf(request));
    if (tokens.agent.role === 'admin') void reply.header('set-cookie', dashboardCookie(tokens.accessToken, tokens.expiresIn, this.secureCookies));
    return tokens;
  }

  @Public()
  @Post('refresh')
  @HttpCode(200)
  @ApiOperation({ summary: 'New tokens for a refresh token; presenting a used one revokes the login' })
  @ApiOkResponse({ type: TokensResponse })
  @ApiProblems(400, 401)
  async refresh(@Body() body: RefreshDto, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<TokensResponse> {
    const tokens = await this.auth.refresh(body.refreshToken, clientOf(request));
    if (tokens.agent.role === 'admin') void reply.header('set-cookie', dashboardCookie(tokens.accessToken, tokens.expiresIn, this.secureCookies));
    return tokens;
  }

  @Post('logout')
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'End this login: its access and refresh tokens stop working at once' })
  @ApiNoContentResponse()
  @ApiProblems(401, 403)
  async logout(@CurrentActor() actor: Actor, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<void> {
    await this.auth.logout(actor, clientOf(request));
    void reply.header('set-cookie', dashboardCookie('', 0, this.secureCookies));
  }

  @Get('me')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'The agent of this access token' })
  @ApiOkResponse({ type: SessionAgent })
  @ApiProblems(401)
  me(@CurrentActor() actor: Actor) {
    return this.auth.me(actor);
  }

  @Post('password')
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Change your password; your other logins end' })
  @ApiNoContentResponse()
  @ApiProblems(400, 401, 403)
  async changePassword(@CurrentActor() actor: Actor, @Body() body: ChangePasswordDto, @Req() request: FastifyRequest): Promise<void> {
    await this.auth.changePassword(actor, body.currentPassword, body.newPassword, clientOf(request));
  }
}

export function clientOf(request: FastifyRequest): ClientInfo {
  const userAgent = request.headers['user-agent'];
  return { ip: request.ip, userAgent: typeof userAgent === 'string' ? userAgent : null, requestId: String(request.id) };
}
