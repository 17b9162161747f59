import { RateLimitCounters, Reconcile } from './rate-limit.store';

/** Redis as the reconciliation uses it: INCRBY, and a window set on a key's first increment. */
class FakeRedis {
  readonly keys = new Map<string, { count: number; expiresAt: number }>();
  calls: { key: string; by: number }[][] = [];
  down = false;
  /** When set, the next reconciliation waits for it (a round trip under way). */
  hold: Promise<void> | null = null;

  constructor(private readonly now: () => number) {}

  readonly reconcile: Reconcile = async (batch) => {
    this.calls.push(batch.map(({ key, by }) => ({ key, by })));
    if (this.hold) await this.hold;
    if (this.down) throw new Error('connect ECONNREFUSED');
    return batch.map(({ key, by, windowMs }) => {
      const now = this.now();
      let entry = this.keys.get(key);
      if (!entry || entry.expiresAt <= now) this.keys.set(key, (entry = { count: 0, expiresAt: now + windowMs }));
      entry.count += by;
      return { count: entry.count, ttlMs: entry.expiresAt - now };
    });
  };
}

describe('RateLimitCounters: counted in the process, reconciled in Redis', () => {
  let time: number;
  const now = () => time;
  let redis: FakeRedis;
  // two API processes sharing one Redis
  let a: RateLimitCounters;
  let b: RateLimitCounters;

  beforeEach(() => {
    time = 1_000_000;
    redis = new FakeRedis(now);
    a = new RateLimitCounters(redis.reconcile, { flushMs: 200, now });
    b = new RateLimitCounters(redis.reconcile, { flushMs: 200, now });
  });

  afterEach(() => {
    a.close();
    b.close();
  });

  it('answers without a round trip, then sends each key’s increments to Redis in one batch', async () => {
    expect([1, 2, 3].map(() => a.incr('agent:1', 60_000).current)).toEqual([1, 2, 3]);
    a.incr('ip:10.0.0.1', 60_000);
    expect(redis.calls).toEqual([]);
    await a.flush();
    expect(redis.calls).toEqual([
      [
        { key: 'agent:1', by: 3 },
        { key: 'ip:10.0.0.1', by: 1 },
      ],
    ]);
    // nothing waiting: the next flush has nothing to send
    await a.flush();
    expect(redis.calls).toHaveLength(1);
  });

  it('counts across processes once each has reconciled: the count Redis returns includes the other’s requests', async () => {
    for (let i = 0; i < 4; i++) a.incr('agent:1', 60_000);
    for (let i = 0; i < 5; i++) b.incr('agent:1', 60_000);
    await a.flush();
    await b.flush();
    expect(b.incr('agent:1', 60_000).current).toBe(10);
    await b.flush();
    // a learns of b's six requests with its next reconciliation
    expect(a.incr('agent:1', 60_000).current).toBe(5);
    await a.flush();
    expect(a.read('agent:1').current).toBe(11);
    expect(redis.keys.get('agent:1')!.count).toBe(11);
  });

  it('loses no request counted while a reconciliation is under way', async () => {
    a.incr('agent:1', 60_000);
    a.incr('agent:1', 60_000);
    let release!: () => void;
    redis.hold = new Promise((resolve) => (release = resolve));
    const flushing = a.flush();
    expect(a.incr('agent:1', 60_000).current).toBe(3);
    release();
    await flushing;
    redis.hold = null;
    expect(a.read('agent:1').current).toBe(3);
    await a.flush();
    expect(redis.calls.map((batch) => batch[0]!.by)).toEqual([2, 1]);
    expect(redis.keys.get('agent:1')!.count).toBe(3);
  });

  it('goes on counting while Redis is away, never failing a request, and adds those requests once it is back', async () => {
    const errors: Error[] = [];
    const counting = new RateLimitCounters(redis.reconcile, { flushMs: 200, now, onError: (e) => errors.push(e) });
    redis.down = true;
    for (let i = 0; i < 3; i++) counting.incr('agent:1', 60_000);
    await counting.flush();
    expect(counting.incr('agent:1', 60_000).current).toBe(4);
    await counting.flush();
    expect(errors).toHaveLength(1); // told once, not at every flush
    redis.down = false;
    await counting.flush();
    expect(redis.keys.get('agent:1')!.count).toBe(4);
    expect(counting.read('agent:1').current).toBe(4);
    counting.close();
  });

  it('starts again when the window has passed, and gives the time left in Redis’s window', async () => {
    a.incr('agent:1', 60_000);
    await a.flush();
    time += 20_000;
    b.incr('agent:1', 60_000);
    await b.flush();
    // b's window is the one Redis started with a's first request
    expect(b.incr('agent:1', 60_000)).toEqual({ current: 3, ttl: 40_000 });
    time += 40_000;
    expect(b.incr('agent:1', 60_000)).toEqual({ current: 1, ttl: 60_000 });
    expect(b.read('agent:9')).toEqual({ current: 0, ttl: 0 });
  });

  it('serves @fastify/rate-limit through its store interface, per-route limits under keys of their own', async () => {
    const Store = a.store();
    const store = new Store({});
    const results: number[] = [];
    store.incr('agent:1', (_error, result) => results.push(result!.current), 60_000, 10);
    store.incr('agent:1', (_error, result) => results.push(result!.current), 60_000, 10);
    const child = store.child({ routeInfo: { method: 'POST', url: '/api/auth/login' } } as never);
    child.incr('agent:1', (_error, result) => results.push(result!.current), 60_000, 10);
    expect(results).toEqual([1, 2, 1]);
    await a.flush();
    expect(redis.calls[0]!.map((c) => c.key)).toEqual(['agent:1', 'POST/api/auth/login-agent:1']);
  });

  it('flushes by itself after flushMs, off the request’s way', async () => {
    jest.useFakeTimers();
    try {
      const timed = new RateLimitCounters(redis.reconcile, { flushMs: 200, now });
      timed.incr('agent:1', 60_000);
      jest.advanceTimersByTime(199);
      expect(redis.calls).toHaveLength(0);
      jest.advanceTimersByTime(1);
      expect(redis.calls).toHaveLength(1);
      timed.close();
    } finally {
      jest.useRealTimers();
    }
  });

  it('makes room for a new key without dropping a count not yet sent to Redis', async () => {
    const small = new RateLimitCounters(redis.reconcile, { flushMs: 200, now, maxKeys: 3 });
    try {
      small.incr('agent:main', 60_000); // the oldest key
      small.incr('ip:old', 60_000);
      await small.flush(); // both counts are in Redis
      for (let i = 0; i < 5; i++) small.incr('agent:main', 60_000); // not sent yet: it must stay
      small.incr('ip:other', 60_000);
      small.incr('ip:new', 60_000); // the table is full: ip:old goes (nothing left to send), not the older agent:main
      expect(small.read('agent:main').current).toBe(6);
      expect(small.read('ip:old').current).toBe(0);
      await small.flush();
      expect(redis.keys.get('agent:main')?.count).toBe(6);
    } finally {
      small.close();
    }
  });
});
