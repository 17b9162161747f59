import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import type { Actor } from '../common/actor';
import { AppConfig } from '../config/app-config';
import { RedisBroadcast } from '../infra/redis/redis.broadcast';

/** A change to logins, told to every API process: this login ended, or this agent changed (their logins are read again). */
export type SessionChange = { sessionId: string } | { agentId: string };

/** A login as the database has it: the agent acting with it, and how long until it expires. */
export interface SessionActor {
  actor: Actor;
  expiresInMs: number;
}

interface Entry {
  agentId: string;
  actor: Actor;
  /** When the login expires, on this process's clock. */
  until: number;
}

/** What the cache needs of RedisBroadcast (a fake in unit tests). */
export type SessionBroadcast = Pick<RedisBroadcast<SessionChange>, 'listening' | 'listen' | 'publish' | 'close'>;

export const SESSION_BROADCAST = Symbol('SessionBroadcast');

/** The changes to logins, on the topic every API process (and the CLI, when it changes an account) shares. */
export function sessionBroadcast(config: AppConfig): SessionBroadcast {
  return new RedisBroadcast<SessionChange>({ url: config.REDIS_URL, prefix: config.REDIS_PREFIX, topic: 'sessions' });
}

/** Logins held at most (each a few hundred bytes); the oldest goes first. */
const MAX_ENTRIES = 20_000;

/**
 * How long a login read is trusted at most, however long it lasts: a change whose broadcast was
 * lost (Redis away for the process that made it, a crash between commit and publish) is read
 * from the database within this time. Changes heard are applied at once; this only bounds a loss.
 */
const TRUSTED_FOR_MS = 60_000;

/**
 * The logins this API process has seen, so that a request costs no query for its session. A
 * logout, a reused refresh token or a change to an agent (disabled, role, institutions, name,
 * password) is applied here, then told to every other process over Redis, and the change's
 * request answers only once they have applied it too (RedisBroadcast's acknowledgements): the
 * next request anywhere sees it. A process that is not subscribed (Redis away, reconnecting)
 * may miss a change: it forgets everything and reads the database on every request until
 * subscribed again. A login's expiry is kept with it; no entry outlives its login, nor a minute
 * (TRUSTED_FOR_MS: a broadcast lost by the process that made the change).
 */
@Injectable()
export class SessionCache implements OnModuleDestroy {
  private readonly logger = new Logger('Sessions');
  private readonly entries = new Map<string, Entry>();
  /** Moves on every change heard and every loss or return of the subscription: a read that began before is not kept. */
  private epoch = 0;

  constructor(@Inject(SESSION_BROADCAST) private readonly broadcast: SessionBroadcast) {}

  /** Subscribes to the changes (the API, at start-up); nothing is cached before. */
  listen(): void {
    this.broadcast.listen(
      (change) => this.forget(change),
      () => this.forgetAll(),
    );
  }

  /**
   * The agent acting with this login, null if it is not valid: cached while this process hears
   * every change, else `read` — and kept only if no change came, and the subscription held,
   * while it was being read.
   */
  async actor(sessionId: string, agentId: string, read: () => Promise<SessionActor | null>): Promise<Actor | null> {
    const trusted = this.broadcast.listening;
    const entry = this.entries.get(sessionId);
    // the login's end as the database counts it (its now(), turned into this clock's time when read)
    if (trusted && entry && entry.agentId === agentId && entry.until > Date.now()) return { ...entry.actor };
    if (entry) this.entries.delete(sessionId);
    const epoch = this.epoch;
    const found = await read();
    if (found && trusted && epoch === this.epoch && this.broadcast.listening) this.remember(sessionId, agentId, found);
    return found ? { ...found.actor } : null;
  }

  /** A login ended (logout, a reused refresh token): resolves once every listening API process knows. */
  sessionEnded(sessionId: string): Promise<void> {
    return this.announce({ sessionId });
  }

  /** An agent's account changed (disabled, role, institutions, name, password): their logins are read again everywhere. */
  agentChanged(agentId: string): Promise<void> {
    return this.announce({ agentId });
  }

  onModuleDestroy(): void {
    this.broadcast.close();
  }

  private async announce(change: SessionChange): Promise<void> {
    this.forget(change);
    try {
      const { receivers, acknowledged } = await this.broadcast.publish(change);
      if (acknowledged < receivers) this.logger.warn(`${receivers - acknowledged} of ${receivers} processes did not confirm a change to logins in time`);
    } catch (error) {
      // the change is committed: a process that cannot hear Redis does not trust its cache, but one that can would not know
      this.logger.error(`A change to logins could not be told to the other API processes: ${(error as Error).message}`);
    }
  }

  private remember(sessionId: string, agentId: string, found: SessionActor): void {
    if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    const actor = { ...found.actor, institutionIds: found.actor.institutionIds && Object.freeze([...found.actor.institutionIds]) } as Actor;
    this.entries.set(sessionId, { agentId, actor, until: Date.now() + Math.min(found.expiresInMs, TRUSTED_FOR_MS) });
  }

  private forget(change: SessionChange): void {
    this.epoch++;
    if ('sessionId' in change) this.entries.delete(change.sessionId);
    else for (const [sessionId, entry] of this.entries) if (entry.agentId === change.agentId) this.entries.delete(sessionId);
  }

  private forgetAll(): void {
    this.epoch++;
    this.entries.clear();
  }
}
