import { createPasserelleClient, problemOf as clientProblemOf } from '../../../client';
import { fieldTextOf, problemTextOf, type Language } from '../../../src/common/problem-messages';
import { i18nProvider } from '../i18n/i18nProvider';
import type { components } from './schema';
import { clearSession, readSession, refreshSession } from './session';

type Schemas = components['schemas'];

/** A field the API refused, as problem+json names it (`student.email`). */
export type FieldError = Schemas['FieldErrorSchema'];

/**
 * An RFC 9457 problem: the API's (ProblemSchema of its OpenAPI document), with what some carry
 * beyond it, or one this app makes of a status (a proxy's page, a login that ended), hence all
 * but the status optional.
 */
export type Problem = Partial<Schemas['ProblemSchema']> & {
  status: number;
  /** The checklist findings that refuse a move (422). */
  findings?: Pick<Schemas['FindingResponse'], 'code' | 'severity' | 'message'>[];
  /** Documents still to review before a dossier can be verified (`/problems/documents-not-reviewed`). */
  toReview?: { slot: string; names: Schemas['LocalizedTextResponse']; documentIds: string[] }[];
  [key: string]: unknown;
};

/** The language of the interface (react-admin's locale): the API answers in it, problems are said in it. */
export function uiLanguage(): Language {
  return i18nProvider.getLocale() === 'en' ? 'en' : 'fr';
}

/** A problem's sentence in `language`: from its code and params (the API's own catalog), else the API's detail. */
export function problemText(problem: Problem, language: Language = uiLanguage()): string {
  return problemTextOf(problem.code, problem.params, language) ?? problem.detail ?? problem.title ?? `HTTP ${problem.status}`;
}

/** A bad field's sentence in `language` (« doit être une adresse e-mail valable »), from its code, else as the API said it. */
export function fieldErrorText(error: FieldError, language: Language = uiLanguage()): string {
  return fieldTextOf(error.code, error.params, language) ?? error.message;
}

/** A refused request: its status and the problem the API sent (or one made from the status). */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem;
  /** react-admin reads `body` (server-side validation errors: `body.errors`, shown under the form's fields). */
  readonly body: Omit<Problem, 'errors'> & { errors?: Record<string, unknown> };

  constructor(problem: Problem) {
    // the message is what react-admin's notifications show: said in the interface's language
    super(problemText(problem));
    this.name = 'ApiError';
    this.status = problem.status;
    this.problem = problem;
    const errors = problem.errors?.length ? Object.fromEntries(problem.errors.map((e) => [e.field, capitalized(fieldErrorText(e))])) : undefined;
    const { errors: _list, ...rest } = problem;
    this.body = { ...rest, ...(errors ? { errors: { ...errors, root: { serverError: this.message } } } : {}) };
  }
}

export interface RequestOptions {
  method?: string;
  body?: unknown;
  /** A dossier version: sent as If-Match. */
  ifMatch?: number;
  headers?: Record<string, string>;
  /** Return the raw response (files, CSV, HTML) instead of its JSON. */
  raw?: boolean;
  /** No token (login). */
  anonymous?: boolean;
}

export interface JsonResponse<T> {
  status: number;
  headers: Headers;
  json: T;
}

/** Refresh a little before the access token ends, so a request never leaves with a dead one. */
const REFRESH_MARGIN_MS = 30_000;

/** Fired when the login is over (its refresh was refused): the app goes to the login page, which says why. */
export const SESSION_ENDED_EVENT = 'passerelle:session-ended';

function sessionEnded(): ApiError {
  clearSession('expired');
  window.dispatchEvent(new Event(SESSION_ENDED_EVENT));
  return new ApiError({ status: 401, title: 'Unauthorized', detail: 'session-expired' });
}

async function accessToken(): Promise<string | null> {
  const session = readSession();
  if (!session) return null;
  if (session.expiresAt - Date.now() > REFRESH_MARGIN_MS) return session.accessToken;
  return (await refreshSession(session.accessToken))?.accessToken ?? null;
}

const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

async function send(path: string, options: RequestOptions, token: string | null): Promise<Response> {
  // the API says its problems in the interface's language
  const headers: Record<string, string> = { accept: 'application/json', 'accept-language': uiLanguage(), ...options.headers };
  if (token) headers.authorization = `Bearer ${token}`;
  if (options.ifMatch !== undefined) headers['if-match'] = `"${options.ifMatch}"`;
  let body: BodyInit | undefined;
  if (options.body instanceof FormData) body = options.body;
  else if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  return fetch(path, { method: options.method ?? 'GET', headers, body });
}

async function problemOf(response: Response): Promise<Problem> {
  const text = await response.text().catch(() => '');
  try {
    const parsed = JSON.parse(text) as Problem;
    if (parsed && typeof parsed === 'object') return { ...parsed, status: response.status };
  } catch {
    /* not JSON: a proxy's page, a network error page */
  }
  return { status: response.status, title: response.statusText, detail: text.slice(0, 300) || `HTTP ${response.status}` };
}

/**
 * Sends a request as the logged-in agent. An access token that the API refuses (it ended, or
 * the key changed) is refreshed once and the request sent again; if the login itself is over,
 * the session is cleared as "expired" and the 401 goes up (react-admin then shows the login page).
 */
async function asAgent(sendWith: (token: string) => Promise<Response>): Promise<Response> {
  const hadSession = readSession() !== null;
  let token = await accessToken();
  if (!token) throw hadSession ? sessionEnded() : new ApiError({ status: 401, title: 'Unauthorized', detail: 'not-logged-in' });
  let response = await sendWith(token);
  if (response.status === 401) {
    token = (await refreshSession(token))?.accessToken ?? null;
    if (!token) throw sessionEnded();
    response = await sendWith(token);
    if (response.status === 401) throw sessionEnded();
  }
  return response;
}

/** Calls the API as the logged-in agent (asAgent), or as nobody (`anonymous`: the login). */
export async function request(path: string, options: RequestOptions = {}): Promise<Response> {
  if (options.anonymous) return send(path, options, null);
  return asAgent((token) => send(path, options, token));
}

/**
 * The API's typed client (client/index.ts, generated from its OpenAPI document) as the
 * logged-in agent: each call's path, parameters, body and answer are checked against the
 * contract by the compiler. Its requests go through asAgent, so a token is refreshed as for `api`.
 */
export const client = createPasserelleClient({
  language: uiLanguage,
  fetch: (request) => {
    const sent = request.clone();
    return asAgent((token) => {
      const attempt = sent.clone();
      attempt.headers.set('authorization', `Bearer ${token}`);
      return fetch(attempt);
    });
  },
});

/** The same client without a login: the login itself. */
export const anonymousClient = createPasserelleClient({ language: uiLanguage });

/** A typed call's data, or an ApiError carrying the problem the API answered. */
export async function answer<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok) throw new ApiError(clientProblemOf(response.status, error));
  return data as T;
}

/** A dossier version as If-Match sends it. */
export const ifMatch = (version: number) => ({ 'if-match': `"${version}"` });

/** A JSON call: the parsed body, or an ApiError carrying the problem. */
export async function api<T = unknown>(path: string, options: RequestOptions = {}): Promise<JsonResponse<T>> {
  const response = await request(path, options);
  if (!response.ok) throw new ApiError(await problemOf(response));
  const text = response.status === 204 ? '' : await response.text();
  return { status: response.status, headers: response.headers, json: (text ? JSON.parse(text) : null) as T };
}

/** A file of the API (a scan, a slip), as a blob. */
export async function fetchBlob(path: string): Promise<Blob> {
  const response = await request(path, { headers: { accept: '*/*' } });
  if (!response.ok) throw new ApiError(await problemOf(response));
  return response.blob();
}

/** Builds a query string, leaving out empty values; arrays become comma lists. */
export function query(params: Record<string, unknown>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) {
      if (value.length) search.set(key, value.join(','));
    } else search.set(key, typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : JSON.stringify(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}
