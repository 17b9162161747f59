import { Controller, Get, Req, Res, ServiceUnavailableException } from '@nestjs/common';
import { Public } from '../auth/auth.decorators';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService } from '@nestjs/terminus';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { languageOf, PROBLEM_CONTENT_TYPE, problemBody } from '../common/problem';
import { HealthIndicators } from './health.indicators';

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicators,
  ) {}

  @Get('live')
  @ApiOperation({ summary: 'Liveness: the process answers' })
  @ApiOkResponse({ schema: { example: { status: 'ok' } } })
  live() {
    return { status: 'ok' };
  }

  @Get('ready')
  @HealthCheck({ swaggerDocumentation: false })
  @ApiOperation({ summary: 'Readiness: PostgreSQL and Redis answer' })
  @ApiOkResponse({ schema: { example: { status: 'ok', info: { database: { status: 'up' }, redis: { status: 'up' } } } } })
  @ApiServiceUnavailableResponse({ description: 'A dependency is down (problem+json with `checks`)' })
  async ready(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    try {
      return await this.health.check([() => this.indicators.database(), () => this.indicators.redis()]);
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      const checks = (error.getResponse() as { details?: unknown }).details;
      const down = Object.entries((checks ?? {}) as Record<string, { status: string }>)
        .filter(([, result]) => result.status !== 'up')
        .map(([name]) => name);
      void reply.status(503).header('content-type', PROBLEM_CONTENT_TYPE);
      return problemBody(
        'server.not-ready',
        languageOf(request.headers['accept-language']),
        { down },
        { checks, instance: request.url, requestId: request.id },
      );
    }
  }
}
