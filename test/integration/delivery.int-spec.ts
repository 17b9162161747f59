import { JobName } from '../../src/infra/queue/queue.jobs';
import { OutboxRelay } from '../../src/outbox/outbox.relay';
import type { RunningWorker } from '../../src/worker';
import type { AgentClient } from '../support/api';
import { expectEachEmailOnce } from '../support/exactly-once';
import { createDossier, createStudent } from '../support/factories';
import { waitFor, patient } from '../support/processes';
import { PrivateRedis } from '../support/redis-server';
import { sentTo, SmtpSink } from '../support/smtp-sink';
import { JobsWorld } from '../support/worker';
import { move } from '../support/workflow';

interface NotificationRow {
  template: string;
  status: string;
  attempts: number;
  lastError: string | null;
  recipient: string;
}

async function notifications(api: AgentClient, dossierId: string): Promise<NotificationRow[]> {
  return (await api.get(`/api/dossiers/${dossierId}/notifications`).expect(200)).body;
}

async function emailOf(api: AgentClient, studentId: string): Promise<string> {
  return (await api.get(`/api/students/${studentId}`).expect(200)).body.email;
}

/** Acceptance 2: Redis is stopped while a transition commits; the e-mail goes once Redis is back. */
describe('a commit made while Redis is down', () => {
  let redis: PrivateRedis;
  let sink: SmtpSink;
  let world: JobsWorld;
  let api: AgentClient;
  let worker: RunningWorker;

  beforeAll(async () => {
    redis = await PrivateRedis.start();
    sink = await SmtpSink.start();
    world = await JobsWorld.create({ REDIS_URL: redis.url, SMTP_URL: sink.url });
    api = await world.startApi();
    worker = await world.startWorker();
  });

  afterAll(async () => {
    await world?.close();
    await redis?.close();
    await sink?.close();
  });

  it(
    'is relayed when Redis is back, and its e-mail sent exactly once',
    async () => {
      const student = await createStudent(api, { preferredLanguage: 'en' });
      const email = await emailOf(api, student.id);
      const dossier = await createDossier(api, { studentId: student.id });
      await sink.waitFor(1, 10_000, sentTo(email)); // the pipeline works: "received"

      await redis.stop();
      await move(api, dossier.id, { to: 'closed', closeReason: 'withdrawn' });
      // the commit stands; what must follow waits in the outbox (a relay tried now fails, the row stays)
      expect((await api.get(`/api/dossiers/${dossier.id}`).expect(200)).body.status).toBe('closed');
      const relay = worker.app.get(OutboxRelay);
      await relay.stop(); // its own polling paused, so that this try is the one that meets Redis away
      await expect(relay.relayOnce()).rejects.toThrow();
      relay.start();
      const waiting = await world.sql<{ key: string }>(`SELECT key FROM outbox WHERE dossier_id = $1 AND relayed_at IS NULL`, [dossier.id]);
      expect(waiting.map((r) => r.key)).toEqual([expect.stringMatching(/:dossier_closed$/)]);
      expect(sink.messages.filter(sentTo(email))).toHaveLength(1);

      await redis.resume();
      const mails = await sink.waitFor(2, 20_000, sentTo(email));
      expect(mails[1]!.subject).toBe(`Dossier ${dossier.reference}: dossier closed`);
      await expectEachEmailOnce(sink, world, { [email]: ['dossier_opened', 'dossier_closed'] });
      expect(await world.sql(`SELECT 1 FROM outbox WHERE dossier_id = $1 AND relayed_at IS NULL`, [dossier.id])).toHaveLength(0);
      expect((await notifications(api, dossier.id)).map(({ template, status, attempts }) => ({ template, status, attempts }))).toEqual([
        { template: 'dossier_opened', status: 'sent', attempts: 1 },
        { template: 'dossier_closed', status: 'sent', attempts: 1 },
      ]);
    },
    patient(60_000),
  );
});

/** Acceptance 4: the SMTP server is down, then refuses, then accepts; a 550 stops for good. */
describe('temporary and permanent SMTP failures', () => {
  let sink: SmtpSink;
  let world: JobsWorld;
  let api: AgentClient;

  beforeAll(async () => {
    sink = await SmtpSink.start();
    world = await JobsWorld.create({ SMTP_URL: sink.url });
    api = await world.startApi();
    await world.startWorker();
  });

  afterAll(async () => {
    await world?.close();
    await sink?.close();
  });

  it(
    'retries while the server is unreachable, then refusing (421), and delivers once when it accepts',
    async () => {
      const port = sink.port;
      await sink.close();
      const student = await createStudent(api);
      const email = await emailOf(api, student.id);
      const dossier = await createDossier(api, { studentId: student.id });

      const opened = async () => (await notifications(api, dossier.id))[0];
      // retrying, never failed: between two tries ('retrying') or in the next one ('sending'), as the worker is when looked at
      const retrying = expect.stringMatching(/^(retrying|sending)$/);
      await waitFor(async () => ((await opened())?.attempts ?? 0) >= 2, 10_000, 'two refused attempts');
      expect(await opened()).toMatchObject({ status: retrying, lastError: expect.stringMatching(/ECONNREFUSED|connect/i) });

      sink = await SmtpSink.start(port);
      sink.refuse();
      await waitFor(async () => /421/.test((await opened())?.lastError ?? ''), 15_000, 'a 421 answer');
      expect((await opened())!.status).toEqual(retrying);
      expect(sink.messages).toHaveLength(0);

      sink.accept();
      const [mail] = await sink.waitFor(1, 20_000, sentTo(email));
      expect(mail!.subject).toMatch(/reçu$/);
      await expectEachEmailOnce(sink, world, { [email]: ['dossier_opened'] });
      const sent = await opened();
      expect(sent).toMatchObject({ status: 'sent', lastError: null });
      expect(sent!.attempts).toBeGreaterThanOrEqual(3);
      // the timeline shows the e-mail and how it went
      const timeline = (await api.get(`/api/dossiers/${dossier.id}/timeline`).expect(200)).body as {
        event: string;
        details: { status?: string; attempts?: number };
      }[];
      expect(timeline.find((e) => e.event === 'email')!.details).toMatchObject({ status: 'sent', attempts: sent!.attempts });
    },
    patient(60_000),
  );

  it(
    'marks an e-mail refused with 550 as failed, without retrying; sent again to the corrected address on request',
    async () => {
      const student = await createStudent(api, { preferredLanguage: 'en' });
      const wrong = await emailOf(api, student.id);
      sink.reject(wrong);
      const dossier = await createDossier(api, { studentId: student.id });

      await waitFor(async () => (await notifications(api, dossier.id))[0]?.status === 'failed', 10_000, 'the e-mail to fail');
      await expectEachEmailOnce(sink, world, { [wrong]: [] });
      const [failed] = await notifications(api, dossier.id);
      expect(failed).toMatchObject({ status: 'failed', attempts: 1, recipient: wrong, lastError: expect.stringContaining('550') });
      expect(sink.messages.filter(sentTo(wrong))).toHaveLength(0);
      const timeline = (await api.get(`/api/dossiers/${dossier.id}/timeline`).expect(200)).body as {
        event: string;
        reason: string | null;
        title: { en: string };
      }[];
      expect(timeline.find((e) => e.event === 'email')).toMatchObject({ title: { en: 'E-mail (failed)' }, reason: expect.stringContaining('550') });

      // an e-mail not failed cannot be "sent again"
      const list = (await api.get(`/api/dossiers/${dossier.id}/notifications`).expect(200)).body as { id: string }[];
      const corrected = `fixed.${wrong}`;
      await api.patch(`/api/students/${student.id}`, { email: corrected }).expect(200);
      await api.post(`/api/dossiers/${dossier.id}/notifications/${list[0]!.id}/retry`).expect(202);
      const [mail] = await sink.waitFor(1, 10_000, sentTo(corrected));
      expect(mail!.subject).toMatch(/received$/);
      await waitFor(async () => (await notifications(api, dossier.id))[0]?.status === 'sent', 5_000, 'the e-mail sent');
      expect((await notifications(api, dossier.id))[0]).toMatchObject({ recipient: corrected, attempts: 1 });
      const again = await api.post(`/api/dossiers/${dossier.id}/notifications/${list[0]!.id}/retry`).expect(409);
      expect(again.body).toMatchObject({ type: '/problems/notification-not-failed', currentStatus: 'sent' });
      const history = (await api.get(`/api/dossiers/${dossier.id}/timeline`).expect(200)).body as { event: string }[];
      expect(history.filter((e) => e.event === 'email_resent')).toHaveLength(1);
      await expectEachEmailOnce(sink, world, { [wrong]: [], [corrected]: ['dossier_opened'] });
    },
    patient(60_000),
  );

  it('answers 404 for an e-mail of another dossier and 400 for an id that is not one', async () => {
    const dossier = await createDossier(api);
    const other = await createDossier(api);
    await waitFor(async () => (await notifications(api, other.id)).length === 1, 5_000, 'the other dossier e-mail');
    const [foreign] = (await api.get(`/api/dossiers/${other.id}/notifications`).expect(200)).body as { id: string }[];
    await api.post(`/api/dossiers/${dossier.id}/notifications/${foreign!.id}/retry`).expect(404);
    const bad = await api.post(`/api/dossiers/${dossier.id}/notifications/nope/retry`).expect(400);
    expect(bad.body.errors).toEqual([{ field: 'notificationId', code: 'isUuid', message: 'must be a UUID' }]);
    await api.get(`/api/dossiers/00000000-0000-4000-8000-000000000000/notifications`).expect(404);
  });
});

/** A student hears "received" before "documents to send", even when the two are queued together. */
describe('the e-mails of one dossier, in their order', () => {
  let sink: SmtpSink;
  let world: JobsWorld;
  let api: AgentClient;

  beforeAll(async () => {
    sink = await SmtpSink.start();
    world = await JobsWorld.create({ SMTP_URL: sink.url });
    api = await world.startApi();
    await world.startWorker();
  });

  afterAll(async () => {
    await sink?.release();
    await world?.close();
    await sink?.close();
  });

  it(
    'holds a later e-mail to the same student while the earlier one is being sent',
    async () => {
      sink.pause();
      const student = await createStudent(api, { preferredLanguage: 'en' });
      const email = await emailOf(api, student.id);
      const dossier = await createDossier(api, { studentId: student.id });
      await waitFor(async () => sink.held() === 1, 15_000, '"received" at the server, unanswered');
      await move(api, dossier.id, { to: 'closed', closeReason: 'withdrawn' });
      // the relay records the closing's e-mail from the outbox, a moment after the move
      const closingRow = async () =>
        (await world.sql<{ id: string }>(`SELECT id FROM notifications WHERE dossier_id = $1 AND template = 'dossier_closed'`, [dossier.id]))[0];
      await waitFor(async () => Boolean(await closingRow()), 15_000, "the closing's e-mail recorded");
      const closing = await closingRow();
      const queues = world.queues();
      try {
        // the closing's job has been tried and put off (or, were it not held, has reached the server too)
        const putOff = async () => (await (await queues.find(JobName.SendEmail, { notificationId: closing!.id }))?.getState()) === 'delayed';
        await waitFor(async () => sink.held() > 1 || (await putOff()), 15_000, 'the closing tried');
      } finally {
        await queues.onModuleDestroy();
      }
      expect(sink.held()).toBe(1);
      await sink.release();
      const mails = await sink.waitFor(2, 20_000, sentTo(email));
      expect(mails.map((m) => m.subject)).toEqual([expect.stringMatching(/received$/), `Dossier ${dossier.reference}: dossier closed`]);
      await expectEachEmailOnce(sink, world, { [email]: ['dossier_opened', 'dossier_closed'] });
    },
    patient(60_000),
  );
});
