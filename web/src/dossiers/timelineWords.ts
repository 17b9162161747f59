/**
 * What the dossier's timeline says of each entry, as plain functions (no React): the event with
 * what it is about — the document by its name in the catalog, the e-mail by what it tells — the
 * lines that explain it, and who acted (an agent, Passerelle itself, the student from their page),
 * in the agent's language. The API sends codes and names (TimelineEntryResponse); the words are
 * the app's messages (i18n) and the checklist's.
 */
import { localized } from '../common/format';
import { rejectionWhy } from './documentWords';
import type { TimelineEntry } from './types';

/** react-admin's translate (polyglot): a key, its values, `_` when the key has no message. */
export type Translate = (key: string, options?: Record<string, unknown>) => string;

export interface TimelineWords {
  /** "Pièce validée : Passeport", "E-mail envoyé : « Accusé de réception du dossier »". */
  heading: string;
  /** The reason of a rejection, the status left and reached, the decision, why the dossier was closed. */
  lines: string[];
  /** The free text left to quote (a move's reason, an e-mail's error), once the lines have said the rest. */
  quote: string | null;
  /** Who acted: the agent's name, or Passerelle itself in words (not `system`, `seed`...). */
  actor: string;
}

export function timelineWords(entry: TimelineEntry, translate: Translate, locale: string): TimelineWords {
  const title = localized(entry.title, locale);
  let heading = title;
  if (entry.email) {
    const what = translate(`passerelle.timeline.${entry.event === 'reminder' ? 'reminder' : 'email'}.${entry.email.status}`, { _: title });
    const template = translate(`passerelle.email_template.${entry.email.template}`, { _: '' });
    heading = template ? translate('passerelle.timeline.email_named', { what, template }) : what;
  } else if (entry.document) {
    const name = localized(entry.document.names, locale);
    if (name) heading = translate('passerelle.timeline.named', { title, name });
  }
  const lines: string[] = [];
  let quote = entry.reason;
  if (entry.rejectionReason) {
    // the agent's explanation is said with its reason, in the checklist's words
    lines.push(translate('passerelle.timeline.rejection', { reason: rejectionWhy(entry.rejectionReason, entry.reason, locale) }));
    quote = null;
  }
  const status = (code: string) => translate(`passerelle.status.${code}`, { _: code });
  if (entry.fromStatus && entry.toStatus && entry.fromStatus !== entry.toStatus)
    lines.push(translate('passerelle.timeline.status_change', { from: status(entry.fromStatus), to: status(entry.toStatus) }));
  else if (entry.toStatus && !entry.fromStatus) lines.push(translate('passerelle.timeline.status_set', { to: status(entry.toStatus) }));
  if (entry.decision) lines.push(translate('passerelle.timeline.decision', { decision: translate(`passerelle.decision.${entry.decision}`) }));
  if (entry.closeReason) lines.push(translate('passerelle.timeline.close_reason', { reason: translate(`passerelle.close_reason.${entry.closeReason}`) }));
  const actor = entry.actor.id === null ? translate(`passerelle.timeline.actor.${entry.actor.name}`, { _: entry.actor.name }) : entry.actor.name;
  return { heading, lines, quote, actor };
}
