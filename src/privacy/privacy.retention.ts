import type { AppConfig } from '../config/app-config';

export type RetentionOutcome = 'favourable' | 'refused' | 'closed';

/** How long documents are kept, in months after their dossier ended: by outcome, by document kind; and when students are anonymised. */
export interface RetentionRules {
  byOutcome: Record<RetentionOutcome, number>;
  byKind: Record<string, number>;
  anonymiseMonths: number;
}

/** RETENTION_DOCUMENTS_MONTHS, RETENTION_KIND_MONTHS and RETENTION_ANONYMISE_MONTHS, read (their format is checked at boot). */
export function retentionRules(config: Pick<AppConfig, 'RETENTION_DOCUMENTS_MONTHS' | 'RETENTION_KIND_MONTHS' | 'RETENTION_ANONYMISE_MONTHS'>): RetentionRules {
  const pairs = (text: string | undefined) =>
    Object.fromEntries(
      (text ?? '')
        .split(',')
        .filter(Boolean)
        .map((pair) => [pair.split(':')[0]!, Number(pair.split(':')[1])]),
    );
  return {
    byOutcome: pairs(config.RETENTION_DOCUMENTS_MONTHS) as Record<RetentionOutcome, number>,
    byKind: pairs(config.RETENTION_KIND_MONTHS),
    anonymiseMonths: config.RETENTION_ANONYMISE_MONTHS,
  };
}

/**
 * Months a document is kept after its dossier ended: its kind's own time when it has one, else
 * its outcome's. A kind's time never cuts short a refusal's: the student may still appeal, and
 * the documents are the file of the appeal.
 */
export function keptMonths(rules: RetentionRules, document: { kind: string; outcome: RetentionOutcome }): number {
  const ownMonths = rules.byKind[document.kind];
  if (document.outcome === 'refused') return Math.max(ownMonths ?? 0, rules.byOutcome.refused);
  return ownMonths ?? rules.byOutcome[document.outcome];
}

/** The fewest months any document is kept: dossiers that ended since cannot have any due. */
export function shortestKeeping(rules: RetentionRules): number {
  return Math.min(...Object.values(rules.byOutcome), ...Object.values(rules.byKind));
}
