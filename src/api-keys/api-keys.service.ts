import { Injectable } from '@nestjs/common';
import type { Actor } from '../common/actor';
import { Clock } from '../common/clock';
import { ProblemException } from '../common/problem';
import type { CreateApiKeyDto } from './api-keys.dto';
import { ApiKeysRepository, ApiKeySummary } from './api-keys.repository';
import { newApiKey } from './api-keys.rules';

/** A key lives at most this long: a script's key is renewed, never left to run for ever. */
export const API_KEY_MAX_DAYS = 730;

/** Keys for scripts and integrations, issued and revoked by admins. */
@Injectable()
export class ApiKeysService {
  constructor(
    private readonly keys: ApiKeysRepository,
    private readonly clock: Clock,
  ) {}

  /** A new key: the answer holds it, once; only its hash is stored. */
  async issue(input: CreateApiKeyDto, actor: Actor): Promise<ApiKeySummary & { key: string }> {
    const now = this.clock.now();
    const expiresAt = new Date(input.expiresAt);
    if (Number.isNaN(expiresAt.getTime())) throw ProblemException.validation([{ field: 'expiresAt', code: 'notRealDateTime' }]);
    if (expiresAt.getTime() <= now.getTime()) throw ProblemException.validation([{ field: 'expiresAt', code: 'inFuture' }]);
    if (expiresAt.getTime() > now.getTime() + API_KEY_MAX_DAYS * 86_400_000)
      throw ProblemException.validation([{ field: 'expiresAt', code: 'withinDays', params: { days: API_KEY_MAX_DAYS } }]);
    const institutionIds = await this.checkInstitutions(input.institutionIds ?? []);
    const secret = newApiKey();
    const created = await this.keys.create({
      name: input.name,
      role: input.role,
      institutionIds,
      expiresAt,
      prefix: secret.prefix,
      secretHash: secret.secretHash,
      createdById: actor.agentId!,
      now,
    });
    return { ...created, key: secret.token };
  }

  list(): Promise<ApiKeySummary[]> {
    return this.keys.list();
  }

  async get(id: string): Promise<ApiKeySummary> {
    const key = await this.keys.findById(id);
    if (!key) throw ProblemException.of('api-key.not-found', { id });
    return key;
  }

  /** Revokes the key: its next request, in any API process, is refused (the guard reads the key on every request). */
  async revoke(id: string): Promise<ApiKeySummary> {
    await this.get(id);
    return this.keys.revoke(id, this.clock.now());
  }

  private async checkInstitutions(ids: string[]): Promise<string[]> {
    const wanted = [...new Set(ids.map((id) => id.toLowerCase()))];
    const known = await this.keys.existingInstitutions(wanted);
    const unknown = (ids ?? []).map((id, index) => ({ id: id.toLowerCase(), index })).filter(({ id }) => !known.has(id));
    if (unknown.length) throw ProblemException.validation(unknown.map(({ index }) => ({ field: `institutionIds.${index}`, code: 'refersToNoInstitution' })));
    return wanted;
  }
}
