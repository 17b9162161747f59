import type { Actor } from '../common/actor';
import { SessionActor, SessionBroadcast, SessionCache, SessionChange } from './auth.sessions';

/** The pub/sub the cache hears changes on, driven by the test: subscribed or not, messages from other processes. */
class FakeBroadcast implements SessionBroadcast {
  listening = false;
  published: SessionChange[] = [];
  private handler: (change: SessionChange) => void = () => undefined;
  private changed: (listening: boolean) => void = () => undefined;

  listen(handler: (change: SessionChange) => void, changed: (listening: boolean) => void): void {
    this.handler = handler;
    this.changed = changed;
  }

  publish(change: SessionChange): Promise<{ receivers: number; acknowledged: number }> {
    this.published.push(change);
    return Promise.resolve({ receivers: 1, acknowledged: 1 });
  }

  close(): void {}

  subscribed(listening: boolean): void {
    this.listening = listening;
    this.changed(listening);
  }

  fromAnotherProcess(change: SessionChange): void {
    this.handler(change);
  }
}

const claire: Actor = { agentId: 'agent-1', label: 'Claire', role: 'agent', institutionIds: null, sessionId: 'session-1' };

describe('SessionCache: a login read once, until a change', () => {
  let broadcast: FakeBroadcast;
  let cache: SessionCache;
  let reads: number;
  let database: Map<string, SessionActor>;

  // as the query: the login, if it is this agent's
  const read = (sessionId: string, agentId: string) => () => {
    reads++;
    const found = database.get(sessionId);
    return Promise.resolve(found?.actor.agentId === agentId ? found : null);
  };
  const actor = (sessionId = 'session-1', agentId = 'agent-1') => cache.actor(sessionId, agentId, read(sessionId, agentId));

  beforeEach(() => {
    broadcast = new FakeBroadcast();
    cache = new SessionCache(broadcast);
    cache.listen();
    broadcast.subscribed(true);
    reads = 0;
    database = new Map([
      ['session-1', { actor: claire, expiresInMs: 60_000 }],
      ['session-2', { actor: { ...claire, sessionId: 'session-2' }, expiresInMs: 60_000 }],
    ]);
  });

  it('reads the database once per login while subscribed', async () => {
    expect(await actor()).toEqual(claire);
    expect(await actor()).toEqual(claire);
    expect(reads).toBe(1);
    // a token naming another agent for this login is not the cached one
    expect(await actor('session-1', 'agent-9')).toBeNull();
    expect(reads).toBe(2);
  });

  it('forgets a login ended here or in another process, and every login of an agent changed', async () => {
    await actor('session-1');
    await actor('session-2');
    await cache.sessionEnded('session-1');
    expect(broadcast.published).toEqual([{ sessionId: 'session-1' }]);
    database.delete('session-1');
    expect(await actor('session-1')).toBeNull();
    await actor('session-2');
    expect(reads).toBe(3);
    broadcast.fromAnotherProcess({ agentId: 'agent-1' });
    await actor('session-2');
    expect(reads).toBe(4);
    await cache.agentChanged('agent-1');
    await actor('session-2');
    expect(reads).toBe(5);
  });

  it('trusts nothing while not subscribed (a change may be missed), and forgets everything heard before', async () => {
    await actor();
    broadcast.subscribed(false);
    await actor();
    await actor();
    expect(reads).toBe(3);
    broadcast.subscribed(true);
    await actor();
    await actor();
    expect(reads).toBe(4);
  });

  it('keeps no login read while a change came, or while the subscription was lost', async () => {
    let answer!: (found: SessionActor | null) => void;
    const slow = () => new Promise<SessionActor | null>((resolve) => (answer = resolve));
    const first = cache.actor('session-1', 'agent-1', slow);
    broadcast.fromAnotherProcess({ sessionId: 'session-1' });
    answer({ actor: claire, expiresInMs: 60_000 }); // read before the change committed
    expect(await first).toEqual(claire);
    await actor();
    expect(reads).toBe(1);

    const second = cache.actor('session-2', 'agent-1', slow);
    broadcast.subscribed(false);
    broadcast.subscribed(true);
    answer({ actor: claire, expiresInMs: 60_000 });
    await second;
    await actor('session-2');
    expect(reads).toBe(2);
  });

  it('keeps a login no longer than it lasts', async () => {
    const now = jest.spyOn(Date, 'now').mockReturnValue(1_000_000);
    try {
      database.set('session-1', { actor: claire, expiresInMs: 5_000 });
      await actor();
      now.mockReturnValue(1_004_999);
      await actor();
      expect(reads).toBe(1);
      now.mockReturnValue(1_005_000);
      database.delete('session-1'); // the database's own check says so too
      expect(await actor()).toBeNull();
      expect(reads).toBe(2);
    } finally {
      now.mockRestore();
    }
  });

  it('reads a long login again after a minute (a change whose broadcast was lost is seen by then)', async () => {
    const now = jest.spyOn(Date, 'now').mockReturnValue(1_000_000);
    try {
      database.set('session-1', { actor: claire, expiresInMs: 14 * 24 * 3600_000 });
      await actor();
      now.mockReturnValue(1_059_999);
      await actor();
      expect(reads).toBe(1);
      // the agent's reach narrowed in another process, its broadcast lost
      database.set('session-1', { actor: { ...claire, institutionIds: ['institution-1'] }, expiresInMs: 14 * 24 * 3600_000 });
      now.mockReturnValue(1_060_000);
      expect(await actor()).toMatchObject({ institutionIds: ['institution-1'] });
      expect(reads).toBe(2);
    } finally {
      now.mockRestore();
    }
  });

  it('gives each request its own copy of the actor', async () => {
    const one = (await actor())!;
    one.label = 'changed by a handler';
    expect((await actor())!.label).toBe('Claire');
  });
});
