import { JobName } from '../../src/infra/queue/queue.jobs';
import { RemindersService } from '../../src/reminders/reminders.service';
import type { RunningWorker } from '../../src/worker';
import type { AgentClient } from '../support/api';
import { createDossier, createStudent } from '../support/factories';
import { waitFor, patient } from '../support/processes';
import { sentTo, SmtpSink } from '../support/smtp-sink';
import { JobsWorld } from '../support/worker';
import { COMPLETE_RECE, recordAccepted, versionOf } from '../support/workflow';

/**
 * Acceptance 1: a complement request is followed by reminders at D-7, D-3 and D-1 and by the
 * closing at D — with a "day" of 1.5 s (DEADLINE_DAY_MS), not 30 days of sleep: the delayed
 * jobs wait on Redis's time. Real PostgreSQL, Redis and SMTP; the worker runs in the test
 * process. What is checked is the order, the counts, and that nothing comes before its time
 * (how late it comes depends on how busy the machine is, not on the code).
 */
describe('complement deadlines on the queues', () => {
  const DAY_MS = 1500;
  const JOB_LOCK_MS = 2000;
  /** Longer than every timer that could send an e-mail again: a stalled job is taken back within two lock times. */
  const QUIET_MS = 2 * JOB_LOCK_MS + DAY_MS;
  let world: JobsWorld;
  let sink: SmtpSink;
  let api: AgentClient;
  let worker: RunningWorker;

  beforeAll(async () => {
    sink = await SmtpSink.start();
    world = await JobsWorld.create({ SMTP_URL: sink.url, DEADLINE_DAY_MS: String(DAY_MS), JOB_LOCK_MS: String(JOB_LOCK_MS) });
    api = await world.startApi();
    worker = await world.startWorker();
  }, patient(60_000));

  afterAll(async () => {
    await world?.close();
    await sink?.close();
  });

  const to = sentTo;

  /** The deadline's jobs that Redis still holds, waiting or delayed (a finished one is kept, and not counted). */
  async function jobsAhead(deadlineId: string, reminderDays: number[]): Promise<string[]> {
    const queues = world.queues();
    try {
      const jobs = [
        { what: 'firing', job: await queues.find(JobName.FireDeadline, { deadlineId }) },
        ...(await Promise.all(
          reminderDays.map(async (daysBefore) => ({ what: `D-${daysBefore}`, job: await queues.find(JobName.RemindDeadline, { deadlineId, daysBefore }) })),
        )),
      ];
      const ahead: string[] = [];
      for (const { what, job } of jobs) if (job && !['completed', 'failed'].includes(await job.getState())) ahead.push(what);
      return ahead;
    } finally {
      await queues.onModuleDestroy();
    }
  }

  const deadlineOf = async (dossierId: string) =>
    (await world.sql<{ id: string; due_at: Date }>(`SELECT id, due_at FROM deadlines WHERE dossier_id = $1`, [dossierId]))[0]!;

  it(
    'reminds the student at D-7, D-3 and D-1, in their language, then closes the dossier at D, each e-mail once',
    async () => {
      const student = await createStudent(api, { preferredLanguage: 'en' });
      const email = (await api.get(`/api/students/${student.id}`).expect(200)).body.email as string;
      const dossier = await createDossier(api, { studentId: student.id });
      await api
        .post(`/api/dossiers/${dossier.id}/complement-requests`, { dueInDays: 8 })
        .set('if-match', await versionOf(api, dossier.id))
        .expect(201);
      const deadline = await deadlineOf(dossier.id);

      // opened, requested, 3 reminders, closed: 8 "days" of 1.5 s, however long the machine takes
      const mails = await sink.waitFor(6, 120_000, to(email));
      const subjects = mails.map((m) => m.subject!);
      expect(subjects[0]).toBe(`Dossier ${dossier.reference}: received`);
      expect(subjects[1]).toMatch(/documents to send us by \d{1,2} [A-Z][a-z]+ \d{4}$/);
      expect(subjects.slice(2, 4).every((s) => s.startsWith(`Dossier ${dossier.reference}: reminder, documents to reach us by`))).toBe(true);
      expect(subjects[4]).toBe(`Dossier ${dossier.reference}: last day for the documents to reach us`);
      expect(mails.slice(2, 4).map((m) => /You have (\d) days left/.exec(m.text!)?.[1])).toEqual(['7', '3']);
      expect(mails[4]!.text).toMatch(/Today, \d{1,2} [A-Z][a-z]+ \d{4}, is the last day/);
      expect(subjects[5]).toBe(`Dossier ${dossier.reference}: dossier closed`);
      expect(mails[5]!.text).toMatch(/did not reach us in time|did not arrive in time/);
      // each reminder lists what is still missing, in English, as the student is asked for it
      for (const reminder of mails.slice(1, 5)) {
        expect(reminder.text).toMatch(/^- A letter stating/m);
        expect(reminder.text).not.toMatch(/Pièce manquante|Missing document:/);
      }
      // never early: each reminder no sooner than 7, 3 and 1 days before the deadline, the closing no sooner than the deadline
      // (the delays run on Redis's time; a busy machine only makes them late, which the order above already allows)
      const dueAt = deadline.due_at.getTime();
      const planned = [7, 3, 1, 0].map((days) => dueAt - days * DAY_MS);
      const early = mails
        .slice(2)
        .map((m, i) => sink.arrivedAt(m) - planned[i]!)
        .filter((late) => late < -50);
      expect(early).toEqual([]);

      const current = (await api.get(`/api/dossiers/${dossier.id}`).expect(200)).body;
      expect(current).toMatchObject({ status: 'closed', closeReason: 'deadline_expired', deadlineAt: null });
      const timeline = (await api.get(`/api/dossiers/${dossier.id}/timeline`).expect(200)).body as { event: string; details: { status?: string } }[];
      expect(timeline.filter((e) => e.event === 'closed')).toHaveLength(1);
      expect(timeline.filter((e) => e.event === 'reminder').map((e) => e.details.status)).toEqual(['sent', 'sent', 'sent']);
      const notifications = (await api.get(`/api/dossiers/${dossier.id}/notifications`).expect(200)).body as {
        template: string;
        status: string;
        attempts: number;
        language: string;
      }[];
      expect(notifications.map((n) => n.template)).toEqual([
        'dossier_opened',
        'complement_requested',
        'complement_reminder',
        'complement_reminder',
        'complement_reminder',
        'dossier_closed',
      ]);
      expect(notifications.every((n) => n.status === 'sent' && n.language === 'en')).toBe(true);

      // nothing more comes: no job of the deadline is left, and after a quiet period longer than any retry, still six e-mails
      await waitFor(async () => (await jobsAhead(deadline.id, [7, 3, 1])).length === 0, 60_000, "the deadline's jobs to finish");
      await new Promise((r) => setTimeout(r, QUIET_MS));
      expect(sink.messages.filter(to(email))).toHaveLength(6);
    },
    patient(240_000),
  );

  it(
    'sends French to a French-speaking student, listing each missing document',
    async () => {
      const student = await createStudent(api, { preferredLanguage: 'fr' });
      const email = (await api.get(`/api/students/${student.id}`).expect(200)).body.email as string;
      const dossier = await createDossier(api, { studentId: student.id });
      // 7 and 3 days before a 2-day deadline were never due: only D-1, then the closing
      await api
        .post(`/api/dossiers/${dossier.id}/complement-requests`, { dueInDays: 2 })
        .set('if-match', await versionOf(api, dossier.id))
        .expect(201);
      const mails = await sink.waitFor(4, 90_000, to(email));
      expect(mails.map((m) => m.subject)).toEqual([
        `Dossier ${dossier.reference} : bien reçu`,
        expect.stringMatching(/pièces à nous envoyer avant le \d{1,2}(er)? [a-zéû]+ \d{4}$/),
        `Dossier ${dossier.reference} : dernier jour pour nous faire parvenir les pièces`,
        `Dossier ${dossier.reference} : dossier clos`,
      ]);
      const listed = mails[2]!.text!.split('\n').filter((line) => line.startsWith('- '));
      expect(listed.length).toBeGreaterThanOrEqual(5);
      expect(listed.join('\n')).not.toMatch(/Pièce manquante|Renseigner/);
      expect(mails[2]!.text).toContain("C'est aujourd'hui");
    },
    patient(180_000),
  );

  it(
    'cancels the reminders and the closing when the documents arrive',
    async () => {
      const student = await createStudent(api);
      const email = (await api.get(`/api/students/${student.id}`).expect(200)).body.email as string;
      const dossier = await createDossier(api, { studentId: student.id, facts: { housing: 'tenant' } });
      await api
        .post(`/api/dossiers/${dossier.id}/complement-requests`, { dueInDays: 6 })
        .set('if-match', await versionOf(api, dossier.id))
        .expect(201);
      const deadline = await deadlineOf(dossier.id);
      const queues = world.queues();
      try {
        // the relay gave the deadline its jobs: the firing, and the reminders 3 and 1 days before
        await waitFor(async () => Boolean(await queues.find(JobName.FireDeadline, { deadlineId: deadline.id })), 60_000, 'the deadline jobs');
        expect(await queues.find(JobName.RemindDeadline, { deadlineId: deadline.id, daysBefore: 3 })).toBeDefined();

        await recordAccepted(api, dossier.id, COMPLETE_RECE());
        expect((await api.get(`/api/dossiers/${dossier.id}`).expect(200)).body.status).toBe('received');
        // the cancellation reaches Redis: every delayed job of the deadline is gone
        await waitFor(async () => !(await queues.find(JobName.FireDeadline, { deadlineId: deadline.id })), 60_000, 'the jobs to go');
        for (const daysBefore of [7, 3, 1]) expect(await queues.find(JobName.RemindDeadline, { deadlineId: deadline.id, daysBefore })).toBeUndefined();
      } finally {
        await queues.onModuleDestroy();
      }
      // past the old deadline (the worker's clock moved a week on, rather than sleeping through it), the
      // nightly reconciliation fires what is past due: not this deadline, which stopped
      world.clock.advance(7 * DAY_MS);
      try {
        await worker.app.get(RemindersService).reconcile();
      } finally {
        world.clock.reset();
      }
      await new Promise((r) => setTimeout(r, QUIET_MS));
      // received, requested, documents received — no reminder, no closing
      expect(sink.messages.filter(to(email)).map((m) => m.subject)).toEqual([
        expect.stringMatching(/bien reçu$/),
        expect.stringMatching(/pièces à nous envoyer/),
        expect.stringMatching(/pièces reçues$/),
      ]);
      expect((await api.get(`/api/dossiers/${dossier.id}`).expect(200)).body.status).toBe('received');
      const [row] = await world.sql<{ status: string }>(`SELECT status FROM deadlines WHERE id = $1`, [deadline.id]);
      expect(row!.status).toBe('cancelled');
    },
    patient(180_000),
  );
});
