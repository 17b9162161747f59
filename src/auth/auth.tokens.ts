import { Injectable, Logger } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { createHash, createSecretKey, randomBytes } from 'node:crypto';
import { AppConfig } from '../config/app-config';

/** Verified tokens remembered at most (a few hundred bytes each). */
const RECENT_TOKENS = 10_000;

/** What an access token says: the agent and the login it belongs to. */
export interface AccessClaims {
  sub: string;
  sid: string;
}

/**
 * Access tokens are short-lived JWTs (HS256) naming the agent and the session; the session
 * and the agent are checked on every request (SessionCache), so logging out or disabling an
 * agent takes effect at once. Refresh tokens are random strings; only their SHA-256 is stored.
 */
@Injectable()
export class Tokens {
  private readonly logger = new Logger('Auth');
  private readonly jwt: JwtService;
  // keyed by the request object itself: gone with it, and nothing is added to Fastify's request shape
  private readonly verified = new WeakMap<object, AccessClaims | null>();
  private readonly recent = new Map<string, { claims: Readonly<AccessClaims>; until: number }>();

  constructor(private readonly config: AppConfig) {
    let secret = config.AUTH_TOKEN_SECRET;
    if (!secret) {
      secret = randomBytes(48).toString('base64');
      this.logger.warn('AUTH_TOKEN_SECRET is not set: tokens are signed with a key drawn at start-up and end with this process');
    }
    // a KeyObject, not the string: given a string, jsonwebtoken first tries it as a PEM public
    // key and throws, on every call — that failed attempt cost more than the whole request
    this.jwt = new JwtService({
      secret: createSecretKey(Buffer.from(secret, 'utf8')),
      signOptions: { algorithm: 'HS256', expiresIn: config.AUTH_ACCESS_TTL_SECONDS, issuer: 'passerelle' },
      verifyOptions: { algorithms: ['HS256'], issuer: 'passerelle' },
    });
  }

  get accessTtlSeconds(): number {
    return this.config.AUTH_ACCESS_TTL_SECONDS;
  }

  access(claims: AccessClaims): string {
    return this.jwt.sign({ sub: claims.sub, sid: claims.sid });
  }

  /**
   * The claims of a valid, unexpired token; null otherwise. A token verified once is known
   * until it expires (the same string is the same signature): an agent's requests verify their
   * token's HMAC once, not each time (a bounded Map in insertion order: the oldest goes first).
   */
  verify(token: string): AccessClaims | null {
    const known = this.recent.get(token);
    if (known && known.until > Date.now()) return known.claims;
    if (known) this.recent.delete(token);
    try {
      const payload = this.jwt.verify<Partial<AccessClaims> & { exp?: number }>(token);
      if (typeof payload.sub !== 'string' || typeof payload.sid !== 'string') return null;
      const claims = Object.freeze({ sub: payload.sub, sid: payload.sid });
      if (typeof payload.exp === 'number') {
        if (this.recent.size >= RECENT_TOKENS) this.recent.delete(this.recent.keys().next().value!);
        this.recent.set(token, { claims, until: payload.exp * 1000 });
      }
      return claims;
    } catch {
      return null;
    }
  }

  /**
   * The claims of a request's bearer token, verified once per request: the rate limit's key
   * (first) and the guard (after) both ask; null without a valid token.
   */
  claimsOf(request: { headers: { authorization?: string | string[] } }): AccessClaims | null {
    const known = this.verified.get(request);
    if (known !== undefined) return known;
    const token = bearerToken(request.headers.authorization);
    const claims = token ? this.verify(token) : null;
    this.verified.set(request, claims);
    return claims;
  }

  newRefreshToken(): { token: string; hash: string } {
    const token = randomBytes(32).toString('base64url');
    return { token, hash: hashRefreshToken(token) };
  }
}

export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** The token of an `Authorization: Bearer <token>` header. */
export function bearerToken(header: string | string[] | undefined): string | null {
  const value = Array.isArray(header) ? header[0] : header;
  const match = /^Bearer ([A-Za-z0-9\-_.]{10,4096})$/i.exec(value?.trim() ?? '');
  return match ? match[1]! : null;
}
