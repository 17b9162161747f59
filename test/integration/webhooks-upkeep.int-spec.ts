import { Webhook } from 'standardwebhooks';
import { JobName, jobIdOf, QueueName } from '../../src/infra/queue/queue.jobs';
import { bullPrefix, type QueueService } from '../../src/infra/queue/queue.service';
import { RemindersService } from '../../src/reminders/reminders.service';
import { WEBHOOK_EVENTS } from '../../src/webhooks/webhooks.model';
import { WebhooksUpkeep } from '../../src/webhooks/webhooks.upkeep';
import type { RunningWorker } from '../../src/worker';
import type { AgentClient } from '../support/api';
import { eventually } from '../support/eventually';
import { createDossier, today } from '../support/factories';
import { deleteRedisKeys } from '../support/global-teardown';
import { WebhookReceiver } from '../support/webhook-receiver';
import { JobsWorld } from '../support/worker';
import { COMPLETE_RECE, move, recordAccepted, versionOf } from '../support/workflow';

/** One retry, a minute after the first try: while the test runs, a delivery that failed waits on its delayed job. */
const ENV = { WEBHOOK_ALLOWED_HOSTS: '127.0.0.1', WEBHOOK_TIMEOUT_MS: '500', WEBHOOK_RETRY_DELAYS_MS: '60000' };
/** Longer than every timer that could still send something here: a timeout, a lock taken over, the outbox poll. */
const QUIET_MS = 2 * 2_000 + 500 + 1_000;

type Body = { type: string; data: Record<string, unknown> };

describe('webhooks over time: a dossier’s events in order, nothing lost when Redis forgets, the deliveries kept bounded', () => {
  let world: JobsWorld;
  let api: AgentClient;
  let worker: RunningWorker;
  let queues: QueueService;
  const receivers: WebhookReceiver[] = [];

  beforeAll(async () => {
    world = await JobsWorld.create(ENV);
    api = await world.startApi();
    worker = await world.startWorker();
    queues = world.queues();
  });
  afterEach(() => world?.clock.reset());
  afterAll(async () => {
    for (const receiver of receivers) await receiver.down();
    await queues?.onModuleDestroy();
    await world?.close();
  });

  const subscribe = async (url: string, events: readonly string[]) =>
    (await api.post('/api/webhooks', { url, events }).expect(201)).body as { id: string; secret: string };
  const deliveries = (subscriptionId: string) =>
    world.sql<{ id: string; status: string; attempts: number }>(
      `SELECT id::text, status::text, attempts FROM webhook_deliveries WHERE subscription_id = $1 ORDER BY created_at`,
      [subscriptionId],
    );
  const quiet = async (receiver: WebhookReceiver) => {
    for (let seen = -1; seen !== receiver.received.length;) {
      seen = receiver.received.length;
      await new Promise((resolve) => setTimeout(resolve, QUIET_MS));
    }
  };

  it('tells a receiver of each step of a dossier, in order, each once, with ids and statuses only', async () => {
    const receiver = await WebhookReceiver.start();
    receivers.push(receiver);
    const subscription = await subscribe(receiver.url, WEBHOOK_EVENTS);
    const verifier = new Webhook(subscription.secret);
    const bodiesOf = (dossierId: string) =>
      receiver.received.map((r) => verifier.verify(r.body, r.headers as Record<string, string>) as Body).filter((b) => b.data.dossierId === dossierId);
    /** A step, then its event at the receiver before the next step: the order is the steps'. */
    let told = 0;
    const step = async (dossierId: string, act: () => Promise<unknown>) => {
      await act();
      told++;
      await eventually(async () => expect(bodiesOf(dossierId)).toHaveLength(told), 15_000);
    };

    const dossier = await createDossier(api, { facts: { housing: 'tenant' } });
    await step(dossier.id, async () => undefined);
    await recordAccepted(
      api,
      dossier.id,
      COMPLETE_RECE().filter((d) => !['cerfa-form', 'cerpr'].includes(d.kind)),
    );
    await step(dossier.id, async () =>
      api
        .post(`/api/dossiers/${dossier.id}/complement-requests`, { message: 'Merci de signer le CERFA.' })
        .set('if-match', await versionOf(api, dossier.id))
        .expect(201),
    );
    await step(dossier.id, () =>
      recordAccepted(api, dossier.id, [
        { kind: 'cerfa-form', attributes: { signed: true, allPages: true } },
        { kind: 'cerpr', attributes: { signed: true } },
      ]),
    );
    await step(dossier.id, () => move(api, dossier.id, { to: 'verified' }));
    await step(dossier.id, () => move(api, dossier.id, { to: 'forwarded', filedOn: today() }));
    await step(dossier.id, () => move(api, dossier.id, { to: 'decided', decision: 'favourable' }));
    const other = await createDossier(api);
    told = 0;
    await step(other.id, async () => undefined);
    await step(other.id, () => move(api, other.id, { to: 'closed', closeReason: 'withdrawn' }));
    await quiet(receiver);

    const seen = (dossierId: string) => bodiesOf(dossierId).map((b) => [b.type, b.data.status, b.data.previousStatus ?? null]);
    expect(seen(dossier.id)).toEqual([
      ['dossier.opened', 'received', null],
      ['complement.requested', 'incomplete', 'received'],
      ['documents.received', 'received', 'incomplete'],
      ['dossier.status_changed', 'verified', 'received'],
      ['dossier.forwarded', 'forwarded', 'verified'],
      ['dossier.decided', 'decided', 'forwarded'],
    ]);
    expect(seen(other.id)).toEqual([
      ['dossier.opened', 'received', null],
      ['dossier.closed', 'closed', 'received'],
    ]);
    // each once: one request per delivery, each its own webhook-id, every one answered
    const ids = receiver.received.map((r) => r.headers['webhook-id']);
    expect(new Set(ids).size).toBe(8);
    expect(ids.sort()).toEqual((await deliveries(subscription.id)).map((d) => d.id).sort());
    // ids and statuses, never a name or an address
    for (const body of [...bodiesOf(dossier.id), ...bodiesOf(other.id)]) {
      expect(Object.keys(body.data).sort()).toEqual(
        ['dossierId', 'historyId', 'institutionId', 'procedureCode', 'reference', 'status', ...(body.data.previousStatus ? ['previousStatus'] : [])].sort(),
      );
    }
    expect(receiver.received.map((r) => r.body).join('\n')).not.toMatch(/@/);
    await api.post(`/api/webhooks/${subscription.id}/pause`).expect(200);
    await receiver.down();
  }, 120_000);

  it('sends a pending delivery whose job Redis lost, once, after the reconciliation (run twice)', async () => {
    const receiver = await WebhookReceiver.start();
    receivers.push(receiver);
    await receiver.down();
    const subscription = await subscribe(receiver.url, ['dossier.opened']);
    await createDossier(api);
    // the first try refused: the delivery waits on its job, delayed a minute
    await eventually(async () => expect((await deliveries(subscription.id)).map((d) => [d.status, d.attempts])).toEqual([['pending', 1]]));
    const [delivery] = await deliveries(subscription.id);
    const jobId = jobIdOf(JobName.DeliverWebhook, { deliveryId: delivery!.id })!;
    await eventually(async () => expect(await queues.queue(QueueName.Webhooks).getJobState(jobId)).toBe('delayed'));

    // Redis forgets the webhooks queue (flushed); the receiver is back
    await deleteRedisKeys(world.env.REDIS_URL!, `${bullPrefix(world.config)}:${QueueName.Webhooks}:`);
    expect(await queues.queue(QueueName.Webhooks).getJobState(jobId)).toBe('unknown');
    await receiver.up();

    const reconcile = () => worker.app.get(RemindersService).reconcile();
    expect((await reconcile()).webhooksRequeued).toBe(1);
    expect((await reconcile()).webhooksRequeued).toBe(0);
    await eventually(async () => expect((await deliveries(subscription.id)).map((d) => d.status)).toEqual(['delivered']), 15_000);
    await quiet(receiver);
    expect(receiver.received.map((r) => [r.headers['webhook-id'], r.answered])).toEqual([[delivery!.id, 200]]);
    await api.post(`/api/webhooks/${subscription.id}/pause`).expect(200);
    await receiver.down();
  }, 60_000);

  it('deletes the deliveries finished more than 90 days ago, nightly, and keeps the pending ones', async () => {
    const subscription = await subscribe('http://127.0.0.1:9/hook', ['dossier.opened']);
    await api.post(`/api/webhooks/${subscription.id}/pause`).expect(200);
    const rows = await world.sql<{ event_key: string }>(
      `INSERT INTO webhook_deliveries (id, subscription_id, event_key, event_type, payload, status, updated_at)
       SELECT gen_random_uuid(), $1, r.key, 'dossier.opened', '{}', r.status::"WebhookDeliveryStatus", now() - r.age * interval '1 day'
         FROM (VALUES ('delivered-100', 'delivered', 100), ('failed-91', 'failed', 91), ('pending-100', 'pending', 100), ('delivered-10', 'delivered', 10))
              AS r(key, status, age)
       RETURNING event_key`,
      [subscription.id],
    );
    expect(rows).toHaveLength(4);
    const left = async () =>
      (await world.sql<{ event_key: string }>(`SELECT event_key FROM webhook_deliveries WHERE subscription_id = $1 ORDER BY event_key`, [subscription.id])).map(
        (r) => r.event_key,
      );
    const upkeep = worker.app.get(WebhooksUpkeep);

    expect(await upkeep.purge()).toEqual({ deleted: 2 });
    expect(await left()).toEqual(['delivered-10', 'pending-100']);
    expect(await upkeep.purge()).toEqual({ deleted: 0 });
    // 81 days on, the one delivered 10 days ago has had its 90 days
    world.clock.advance({ days: 81 });
    expect(await upkeep.purge()).toEqual({ deleted: 1 });
    expect(await left()).toEqual(['pending-100']);
  });
});
