import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { Redis } from 'ioredis';

/** Adds each key's increments in Redis; answers, per key, the count Redis then holds and the time left in its window. */
export type Reconcile = (batch: { key: string; by: number; windowMs: number }[]) => Promise<{ count: number; ttlMs: number }[]>;

/** As @fastify/rate-limit's own Redis store counts (a window from a key's first request), by any amount at once. */
const ADD = `local count = redis.call('INCRBY', KEYS[1], ARGV[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) ttl = tonumber(ARGV[2]) end
return {count, ttl}`;

/** Reconciliation in Redis: one pipeline per flush, one atomic INCRBY + PEXPIRE per key (keys under the client's prefix). */
export function reconcileInRedis(redis: Redis, namespace: string): Reconcile {
  return async (batch) => {
    const pipeline = redis.pipeline();
    for (const { key, by, windowMs } of batch) pipeline.eval(ADD, 1, `${namespace}${key}`, by, windowMs);
    const results = (await pipeline.exec()) ?? [];
    return results.map(([error, value]) => {
      if (error) throw error;
      const [count, ttlMs] = value as [number, number];
      return { count, ttlMs };
    });
  };
}

interface Counter {
  /** The count across processes at the last reconciliation (this process's part included). */
  known: number;
  /** This process's requests not yet added in Redis. */
  pending: number;
  resetAt: number;
  windowMs: number;
}

export interface CountersOptions {
  /** How long increments wait before going to Redis together: the lag of a count across processes. */
  flushMs: number;
  /** Keys followed at most (addresses of a flood...); the oldest go first. */
  maxKeys?: number;
  now?: () => number;
  /** Told when Redis cannot be reached, at most once a minute. */
  onError?: (error: Error) => void;
}

/** Counters looked at, oldest first, for one to drop when the table is full. */
const EVICTION_LOOKS = 32;

/**
 * Request counts for the rate limit, counted in the process — a request waits for nothing —
 * and reconciled with Redis in the background: every `flushMs`, each key's increments are added
 * there in one round trip and the count across processes comes back. A limit is thus enforced
 * across processes within a flush's lag. While Redis is away the process goes on counting its
 * own requests (never refusing one for want of Redis), and adds them once it is back.
 */
export class RateLimitCounters {
  private readonly counters = new Map<string, Counter>();
  private readonly now: () => number;
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> | null = null;
  private closed = false;
  private lastError = -Infinity;

  constructor(
    private readonly reconcile: Reconcile,
    private readonly options: CountersOptions,
  ) {
    // the rate limit's windows are wall-clock time, as Redis counts them
    this.now = options.now ?? Date.now;
  }

  /** Counts a request: the count across processes as last known plus this process's since, and the time left in the window. */
  incr(key: string, windowMs: number): { current: number; ttl: number } {
    const now = this.now();
    let counter = this.counters.get(key);
    if (!counter || counter.resetAt <= now) {
      if (counter) this.counters.delete(key);
      else if (this.counters.size >= (this.options.maxKeys ?? 100_000)) this.evictOne(now);
      counter = { known: 0, pending: 0, resetAt: now + windowMs, windowMs };
      this.counters.set(key, counter);
    }
    counter.pending++;
    this.schedule();
    return { current: counter.known + counter.pending, ttl: counter.resetAt - now };
  }

  /**
   * Makes room for a key: among the oldest few, a counter with nothing left to add to Redis (its
   * window over, or its count already there), so that keys made in a burst do not drop another
   * key's count; looking at a few only keeps each request's cost bounded.
   */
  private evictOne(now: number): void {
    let looked = 0;
    for (const [key, counter] of this.counters) {
      if (counter.pending === 0 || counter.resetAt <= now) {
        this.counters.delete(key);
        return;
      }
      if (++looked >= EVICTION_LOOKS) break;
    }
    // every counter is waiting for the next flush (more keys than that in one flush): the oldest goes
    this.counters.delete(this.counters.keys().next().value!);
  }

  /** The count as `incr` would give it, without counting. */
  read(key: string): { current: number; ttl: number } {
    const now = this.now();
    const counter = this.counters.get(key);
    if (!counter || counter.resetAt <= now) return { current: 0, ttl: 0 };
    return { current: counter.known + counter.pending, ttl: counter.resetAt - now };
  }

  /** Adds the increments waiting to Redis (one at a time: a flush under way is waited for). */
  async flush(): Promise<void> {
    if (this.flushing) return this.flushing;
    this.flushing = this.reconcileNow().finally(() => {
      this.flushing = null;
      if (!this.closed && [...this.counters.values()].some((c) => c.pending > 0)) this.schedule();
    });
    return this.flushing;
  }

  /** A class for @fastify/rate-limit's `store` option, counting in these counters. */
  store(): FastifyRateLimitStoreCtor {
    return storeOver(this, '');
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private schedule(): void {
    if (this.timer || this.closed) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.flush();
    }, this.options.flushMs);
    this.timer.unref();
  }

  private async reconcileNow(): Promise<void> {
    const now = this.now();
    const batch: { key: string; counter: Counter; by: number }[] = [];
    for (const [key, counter] of this.counters) {
      if (counter.resetAt <= now) this.counters.delete(key);
      else if (counter.pending > 0) batch.push({ key, counter, by: counter.pending });
    }
    if (!batch.length) return;
    let results: { count: number; ttlMs: number }[];
    try {
      results = await this.reconcile(batch.map(({ key, counter, by }) => ({ key, by, windowMs: counter.windowMs })));
    } catch (error) {
      // kept as pending: added with the next flush that reaches Redis
      if (now - this.lastError >= 60_000) {
        this.lastError = now;
        this.options.onError?.(error as Error);
      }
      return;
    }
    const at = this.now();
    batch.forEach(({ counter, by }, index) => {
      const { count, ttlMs } = results[index]!;
      counter.pending -= by;
      counter.known = count;
      counter.resetAt = at + ttlMs;
    });
  }
}

/** The plugin's store over counters; per-route limits (`child`) count under keys of their own. */
function storeOver(counters: RateLimitCounters, prefix: string): FastifyRateLimitStoreCtor {
  return class CountersStore implements FastifyRateLimitStore {
    incr(key: string, callback: (error: Error | null, result?: { current: number; ttl: number }) => void, timeWindow: number): void {
      callback(null, counters.incr(`${prefix}${key}`, timeWindow));
    }

    read(key: string, callback: (error: Error | null, result?: { current: number; ttl: number }) => void): void {
      callback(null, counters.read(`${prefix}${key}`));
    }

    child(routeOptions: Parameters<FastifyRateLimitStore['child']>[0]): FastifyRateLimitStore {
      // the plugin passes the route's merged options, the route under `routeInfo` (as its own Redis store reads it)
      const route = (routeOptions as { routeInfo?: { method?: string; url?: string } }).routeInfo ?? {};
      return new (storeOver(counters, `${prefix}${route.method ?? ''}${route.url ?? ''}-`))({});
    }
  };
}
