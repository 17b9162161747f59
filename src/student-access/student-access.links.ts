/**
 * The rules of a student's personal link and session, pure: tokens, their hashes, the marker
 * e-mails carry until delivery, the cookie, and how long a dossier's links stay valid.
 */
import { createHash, randomBytes } from 'node:crypto';

/**
 * Written in the personal link of every student e-mail when it is rendered and stored
 * (`${PUBLIC_URL}/s/#PASSERELLESTUDENTLINK`); the delivery replaces it by a fresh token, so the
 * stored e-mail never holds one.
 */
export const STUDENT_LINK_MARKER = 'PASSERELLESTUDENTLINK';

/** What agents read in place of the marker (an e-mail's detail, previews): a link that opens the "not valid" screen. */
export const LINK_PLACEHOLDER = 'lien-personnel';

/** The student's session cookie, sent to the students' API only. */
export const STUDENT_COOKIE = 'passerelle_student';
export const STUDENT_COOKIE_PATH = '/api/student';

/** A link or session token: 32 random bytes (256 bits), base64url — 43 characters. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export const newToken = (): string => randomBytes(32).toString('base64url');

/** Only this is stored (student_links.token_hash, student_sessions.token_hash). */
export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

/** Whether a presented value could be a token at all (anything else is refused unread). */
export const looksLikeToken = (value: unknown): value is string => typeof value === 'string' && TOKEN_PATTERN.test(value);

/** The personal link as templates write it: `dossier.link`. */
export const markedLink = (publicUrl: string): string => `${publicUrl}/s/#${STUDENT_LINK_MARKER}`;

export const containsMarker = (text: string): boolean => text.includes(STUDENT_LINK_MARKER);

/** The e-mail as sent: the marker replaced by the token of its own link. */
export const withToken = (text: string, token: string): string => text.replaceAll(STUDENT_LINK_MARKER, token);

/** The e-mail as agents read it: no token, and no marker either. */
export const withPlaceholder = (text: string): string => text.replaceAll(STUDENT_LINK_MARKER, LINK_PLACEHOLDER);

/** The statuses a dossier ends in; its links stay valid a while after. */
export const ENDED_STATUSES = ['decided', 'closed'] as const;

/** Where a dossier stands, as the window of its links needs it. */
export interface DossierStanding {
  status: string;
  /** When it last moved to decided or closed (the `at` of that history row); null if never. */
  endedAt: Date | null;
  /** The student's personal data was erased: their page is gone, whatever the window says. */
  erased?: boolean;
}

const DAY_MS = 86_400_000;

const isEnded = (status: string) => (ENDED_STATUSES as readonly string[]).includes(status);

/**
 * Until when the dossier's links and sessions are valid: null while the dossier is open (no end
 * yet); `daysAfterEnd` days after it ended otherwise. An ended dossier whose end was never
 * recorded has no window left (nothing says it ended recently).
 */
export function linksValidUntil(dossier: DossierStanding, daysAfterEnd: number): Date | null {
  if (!isEnded(dossier.status)) return null;
  if (!dossier.endedAt) return new Date(0);
  return new Date(dossier.endedAt.getTime() + daysAfterEnd * DAY_MS);
}

/** Whether a link or session of this dossier may open the student's page at `now` (never once the student was erased). */
export function withinWindow(dossier: DossierStanding, daysAfterEnd: number, now: Date): boolean {
  if (dossier.erased) return false;
  const until = linksValidUntil(dossier, daysAfterEnd);
  return until === null || now.getTime() < until.getTime();
}

/** A link as the exchange finds it. */
export interface LinkState {
  usedAt: Date | null;
  revokedAt: Date | null;
  dossier: DossierStanding;
}

/** Whether a link may be exchanged now: unused, not revoked, its dossier within the window. Used, revoked and expired alike say no. */
export function exchangeable(link: LinkState, daysAfterEnd: number, now: Date): boolean {
  return link.usedAt === null && link.revokedAt === null && withinWindow(link.dossier, daysAfterEnd, now);
}

/** E-mails with a new link a dossier's student may ask for from a spent link's page, within LINK_REQUEST_WINDOW_MS. */
export const LINK_REQUESTS_PER_DAY = 3;
export const LINK_REQUEST_WINDOW_MS = DAY_MS;

/**
 * Whether a link presented to POST /api/student/link-request may have a new one e-mailed: used or
 * not, unless an agent revoked it (their "revoke" or "send the link again": the student must not
 * get back in by themselves), and only while its dossier is within the window (never once the
 * student was erased). The limit per dossier is counted apart, under the dossier's lock.
 */
export function linkRequestRefusal(link: LinkState, daysAfterEnd: number, now: Date): 'erased' | 'revoked' | 'window-ended' | null {
  if (link.dossier.erased) return 'erased';
  if (link.revokedAt !== null) return 'revoked';
  return withinWindow(link.dossier, daysAfterEnd, now) ? null : 'window-ended';
}

/** A session as the guard finds it. */
export interface SessionState {
  expiresAt: Date;
  revokedAt: Date | null;
  dossier: DossierStanding;
}

export function sessionValid(session: SessionState, daysAfterEnd: number, now: Date): boolean {
  return session.revokedAt === null && now.getTime() < session.expiresAt.getTime() && withinWindow(session.dossier, daysAfterEnd, now);
}

/** The session's cookie (`Max-Age` seconds; 0 clears it): HttpOnly, Secure, SameSite=Strict, only under /api/student. */
export function sessionCookieOptions(maxAgeSeconds: number) {
  return { httpOnly: true, secure: true, sameSite: 'strict', path: STUDENT_COOKIE_PATH, maxAge: maxAgeSeconds } as const;
}
