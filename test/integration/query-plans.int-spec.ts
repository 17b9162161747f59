import { randomUUID } from 'node:crypto';
import { patient } from '../support/processes';
import { PrismaPg } from '@prisma/adapter-pg';
import { Pool } from 'pg';
import { generate } from '../../bench/generate';
import { DashboardRepository } from '../../src/dashboard/dashboard.repository';
import { DossiersRepository } from '../../src/dossiers/dossiers.repository';
import type { Clock } from '../../src/common/clock';
import { PrismaClient } from '../../src/infra/prisma/generated/client';
import type { PrismaService } from '../../src/infra/prisma/prisma.service';
import { NotificationsRepository } from '../../src/notifications/notifications.repository';
import { RemindersRepository } from '../../src/reminders/reminders.repository';
import { WorkflowRepository } from '../../src/workflow/workflow.repository';
import { migratedDatabase } from '../support/scratch-database';
import { TestClock } from '../support/test-clock';

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}

/** Every index the plan reads. */
function indexesRead(node: PlanNode): string[] {
  return [...(node['Index Name'] ? [node['Index Name']] : []), ...(node.Plans ?? []).flatMap(indexesRead)];
}

/** The tables that grow with the dossiers (the catalog's few rows are rightly read whole). */
const BIG_TABLES = ['dossiers', 'students', 'deadlines', 'complement_requests', 'notifications', 'dossier_history', 'dossier_documents', 'dossier_messages'];

/** Every big table read by a sequential scan somewhere in the plan. */
function seqScans(node: PlanNode): string[] {
  const own = node['Node Type'] === 'Seq Scan' && BIG_TABLES.includes(node['Relation Name'] ?? '') ? [node['Relation Name']!] : [];
  return [...own, ...(node.Plans ?? []).flatMap(seqScans)];
}

/**
 * The plans of the list and sweep queries, at a million dossiers (issue 7): the statements
 * the repositories really send (caught from Prisma's query log) are explained on a database
 * of 1,000,000 generated dossiers; none may read the dossiers (or the deadlines and e-mails
 * the sweeps walk) by a sequential scan.
 */
describe('query plans at a million dossiers', () => {
  let database: { url: string; drop: () => Promise<void> };
  let pool: Pool;
  let prisma: PrismaClient;
  let sent: { query: string; params: string }[] = [];

  beforeAll(async () => {
    database = await migratedDatabase();
    pool = new Pool({ connectionString: database.url, max: 3 });
    await generate(pool, { dossiers: 1_000_000, core: true });
    prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: database.url, max: 2 }), log: [{ emit: 'event', level: 'query' }] });
    const logged = prisma as unknown as { $on(event: 'query', listener: (e: { query: string; params: string }) => void): void };
    logged.$on('query', (event) => sent.push({ query: event.query, params: event.params }));
  }, patient(900_000));

  afterAll(async () => {
    await prisma?.$disconnect();
    await pool?.end();
    await database?.drop();
  });

  /** Runs `call` and explains each statement it sent (a transaction's BEGIN/COMMIT aside), in a transaction rolled back. */
  async function plansOf(call: () => Promise<unknown>): Promise<{ query: string; scans: string[]; indexes: string[] }[]> {
    sent = [];
    await call();
    const statements = sent.filter((s) => /^\s*(SELECT|UPDATE|INSERT|DELETE|WITH)/i.test(s.query));
    expect(statements.length).toBeGreaterThan(0);
    const client = await pool.connect();
    try {
      const plans = [];
      for (const statement of statements) {
        await client.query('BEGIN');
        try {
          const { rows } = await client.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(
            `EXPLAIN (FORMAT JSON) ${statement.query}`,
            JSON.parse(statement.params) as unknown[],
          );
          const plan = rows[0]!['QUERY PLAN'][0].Plan;
          plans.push({ query: statement.query, scans: seqScans(plan), indexes: indexesRead(plan) });
        } finally {
          await client.query('ROLLBACK');
        }
      }
      return plans;
    } finally {
      client.release();
    }
  }

  const repository = <T>(Repository: new (prisma: PrismaService, clock: Clock) => T): T => new Repository(prisma as unknown as PrismaService, new TestClock());

  it('has a million dossiers, and the planner knows it', async () => {
    const { rows } = await pool.query<{ reltuples: number }>(`SELECT reltuples FROM pg_class WHERE relname = 'dossiers'`);
    expect(rows[0]!.reltuples).toBeGreaterThan(900_000);
  });

  it.each([
    ['a status and a name', { statuses: ['incomplete' as const], words: ['nguyen'] }],
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

  it('finds a rare name through the trigram index, not by walking a status in date order', async () => {
    const [plan] = await plansOf(() =>
      repository(DossiersRepository).list({ scope: null, sort: '-receivedAt', limit: 50, statuses: ['decided'], words: ['shevchenko', 'iryna'] }),
    );
    expect(plan!.indexes).toContain('dossiers_search_text_idx');
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
    beforeAll(async () => {
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
    }, patient(300_000));

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
