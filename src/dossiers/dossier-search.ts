import type { PrismaService } from '../infra/prisma/prisma.service';
import { statement, type Statement } from '../infra/prisma/statements';
import { DOSSIER_STATUSES, type DossierFilter, type ListedDossier, parseSort } from './dossiers.model';
import { DOSSIER_VIEW_COLUMNS, dossierOfViewRow, type DossierViewRow } from './dossiers.statements';

/**
 * The searched list through the dossiers' words (table dossier_search_words, kept by database
 * triggers from each dossier's search text): a word of the search matches the dossiers that
 * have a word starting with it. A common name matches thousands of dossiers; its rows in the
 * index (word, status, received_at DESC, id DESC) are already in the list's order, so a page
 * reads at most its 50 rows per word and status, and joins the students after the limit.
 */

/** Above this many words starting with the search's word ("e00", "1"), the planner chooses how to find them (see list). */
const MERGED_WORDS = 32;

/** Above every character search folds to: [word, word + this) holds exactly the words starting with `word` ("C" order). */
const AFTER_EVERY_CHARACTER = '\u{10FFFF}';

const NO_ID = '00000000-0000-0000-0000-000000000000';
const LAST_ID = 'ffffffff-ffff-ffff-ffff-ffffffffffff';

/** The words starting with `word`, as a range of the word table's "C" order: [low, high). */
export function wordRange(word: string): [string, string] {
  return [word, word + AFTER_EVERY_CHARACTER];
}

/**
 * Filters the word table covers: the statuses, the institutions (asked for, or the agent's
 * reach), the date-received order and its cursor. The others (procedure, student, assignee,
 * deadline, the student's activity, other orders) go through the dossiers' own indexes.
 */
export function searchableByWords(filter: DossierFilter): boolean {
  return (
    (filter.words?.length ?? 0) > 0 &&
    parseSort(filter.sort).field === 'receivedAt' &&
    filter.procedureCode === undefined &&
    filter.studentId === undefined &&
    filter.assigneeId === undefined &&
    filter.deadlineBefore === undefined &&
    filter.studentActivity === undefined
  );
}

/**
 * One page of the dossiers matching every word, in date-received order, with what the student
 * sent that no agent has looked at; null when every word starts too many words (prefixes of
 * one or two characters): merging that many lists would cost more than the plan PostgreSQL
 * picks for the general query.
 */
export async function searchByWords(prisma: PrismaService, filter: DossierFilter): Promise<ListedDossier[] | null> {
  // the longest word drives (the fewest dossiers, as a rule); the others are checked on each candidate
  const words = [...new Set(filter.words)].sort((a, b) => b.length - a.length);
  for (const driving of words) {
    const started = (await prisma.query<{ word: string }>(WORDS_STARTING_WITH, [...wordRange(driving), MERGED_WORDS + 1])).map((row) => row.word);
    if (started.length === 0) return [];
    if (started.length <= MERGED_WORDS)
      return page(
        prisma,
        filter,
        started,
        words.filter((word) => word !== driving),
      );
  }
  return null;
}

async function page(prisma: PrismaService, filter: DossierFilter, driving: string[], others: string[]): Promise<ListedDossier[]> {
  const { descending } = parseSort(filter.sort);
  const after = filter.after ?? (descending ? { key: 'infinity', id: LAST_ID } : { key: '-infinity', id: NO_ID });
  const rows = await prisma.query<DossierViewRow>(descending ? PAGE_NEWEST_FIRST : PAGE_OLDEST_FIRST, [
    driving,
    filter.statuses?.length ? filter.statuses : DOSSIER_STATUSES,
    institutionsOf(filter),
    others,
    others.map((word) => wordRange(word)[1]),
    after.key,
    after.id,
    filter.limit,
  ]);
  return rows.map(dossierOfViewRow);
}

/** The institutions a row may belong to: the one asked for within the agent's reach (null: any). */
function institutionsOf(filter: DossierFilter): string[] | null {
  if (filter.institutionId === undefined) return filter.scope;
  // ids are accepted in either case; the agent's reach holds them as the database does (lower case)
  const asked = filter.institutionId.toLowerCase();
  return filter.scope === null || filter.scope.includes(asked) ? [asked] : [];
}

/** The distinct words in [$1, $2), up to $3 of them: one step down the index per word (PostgreSQL has no skip scan). */
const WORDS_STARTING_WITH = statement(
  'dossier_search_words_starting_with',
  `WITH RECURSIVE started(word) AS (
       (SELECT word FROM dossier_search_words WHERE word >= $1::text AND word < $2::text ORDER BY word LIMIT 1)
     UNION ALL
       SELECT (SELECT n.word FROM dossier_search_words n WHERE n.word > s.word AND n.word < $2::text ORDER BY n.word LIMIT 1)
         FROM started s WHERE s.word IS NOT NULL
   )
   SELECT word FROM started WHERE word IS NOT NULL LIMIT $3::int`,
);

/**
 * $1 the words (each gives its first rows in order, per status, merged; a dossier with two of
 * them appears twice: grouped); $2 the statuses; $3 the institutions (null: any); $4, $5 the
 * other words' ranges, each of which the dossier must have a word in; $6, $7 the cursor (sort
 * key, id); $8 the page's size.
 */
function pageStatement(name: string, order: 'DESC' | 'ASC'): Statement {
  const beyond = order === 'DESC' ? '<' : '>';
  // The arguments are read through `given`, which the planner does not look into: planned
  // with them, the query would look cheaper than its plan for any arguments, and the
  // prepared statement would be planned again on every call (2 ms) rather than once.
  return statement(
    name,
    `WITH given AS MATERIALIZED (
       SELECT $1::text[] AS words, $2::"DossierStatus"[] AS statuses, $3::uuid[] AS institutions,
              $4::text[] AS other_lows, $5::text[] AS other_highs, $6::date AS after_key, $7::uuid AS after_id, $8::int AS size
     ),
     hits AS (
       SELECT h.dossier_id, h.received_at
         FROM unnest((SELECT words FROM given)) AS w(word)
        CROSS JOIN unnest((SELECT statuses FROM given)) AS s(status)
        CROSS JOIN LATERAL (
          SELECT p.dossier_id, p.received_at FROM dossier_search_words p
           WHERE p.word = w.word AND p.status = s.status
             AND (p.received_at, p.dossier_id) ${beyond} ((SELECT after_key FROM given), (SELECT after_id FROM given))
             AND ((SELECT institutions FROM given) IS NULL OR p.institution_id = ANY((SELECT institutions FROM given)::uuid[]))
             AND NOT EXISTS (SELECT 1 FROM unnest((SELECT other_lows FROM given), (SELECT other_highs FROM given)) AS other(low, high)
                              WHERE NOT EXISTS (SELECT 1 FROM dossier_search_words o
                                                 WHERE o.dossier_id = p.dossier_id AND o.word >= other.low AND o.word < other.high))
           ORDER BY p.received_at ${order}, p.dossier_id ${order}
           LIMIT (SELECT size FROM given)) AS h
     ),
     page AS (SELECT dossier_id, received_at FROM hits GROUP BY dossier_id, received_at
               ORDER BY received_at ${order}, dossier_id ${order} LIMIT (SELECT size FROM given))
     SELECT ${DOSSIER_VIEW_COLUMNS}
       FROM page
       JOIN dossiers d ON d.id = page.dossier_id
       JOIN students s ON s.id = d.student_id
       LEFT JOIN procedure_versions pv ON pv.id = d.procedure_version_id
      ORDER BY d.received_at ${order}, d.id ${order}`,
  );
}

const PAGE_NEWEST_FIRST = pageStatement('dossier_search_page_newest_first', 'DESC');
const PAGE_OLDEST_FIRST = pageStatement('dossier_search_page_oldest_first', 'ASC');
