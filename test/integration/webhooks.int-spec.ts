import { Webhook } from 'standardwebhooks';
import { formatAppointment } from '../../src/common/people-format';
import { TEST_AGENTS } from '../support/agents';
import type { AgentClient } from '../support/api';
import { eventually } from '../support/eventually';
import { createDossier, createInstitution } from '../support/factories';
import { sentTo, SmtpSink } from '../support/smtp-sink';
import { WebhookReceiver, type Received } from '../support/webhook-receiver';
import { JobsWorld } from '../support/worker';
import { move } from '../support/workflow';

/** Waits between tries, short: 12 retries of 300 ms (13 tries in all). */
const RETRIES = 12;
const ENV = {
  WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
  WEBHOOK_TIMEOUT_MS: '500',
  WEBHOOK_RETRY_DELAYS_MS: Array.from({ length: RETRIES }, () => '300').join(','),
  WEBHOOK_PAUSE_AFTER_FAILURES: '2',
};
/** Longer than every timer that could still send something: a retry, a timeout, a lock taken over, the outbox poll. */
const QUIET_MS = 2 * 2_000 + 300 + 500 + 1_000;

interface DeliveryRow extends Record<string, unknown> {
  id: string;
  event_type: string;
  status: string;
  attempts: number;
  last_status: number | null;
  last_error: string | null;
}

describe('webhooks, through the outbox, the worker and a real receiver', () => {
  let world: JobsWorld;
  let api: AgentClient;
  let sink: SmtpSink;

  beforeAll(async () => {
    sink = await SmtpSink.start();
    world = await JobsWorld.create({ ...ENV, SMTP_URL: sink.url });
    api = await world.startApi();
    await world.startWorker();
  });
  afterAll(async () => {
    await world?.close();
    await sink?.close();
  });

  const deliveries = (subscriptionId: string) =>
    world.sql<DeliveryRow>(
      `SELECT id::text, event_type, status::text, attempts, last_status, last_error FROM webhook_deliveries WHERE subscription_id = $1 ORDER BY created_at`,
      [subscriptionId],
    );
  const subscribe = async (url: string, events: string[]) =>
    (await api.post('/api/webhooks', { url, events }).expect(201)).body as { id: string; secret: string };
  /** Nothing new at the receiver for the quiet period. */
  const quiet = async (receiver: WebhookReceiver) => {
    for (let seen = -1; seen !== receiver.received.length;) {
      seen = receiver.received.length;
      await new Promise((resolve) => setTimeout(resolve, QUIET_MS));
    }
  };

  it('delivers each event once per webhook-id, signed, through a receiver down, failing, then timing out', async () => {
    const receiver = await WebhookReceiver.start();
    const subscription = await subscribe(receiver.url, ['dossier.opened', 'dossier.closed']);
    await receiver.down();

    const dossier = await createDossier(api);
    // down: connections refused, recorded
    await eventually(async () =>
      expect((await deliveries(subscription.id))[0]).toMatchObject({ status: 'pending', last_error: expect.stringMatching(/ECONNREFUSED/) }),
    );
    // back, answering 500
    receiver.mode = { answer: 500 };
    await receiver.up();
    await eventually(async () => expect((await deliveries(subscription.id))[0]).toMatchObject({ status: 'pending', last_status: 500 }));
    // answering never: the attempt times out
    receiver.mode = 'hang';
    await eventually(async () => expect((await deliveries(subscription.id))[0]!.last_error).toMatch(/no answer within 500 ms/));
    receiver.mode = { answer: 204 };
    await move(api, dossier.id, { to: 'closed', closeReason: 'withdrawn' });

    await eventually(async () => expect((await deliveries(subscription.id)).map((d) => d.status)).toEqual(['delivered', 'delivered']), 20_000);
    await quiet(receiver);

    const rows = await deliveries(subscription.id);
    const answered = receiver.received.filter((r) => r.answered === 204);
    const byId = (list: Received[]) => list.map((r) => r.headers['webhook-id']).sort();
    // exactly one answered request per delivery, its webhook-id the delivery's, stable over the tries
    expect(byId(answered)).toEqual(rows.map((r) => r.id).sort());
    expect(new Set(byId(receiver.received))).toEqual(new Set(rows.map((r) => r.id)));
    expect(rows[0]!.attempts).toBeGreaterThanOrEqual(4);
    const verifier = new Webhook(subscription.secret);
    const bodies = answered.map((r) => verifier.verify(r.body, r.headers as Record<string, string>) as { type: string; data: Record<string, unknown> });
    expect(bodies.map((b) => b.type).sort()).toEqual(['dossier.closed', 'dossier.opened']);
    const closed = bodies.find((b) => b.type === 'dossier.closed')!;
    expect(closed.data).toEqual({
      dossierId: dossier.id,
      reference: dossier.reference,
      status: 'closed',
      previousStatus: 'received',
      procedureCode: 'rece',
      institutionId: dossier.institutionId,
      historyId: expect.any(String),
    });
    // a signature of another secret does not verify
    expect(() =>
      new Webhook(`whsec_${Buffer.alloc(32, 1).toString('base64')}`).verify(answered[0]!.body, answered[0]!.headers as Record<string, string>),
    ).toThrow();
    await api.post(`/api/webhooks/${subscription.id}/pause`).expect(200);
    await receiver.down();
  }, 90_000);

  it('pauses a subscription whose deliveries keep failing, tells the admins why, and sends one again on request', async () => {
    // the office's admins: the test's, another one; not told: an admin of one institution, one who left, an agent, an API key's agent
    const others = ['admin2', 'institution-admin', 'left-admin', 'plain-agent', 'api-key'];
    await world.sql(
      `INSERT INTO agents (id, email, display_name, role, kind, active, updated_at)
       SELECT gen_random_uuid(), a.name || '@hooks.example', initcap(a.name), a.role::"AgentRole", a.kind::"AgentKind", a.active, now()
         FROM (VALUES ('admin2', 'admin', 'person', true), ('institution-admin', 'admin', 'person', true), ('left-admin', 'admin', 'person', false),
                      ('plain-agent', 'agent', 'person', true), ('api-key', 'admin', 'api_key', true)) AS a(name, role, kind, active)`,
    );
    const institution = await createInstitution(api);
    await world.sql(`INSERT INTO agent_institutions (agent_id, institution_id) SELECT id, $1 FROM agents WHERE email = 'institution-admin@hooks.example'`, [
      institution.id,
    ]);
    const receiver = await WebhookReceiver.start({ answer: 500 });
    const subscription = await subscribe(receiver.url, ['dossier.opened']);
    await createDossier(api);
    await createDossier(api);

    await eventually(async () => expect((await deliveries(subscription.id)).map((d) => d.status)).toEqual(['failed', 'failed']), 30_000);
    const listed = (await api.get('/api/webhooks').expect(200)).body.items as { id: string; status: string; pausedReason: string | null; pausedAt: string }[];
    const paused = listed.find((s) => s.id === subscription.id)!;
    expect(paused).toMatchObject({ status: 'paused', pausedReason: 'Suspendu après 2 livraisons échouées d’affilée (toutes les tentatives épuisées).' });

    // the office's admins told, each once, in French: which subscription, since when, why, what was kept, what to do
    const told = async () => {
      const rows = await world.sql<{ status: string; relayed: boolean }>(
        `SELECT n.status::text, o.relayed_at IS NOT NULL AS relayed FROM notifications n JOIN outbox o ON o.topic = 'webhook.paused' AND o.payload->>'subscriptionId' = $1
          WHERE n.template = 'webhook_paused' AND n.data->>'subscriptionId' = $1`,
        [subscription.id],
      );
      expect(rows.map((r) => [r.status, r.relayed])).toEqual([
        ['sent', true],
        ['sent', true],
      ]);
    };
    const aboutIt = (address: string) => sink.messages.filter(sentTo(address)).filter((m) => m.subject!.includes(receiver.url));
    const quietSink = async () => {
      while (sink.quietFor() < QUIET_MS) await new Promise((resolve) => setTimeout(resolve, 200));
    };
    await eventually(told, 20_000);
    // the pause's outbox row relayed once more (a relay that died before marking it): the e-mails' event keys send nothing twice
    await world.sql(`UPDATE outbox SET relayed_at = NULL WHERE topic = 'webhook.paused' AND payload->>'subscriptionId' = $1`, [subscription.id]);
    await eventually(told, 20_000);
    await quietSink();
    for (const address of [TEST_AGENTS.admin.email, 'admin2@hooks.example']) {
      const mails = aboutIt(address);
      expect([address, mails.length]).toEqual([address, 1]);
      expect(mails[0]!.subject).toBe(`Webhook suspendu : les événements ne partent plus vers ${receiver.url}`);
      const text = mails[0]!.text!;
      expect(text).toContain(`Le ${formatAppointment(paused.pausedAt, 'fr', world.config.OFFICE_TIMEZONE)}, Passerelle a suspendu le webhook`);
      expect(text).toContain("2 livraisons d'affilée ont échoué, chacune après toutes ses tentatives");
      expect(text).toContain(
        'Les livraisons qui étaient en attente, et celles des événements qui surviennent pendant la suspension, sont gardées : elles partiront dès que le webhook sera réactivé.',
      );
      expect(text).toContain(`menu Intégrations, ou par l'API : POST /api/webhooks/${subscription.id}/resume.`);
      expect(text).toContain('Ce message est envoyé automatiquement');
    }
    for (const other of others.slice(1)) expect([other, aboutIt(`${other}@hooks.example`)]).toEqual([other, []]);
    const failed = await deliveries(subscription.id);
    expect(failed.map((d) => [d.attempts, d.last_status])).toEqual([
      [RETRIES + 1, 500],
      [RETRIES + 1, 500],
    ]);
    // paused: a new event is not sent, but kept, waiting for the subscription to resume
    const meanwhile = await createDossier(api);
    await eventually(async () =>
      expect((await deliveries(subscription.id)).map((d) => [d.status, d.attempts])).toEqual([...failed.map(() => ['failed', RETRIES + 1]), ['pending', 0]]),
    );
    const tried = receiver.received.length;
    await new Promise((resolve) => setTimeout(resolve, QUIET_MS));
    expect(receiver.received).toHaveLength(tried);

    // the receiver mended, resumed: what waited goes out; one failed delivery sent again, with its webhook-id
    receiver.mode = { answer: 200 };
    await api.post(`/api/webhooks/${subscription.id}/resume`).expect(200);
    await api.post(`/api/webhooks/${subscription.id}/deliveries/${failed[0]!.id}/retry`).expect(202);
    await eventually(async () => expect((await deliveries(subscription.id)).map((d) => d.status)).toEqual(['delivered', 'failed', 'delivered']), 20_000);
    await quiet(receiver);
    const waited = (await deliveries(subscription.id))[2]!;
    expect(
      receiver.received
        .filter((r) => r.answered === 200)
        .map((r) => r.headers['webhook-id'])
        .sort(),
    ).toEqual([failed[0]!.id, waited.id].sort());
    const sentMeanwhile = receiver.received.find((r) => r.headers['webhook-id'] === waited.id)!;
    expect(JSON.parse(sentMeanwhile.body)).toMatchObject({ type: 'dossier.opened', data: { dossierId: meanwhile.id } });
    await receiver.down();
  }, 90_000);

  it('tells of an e-mail failed for good, in the transaction that records it', async () => {
    const receiver = await WebhookReceiver.start();
    const subscription = await subscribe(receiver.url, ['email.failed']);
    const dossier = await createDossier(api);
    let email: { id: string } | undefined;
    await eventually(async () => {
      [email] = await world.sql<{ id: string }>(`SELECT id::text FROM notifications WHERE dossier_id = $1 AND status = 'sent'`, [dossier.id]);
      expect(email).toBeDefined();
    });
    // as NotificationsDelivery settles a last attempt (src/notifications/notifications.repository.ts, SETTLE_FAILED)
    await world.sql(`UPDATE notifications SET status = 'failed', attempts = 30, last_error = 'mailbox unavailable' WHERE id = $1`, [email!.id]);
    await eventually(async () => expect((await deliveries(subscription.id)).map((d) => [d.event_type, d.status])).toEqual([['email.failed', 'delivered']]));
    const body = new Webhook(subscription.secret).verify(receiver.received[0]!.body, receiver.received[0]!.headers as Record<string, string>);
    expect(body).toMatchObject({
      type: 'email.failed',
      data: {
        dossierId: dossier.id,
        reference: dossier.reference,
        notificationId: email!.id,
        template: 'dossier_opened',
        institutionId: dossier.institutionId,
      },
    });
    expect(receiver.received[0]!.body).not.toMatch(/@/);

    // the student's data erased: the e-mail still waiting is stopped, not failed, and tells no receiver so
    await move(api, dossier.id, { to: 'closed', closeReason: 'withdrawn' });
    const [waiting] = await world.sql<{ id: string }>(
      `INSERT INTO notifications (id, event_key, dossier_id, student_id, template, language, recipient, status, updated_at)
       VALUES (gen_random_uuid(), 'test:waiting:' || gen_random_uuid(), $1, $2, 'dossier_closed', 'fr', 'waiting@etudiant.example', 'retrying', now())
       RETURNING id::text`,
      [dossier.id, dossier.studentId],
    );
    await api.delete(`/api/students/${dossier.studentId}`).send({ reason: 'demande de la personne' }).expect(200);
    expect(await world.sql(`SELECT status::text FROM notifications WHERE id = $1`, [waiting!.id])).toEqual([{ status: 'failed' }]);
    expect(await world.sql(`SELECT key FROM outbox WHERE key LIKE 'webhook:email:' || $1 || ':%'`, [waiting!.id])).toEqual([]);
    await quiet(receiver);
    expect((await deliveries(subscription.id)).map((d) => d.event_type)).toEqual(['email.failed']);
    await api.post(`/api/webhooks/${subscription.id}/pause`).expect(200);
    await receiver.down();
  });

  it('refuses at sending an address outside the allowlist (the subscriptions written as if DNS had changed since)', async () => {
    const refused = {
      'https://169.254.169.254/latest/meta-data': /^adresse refusée : address 169\.254\.169\.254 is not public \(linkLocal\)$/,
      'https://10.0.0.1/hook': /^adresse refusée : address 10\.0\.0\.1 is not public \(private\)$/,
      'https://localhost/hook': /^adresse refusée : address (127\.0\.0\.1|::1) is not public \(loopback\)$/,
      'http://example.org/hook': /^adresse refusée : http:\/\/ only for the hosts of WEBHOOK_ALLOWED_HOSTS$/,
    };
    const ids: string[] = [];
    for (const url of Object.keys(refused)) {
      const [row] = await world.sql<{ id: string }>(
        `INSERT INTO webhook_subscriptions (id, url, events, institution_ids, secret, updated_at)
         VALUES (gen_random_uuid(), $1, ARRAY['dossier.opened'], ARRAY[]::uuid[], $2, now()) RETURNING id::text`,
        [url, `whsec_${Buffer.alloc(32, 7).toString('base64')}`],
      );
      ids.push(row!.id);
    }
    await createDossier(api);
    await eventually(async () => {
      for (const [i, pattern] of Object.values(refused).entries()) {
        const [delivery] = await deliveries(ids[i]!);
        expect(delivery).toMatchObject({ last_status: null, last_error: expect.stringMatching(pattern) });
        expect(delivery!.attempts).toBeGreaterThanOrEqual(1);
      }
    });
    await world.sql(`UPDATE webhook_subscriptions SET status = 'paused' WHERE id = ANY($1::uuid[])`, [ids]);
  });
});
