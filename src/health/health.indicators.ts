import { Injectable } from '@nestjs/common';
import { HealthCheckAttempt, HealthIndicatorService } from '@nestjs/terminus';
import { PrismaService } from '../infra/prisma/prisma.service';
import { RedisService } from '../infra/redis/redis.service';

const CHECK_TIMEOUT_MS = 2_000;

/** Whether the API's dependencies answer, each within the same short time (readiness). */
@Injectable()
export class HealthIndicators {
  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly prisma: PrismaService,
    private readonly redisClient: RedisService,
  ) {}

  database(): HealthCheckAttempt<'database'> {
    return this.indicators
      .check('database')
      .attempt(() => this.prisma.ping())
      .withTimeout(CHECK_TIMEOUT_MS);
  }

  redis(): HealthCheckAttempt<'redis'> {
    return this.indicators
      .check('redis')
      .attempt(() => this.redisClient.ping(CHECK_TIMEOUT_MS))
      .withTimeout(CHECK_TIMEOUT_MS);
  }
}
