import type { Dossier } from '../dossiers/types';

/** A batch as the agent has filled it in, before it leaves. */
export interface TransmissionDraft {
  dossiers: Pick<Dossier, 'id' | 'reference' | 'prefecture' | 'procedureCode' | 'student'>[];
  contact: string;
  /** The département chosen, or '' for the dossiers' own. */
  prefecture: string;
  sentOn: string;
  note: string;
}

/**
 * The prefecture a batch goes to, as the API will decide it: the one chosen, else the dossiers'
 * own — `null` when they are for several (one must then be chosen), `undefined` when none of them
 * names one (the office's prefecture applies).
 */
export function batchPrefecture(draft: Pick<TransmissionDraft, 'dossiers' | 'prefecture'>): string | null | undefined {
  if (draft.prefecture) return draft.prefecture;
  const own = [...new Set(draft.dossiers.map((d) => d.prefecture).filter((p): p is string => !!p))];
  return own.length > 1 ? null : own[0];
}

/** What POST /transmissions takes of the draft (what is left empty is not sent: createBody). */
export function transmissionData(draft: TransmissionDraft): Record<string, unknown> {
  return {
    dossierIds: draft.dossiers.map((d) => d.id),
    contact: draft.contact.trim(),
    sentOn: draft.sentOn,
    prefecture: draft.prefecture,
    note: draft.note.trim(),
  };
}
