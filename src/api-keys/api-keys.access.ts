import { Injectable, Logger } from '@nestjs/common';
import { bearerToken } from '../auth/auth.tokens';
import type { Actor } from '../common/actor';
import { Clock } from '../common/clock';
import { ProblemException } from '../common/problem';
import { ApiKeysRepository } from './api-keys.repository';
import { hashApiKey, isWellFormedApiKey, KeyRefusal, lastUseToWrite, looksLikeApiKey, refusalOf } from './api-keys.rules';

/** What a request's API key comes to: the agent it acts as, or why it is refused. */
export type PresentedKeyOutcome = { keyId: string; actor: Actor } | { refusal: KeyRefusal };

/**
 * A request with `Authorization: Bearer psk_…`: the key is looked up once per request (the rate
 * limit's key asks first, the guard after), by the unique index of its hash — no cache, so a
 * key revoked or expired is refused at once in every API process. Its last use is written at
 * most once a minute.
 */
@Injectable()
export class ApiKeyAccess {
  private readonly logger = new Logger('ApiKeys');
  // keyed by the request object itself: gone with it
  private readonly presented = new WeakMap<object, Promise<PresentedKeyOutcome>>();

  constructor(
    private readonly keys: ApiKeysRepository,
    private readonly clock: Clock,
  ) {}

  /** Whether the request presents an API key rather than an access token. */
  presents(request: { headers: { authorization?: string | string[] } }): boolean {
    const token = bearerToken(request.headers.authorization);
    return token !== null && looksLikeApiKey(token);
  }

  /** The rate limit's bucket of a valid key (its own, like an agent's); null otherwise. */
  async bucketOf(request: { headers: { authorization?: string | string[] } }): Promise<string | null> {
    if (!this.presents(request)) return null;
    // the database away: counted by address here, and the guard answers the failure
    const outcome = await this.outcomeOf(request).catch(() => null);
    return outcome && 'keyId' in outcome ? `api-key:${outcome.keyId}` : null;
  }

  /** The agent the request's key acts as; a 401 problem for an unknown, revoked or expired key. */
  async actorOf(request: { headers: { authorization?: string | string[] } }): Promise<Actor> {
    const outcome = await this.outcomeOf(request);
    if ('refusal' in outcome) throw ProblemException.of(`auth.api-key-${outcome.refusal}`);
    return { ...outcome.actor };
  }

  private outcomeOf(request: { headers: { authorization?: string | string[] } }): Promise<PresentedKeyOutcome> {
    let outcome = this.presented.get(request);
    if (!outcome) {
      outcome = this.lookUp(bearerToken(request.headers.authorization) ?? '');
      this.presented.set(request, outcome);
    }
    return outcome;
  }

  private async lookUp(token: string): Promise<PresentedKeyOutcome> {
    if (!isWellFormedApiKey(token)) return { refusal: 'unknown' };
    const key = await this.keys.byHash(hashApiKey(token));
    const now = this.clock.now();
    const refusal = refusalOf(key, now);
    if (refusal || !key) return { refusal: refusal ?? 'unknown' };
    if (lastUseToWrite(key.lastUsedAt, now)) {
      // not waited for: the request does not pay for the bookkeeping
      this.keys.touch(key.id, now).catch((error: Error) => this.logger.warn(`The last use of API key ${key.id} was not written: ${error.message}`));
    }
    return { keyId: key.id, actor: { agentId: key.agentId, label: key.name, role: key.role, institutionIds: key.institutionIds } };
  }
}
