import type { Language } from './i18n';
import type { LinkRequestAccepted, StudentDocument, StudentDossier, StudentMessage, StudentSession } from './types';

/**
 * The students' API (/api/student/…), same origin: the session is an HttpOnly cookie scoped to
 * /api/student, so every request goes with credentials and nothing of it is readable here. Each
 * request says the language shown, and the API's problems come back in it (their `detail` is
 * shown as is).
 */

/** An RFC 9457 problem as the API answers it (or one made of a status when the answer is not one). */
export interface Problem {
  status: number;
  code?: string;
  title?: string;
  detail?: string;
  [key: string]: unknown;
}

/** A refused request (status ≥ 400), or a network failure (status 0). */
export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? `HTTP ${problem.status}`);
    this.name = 'ApiError';
  }

  get status(): number {
    return this.problem.status;
  }
}

let shownLanguage: Language = 'fr';
let sessionEnded: (() => void) | null = null;

/** Told when the API says the session is over (`student.session-invalid`) while the page is open: the page then says how to come back. */
export function onSessionEnded(listener: (() => void) | null): void {
  sessionEnded = listener;
}

/** The refusal, once the page was told if it ends the session. */
function refused(problem: Problem): ApiError {
  if (problem.status === 401 && problem.code === 'student.session-invalid') sessionEnded?.();
  return new ApiError(problem);
}

/** The language the next requests ask for (the page's). */
export function setRequestLanguage(language: Language): void {
  shownLanguage = language;
}

async function problemOf(response: Response): Promise<Problem> {
  const type = response.headers.get('content-type') ?? '';
  if (/json/.test(type)) {
    const body = (await response.json().catch(() => null)) as Problem | null;
    if (body && typeof body === 'object') return { ...body, status: response.status };
  }
  return { status: response.status };
}

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      credentials: 'same-origin',
      cache: 'no-store',
      headers: { accept: 'application/json', 'accept-language': shownLanguage, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError({ status: 0 });
  }
  if (!response.ok) throw refused(await problemOf(response));
  return (response.status === 204 ? undefined : await response.json()) as T;
}

/**
 * A multipart POST with its upload progress (fetch has none): `onProgress` gets 0…1 as the bytes
 * leave; resolves with the created resource, rejects with the API's problem.
 */
function upload<T>(path: string, form: FormData, onProgress: (fraction: number) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.withCredentials = true;
    xhr.setRequestHeader('accept', 'application/json');
    xhr.setRequestHeader('accept-language', shownLanguage);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    };
    xhr.onerror = () => reject(new ApiError({ status: 0 }));
    xhr.onload = () => {
      const body = jsonOf(xhr.responseText);
      if (xhr.status >= 200 && xhr.status < 300) resolve(body as T);
      else reject(refused({ ...(body && typeof body === 'object' ? (body as Problem) : {}), status: xhr.status }));
    };
    xhr.send(form);
  });
}

function jsonOf(text: string): unknown {
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return null;
  }
}

/** Exchanges the e-mail's link for a session (the cookie); the link is spent then. */
export const openSession = (token: string) => request<StudentSession>('POST', '/api/student/session', { token });

/**
 * Asks for a new link by e-mail with the token the page was opened with (spent, or its session
 * over). The answer is the same whatever the token was: the page never learns whether it was good.
 */
export const requestNewLink = (token: string) => request<LinkRequestAccepted>('POST', '/api/student/link-request', { token });

/** Ends the session (the cookie is cleared). */
export const closeSession = () => request<void>('DELETE', '/api/student/session');

export const readDossier = () => request<StudentDossier>('GET', '/api/student/dossier');

/**
 * Sends the files of one requested item as one document (a photo per page, for instance), of the
 * item's first kind (the API's default: the page has no names for the others to offer a choice).
 */
export function sendItemFiles(slot: string, files: File[], onProgress: (fraction: number) => void) {
  const form = new FormData();
  for (const file of files) form.append('files', file, file.name);
  return upload<StudentDocument>(`/api/student/dossier/items/${encodeURIComponent(slot)}/files`, form, onProgress);
}

export const readMessages = () => request<StudentMessage[]>('GET', '/api/student/dossier/messages');

/** Writes to the office: JSON without files, multipart with them. */
export function sendMessage(body: string, files: File[], onProgress: (fraction: number) => void): Promise<StudentMessage> {
  if (!files.length) return request<StudentMessage>('POST', '/api/student/dossier/messages', { body });
  const form = new FormData();
  form.append('body', body);
  for (const file of files) form.append('files', file, file.name);
  return upload<StudentMessage>('/api/student/dossier/messages', form, onProgress);
}
