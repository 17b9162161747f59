import { JobName, recurringJobs } from '../../src/infra/queue/queue.jobs';
import type { AgentClient } from '../support/api';
import { expectEachEmailOnce } from '../support/exactly-once';
import { createDossier, createStudent } from '../support/factories';
import { run, waitFor, patient } from '../support/processes';
import { sentTo, SmtpSink } from '../support/smtp-sink';
import { JobsWorld } from '../support/worker';
import { versionOf } from '../support/workflow';

/** Worker processes (dist/worker.js) killed, stopped and run side by side. */
describe('worker processes', () => {
  let sink: SmtpSink;
  let world: JobsWorld;
  let api: AgentClient;

  beforeAll(async () => {
    sink = await SmtpSink.start();
  });

  beforeEach(async () => {
    sink.hold(0);
    await sink.release();
    world = await JobsWorld.create({ SMTP_URL: sink.url });
    api = await world.startApi();
  });

  afterEach(async () => {
    await world?.close();
  });

  afterAll(async () => {
    await sink?.close();
  });

  async function newStudent() {
    const student = await createStudent(api);
    return { id: student.id, email: (await api.get(`/api/students/${student.id}`).expect(200)).body.email as string };
  }

  const notification = async (dossierId: string) =>
    (await world.sql<{ status: string; attempts: number }>(`SELECT status, attempts FROM notifications WHERE dossier_id = $1`, [dossierId]))[0];

  // acceptance 5
  it(
    'neither loses nor duplicates an e-mail when the worker is killed (SIGKILL) in the middle of sending it',
    async () => {
      sink.pause();
      const first = world.spawnWorker();
      const student = await newStudent();
      const dossier = await createDossier(api, { studentId: student.id });
      await waitFor(() => sink.held() === 1, 20_000, 'the SMTP server to be holding the e-mail');
      first.child.kill('SIGKILL');
      await first.exited;
      expect(await notification(dossier.id)).toEqual({ status: 'sending', attempts: 1 });

      // the SMTP server never answered 250 to a live connection: the e-mail was not delivered
      await waitFor(() => sink.held() === 0, 10_000, 'the SMTP server to see the connection gone');
      await sink.release();
      expect(sink.messages.filter(sentTo(student.email))).toHaveLength(0);

      // another worker takes the job over once the lock and the lease have run out, and sends it
      world.spawnWorker();
      const mails = await sink.waitFor(1, 30_000, sentTo(student.email));
      expect(mails[0]!.messageId).toMatch(/@passerelle\.localhost>?$/);
      await expectEachEmailOnce(sink, world, { [student.email]: ['dossier_opened'] });
      expect(await notification(dossier.id)).toEqual({ status: 'sent', attempts: 2 });
    },
    patient(90_000),
  );

  it(
    'finishes the e-mail it is sending before stopping on SIGTERM',
    async () => {
      let held = false;
      sink.hold(1_500, () => (held = true));
      const worker = world.spawnWorker();
      const student = await newStudent();
      const dossier = await createDossier(api, { studentId: student.id });
      await waitFor(() => held, 15_000, 'the e-mail to be under way');
      worker.child.kill('SIGTERM');
      expect(await worker.exited).toBe(0);
      expect(sink.messages.filter(sentTo(student.email))).toHaveLength(1);
      expect(await notification(dossier.id)).toEqual({ status: 'sent', attempts: 1 });
      expect(worker.output()).toContain('SIGTERM: finishing the jobs under way, then stopping');
      // and nothing comes later from another worker: it was recorded sent
      world.spawnWorker();
      await expectEachEmailOnce(sink, world, { [student.email]: ['dossier_opened'] });
    },
    patient(60_000),
  );

  // acceptance 6
  it('runs each tick of a nightly job once, with two workers running', async () => {
    const env = { NIGHTLY_CRON: '*/2 * * * * *' };
    const workers = [world.spawnWorker(env), world.spawnWorker(env)];
    await waitFor(() => workers.every((w) => w.output().includes('Worker ready')), 20_000, 'both workers');
    await new Promise((r) => setTimeout(r, 9_000));
    for (const w of workers) w.child.kill('SIGTERM');
    expect(await Promise.all(workers.map((w) => w.exited))).toEqual([0, 0]);

    // what each worker says it ran, tick by tick
    const ran = workers.flatMap((w, index) =>
      w
        .output()
        .split('\n')
        .filter((line) => line.includes('"msg":"Ran '))
        .map((line) => JSON.parse(line) as { job: JobName; scheduledFor: string | null })
        .filter((entry) => entry.scheduledFor !== null)
        .map((entry) => ({ ...entry, index })),
    );
    const nightly = recurringJobs()
      .filter((j) => j.schedule === 'nightly')
      .map((j) => j.name);
    for (const name of nightly) {
      const ticks = ran.filter((r) => r.job === name).map((r) => r.scheduledFor);
      expect(ticks.length).toBeGreaterThanOrEqual(3);
      expect(new Set(ticks).size).toBe(ticks.length); // no tick twice
    }
    const rows = await world.sql<{ name: string; n: string }>(
      `SELECT name, count(*) AS n FROM job_runs WHERE scheduled_for IS NOT NULL AND finished_at IS NOT NULL GROUP BY name`,
    );
    expect(Object.fromEntries(rows.map((r) => [r.name, Number(r.n)]))).toEqual(
      Object.fromEntries(nightly.map((name) => [name, ran.filter((r) => r.job === name).length])),
    );
    // one scheduler per recurring job, however many workers registered them
    const queues = world.queues();
    try {
      const schedulers = (await Promise.all(queues.all().map((q) => q.getJobSchedulers()))).flat();
      expect(schedulers.map((s) => s.key).sort()).toEqual(
        recurringJobs()
          .map((j) => j.name)
          .sort(),
      );
    } finally {
      await queues.onModuleDestroy();
    }
    expect(ran.some((r) => r.job === JobName.ReconcileDeadlines)).toBe(true);
  });

  it('runs a recurring job by hand (jobs:run) on the running worker and prints its outcome', async () => {
    const worker = world.spawnWorker();
    await waitFor(() => worker.output().includes('Worker ready'), 20_000, 'the worker');
    // a complement deadline whose day has come while its job still waits (its clock moved)
    const dossier = await createDossier(api);
    await api
      .post(`/api/dossiers/${dossier.id}/complement-requests`, { dueInDays: 30 })
      .set('if-match', await versionOf(api, dossier.id))
      .expect(201);
    const [deadline] = await world.sql<{ id: string }>(`SELECT id FROM deadlines WHERE dossier_id = $1`, [dossier.id]);
    const queues = world.queues();
    try {
      await waitFor(async () => Boolean(await queues.find(JobName.FireDeadline, { deadlineId: deadline!.id })), 10_000, 'the deadline job');
    } finally {
      await queues.onModuleDestroy();
    }
    await world.sql(`UPDATE deadlines SET due_at = now() - interval '1 hour' WHERE id = $1`, [deadline!.id]);
    const cli = run('cli.js', ['jobs:run', JobName.ReconcileDeadlines], world.env);
    expect(await cli.exited).toBe(0);
    expect(cli.output()).toMatch(/queued deadlines\.reconcile \(job run:deadlines\.reconcile:\d+-cli\); waiting for the worker/);
    expect(cli.output()).toMatch(/deadlines\.reconcile done: \{"fired":1,/);
    expect((await api.get(`/api/dossiers/${dossier.id}`).expect(200)).body.status).toBe('closed');

    const unknown = run('cli.js', ['jobs:run', 'nightly.everything'], world.env);
    expect(await unknown.exited).toBe(2);
    expect(unknown.output()).toContain('no recurring job named nightly.everything');
    expect(unknown.output()).toContain(JobName.WatchPermitExpiry);
  });
});
