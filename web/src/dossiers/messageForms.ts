import { ApiError, fieldErrorText, problemText } from '../api/http';
import type { DossierMessage } from './types';

/**
 * The office's answer to the student, as plain functions of the form's values (no React): what
 * is sent, when there is nothing to send, and where a refusal is said — under the field it is
 * about (the text, or the files: too large, of a type not taken, too many), in the agent's language.
 */

/** As the API takes it (NewMessageDto, MESSAGE_MAX_LENGTH): a message of 4,000 characters at most. */
export const MESSAGE_MAX_LENGTH = 4000;

/** A file the agent chose, as react-admin's FileInput keeps it (a message's, a document's scans). */
export type ChosenFile = { rawFile: File; title: string };
export type MessageValues = { body?: string | null; files?: ChosenFile[] | null };

/** What is sent: the text trimmed, and the files chosen. */
export function messageFields(values: MessageValues): { body: string; files: File[] } {
  return { body: (values.body ?? '').trim(), files: (values.files ?? []).map((f) => f.rawFile) };
}

/** The form's own rule (a react-admin form validator): a text, or at least one file. */
export function validateMessage(values: MessageValues): Record<string, string> {
  const { body, files } = messageFields(values);
  return body || files.length ? {} : { body: 'passerelle.messages.empty' };
}

/** The refusals of the files themselves: too large (413), of a type not taken (415), too many or empty (422). */
const FILE_STATUSES = new Set([413, 415, 422]);

const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * Where a refusal is said, as the form's submission errors (`{ body }` or `{ files }`): each bad
 * field under its input — the text under the text, anything else under the files — and a refusal
 * of the files under the files. Null when it is about neither (a lost connection, a dossier one may
 * not see): the card then shows it above the form.
 */
export function messageRefusal(error: unknown): Record<string, string> | null {
  if (!(error instanceof ApiError)) return null;
  const { problem } = error;
  if (problem.errors?.length) {
    const errors: Record<string, string> = {};
    for (const e of problem.errors) {
      const field = e.field === 'body' ? 'body' : 'files';
      errors[field] ??= capitalized(fieldErrorText(e));
    }
    return errors;
  }
  return FILE_STATUSES.has(problem.status) ? { files: problemText(problem) } : null;
}

/** The student's messages no agent had read when the page opened them: said "new" while the page is open. */
export function unreadFromStudent(messages: readonly Pick<DossierMessage, 'id' | 'author' | 'readAt'>[]): string[] {
  return messages.filter((m) => m.author === 'student' && m.readAt === null).map((m) => m.id);
}
