import { Injectable } from '@nestjs/common';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { AppConfig } from '../config/app-config';
import { ProblemException } from '../common/problem';
import { RedisService } from '../infra/redis/redis.service';

/**
 * Failed logins counted in Redis, per account and per IP address: after LOGIN_MAX_FAILURES
 * wrong passwords for an account (or LOGIN_IP_MAX_FAILURES from an address) within
 * LOGIN_LOCK_SECONDS, logins are refused with 429 for LOGIN_LOCK_SECONDS — the right
 * password included. Without Redis, logins are refused (503) rather than left unguarded.
 */
@Injectable()
export class LoginThrottle {
  private readonly byAccount: RateLimiterRedis;
  private readonly byAddress: RateLimiterRedis;

  constructor(
    private readonly config: AppConfig,
    private readonly redis: RedisService,
  ) {
    const common = { storeClient: redis.client, duration: config.LOGIN_LOCK_SECONDS, useRedisPackage: false };
    this.byAccount = new RateLimiterRedis({ ...common, keyPrefix: 'login-account', points: config.LOGIN_MAX_FAILURES });
    this.byAddress = new RateLimiterRedis({ ...common, keyPrefix: 'login-ip', points: config.LOGIN_IP_MAX_FAILURES });
  }

  /**
   * Counts an attempt before the password is checked — atomically, in Redis — so that a burst
   * of simultaneous tries gets no more checks than the limit. Refuses (429) while the account
   * or the address is locked, or when this attempt is over the limit.
   */
  async attempt(account: string, ip: string): Promise<LoginAttempt> {
    const key = accountKey(account);
    const [byAccount, byAddress] = await this.guarded(() => Promise.all([this.byAccount.get(key), this.byAddress.get(ip)]));
    const lockedFor = Math.max(this.lockedFor(byAccount, this.config.LOGIN_MAX_FAILURES), this.lockedFor(byAddress, this.config.LOGIN_IP_MAX_FAILURES));
    if (lockedFor > 0) throw tooMany(lockedFor);
    const [accountCount, addressCount] = await this.guarded(() => Promise.all([this.byAccount.penalty(key, 1), this.byAddress.penalty(ip, 1)]));
    if (accountCount.consumedPoints > this.config.LOGIN_MAX_FAILURES || addressCount.consumedPoints > this.config.LOGIN_IP_MAX_FAILURES) {
      throw tooMany(Math.max(1, Math.ceil(Math.max(accountCount.msBeforeNext, addressCount.msBeforeNext) / 1000)));
    }
    return { key, ip, accountPoints: accountCount.consumedPoints, addressPoints: addressCount.consumedPoints };
  }

  /** The attempt failed: the one that reaches a limit locks, for the whole lock time. */
  async failed(attempt: LoginAttempt): Promise<void> {
    let locked = false;
    if (attempt.accountPoints >= this.config.LOGIN_MAX_FAILURES) {
      await this.guarded(() => this.byAccount.block(attempt.key, this.config.LOGIN_LOCK_SECONDS));
      locked = true;
    }
    if (attempt.addressPoints >= this.config.LOGIN_IP_MAX_FAILURES) {
      await this.guarded(() => this.byAddress.block(attempt.ip, this.config.LOGIN_LOCK_SECONDS));
      locked = true;
    }
    if (locked) throw tooMany(this.config.LOGIN_LOCK_SECONDS);
  }

  /** The attempt succeeded: the account's failures are forgotten, and the address gets its try back. */
  async succeeded(attempt: LoginAttempt): Promise<void> {
    await this.guarded(() => Promise.all([this.byAccount.delete(attempt.key), this.byAddress.reward(attempt.ip, 1)]));
  }

  private lockedFor(result: RateLimiterRes | null, limit: number): number {
    return result && result.consumedPoints >= limit ? Math.max(1, Math.ceil(result.msBeforeNext / 1000)) : 0;
  }

  private async guarded<T>(work: () => Promise<T>): Promise<T> {
    try {
      // just after start the connection may still be on its way
      if (this.redis.client.status !== 'ready') await this.redis.connected(2_000);
      return await work();
    } catch (error) {
      if (error instanceof ProblemException) throw error;
      throw ProblemException.of('auth.login-unavailable');
    }
  }
}

const accountKey = (account: string) => account.trim().toLowerCase();

/** What an attempt counted, to settle it once the password was checked. */
export interface LoginAttempt {
  key: string;
  ip: string;
  accountPoints: number;
  addressPoints: number;
}

function tooMany(retryAfterSeconds: number): ProblemException {
  return ProblemException.of('auth.login-locked', { seconds: retryAfterSeconds }, { retryAfter: retryAfterSeconds });
}
