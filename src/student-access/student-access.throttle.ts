import { Injectable, Logger } from '@nestjs/common';
import { RateLimiterRedis } from 'rate-limiter-flexible';
import { ProblemException } from '../common/problem';
import { RedisService } from '../infra/redis/redis.service';

/** Links that could not be exchanged, from one address, before it is refused. */
export const LINK_MAX_FAILURES = 10;
/** The window counting them, and how long a refusal lasts. */
export const LINK_LOCK_SECONDS = 15 * 60;

/**
 * Links that failed to open, counted per client address in Redis (as LoginThrottle counts
 * logins): after LINK_MAX_FAILURES within LINK_LOCK_SECONDS the address gets 429 until the
 * window ends. An attempt is counted before its token is looked up — atomically — so a burst of
 * simultaneous tries gets no more lookups than the limit; a link that opens gives its point back.
 * Unlike logins, Redis being away does not stop students: a token of 256 random bits cannot be
 * guessed, the counter is a second line only (and the global rate limit also skips then).
 */
@Injectable()
export class StudentLinkThrottle {
  private readonly logger = new Logger('StudentAccess');
  private readonly byAddress: RateLimiterRedis;

  constructor(private readonly redis: RedisService) {
    this.byAddress = new RateLimiterRedis({
      storeClient: redis.client,
      useRedisPackage: false,
      keyPrefix: 'student-link-ip',
      points: LINK_MAX_FAILURES,
      duration: LINK_LOCK_SECONDS,
    });
  }

  /**
   * Counts an attempt from `ip`: refused (429) once the address has LINK_MAX_FAILURES counted
   * in the window, or when this attempt goes over (simultaneous tries).
   */
  async attempt(ip: string): Promise<void> {
    const seen = await this.guarded(() => this.byAddress.get(ip));
    if (seen && seen.consumedPoints >= LINK_MAX_FAILURES) throw tooMany(seen.msBeforeNext);
    const counted = await this.guarded(() => this.byAddress.penalty(ip, 1));
    if (counted && counted.consumedPoints > LINK_MAX_FAILURES) throw tooMany(counted.msBeforeNext);
  }

  /** The link opened: this attempt is not held against the address. */
  async succeeded(ip: string): Promise<void> {
    await this.guarded(() => this.byAddress.reward(ip, 1));
  }

  private async guarded<T>(work: () => Promise<T>): Promise<T | null> {
    try {
      if (this.redis.client.status !== 'ready') await this.redis.connected(2_000);
      return await work();
    } catch (error) {
      this.logger.warn(`The counter of failed student links is unavailable (${(error as Error).message}): the link is checked uncounted`);
      return null;
    }
  }
}

function tooMany(msBeforeNext: number): ProblemException {
  const seconds = Math.max(1, Math.ceil(msBeforeNext / 1000));
  return ProblemException.of('student.link-throttled', { seconds }, { retryAfter: seconds });
}
