import { Webhook } from 'standardwebhooks';
import type { AgentClient } from '../support/api';
import { eventually } from '../support/eventually';
import { createDossier } from '../support/factories';
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

  beforeAll(async () => {
    world = await JobsWorld.create(ENV);
    api = await world.startApi();
    await world.startWorker();
  });
  afterAll(() => world?.close());

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
    await receiver.down();
  }, 90_000);

  it('pauses a subscription whose deliveries keep failing, tells the admins why, and sends one again on request', async () => {
    const receiver = await WebhookReceiver.start({ answer: 500 });
    const subscription = await subscribe(receiver.url, ['dossier.opened']);
    await createDossier(api);
    await createDossier(api);

    await eventually(async () => expect((await deliveries(subscription.id)).map((d) => d.status)).toEqual(['failed', 'failed']), 30_000);
    const listed = (await api.get('/api/webhooks').expect(200)).body.items as { id: string; status: string; pausedReason: string | null }[];
    expect(listed.find((s) => s.id === subscription.id)).toMatchObject({
      status: 'paused',
      pausedReason: 'Suspendu après 2 livraisons échouées d’affilée (toutes les tentatives épuisées).',
    });
    const failed = await deliveries(subscription.id);
    expect(failed.map((d) => [d.attempts, d.last_status])).toEqual([
      [RETRIES + 1, 500],
      [RETRIES + 1, 500],
    ]);
    // paused: a new event is not delivered to it
    await createDossier(api);
    await new Promise((resolve) => setTimeout(resolve, QUIET_MS));
    expect(await deliveries(subscription.id)).toHaveLength(2);

    // the receiver mended, resumed, one delivery sent again: the same webhook-id
    receiver.mode = { answer: 200 };
    await api.post(`/api/webhooks/${subscription.id}/resume`).expect(200);
    await api.post(`/api/webhooks/${subscription.id}/deliveries/${failed[0]!.id}/retry`).expect(202);
    await eventually(async () => expect((await deliveries(subscription.id))[0]!.status).toBe('delivered'), 20_000);
    await quiet(receiver);
    expect(receiver.received.filter((r) => r.answered === 200).map((r) => r.headers['webhook-id'])).toEqual([failed[0]!.id]);
    expect((await deliveries(subscription.id))[1]!.status).toBe('failed');
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
