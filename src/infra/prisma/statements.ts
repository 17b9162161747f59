import { createHash } from 'node:crypto';

/**
 * Prepared statements, from a bounded set. PostgreSQL parses and plans an unnamed statement
 * every time (most of a short query's cost); a named one once per connection. But every name
 * stays prepared on its connection for good, so only queries whose text is stable may have
 * one: the hot reads written by hand (`statement`), and Prisma's own queries up to a cap
 * (`boundedStatementNames`: a query whose text varies — an `IN` list of a new length — stops
 * being named once the cap is reached, and runs unnamed as before).
 */

/** A query written once, with its name: `sql.query(DOSSIER_BY_ID, [id])`. */
export interface Statement {
  readonly name: string;
  readonly text: string;
}

const declared = new Map<string, string>();

/** Declares a statement (at module level): the same name for two texts is a programming error. */
export function statement(name: string, text: string): Statement {
  const normalised = text.replace(/\s+/g, ' ').trim();
  const existing = declared.get(name);
  if (existing !== undefined && existing !== normalised) throw new Error(`Statement ${name} declared twice with different texts`);
  declared.set(name, normalised);
  return { name: `p_${name}`, text: normalised };
}

/** Names for Prisma's queries: the first `cap` distinct texts get one (a hash of the text), the rest none. */
export function boundedStatementNames(cap: number): (query: { sql: string }) => string {
  const names = new Map<string, string>();
  return ({ sql }) => {
    const known = names.get(sql);
    if (known !== undefined) return known;
    // pg sends an empty name as an unnamed statement: past the cap, and for a raw text of several
    // commands, which PostgreSQL cannot prepare
    if (names.size >= cap || /;\s*\S/.test(sql)) return '';
    const name = `q_${createHash('sha1').update(sql).digest('base64url').slice(0, 20)}`;
    names.set(sql, name);
    return name;
  };
}
