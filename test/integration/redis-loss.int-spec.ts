import type { ParsedMail } from 'mailparser';
import { JobName, QueueName, recurringJobs } from '../../src/infra/queue/queue.jobs';
import type { QueueService } from '../../src/infra/queue/queue.service';
import { RecurringJobs } from '../../src/infra/queue/recurring-jobs';
import type { RunningWorker } from '../../src/worker';
import type { AgentClient } from '../support/api';
import { expectEachEmailOnce } from '../support/exactly-once';
import { createDossier, createStudent } from '../support/factories';
import { waitFor, patient } from '../support/processes';
import { PrivateRedis } from '../support/redis-server';
import { notificationIdOf, sentTo, SmtpSink } from '../support/smtp-sink';
import { JobsWorld } from '../support/worker';
import { versionOf } from '../support/workflow';

/**
 * Acceptance 3: Redis loses its data with deadlines pending. PostgreSQL is the source of
 * truth: the schedulers come back, the reconciliation gives the pending deadlines their jobs
 * back, and a deadline that passed meanwhile closes its dossier — once.
 */
describe('Redis losing its data', () => {
  // a day of ten minutes: no deadline nor reminder comes by itself while the test runs; the
  // test clock moves past the first deadline while the worker is down
  const DAY_MS = 600_000;
  let redis: PrivateRedis;
  let sink: SmtpSink;
  let world: JobsWorld;
  let api: AgentClient;
  let worker: RunningWorker;
  let queues: QueueService;

  beforeAll(async () => {
    redis = await PrivateRedis.start();
    sink = await SmtpSink.start();
    world = await JobsWorld.create({ REDIS_URL: redis.url, SMTP_URL: sink.url, DEADLINE_DAY_MS: String(DAY_MS), SCHEDULES_CHECK_MS: '1000' });
    api = await world.startApi();
    worker = await world.startWorker();
    queues = world.queues();
  });

  afterEach(() => world?.clock.reset());

  afterAll(async () => {
    await queues?.onModuleDestroy();
    await world?.close();
    await redis?.close();
    await sink?.close();
  });

  /** The e-mails the sink had before a wipe that come again after it (reconciliation must requeue only unsent ones). */
  const sentAgain = (before: number) => {
    const earlier = new Set(sink.messages.slice(0, before).map(notificationIdOf));
    return sink.messages
      .slice(before)
      .filter((m) => earlier.has(notificationIdOf(m)))
      .map((m) => m.subject);
  };

  /** The templates of these messages (one per message, sorted). */
  async function templatesOf(mails: ParsedMail[]): Promise<string[]> {
    const rows = await world.sql<{ id: string; template: string }>(`SELECT id::text, template FROM notifications`);
    const templates = new Map(rows.map((r) => [r.id, r.template]));
    return mails.map((m) => templates.get(notificationIdOf(m) ?? '') ?? `unknown: ${m.subject}`).sort();
  }

  async function complementDue(days: number) {
    const student = await createStudent(api);
    const dossier = await createDossier(api, { studentId: student.id });
    await api
      .post(`/api/dossiers/${dossier.id}/complement-requests`, { dueInDays: days })
      .set('if-match', await versionOf(api, dossier.id))
      .expect(201);
    const [deadline] = await world.sql<{ id: string }>(`SELECT id FROM deadlines WHERE dossier_id = $1`, [dossier.id]);
    await waitFor(async () => Boolean(await queues.find(JobName.FireDeadline, { deadlineId: deadline!.id })), 10_000, 'the deadline job');
    return { dossier, deadlineId: deadline!.id, email: (await api.get(`/api/students/${student.id}`).expect(200)).body.email as string };
  }

  it(
    'puts the schedulers and the delayed jobs back, and closes the dossier whose deadline passed meanwhile, once',
    async () => {
      const soon = await complementDue(2);
      const later = await complementDue(90);
      expect((await queues.queue(QueueName.Maintenance).getJobSchedulers()).length).toBe(recurringJobs().length);
      // what the students were told so far has gone out (received, complement requested) before the wipe
      for (const { email } of [soon, later]) await sink.waitFor(2, 15_000, sentTo(email));
      const told = `SELECT 1 FROM notifications WHERE status = 'sent' AND template IN ('dossier_opened', 'complement_requested')`;
      await waitFor(async () => (await world.sql(told)).length === 4, 10_000, 'the four e-mails recorded sent');

      // the server restarts without its Redis data: the worker is down, Redis comes back empty
      await worker.stop();
      const beforeWipe = sink.messages.length;
      await redis.flush();
      expect(await queues.find(JobName.FireDeadline, { deadlineId: soon.deadlineId })).toBeUndefined();
      expect(await queues.find(JobName.FireDeadline, { deadlineId: later.deadlineId })).toBeUndefined();
      // the first deadline passes while nothing runs
      world.clock.advance(3 * DAY_MS);
      expect((await api.get(`/api/dossiers/${soon.dossier.id}`)).body.status).toBe('incomplete');

      // the worker starts, finds the schedulers gone, puts them back and reconciles: the deadline
      // that passed while nothing watched it closes its dossier, the other gets its jobs back
      worker = await world.startWorker();
      await waitFor(async () => (await api.get(`/api/dossiers/${soon.dossier.id}`)).body.status === 'closed', 15_000, 'the dossier past its deadline to close');
      expect((await api.get(`/api/dossiers/${soon.dossier.id}`)).body.closeReason).toBe('deadline_expired');
      await waitFor(async () => Boolean(await queues.find(JobName.FireDeadline, { deadlineId: later.deadlineId })), 10_000, 'the pending deadline job back');
      const restored = await queues.find(JobName.FireDeadline, { deadlineId: later.deadlineId });
      expect(await restored!.getState()).toBe('delayed');
      // its reminders ahead are back too
      expect(await queues.find(JobName.RemindDeadline, { deadlineId: later.deadlineId, daysBefore: 7 })).toBeDefined();
      expect((await queues.queue(QueueName.Maintenance).getJobSchedulers()).map((s) => s.key).sort()).toEqual(
        recurringJobs()
          .map((j) => j.name)
          .sort(),
      );
      const runs = await world.sql<{ outcome: { fired: number; restored: number } }>(
        `SELECT outcome FROM job_runs WHERE name = $1 AND finished_at IS NOT NULL`,
        [JobName.ReconcileDeadlines],
      );
      // the first start reconciled an empty world (a busy machine may add a run with nothing to do); this one found the work, once
      const outcomes = runs.map((r) => r.outcome);
      expect(outcomes).toContainEqual(expect.objectContaining({ fired: 1, restored: 1 }));
      expect(outcomes.reduce((fired, o) => fired + o.fired, 0)).toBe(1);

      // a second reconciliation finds nothing to do: the dossier is not closed twice
      const [{ last }] = (await world.sql<{ last: string }>(`SELECT coalesce(max(id), 0)::text AS last FROM job_runs`)) as [{ last: string }];
      await worker.app.get(RecurringJobs).runNow(JobName.ReconcileDeadlines, 'test');
      // the runs since (the one asked for; a busy machine may add a scheduled one), once all have finished
      const since = `SELECT outcome, finished_at FROM job_runs WHERE name = $1 AND id > $2::bigint`;
      const runsSince = () => world.sql<{ outcome: Record<string, number> | null; finished_at: Date | null }>(since, [JobName.ReconcileDeadlines, last]);
      await waitFor(async () => ((runs) => runs.length > 0 && runs.every((r) => r.finished_at))(await runsSince()), 30_000, 'another run');
      for (const run of await runsSince()) expect(run.outcome).toMatchObject({ fired: 0, restored: 0, emailsRequeued: 0 });
      await expectEachEmailOnce(sink, world, {
        [soon.email]: ['dossier_opened', 'complement_requested', 'dossier_closed'],
        [later.email]: ['dossier_opened', 'complement_requested'],
      });
      // nothing sent before the wipe went again; after it, the closing (no reminder: the deadline had passed)
      expect(sentAgain(beforeWipe)).toEqual([]);
      expect(await templatesOf(sink.messages.slice(beforeWipe))).toEqual(['dossier_closed']);
      const closings = await world.sql(`SELECT 1 FROM dossier_history WHERE dossier_id = $1 AND event = 'closed'`, [soon.dossier.id]);
      expect(closings).toHaveLength(1);
      expect((await api.get(`/api/dossiers/${later.dossier.id}`)).body.status).toBe('incomplete');
    },
    patient(90_000),
  );

  it(
    'sends an e-mail whose retry Redis lost while the worker ran, once the SMTP server is back',
    async () => {
      sink.refuse();
      const student = await createStudent(api);
      const email = (await api.get(`/api/students/${student.id}`).expect(200)).body.email as string;
      const dossier = await createDossier(api, { studentId: student.id });
      const state = async () =>
        (
          await world.sql<{ id: string; status: string; attempts: number }>(`SELECT id, status, attempts FROM notifications WHERE dossier_id = $1`, [
            dossier.id,
          ])
        )[0];
      await waitFor(async () => (await state())?.status === 'retrying', 10_000, 'a refused attempt');
      const beforeWipe = sink.messages.length;
      const last = (
        await world.sql<{ last: string }>(`SELECT coalesce(max(id), 0)::text AS last FROM job_runs WHERE name = $1`, [JobName.ReconcileDeadlines])
      )[0]!.last;

      // Redis loses everything, the e-mail's pending retry included. The worker's periodic check
      // finds the schedulers gone and reconciles (possibly at once: the job is not asserted gone
      // here, the reconciliation's own count of what it had to put back says it was).
      await redis.flush();
      const requeued = async () =>
        (
          await world.sql(`SELECT 1 FROM job_runs WHERE name = $1 AND id > $2 AND finished_at IS NOT NULL AND (outcome->>'emailsRequeued')::int >= 1`, [
            JobName.ReconcileDeadlines,
            last,
          ])
        ).length > 0;
      await waitFor(requeued, 15_000, 'a reconciliation that puts the e-mail back');

      sink.accept();
      await sink.waitFor(1, 20_000, sentTo(email));
      await expectEachEmailOnce(sink, world, { [email]: ['dossier_opened'] });
      // the e-mails of the first test, sent before this wipe, were not put back
      expect(sentAgain(beforeWipe)).toEqual([]);
      expect(await templatesOf(sink.messages.slice(beforeWipe))).toEqual(['dossier_opened']);
      expect(await state()).toMatchObject({ status: 'sent' });
    },
    patient(90_000),
  );
});
