import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AgentClient, asAgent, startApi } from '../support/api';
import { createDossier } from '../support/factories';
import { JobsWorld } from '../support/worker';

/** The admins' routes of webhooks (no worker: what the API records and answers). Its own database: a subscription left active would add outbox rows to every other test's changes. */
describe('webhooks API', () => {
  let world: JobsWorld;
  let app: NestFastifyApplication;
  let api: AgentClient;
  let supervisor: AgentClient;

  beforeAll(async () => {
    world = await JobsWorld.create({ WEBHOOK_ALLOWED_HOSTS: '127.0.0.2' });
    app = await startApi(world.env, world.clock);
    api = asAgent(app);
    supervisor = asAgent(app, 'supervisor');
  });
  afterAll(async () => {
    await app?.close();
    await world?.close();
  });

  const valid = { url: 'http://127.0.0.2:8080/hook', events: ['dossier.opened', 'dossier.closed'] };

  it('subscribes, shows the secret once, lists, pauses, resumes and rotates', async () => {
    const created = await api.post('/api/webhooks', { ...valid, description: 'SI de l’université' }).expect(201);
    expect(created.body).toMatchObject({ ...valid, status: 'active', institutionIds: [], consecutiveFailures: 0, pausedReason: null });
    expect(created.body.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const listed = await api.get('/api/webhooks').expect(200);
    const mine = (listed.body.items as Record<string, unknown>[]).find((s) => s.id === created.body.id)!;
    expect(mine).not.toHaveProperty('secret');
    expect((await api.get(`/api/webhooks/${created.body.id}`).expect(200)).body).not.toHaveProperty('secret');

    const paused = await api.post(`/api/webhooks/${created.body.id}/pause`).expect(200);
    expect(paused.body).toMatchObject({ status: 'paused', pausedReason: 'Suspendu par un administrateur.' });
    expect((await api.post(`/api/webhooks/${created.body.id}/resume`).expect(200)).body).toMatchObject({ status: 'active', pausedReason: null });
    const rotated = await api.post(`/api/webhooks/${created.body.id}/rotate-secret`).expect(200);
    expect(rotated.body.secret).toMatch(/^whsec_/);
    expect(rotated.body.secret).not.toBe(created.body.secret);
    const [stored] = await world.sql<{ secret: string }>('SELECT secret FROM webhook_subscriptions WHERE id = $1', [created.body.id]);
    expect(stored!.secret).toBe(rotated.body.secret);
    await api.post(`/api/webhooks/${created.body.id}/pause`).expect(200);
  });

  it('refuses bad fields with a 400 naming them, and addresses outside the allowlist', async () => {
    const bad = await api.post('/api/webhooks', { url: 42, events: ['dossier.eaten'], institutionIds: ['nope'] }).expect(400);
    expect((bad.body.errors as { field: string }[]).map((e) => e.field).sort()).toEqual(['events', 'institutionIds', 'url']);
    const empty = await api.post('/api/webhooks', { url: valid.url, events: [] }).expect(400);
    expect(empty.body.errors).toEqual([expect.objectContaining({ field: 'events', code: 'arrayMinSize' })]);
    for (const url of [
      'http://10.0.0.1/hook',
      'http://169.254.169.254/latest/meta-data',
      'http://localhost/hook',
      'https://10.0.0.1/hook',
      'https://127.0.0.1/',
      'https://[::1]/',
      'ftp://127.0.0.2/',
      'not a url',
    ]) {
      const refused = await api
        .post('/api/webhooks', { url, events: ['dossier.opened'] })
        .set('accept-language', 'fr')
        .expect(400);
      expect(refused.body.errors).toEqual([
        {
          field: 'url',
          code: 'webhookAddress',
          message:
            'doit être une adresse https:// d’un hôte public (http:// et les adresses privées ne valent que pour les hôtes que la configuration autorise)',
        },
      ]);
    }
    expect(await world.sql('SELECT 1 FROM webhook_subscriptions WHERE url NOT LIKE $1', ['http://127.0.0.2:8080/%'])).toHaveLength(0);
  });

  it('is for admins only', async () => {
    await supervisor.get('/api/webhooks').expect(403);
    await supervisor.post('/api/webhooks', valid).expect(403);
  });

  it('writes the event to the outbox in the change’s transaction, lists deliveries, and sends one again (202)', async () => {
    const { id } = (await api.post('/api/webhooks', valid).expect(201)).body as { id: string };
    const dossier = await createDossier(api);
    // the opening's history row wrote its outbox row (the migration's trigger), for the worker to fan out
    const [opened] = await world.sql<{ id: string }>(`SELECT id::text FROM dossier_history WHERE dossier_id = $1 AND event = 'opened'`, [dossier.id]);
    expect(await world.sql(`SELECT topic, payload FROM outbox WHERE key = $1`, [`webhook:history:${opened!.id}`])).toEqual([
      { topic: 'webhook.event', payload: { historyId: opened!.id } },
    ]);
    // a delivery as the worker records it
    const [delivery] = await world.sql<{ id: string }>(
      `INSERT INTO webhook_deliveries (id, subscription_id, event_key, event_type, dossier_id, payload, status, attempts, last_status, updated_at)
       VALUES (gen_random_uuid(), $1, $2, 'dossier.opened', $3, '{}', 'failed', 8, 500, now()) RETURNING id::text`,
      [id, `history:${opened!.id}`, dossier.id],
    );
    const page = await api.get(`/api/webhooks/${id}/deliveries?limit=10`).expect(200);
    expect(page.body).toEqual({
      items: [
        expect.objectContaining({ id: delivery!.id, eventType: 'dossier.opened', dossierId: dossier.id, status: 'failed', attempts: 8, lastStatus: 500 }),
      ],
      nextCursor: null,
    });
    expect(page.body.items[0]).not.toHaveProperty('payload');

    const retried = await api.post(`/api/webhooks/${id}/deliveries/${delivery!.id}/retry`).expect(202);
    expect(retried.body).toEqual({ id: delivery!.id, status: 'pending' });
    expect(await world.sql(`SELECT status::text FROM webhook_deliveries WHERE id = $1`, [delivery!.id])).toEqual([{ status: 'pending' }]);
    expect(await world.sql(`SELECT topic, payload FROM outbox WHERE key = $1`, [`webhook.resend:${delivery!.id}:1`])).toEqual([
      { topic: 'webhook.resend', payload: { deliveryIds: [delivery!.id] } },
    ]);
    await api.post(`/api/webhooks/${id}/deliveries/${'0'.repeat(8)}-0000-7000-8000-000000000000/retry`).expect(404);
    const badId = await api.post(`/api/webhooks/${id}/deliveries/nope/retry`).expect(400);
    expect(badId.body.errors).toEqual([expect.objectContaining({ field: 'deliveryId', code: 'isUuid' })]);
    await supervisor.post(`/api/webhooks/${id}/deliveries/${delivery!.id}/retry`).expect(403);
    await api.post(`/api/webhooks/${id}/pause`).expect(200);
  });
});
