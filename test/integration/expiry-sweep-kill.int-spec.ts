import { Client } from 'pg';
import type { AgentClient } from '../support/api';
import { expectEachEmailOnce } from '../support/exactly-once';
import { aStudent, createInstitution } from '../support/factories';
import { waitFor, patient } from '../support/processes';
import { notificationIdOf, SmtpSink } from '../support/smtp-sink';
import { JobsWorld } from '../support/worker';

const DOSSIERS = 300;

/**
 * The nightly reconciliation's expiry sweep closes many dossiers whose complement deadline
 * passed while no worker ran. Worker processes are killed (SIGKILL) in the middle of it — once
 * inside the sweep's transaction, once while the closing e-mails go out — and another worker
 * finishes the work: each dossier is closed once, each student told once.
 */
describe('a worker killed during the expiry sweep', () => {
  let sink: SmtpSink;
  let world: JobsWorld;
  let api: AgentClient;

  beforeAll(async () => {
    sink = await SmtpSink.start();
    world = await JobsWorld.create({ SMTP_URL: sink.url });
    api = await world.startApi();
  });

  afterAll(async () => {
    await sink?.release();
    await world?.close();
    await sink?.close();
  });

  it(
    `closes each of ${DOSSIERS} dossiers once and sends each closing e-mail once`,
    async () => {
      // an incomplete dossier opened through the API (its e-mails sent), and copies of it with
      // their own students, to 300 in all
      const first = world.spawnWorker();
      const body = aStudent((await createInstitution(api)).id);
      const student = await api.post('/api/students', body).expect(201);
      const dossier = await api.post('/api/dossiers', { studentId: student.body.id, procedureCode: 'rece' }).expect(201);
      await api.post(`/api/dossiers/${dossier.body.id}/complement-requests`, { dueInDays: 30 }).set('if-match', dossier.headers.etag!).expect(201);
      const sent = async (template: string) =>
        (await world.sql<{ n: number }>(`SELECT count(*)::int AS n FROM notifications WHERE template = $1 AND status = 'sent'`, [template]))[0]!.n;
      await waitFor(async () => (await sent('complement_requested')) === 1, 30_000, 'the e-mails of the request');
      first.child.kill('SIGTERM');
      expect(await first.exited).toBe(0);
      await copyDossier(world, dossier.body.id, DOSSIERS - 1);
      const dossiers = await world.sql<{ id: string; email: string }>(
        `SELECT d.id::text, s.email FROM dossiers d JOIN students s ON s.id = d.student_id WHERE d.status = 'incomplete' ORDER BY d.id`,
      );
      expect(dossiers).toHaveLength(DOSSIERS);

      // the deadlines pass while no worker runs
      await world.sql(`UPDATE deadlines SET due_at = now() - interval '1 hour' WHERE kind = 'complement'`);

      // a worker starts and sweeps (its start-up reconciliation); one dossier is held by someone
      // else, so the sweep's transaction waits in the middle — and the worker is killed there
      const holder = new Client({ connectionString: world.env.DATABASE_URL });
      await holder.connect();
      try {
        await holder.query('BEGIN');
        await holder.query('SELECT 1 FROM dossiers WHERE id = $1 FOR UPDATE', [dossiers.at(-1)!.id]);
        const second = world.spawnWorker();
        const sweeping = `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND wait_event_type = 'Lock' AND query LIKE '%UPDATE dossiers d SET status%'`;
        await waitFor(async () => (await world.sql(sweeping)).length === 1, 60_000, 'the sweep to be under way');
        second.child.kill('SIGKILL');
        await second.exited;
        await holder.query('ROLLBACK');
        // its transaction never committed: PostgreSQL rolls it back once it sees the client gone
        await waitFor(
          async () => (await world.sql(sweeping.replace(" AND wait_event_type = 'Lock'", ''))).length === 0,
          30_000,
          'the killed worker’s transaction to end',
        );
      } finally {
        await holder.end();
      }
      expect(await world.sql(`SELECT 1 FROM dossier_history WHERE event = 'closed'`)).toHaveLength(0);
      expect(await world.sql(`SELECT DISTINCT status::text FROM dossiers`)).toEqual([{ status: 'incomplete' }]);

      // another worker sweeps; it is killed while the closing e-mails go out (the SMTP server
      // holding its answers, so that no message is between its 250 and its record)
      const closingsAtSink = () => sink.messages.filter((m) => / clos$/.test(m.subject ?? '')).length;
      const third = world.spawnWorker();
      await waitFor(() => closingsAtSink() >= DOSSIERS / 3, 120_000, 'a third of the closing e-mails');
      sink.pause();
      await waitFor(
        async () => sink.held() > 0 && sink.quietFor() >= 500 && (await sent('dossier_closed')) === closingsAtSink(),
        30_000,
        'the e-mails under way to be held',
      );
      third.child.kill('SIGKILL');
      await third.exited;
      await waitFor(() => sink.held() === 0, 10_000, 'the SMTP server to see the connections gone');
      await sink.release();
      expect(closingsAtSink()).toBeLessThan(DOSSIERS);

      // a last worker takes over what was under way and sends the rest
      world.spawnWorker();
      await waitFor(async () => (await sent('dossier_closed')) === DOSSIERS, 120_000, 'every closing e-mail recorded sent');
      await expectEachEmailOnce(sink, world, {
        ...Object.fromEntries(dossiers.map(({ email }) => [email, ['dossier_closed']])),
        [body.email]: ['dossier_opened', 'complement_requested', 'dossier_closed'],
      });
      const closings = await world.sql<{ closings: number; n: number }>(
        `SELECT closings, count(*)::int AS n FROM (SELECT count(*)::int AS closings FROM dossier_history WHERE event = 'closed' GROUP BY dossier_id) c GROUP BY closings`,
      );
      expect(closings).toEqual([{ closings: 1, n: DOSSIERS }]);
      expect(await world.sql(`SELECT status::text, close_reason::text, count(*)::int AS n FROM dossiers GROUP BY 1, 2`)).toEqual([
        { status: 'closed', close_reason: 'deadline_expired', n: DOSSIERS },
      ]);
      expect(await world.sql(`SELECT status::text, count(*)::int AS n FROM deadlines GROUP BY 1`)).toEqual([{ status: 'fired', n: DOSSIERS }]);
      // the e-mails held when the worker died went once, by the last worker
      expect(new Set(sink.messages.map(notificationIdOf)).size).toBe(sink.messages.length);
    },
    patient(300_000),
  );
});

/**
 * Copies of an incomplete dossier — its student, history, complement request and deadline —
 * `count` of them, each with a student of its own, written by one INSERT … SELECT per table
 * (opening as many through the API would take minutes on a loaded machine). Ids are derived
 * from the original's and the copy's number; unique values get the number too.
 */
async function copyDossier(world: JobsWorld, dossierId: string, count: number): Promise<void> {
  const copy = async (table: string, where: string, overrides: Record<string, string | null>) => {
    const columns = (
      await world.sql<{ name: string }>(
        `SELECT column_name AS name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1 ORDER BY ordinal_position`,
        [table],
      )
    )
      .map((c) => c.name)
      .filter((name) => overrides[name] !== null);
    const values = columns.map((name) => overrides[name] ?? `t."${name}"`);
    await world.sql(
      `INSERT INTO ${table} (${columns.map((c) => `"${c}"`).join(', ')}) SELECT ${values.join(', ')} FROM ${table} t, generate_series(1, ${count}) AS g WHERE ${where}`,
      [dossierId],
    );
  };
  const copied = (column: string) => `md5(t.${column}::text || ':' || g)::uuid`;
  await copy('students', 't.id = (SELECT student_id FROM dossiers WHERE id = $1)', {
    id: copied('id'),
    student_number: `t.student_number || '-' || g`,
    email: `'copy' || g || '.' || t.email`,
    foreigner_number: 'NULL',
  });
  await copy('dossiers', 't.id = $1', { id: copied('id'), student_id: copied('student_id'), reference: `t.reference || '-' || g` });
  await copy('dossier_history', 't.dossier_id = $1', { id: null, dossier_id: copied('dossier_id') });
  await copy('complement_requests', 't.dossier_id = $1', { id: copied('id'), dossier_id: copied('dossier_id') });
  await copy('deadlines', 't.dossier_id = $1', { id: copied('id'), dossier_id: copied('dossier_id'), complement_request_id: copied('complement_request_id') });
}
