/**
 * Passerelle's TypeScript client: openapi-fetch typed by `schema.ts`, which `npm run api:types`
 * generates from the API's OpenAPI document (never written by hand). Every path, parameter,
 * body and answer is checked by the compiler against the contract the API serves; the agents'
 * web app calls the API through it.
 *
 *   const passerelle = createPasserelleClient({ baseUrl: 'https://passerelle.example.fr', credentials: process.env.PASSERELLE_KEY });
 *   const dossiers = await unwrap(passerelle.GET('/api/dossiers', { params: { query: { status: 'received', limit: 20 } } }));
 */
import createClient, { type Client, type Middleware } from 'openapi-fetch';
import type { components, paths } from './schema';

export type { components, operations, paths } from './schema';

/** An RFC 9457 problem as the API answers it (`code` and `params` say it in any language). */
export type ProblemBody = components['schemas']['ProblemSchema'] & Record<string, unknown>;

export interface PasserelleClientOptions {
  /** Where the API is: `https://passerelle.example.fr` (empty in the browser, where the page is served by the API). */
  baseUrl?: string;
  /** An API key (`psk_…`) or an agent's access token, or a function giving one for each request. */
  credentials?: string | null | (() => string | null | Promise<string | null>);
  /** The language the API says its problems in (fr unless told). */
  language?: 'fr' | 'en' | (() => 'fr' | 'en');
  /** Another fetch (a proxy, a retry, the web app's login refresh); globalThis.fetch by default. */
  fetch?: (request: Request) => Promise<Response>;
}

export type PasserelleClient = Client<paths>;

/** A client of the API: `client.GET('/api/dossiers/{id}', { params: { path: { id } } })`. */
export function createPasserelleClient(options: PasserelleClientOptions = {}): PasserelleClient {
  const client = createClient<paths>({ baseUrl: options.baseUrl ?? '', ...(options.fetch ? { fetch: options.fetch } : {}) });
  const { credentials, language } = options;
  const headers: Middleware = {
    async onRequest({ request }) {
      const token = typeof credentials === 'function' ? await credentials() : credentials;
      if (token && !request.headers.has('authorization')) request.headers.set('authorization', `Bearer ${token}`);
      if (!request.headers.has('accept-language')) request.headers.set('accept-language', (typeof language === 'function' ? language() : language) ?? 'fr');
      return request;
    },
  };
  client.use(headers);
  return client;
}

/** A refused call: the HTTP status and the problem+json the API answered (or one made of the status). */
export class PasserelleProblem extends Error {
  constructor(
    readonly status: number,
    readonly problem: ProblemBody,
  ) {
    super(typeof problem.detail === 'string' ? problem.detail : `HTTP ${status}`);
    this.name = 'PasserelleProblem';
  }
}

/** The problem a refused answer carries: the API's problem+json, else one made of the status and text. */
export function problemOf(status: number, error: unknown): ProblemBody {
  if (error && typeof error === 'object') return { ...(error as ProblemBody), status };
  const text = typeof error === 'string' ? error.slice(0, 300) : '';
  return { type: 'about:blank', title: `HTTP ${status}`, status, detail: text || `HTTP ${status}`, code: 'http', params: {} } as unknown as ProblemBody;
}

/** The answer's data, or a PasserelleProblem. */
export async function unwrap<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok) throw new PasserelleProblem(response.status, problemOf(response.status, error));
  return data as T;
}

/** The JSON body an operation takes: `JsonBody<'/api/dossiers/{id}/transitions', 'post'>`. */
export type JsonBody<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends { requestBody?: { content: { 'application/json': infer B } } }
  ? B
  : never;
