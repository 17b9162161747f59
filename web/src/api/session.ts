import type { components } from './schema';

/**
 * The agent's login as the browser keeps it: the access token (short-lived), the refresh token
 * (usable once) and who the agent is. Kept in localStorage so every tab shares one login;
 * refreshing takes a lock, so two tabs never present the same refresh token. The API takes a
 * reused refresh token for a stolen copy and ends the login, but for a refresh whose answer was
 * lost (a page reloaded mid-refresh): presented again within 30 seconds of its exchange while
 * the refresh token it was exchanged for was never presented, it gets new tokens — and the one
 * it got first is then spent, so a tab still holding it would end the login at its next refresh.
 */
export type SessionAgent = components['schemas']['SessionAgent'];

/** What a login or a refresh answers. */
export type TokensResponse = components['schemas']['TokensResponse'];

export interface Session {
  accessToken: string;
  refreshToken: string;
  /** When the access token ends (ms since the epoch). */
  expiresAt: number;
  agent: SessionAgent;
}

const KEY = 'passerelle.session';
/** Why the last login ended, for the login page to say ("expired"). */
const ENDED_KEY = 'passerelle.session-ended';

export function readSession(): Session | null {
  try {
    const raw = localStorage.getItem(KEY);
    return raw ? (JSON.parse(raw) as Session) : null;
  } catch {
    return null;
  }
}

export function saveTokens(tokens: TokensResponse): Session {
  const session: Session = {
    accessToken: tokens.accessToken,
    refreshToken: tokens.refreshToken,
    expiresAt: Date.now() + tokens.expiresIn * 1000,
    agent: tokens.agent,
  };
  localStorage.setItem(KEY, JSON.stringify(session));
  localStorage.removeItem(ENDED_KEY);
  return session;
}

export function clearSession(reason?: 'expired'): void {
  localStorage.removeItem(KEY);
  if (reason) localStorage.setItem(ENDED_KEY, reason);
}

/**
 * Why the previous login ended (the login page shows it), until the next login forgets it: read,
 * not taken, since the app may render the login page more than once as it leaves for it.
 */
export function endReason(): string | null {
  return localStorage.getItem(ENDED_KEY);
}

async function withLock<T>(task: () => Promise<T>): Promise<T> {
  const locks = (navigator as Navigator & { locks?: LockManager }).locks;
  return locks ? locks.request('passerelle-refresh', task) : task();
}

/**
 * New tokens for the stored refresh token, unless another tab did it meanwhile. Resolves to
 * null when the login is over (refresh token expired, revoked or reused): the caller logs out.
 */
export function refreshSession(staleAccessToken: string | null): Promise<Session | null> {
  return withLock(async () => {
    const current = readSession();
    if (!current) return null;
    // another tab (or an earlier call) already has a fresh token
    if (current.accessToken !== staleAccessToken && current.expiresAt - Date.now() > 30_000) return current;
    const response = await fetch('/api/auth/refresh', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ refreshToken: current.refreshToken }),
    });
    if (response.status === 401 || response.status === 400) {
      clearSession('expired');
      return null;
    }
    if (!response.ok) throw new Error(`refresh failed: HTTP ${response.status}`);
    return saveTokens((await response.json()) as TokensResponse);
  });
}
