import { Redis } from 'ioredis';
import { RedisBroadcast } from '../../src/infra/redis/redis.broadcast';
import { patient, waitFor } from '../support/processes';
import { PrivateRedis } from '../support/redis-server';

type Change = { sessionId: string };

/**
 * The pub/sub that tells every API process of a change to logins (SessionCache), against a
 * Redis server of the test's own: a publisher hears back from every process it reached before
 * going on, and a process knows when it may have missed a message.
 */
describe('RedisBroadcast', () => {
  let redis: PrivateRedis;
  const opened: RedisBroadcast<Change>[] = [];

  beforeAll(async () => {
    redis = await PrivateRedis.start();
  });

  afterEach(() => {
    for (const broadcast of opened.splice(0)) broadcast.close();
  });

  afterAll(async () => {
    await redis?.close();
  });

  function broadcast(ackTimeoutMs = 2_000): RedisBroadcast<Change> {
    const created = new RedisBroadcast<Change>({ url: redis.url, prefix: 'broadcast-test', topic: 'sessions', ackTimeoutMs, heartbeatMs: 500 });
    opened.push(created);
    return created;
  }

  function listening(of: RedisBroadcast<Change>, heard: Change[] = [], changes: boolean[] = []) {
    of.listen(
      (change) => heard.push(change),
      (now) => changes.push(now),
    );
    return { heard, changes };
  }

  it('resolves a publish only once every other listening process has applied the message', async () => {
    const [a, b, c] = [broadcast(), broadcast(), broadcast()];
    const onB = listening(b);
    const onC = listening(c);
    listening(a);
    await waitFor(() => a.listening && b.listening && c.listening, 10_000, 'three subscribers');
    const outcome = await a.publish({ sessionId: 's-1' });
    // no waiting here: the others have applied it before the publish returned
    expect(onB.heard).toEqual([{ sessionId: 's-1' }]);
    expect(onC.heard).toEqual([{ sessionId: 's-1' }]);
    expect(outcome).toEqual({ receivers: 3, acknowledged: 3 });
  });

  it('counts a process that received the message but never said it applied it (after the time limit)', async () => {
    const a = broadcast(300);
    listening(a);
    const mute = new Redis(redis.url);
    try {
      await mute.subscribe('broadcast-test:sessions');
      await waitFor(() => a.listening, 10_000, 'the subscriber');
      expect(await a.publish({ sessionId: 's-2' })).toEqual({ receivers: 2, acknowledged: 1 });
    } finally {
      mute.disconnect();
    }
  });

  it(
    'says it is not listening while Redis is away, and listening again only once subscribed anew',
    async () => {
      const b = broadcast();
      const onB = listening(b);
      await waitFor(() => b.listening, 10_000, 'the subscriber');
      await redis.stop();
      await waitFor(() => !b.listening, 10_000, 'the loss to be noticed');
      await redis.resume();
      await waitFor(() => b.listening, 20_000, 'the subscription to come back');
      expect(onB.changes).toEqual([true, false, true]);
      // and it hears what is published from now on
      const a = broadcast();
      listening(a);
      await waitFor(() => a.listening, 10_000, 'the publisher');
      await a.publish({ sessionId: 's-3' });
      expect(onB.heard).toEqual([{ sessionId: 's-3' }]);
    },
    patient(60_000),
  );

  it('rejects a publish Redis cannot take in time (the caller logs it; the listeners, cut off too, trust nothing)', async () => {
    const a = broadcast(300);
    listening(a);
    await waitFor(() => a.listening, 10_000, 'the subscriber');
    await redis.stop();
    try {
      await expect(a.publish({ sessionId: 's-4' })).rejects.toThrow();
    } finally {
      await redis.resume();
    }
  });
});
