import { createHash, randomBytes } from 'node:crypto';

/** Every key begins so: a secret scanner, a log reader or the guard tells it from an access token (a JWT) at a glance. */
export const API_KEY_PREFIX = 'psk_';

/** `psk_<id part>_<secret>`: 12 hex digits naming the key in lists, then 256 random bits (base64url). */
const API_KEY_SHAPE = /^psk_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;

/** How often a key's last use is written at most: no write per request. */
export const LAST_USE_PRECISION_MS = 60_000;

/** Why a key presented is refused (each its own 401 problem), or null when it may act. */
export type KeyRefusal = 'unknown' | 'revoked' | 'expired';

export interface NewApiKey {
  /** The whole key, shown once in the answer to its creation, never stored. */
  token: string;
  /** `psk_<id part>`: what lists show of it. */
  prefix: string;
  /** What is stored and looked up. */
  secretHash: string;
}

/** A new key: random, of the recognisable shape. */
export function newApiKey(): NewApiKey {
  const idPart = randomBytes(6).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  const token = `${API_KEY_PREFIX}${idPart}_${secret}`;
  return { token, prefix: `${API_KEY_PREFIX}${idPart}`, secretHash: hashApiKey(token) };
}

/**
 * The key's stored hash. The secret is 256 random bits, not a password a person chose: no
 * dictionary to slow down, so one SHA-256 is as strong as a slow hash here, and it lets the
 * lookup be by an indexed equality (no secret compared byte by byte in the code).
 */
export function hashApiKey(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Whether a bearer value is meant as an API key (a JWT never begins so). */
export function looksLikeApiKey(token: string): boolean {
  return token.startsWith(API_KEY_PREFIX);
}

/** Whether a bearer value beginning with psk_ has the shape of one of ours (one that has not is unknown without a lookup). */
export function isWellFormedApiKey(token: string): boolean {
  return API_KEY_SHAPE.test(token);
}

/** Why a key found (or not) is refused at `now` (the application's Clock). */
export function refusalOf(key: { revokedAt: Date | null; expiresAt: Date; active: boolean } | null, now: Date): KeyRefusal | null {
  if (!key) return 'unknown';
  if (key.revokedAt || !key.active) return 'revoked';
  if (key.expiresAt.getTime() <= now.getTime()) return 'expired';
  return null;
}

/** Whether this use is written as the key's last: the first, or a minute after the last one written. */
export function lastUseToWrite(lastUsedAt: Date | null, now: Date): boolean {
  return lastUsedAt === null || now.getTime() - lastUsedAt.getTime() >= LAST_USE_PRECISION_MS;
}

/** The non-deliverable e-mail of a key's agent (the agents' e-mail is unique and required; `.invalid` never resolves, RFC 2606). */
export function keyAgentEmail(uuid: string): string {
  return `key-${uuid}@api-keys.invalid`;
}
