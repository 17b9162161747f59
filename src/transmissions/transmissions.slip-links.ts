import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Actor } from '../common/actor';
import { Clock } from '../common/clock';
import { ProblemException } from '../common/problem';
import { RedisService } from '../infra/redis/redis.service';

/** How long a slip link works (the web app opens it at once). */
const LINK_SECONDS = 60;

interface Ticket {
  transmissionId: string;
  actor: Pick<Actor, 'agentId' | 'label'>;
}

/**
 * One-time links to a transmission's printable slip: the slip opens from its own URL, in a
 * page of its own policy (no script, an opaque origin), not as a `blob:` page of the web app's
 * origin that could reach the session. A link is a random 256-bit ticket kept (hashed) in Redis
 * for a minute, and works once — so it does not linger usefully in history or logs.
 */
@Injectable()
export class SlipLinks {
  constructor(
    private readonly redis: RedisService,
    private readonly clock: Clock,
  ) {}

  async issue(transmissionId: string, actor: Actor): Promise<{ url: string; expiresAt: string }> {
    const ticket = randomBytes(32).toString('base64url');
    const value: Ticket = { transmissionId, actor: { agentId: actor.agentId, label: actor.label } };
    await this.redis.client.set(key(ticket), JSON.stringify(value), 'EX', LINK_SECONDS);
    return { url: `/api/transmissions/slips/${ticket}`, expiresAt: new Date(this.clock.now().getTime() + LINK_SECONDS * 1000).toISOString() };
  }

  /** The ticket's transmission and who asked for it; 404 for a ticket unknown, used or expired. */
  async redeem(ticket: string): Promise<Ticket> {
    const raw = /^[A-Za-z0-9_-]{43}$/.test(ticket) ? await this.redis.client.getdel(key(ticket)) : null;
    if (!raw) throw ProblemException.of('transmission.slip-link-unknown');
    return JSON.parse(raw) as Ticket;
  }
}

const key = (ticket: string) => `slip-link:${createHash('sha256').update(ticket).digest('hex')}`;
