import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { Redis } from 'ioredis';
import { AppConfig } from '../../config/app-config';

/**
 * The process's general-purpose Redis connection (health, rate limits, locks). Commands
 * fail fast while Redis is away instead of queueing, so callers can degrade and report.
 * Keys are written under REDIS_PREFIX.
 */
@Injectable()
export class RedisService implements OnModuleDestroy {
  private readonly logger = new Logger('Redis');
  readonly client: Redis;
  private lastErrorLog = 0;

  constructor(private readonly config: AppConfig) {
    this.client = new Redis(config.REDIS_URL, {
      keyPrefix: `${config.REDIS_PREFIX}:`,
      connectionName: 'passerelle',
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
    });
    this.client.on('error', (error) => {
      // reconnection attempts fail every few hundred ms while Redis is down: log once a minute
      const now = Date.now(); // log throttling: the wall clock's time, not the office's
      if (now - this.lastErrorLog > 60_000) {
        this.lastErrorLog = now;
        this.logger.warn(`Redis unavailable: ${error.message}`);
      }
    });
  }

  /** Resolves once connected (start-up), or rejects after the time limit. */
  async connected(timeoutMs: number): Promise<void> {
    if (this.client.status === 'ready') return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.client.off('ready', onReady);
        reject(new Error(`Redis not ready after ${timeoutMs} ms`));
      }, timeoutMs);
      const onReady = () => {
        clearTimeout(timer);
        resolve();
      };
      this.client.once('ready', onReady);
    });
  }

  /** Resolves when Redis answers PING within the time limit. */
  async ping(timeoutMs = 1_000): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.client.ping(),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
        }),
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  onModuleDestroy(): void {
    this.client.disconnect();
  }
}
