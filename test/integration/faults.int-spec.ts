import { JobName } from '../../src/infra/queue/queue.jobs';
import { NotificationsService } from '../../src/notifications/notifications.service';
import { RemindersService } from '../../src/reminders/reminders.service';
import type { AgentClient } from '../support/api';
import { expectEachEmailOnce } from '../support/exactly-once';
import { createDossier, createStudent } from '../support/factories';
import { waitFor, patient } from '../support/processes';
import { sentTo, SmtpSink } from '../support/smtp-sink';
import { JobsWorld } from '../support/worker';
import { versionOf } from '../support/workflow';

/** Faults between the steps of a job: each retried step finds the work of the one before, nothing goes twice or is lost. */
describe('faults inside jobs', () => {
  let sink: SmtpSink;
  let world: JobsWorld;
  let api: AgentClient;

  beforeEach(async () => {
    sink = await SmtpSink.start();
  });

  afterEach(async () => {
    await world?.close();
    await sink?.close();
  });

  async function newStudent(overrides: Record<string, unknown> = {}) {
    const student = await createStudent(api, overrides);
    return { id: student.id, email: (await api.get(`/api/students/${student.id}`).expect(200)).body.email as string };
  }

  it(
    'sends an e-mail once when PostgreSQL fails to record it sent, right after the SMTP server took it',
    async () => {
      world = await JobsWorld.create({ SMTP_URL: sink.url });
      // the first attempt at recording an e-mail as sent fails in the database itself (a sequence
      // counts the attempts: unlike a table, it is not rolled back with the failed statement)
      await world.sql(`CREATE SEQUENCE sent_attempts`);
      await world.sql(`
      CREATE FUNCTION fail_first_sent() RETURNS trigger AS $$
      BEGIN
        IF NEW.status = 'sent' AND nextval('sent_attempts') = 1 THEN
          RAISE EXCEPTION 'injected fault: could not record the e-mail as sent';
        END IF;
        RETURN NEW;
      END $$ LANGUAGE plpgsql`);
      await world.sql(`CREATE TRIGGER fail_first_sent BEFORE UPDATE ON notifications FOR EACH ROW EXECUTE FUNCTION fail_first_sent()`);
      api = await world.startApi();
      await world.startWorker();
      const student = await newStudent();
      const dossier = await createDossier(api, { studentId: student.id });
      await waitFor(
        async () => (await world.sql(`SELECT 1 FROM notifications WHERE dossier_id = $1 AND status = 'sent'`, [dossier.id])).length === 1,
        10_000,
        'the e-mail recorded as sent',
      );
      // the fault did happen: two tries at recording it
      expect(await world.sql(`SELECT last_value FROM sent_attempts`)).toEqual([{ last_value: '2' }]);
      await expectEachEmailOnce(sink, world, { [student.email]: ['dossier_opened'] });
      expect(await world.sql(`SELECT status, attempts FROM notifications WHERE dossier_id = $1`, [dossier.id])).toEqual([{ status: 'sent', attempts: 1 }]);
    },
    patient(60_000),
  );

  it(
    'sends only the latest reminder when the worker comes back after several fell due (Redis kept their jobs)',
    async () => {
      // a day lasts 1 s: D-7, D-3, D-1 and D fall due on Redis's (wall) clock while the worker is away;
      // it comes back with the office's clock held between D-1 and D, so no race with the closing
      const DAY_MS = 1_000;
      world = await JobsWorld.create({ SMTP_URL: sink.url, DEADLINE_DAY_MS: String(DAY_MS) });
      api = await world.startApi();
      let worker = await world.startWorker();
      const student = await newStudent({ preferredLanguage: 'en' });
      const dossier = await createDossier(api, { studentId: student.id });
      const version = await versionOf(api, dossier.id);
      await api.post(`/api/dossiers/${dossier.id}/complement-requests`, { dueInDays: 10 }).set('if-match', version).expect(201);
      const [deadline] = await world.sql<{ id: string; due_at: Date }>(`SELECT id, due_at FROM deadlines WHERE dossier_id = $1`, [dossier.id]);
      const dueAt = deadline!.due_at.getTime();
      const queues = world.queues();
      const reminderJobs = () => Promise.all([7, 3, 1].map((daysBefore) => queues.find(JobName.RemindDeadline, { deadlineId: deadline!.id, daysBefore })));
      try {
        await waitFor(async () => (await reminderJobs()).every(Boolean), 30_000, 'the reminder jobs');
        await worker.stop();
        // every job of the deadline is due by Redis's clock
        await waitFor(() => Date.now() > dueAt + 100, 60_000, 'the deadline to pass on the wall clock');
        world.clock.freeze(new Date(dueAt - DAY_MS / 2));
        worker = await world.startWorker();
        // the three reminders ran (two skipped as superseded), the closing waits for the office's clock
        await waitFor(
          async () => (await Promise.all((await reminderJobs()).map((job) => job!.getState()))).every((state) => state === 'completed'),
          60_000,
          'the reminders to run',
        );
      } finally {
        await queues.onModuleDestroy();
      }
      const isReminder = (m: { subject?: string }) => /reminder|last day/i.test(m.subject!);
      await sink.waitFor(1, 30_000, (m) => sentTo(student.email)(m) && isReminder(m));
      expect((await api.get(`/api/dossiers/${dossier.id}`).expect(200)).body.status).toBe('incomplete');
      world.clock.reset();
      // then the deadline closes the dossier; each e-mail once, of the reminders the latest only
      await waitFor(
        async () => (await api.get(`/api/dossiers/${dossier.id}`).expect(200)).body.status === 'closed',
        60_000,
        'the deadline to close the dossier',
      );
      await expectEachEmailOnce(sink, world, { [student.email]: ['dossier_opened', 'complement_requested', 'complement_reminder', 'dossier_closed'] });
      const reminders = sink.messages.filter(sentTo(student.email)).filter(isReminder);
      expect(reminders.map((m) => m.subject)).toEqual([expect.stringMatching(/last day/)]);
    },
    patient(180_000),
  );

  it(
    'records the implicit-rejection alert even when queueing it failed once (the job retried)',
    async () => {
      world = await JobsWorld.create({ SMTP_URL: sink.url });
      api = await world.startApi();
      const worker = await world.startWorker();
      const reminders = worker.app.get(RemindersService);
      const notifications = worker.app.get(NotificationsService);
      const student = await newStudent();
      const dossier = await createDossier(api, { studentId: student.id });
      const [deadline] = await world.sql<{ id: string }>(
        `INSERT INTO deadlines (id, dossier_id, kind, due_at, status, created_at) VALUES (gen_random_uuid(), $1, 'prefecture_silence', now() - interval '1 second', 'pending', now()) RETURNING id`,
        [dossier.id],
      );
      // Redis refuses the alert's job once (a fault injected in front of the producer)
      const notify = notifications.notify.bind(notifications);
      let failed = false;
      notifications.notify = async (drafts) => {
        if (!failed) {
          failed = true;
          throw new Error('adding jobs to Redis took more than 5000 ms');
        }
        return notify(drafts);
      };
      const job = { id: 'test', attemptsMade: 0, maxAttempts: 8, scheduledFor: null, delayUntil: () => Promise.reject(new Error('not delayed')) };
      await expect(reminders.fire({ deadlineId: deadline!.id }, job)).rejects.toThrow(/Redis/);
      expect(await world.sql(`SELECT status FROM deadlines WHERE id = $1`, [deadline!.id])).toEqual([{ status: 'pending' }]);
      // BullMQ retries the job
      expect(await reminders.fire({ deadlineId: deadline!.id }, job)).toMatchObject({ result: 'implicit-rejection' });
      expect(await world.sql(`SELECT template FROM notifications WHERE template = 'silence_alert'`)).toHaveLength(1);
      expect(await world.sql(`SELECT status FROM deadlines WHERE id = $1`, [deadline!.id])).toEqual([{ status: 'fired' }]);
      // and the alert reaches the office (the dossier has no assignee), once; the student's e-mail too
      await expectEachEmailOnce(sink, world, { [world.config.OFFICE_EMAIL]: ['silence_alert'], [student.email]: ['dossier_opened'] });
    },
    patient(60_000),
  );

  it(
    'relays the other outbox messages when one cannot be relayed, and sets that one aside after 5 tries',
    async () => {
      world = await JobsWorld.create({ SMTP_URL: sink.url });
      api = await world.startApi();
      const firstStudent = await newStudent();
      const first = await createDossier(api, { studentId: firstStudent.id });
      // an e-mail of a template this worker does not know (a newer one wrote it, or a bug)
      await world.sql(`INSERT INTO outbox (topic, key, dossier_id, payload) VALUES ('email', 'poison', $1, '{"template":"no_such_template"}')`, [first.id]);
      await world.startWorker();
      const student = await newStudent();
      await createDossier(api, { studentId: student.id });
      await sink.waitFor(1, 10_000, sentTo(student.email));
      await waitFor(
        async () => (await world.sql(`SELECT 1 FROM outbox WHERE key = 'poison' AND failed_at IS NOT NULL`)).length === 1,
        10_000,
        'the message set aside',
      );
      const [poison] = await world.sql<{ attempts: number; last_error: string; relayed_at: Date | null }>(
        `SELECT attempts, last_error, relayed_at FROM outbox WHERE key = 'poison'`,
      );
      expect(poison).toMatchObject({ attempts: 5, relayed_at: null });
      expect(poison!.last_error).toBe('unknown e-mail template no_such_template');
      expect(await world.sql(`SELECT key FROM outbox WHERE relayed_at IS NULL AND failed_at IS NULL`)).toEqual([]);
      await expectEachEmailOnce(sink, world, { [firstStudent.email]: ['dossier_opened'], [student.email]: ['dossier_opened'] });
    },
    patient(60_000),
  );
});
