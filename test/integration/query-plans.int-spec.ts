import { randomUUID } from 'node:crypto';
import { patient } from '../support/processes';
import { PrismaPg } from '@prisma/adapter-pg';
import { Pool } from 'pg';
import { generate } from '../../bench/generate';
import { DashboardRepository } from '../../src/dashboard/dashboard.repository';
import { DOSSIER_STATUSES, type DossierFilter } from '../../src/dossiers/dossiers.model';
import { DossiersRepository } from '../../src/dossiers/dossiers.repository';
import type { Clock } from '../../src/common/clock';
import { PrismaClient } from '../../src/infra/prisma/generated/client';
import type { PrismaService } from '../../src/infra/prisma/prisma.service';
import type { Statement } from '../../src/infra/prisma/statements';
import { NotificationsRepository } from '../../src/notifications/notifications.repository';
import { RemindersRepository } from '../../src/reminders/reminders.repository';
import { WorkflowRepository } from '../../src/workflow/workflow.repository';
import { migratedDatabase } from '../support/scratch-database';
import { TestClock } from '../support/test-clock';

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  Plans?: PlanNode[];
}

/** Every index the plan reads. */
function indexesRead(node: PlanNode): string[] {
  return [...(node['Index Name'] ? [node['Index Name']] : []), ...(node.Plans ?? []).flatMap(indexesRead)];
}

/** The tables that grow with the dossiers (the catalog's few rows are rightly read whole). */
const BIG_TABLES = [
  'dossiers',
  'dossier_search_words',
  'students',
  'deadlines',
  'complement_requests',
  'notifications',
  'dossier_history',
  'dossier_documents',
  'dossier_messages',
];

/** Every big table read by a sequential scan somewhere in the plan. */
function seqScans(node: PlanNode): string[] {
  const own = node['Node Type'] === 'Seq Scan' && BIG_TABLES.includes(node['Relation Name'] ?? '') ? [node['Relation Name']!] : [];
  return [...own, ...(node.Plans ?? []).flatMap(seqScans)];
}

/** Rows a node gave over all its loops (EXPLAIN ANALYZE). */
const rowsOut = (node: PlanNode) => (node['Actual Rows'] ?? 0) * (node['Actual Loops'] ?? 1);

/** The most rows any sort of the plan took in (EXPLAIN ANALYZE): a page's, or every match's. */
function rowsSorted(node: PlanNode): number {
  const own = node['Node Type'] === 'Sort' ? Math.max(0, ...(node.Plans ?? []).map(rowsOut)) : 0;
  return Math.max(own, ...(node.Plans ?? []).map(rowsSorted));
}

/** The rows the plan read through an index, over all loops (EXPLAIN ANALYZE). */
function rowsReadBy(node: PlanNode, index: string): number {
  return (node['Index Name'] === index ? rowsOut(node) : 0) + (node.Plans ?? []).reduce((sum, child) => sum + rowsReadBy(child, index), 0);
}

/** A value as a literal of PostgreSQL's text input (arrays as '{...}'), for EXECUTE's arguments. */
function literal(value: string | number | null | (string | number)[]): string {
  if (value === null) return 'NULL';
  const text = Array.isArray(value) ? `{${value.map((item) => `"${String(item).replace(/["\\]/g, '\\$&')}"`).join(',')}}` : String(value);
  return `'${text.replace(/'/g, "''")}'`;
}

/**
 * The plans of the list and sweep queries, at a million dossiers (issue 7): the statements
 * the repositories really send (caught from Prisma's query log, and the hand-written named
 * statements as PrismaService.query runs them) are explained on a database of 1,000,000
 * generated dossiers; none may read the dossiers (or the deadlines and e-mails the sweeps
 * walk) by a sequential scan. A named statement is explained with the plan it keeps once
 * prepared (the generic one).
 */
describe('query plans at a million dossiers', () => {
  let database: { url: string; drop: () => Promise<void> };
  let pool: Pool;
  let prisma: PrismaClient;
  let sent: { query: string; params: unknown[]; named: boolean }[] = [];
  let service: PrismaService;

  beforeAll(async () => {
    database = await migratedDatabase();
    pool = new Pool({ connectionString: database.url, max: 3 });
    await generate(pool, { dossiers: 1_000_000, core: true });
    // the student's documents and messages (issue 17), which every page of the list counts
    await pool.query(`
      INSERT INTO dossier_documents (id, dossier_id, kind, status, source, received_at, updated_at)
      SELECT gen_random_uuid(), id, 'passport', (CASE WHEN n % 3 = 0 THEN 'received' ELSE 'accepted' END)::"DocumentStatus",
             (CASE WHEN n % 5 = 0 THEN 'student' ELSE 'office' END)::"DocumentSource", now(), now()
        FROM (SELECT id, row_number() OVER () AS n FROM dossiers LIMIT 300000) AS d
       -- the office keeps up: a student's document waits for review in a few hundred dossiers only
       WHERE n % 5 <> 0 OR n % 3 <> 0 OR n % 200 = 0`);
    await pool.query(`
      INSERT INTO dossier_messages (id, dossier_id, author, body, created_at, read_at)
      SELECT gen_random_uuid(), id, (CASE WHEN n % 2 = 0 THEN 'student' ELSE 'office' END)::"MessageAuthor", 'Bonjour',
             now(), CASE WHEN n % 500 = 0 THEN NULL ELSE now() END
        FROM (SELECT id, row_number() OVER () AS n FROM dossiers LIMIT 200000) AS d`);
    await pool.query('ANALYZE dossier_documents, dossier_messages');
    prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: database.url, max: 2 }), log: [{ emit: 'event', level: 'query' }] });
    const logged = prisma as unknown as { $on(event: 'query', listener: (e: { query: string; params: string }) => void): void };
    logged.$on('query', (event) => sent.push({ query: event.query, params: JSON.parse(event.params) as unknown[], named: false }));
    // PrismaService's named statements, recorded as they run
    const query = async (stmt: Statement, values: unknown[]) => {
      sent.push({ query: stmt.text, params: values, named: true });
      return (await pool.query(stmt.text, values)).rows;
    };
    service = Object.assign(prisma, { query }) as unknown as PrismaService;
  }, patient(1_200_000));

  afterAll(async () => {
    await prisma?.$disconnect();
    await pool?.end();
    await database?.drop();
  });

  /** Runs `call` and explains each statement it sent (a transaction's BEGIN/COMMIT aside), in a transaction rolled back. */
  async function plansOf(
    call: () => Promise<unknown>,
    { analyze = false } = {},
  ): Promise<{ query: string; named: boolean; scans: string[]; indexes: string[]; sorted: number; plan: PlanNode }[]> {
    sent = [];
    await call();
    const statements = sent.filter((s) => /^\s*(SELECT|UPDATE|INSERT|DELETE|WITH)/i.test(s.query));
    expect(statements.length).toBeGreaterThan(0);
    const client = await pool.connect();
    try {
      const plans = [];
      for (const statement of statements) {
        const options = analyze ? 'ANALYZE, FORMAT JSON' : 'FORMAT JSON';
        await client.query('BEGIN');
        try {
          let explained;
          if (statement.named) {
            await client.query(`PREPARE explained AS ${statement.query}`);
            await client.query('SET LOCAL plan_cache_mode = force_generic_plan');
            explained = await client.query(
              `EXPLAIN (${options}) EXECUTE explained(${(statement.params as Parameters<typeof literal>[0][]).map(literal).join(', ')})`,
            );
          } else {
            explained = await client.query(`EXPLAIN (${options}) ${statement.query}`, statement.params);
          }
          const plan = (explained.rows[0] as { 'QUERY PLAN': [{ Plan: PlanNode }] })['QUERY PLAN'][0].Plan;
          plans.push({ query: statement.query, named: statement.named, scans: seqScans(plan), indexes: indexesRead(plan), sorted: rowsSorted(plan), plan });
        } finally {
          await client.query('ROLLBACK');
          // a prepared statement outlives the transaction
          if (statement.named) await client.query('DEALLOCATE ALL');
        }
      }
      return plans;
    } finally {
      client.release();
    }
  }

  const repository = <T>(Repository: new (prisma: PrismaService, clock: Clock) => T): T => new Repository(service, new TestClock());

  it('has a million dossiers, and the planner knows it', async () => {
    const { rows } = await pool.query<{ reltuples: number }>(`SELECT reltuples FROM pg_class WHERE relname = 'dossiers'`);
    expect(rows[0]!.reltuples).toBeGreaterThan(900_000);
  });

  it.each([
    ['a status and a name', { statuses: ['incomplete' as const], words: ['nguyen'] }],
    [
      'a name, oldest first, second page',
      { words: ['silva'], sort: 'receivedAt' as const, after: { key: '2025-03-01', id: '01950000-0000-7000-8000-000000000000' } },
    ],
    [
      'a name and two words, in two institutions',
      { words: ['diallo', 'moussa'], scope: ['00000000-0000-7000-8000-000000000001', '00000000-0000-7000-8000-000000000002'] },
    ],
    ['a prefix of thousands of words', { statuses: ['decided' as const], words: ['e00'] }],
    ['an assignee and a name', { assigneeId: '00000000-0000-7000-8000-000000000000', words: ['wang'] }],
    ['a closed status and a rare name', { statuses: ['closed' as const], words: ['shevchenko'] }],
    ['a reference', { words: ['cmi', '2026', '000123'] }],
    ['a student number', { words: ['e000012345'] }],
    [
      'several statuses and a name, sorted by deadline',
      { statuses: ['incomplete' as const, 'forwarded' as const], words: ['diallo'], sort: 'deadlineAt' as const },
    ],
    ['a status only', { statuses: ['received' as const] }],
    ['an assignee and a status', { statuses: ['decided' as const], assigneeId: '00000000-0000-7000-8000-000000000000' }],
    ['everything, second page', { after: { key: '2026-01-15', id: '019a0000-0000-7000-8000-000000000000' } }],
  ])('lists dossiers by %s without reading the whole table', async (_label, filter) => {
    const plans = await plansOf(() => repository(DossiersRepository).list({ scope: null, sort: '-receivedAt', limit: 50, ...filter }));
    for (const plan of plans) expect({ query: plan.query, scans: plan.scans }).toEqual({ query: plan.query, scans: [] });
  });

  /**
   * The searched list (issue 18), as dossier-search.ts's prepared statements run it (their
   * generic plans): a common name matches thousands of dossiers; the word index yields each
   * (word, status) list in the list's order, so the page reads and sorts at most a page per
   * list merged, never every match, and joins the students after the limit.
   */
  describe('the searched list by words', () => {
    const PAGE = 51;
    let institutions: string[];
    beforeAll(async () => {
      institutions = (await pool.query<{ id: string }>(`SELECT id FROM institutions WHERE code LIKE 'BENCH-%' ORDER BY code LIMIT 2`)).rows.map((r) => r.id);
    });

    it.each<[string, Partial<DossierFilter>]>([
      ['a common name and a status, newest first', { statuses: ['decided'], words: ['nguyen'] }],
      [
        'a common name, oldest first, a later page',
        { statuses: ['closed'], words: ['wang'], sort: 'receivedAt', after: { key: '2025-06-01', id: '01970000-0000-7000-8000-000000000000' } },
      ],
      ['a common name in every status', { words: ['tran'] }],
      ['a common name and a first name', { statuses: ['decided'], words: ['nguyen', 'mai'] }],
      ['a common name for an agent of two institutions', { statuses: ['decided'], words: ['zhang'], scope: [] }],
    ])('%s: the word index in order, a page per list read and sorted', async (_label, filter) => {
      const asked = { scope: null, sort: '-receivedAt' as const, limit: PAGE, ...filter, ...(filter.scope ? { scope: institutions } : {}) };
      const plans = await plansOf(() => repository(DossiersRepository).list(asked), { analyze: true });
      expect(plans.map((plan) => plan.named)).toEqual([true, true]);
      // one list per status and word starting with the search's ("tran": tran, trang), as the first statement found them
      const lists = rowsOut(plans[0]!.plan) * (filter.statuses?.length ?? DOSSIER_STATUSES.length);
      for (const plan of plans) {
        expect({ query: plan.query, scans: plan.scans }).toEqual({ query: plan.query, scans: [] });
        expect(plan.indexes).toContain('dossier_search_words_in_order');
      }
      const page = plans.find((plan) => plan.query.includes('FROM page'))!;
      expect(rowsOut(page.plan)).toBe(PAGE);
      expect(page.sorted).toBeLessThanOrEqual(PAGE * lists);
      // a second word is checked on each candidate: more of them may be read than listed
      if (filter.words!.length === 1) expect(rowsReadBy(page.plan, 'dossier_search_words_in_order')).toBeLessThanOrEqual(PAGE * lists);
    });
  });

  it('finds a rare name of a dossier sorted by deadline through the word index', async () => {
    const [plan] = await plansOf(() =>
      repository(DossiersRepository).list({ scope: null, sort: 'deadlineAt', limit: 50, statuses: ['decided'], words: ['shevchenko', 'iryna'] }),
    );
    expect(plan!.indexes).toEqual(expect.arrayContaining(['dossier_search_words_in_order']));
  });

  it('walks the pending deadlines (the nightly reconciliation) by index', async () => {
    const plans = await plansOf(() => repository(RemindersRepository).pendingAfter(null, 2000));
    for (const plan of plans) expect({ query: plan.query, scans: plan.scans }).toEqual({ query: plan.query, scans: [] });
  });

  it('finds the complement deadlines past due (the expiry sweep) by index', async () => {
    const plans = await plansOf(() => repository(WorkflowRepository).dueComplementDeadlines(new Date(), 500));
    for (const plan of plans) expect({ query: plan.query, scans: plan.scans }).toEqual({ query: plan.query, scans: [] });
  });

  it("finds the dossiers due today (the agents' digest) and the silences ending (the watch) by index", async () => {
    const reminders = repository(RemindersRepository);
    const plans = [...(await plansOf(() => reminders.dueBefore(new Date()))), ...(await plansOf(() => reminders.silencesEnding('2026-12-01', '2026-12-08')))];
    for (const plan of plans) expect({ query: plan.query, scans: plan.scans }).toEqual({ query: plan.query, scans: [] });
  });

  it('finds the e-mails still to send (the reconciliation) by index', async () => {
    const plans = await plansOf(() => repository(NotificationsRepository).unsent(null, 500));
    for (const plan of plans) expect({ query: plan.query, scans: plan.scans }).toEqual({ query: plan.query, scans: [] });
  });

  /**
   * What the student sent that no agent has looked at yet (issue 17): among documents and
   * messages by the hundred thousand, the few hundred still to review or unread are found by
   * their indexes, for a page of the inbox, its filter and the dashboard.
   */
  describe("the student's activity", () => {
    it.each([
      ['with news from the student', true],
      ['without news from the student', false],
    ])('lists the dossiers %s without reading the whole table', async (_label, studentActivity) => {
      const plans = await plansOf(() => repository(DossiersRepository).list({ scope: null, sort: '-receivedAt', limit: 50, studentActivity }));
      for (const plan of plans) expect({ query: plan.query, scans: plan.scans }).toEqual({ query: plan.query, scans: [] });
    });

    it("counts a page's news from the student in one query, by index", async () => {
      const page = await repository(DossiersRepository).list({ scope: null, sort: '-receivedAt', limit: 50 });
      const plans = await plansOf(() => repository(DossiersRepository).studentActivityOf(page.map(({ dossier }) => dossier.id)));
      expect(plans).toHaveLength(1);
      expect(plans[0]!.scans).toEqual([]);
    });

    it("lists the dashboard's dossiers with news from the student through the indexes of the few rows still to look at", async () => {
      const dashboard = repository(DashboardRepository);
      const plans = [...(await plansOf(() => dashboard.studentActivity(null, 20))), ...(await plansOf(() => dashboard.studentActivity([randomUUID()], 20)))];
      for (const plan of plans) expect({ query: plan.query, scans: plan.scans }).toEqual({ query: plan.query, scans: [] });
      expect(plans[0]!.indexes).toEqual(
        expect.arrayContaining(['dossier_documents_source_status_dossier_id_idx', 'dossier_messages_author_read_at_dossier_id_idx']),
      );
    });
  });
});
