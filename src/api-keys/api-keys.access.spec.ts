import type { Clock } from '../common/clock';
import { ProblemException } from '../common/problem';
import { ApiKeyAccess } from './api-keys.access';
import type { ApiKeysRepository, PresentedKey } from './api-keys.repository';
import { hashApiKey, isWellFormedApiKey, lastUseToWrite, looksLikeApiKey, newApiKey, refusalOf } from './api-keys.rules';

describe('API keys: their shape, their hash, when they are refused', () => {
  it('draws keys of a recognisable shape, 256 random bits each, stored as the SHA-256 of the key', () => {
    const a = newApiKey();
    const b = newApiKey();
    expect(a.token).toMatch(/^psk_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
    expect(a.token.startsWith(`${a.prefix}_`)).toBe(true);
    expect(a.secretHash).toBe(hashApiKey(a.token));
    expect(a.secretHash).toMatch(/^[0-9a-f]{64}$/);
    expect(a.secretHash).not.toContain(a.token.slice(a.prefix.length + 1));
    expect(b.token).not.toBe(a.token);
    expect(isWellFormedApiKey(a.token)).toBe(true);
    expect(isWellFormedApiKey(`${a.token}x`)).toBe(false);
    expect(looksLikeApiKey('eyJhbGciOiJIUzI1NiJ9.e30.x')).toBe(false);
  });

  it('refuses an unknown key, a revoked one (or one whose agent is disabled), an expired one; lets a valid one act', () => {
    const now = new Date('2026-12-15T10:00:00Z');
    const key = { revokedAt: null, expiresAt: new Date('2026-12-15T10:00:01Z'), active: true };
    expect(refusalOf(null, now)).toBe('unknown');
    expect(refusalOf({ ...key, revokedAt: now }, now)).toBe('revoked');
    expect(refusalOf({ ...key, active: false }, now)).toBe('revoked');
    expect(refusalOf({ ...key, expiresAt: now }, now)).toBe('expired');
    expect(refusalOf(key, now)).toBeNull();
  });

  it('writes the last use at most once a minute', () => {
    const now = new Date('2026-12-15T10:00:00Z');
    expect(lastUseToWrite(null, now)).toBe(true);
    expect(lastUseToWrite(new Date(now.getTime() - 59_999), now)).toBe(false);
    expect(lastUseToWrite(new Date(now.getTime() - 60_000), now)).toBe(true);
  });
});

describe('ApiKeyAccess: a key on a request', () => {
  const issued = newApiKey();
  let now: Date;
  let stored: PresentedKey;
  let lookups: string[];
  let touched: string[];
  const repository = {
    byHash: (hash: string) => Promise.resolve(void lookups.push(hash)).then(() => (hash === issued.secretHash ? { ...stored } : null)),
    touch: (id: string) => Promise.resolve(void touched.push(id)),
  };
  const access = new ApiKeyAccess(repository as unknown as ApiKeysRepository, { now: () => now } as Clock);
  const withKey = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });

  beforeEach(() => {
    now = new Date('2026-12-15T10:00:00Z');
    lookups = [];
    touched = [];
    stored = {
      id: 'key-1',
      agentId: 'agent-key-1',
      name: 'Export SIS',
      role: 'agent',
      active: true,
      institutionIds: ['inst-a'],
      expiresAt: new Date('2027-01-01T00:00:00Z'),
      revokedAt: null,
      lastUsedAt: null,
    };
  });

  it('acts as the agent of the key, named as the key, with no login; looked up once per request (the rate limit, then the guard)', async () => {
    const request = withKey(issued.token);
    expect(access.presents(request)).toBe(true);
    expect(await access.bucketOf(request)).toBe('api-key:key-1');
    expect(await access.actorOf(request)).toEqual({ agentId: 'agent-key-1', label: 'Export SIS', role: 'agent', institutionIds: ['inst-a'] });
    expect(lookups).toEqual([issued.secretHash]);
    // a request with an access token is none of its business
    expect(access.presents({ headers: { authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.e30.signature' } })).toBe(false);
    expect(await access.bucketOf({ headers: { authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.e30.signature' } })).toBeNull();
  });

  it('reads the key on every request: revoked or expired, the next request is refused', async () => {
    await access.actorOf(withKey(issued.token));
    stored.revokedAt = now;
    await expect(access.actorOf(withKey(issued.token))).rejects.toMatchObject({ code: 'auth.api-key-revoked' });
    stored.revokedAt = null;
    now = new Date('2027-01-01T00:00:00Z');
    await expect(access.actorOf(withKey(issued.token))).rejects.toMatchObject({ code: 'auth.api-key-expired' });
    expect(lookups).toHaveLength(3);
  });

  it('refuses an unknown key (a malformed one without a lookup), and gives it no bucket of its own', async () => {
    const other = newApiKey().token;
    await expect(access.actorOf(withKey(other))).rejects.toBeInstanceOf(ProblemException);
    await expect(access.actorOf(withKey(other))).rejects.toMatchObject({ code: 'auth.api-key-unknown' });
    expect(await access.bucketOf(withKey(other))).toBeNull();
    await expect(access.actorOf(withKey('psk_not-one-of-ours'))).rejects.toMatchObject({ code: 'auth.api-key-unknown' });
    expect(lookups).not.toContain(hashApiKey('psk_not-one-of-ours'));
  });

  it('counts a request by its address when the key cannot be read (the database away), and the guard answers the failure', async () => {
    const byHash = repository.byHash;
    repository.byHash = () => Promise.reject(new Error('connection refused'));
    try {
      const request = withKey(issued.token);
      expect(await access.bucketOf(request)).toBeNull();
      await expect(access.actorOf(request)).rejects.toThrow('connection refused');
    } finally {
      repository.byHash = byHash;
    }
  });

  it('writes the last use when none was written in the last minute only', async () => {
    await access.actorOf(withKey(issued.token));
    expect(touched).toEqual(['key-1']);
    stored.lastUsedAt = new Date(now.getTime() - 30_000);
    await access.actorOf(withKey(issued.token));
    expect(touched).toEqual(['key-1']);
    stored.lastUsedAt = new Date(now.getTime() - 61_000);
    await access.actorOf(withKey(issued.token));
    expect(touched).toEqual(['key-1', 'key-1']);
  });
});
