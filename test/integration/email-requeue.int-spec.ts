import { Worker } from 'bullmq';
import { Clock } from '../../src/common/clock';
import { PrismaService } from '../../src/infra/prisma/prisma.service';
import { JobName, QueueName } from '../../src/infra/queue/queue.jobs';
import { bullConnection, bullPrefix, QueueService } from '../../src/infra/queue/queue.service';
import { NotificationsDelivery } from '../../src/notifications/notifications.delivery';
import { NotificationsRepository } from '../../src/notifications/notifications.repository';
import { sendJob } from '../../src/notifications/notifications.service';
import { patient } from '../support/processes';
import { JobsWorld } from '../support/worker';

/**
 * The reconciliation's e-mail pass (requeueUnsent) against a real PostgreSQL and Redis, with
 * no worker taking the jobs: what is unsent and has no job to run gets one; what is in flight
 * (a job waiting or delayed, a live lease) or done keeps what it has. More rows than one batch.
 */
describe('putting back the e-mails whose job Redis lost', () => {
  let world: JobsWorld;
  let prisma: PrismaService;
  let queues: QueueService;
  let delivery: NotificationsDelivery;

  beforeAll(async () => {
    world = await JobsWorld.create();
    const config = world.config;
    prisma = new PrismaService(config);
    queues = world.queues();
    const clock = new Clock(config);
    // only the repository and the queues take part in the reconciliation's pass
    delivery = new NotificationsDelivery(
      new NotificationsRepository(prisma, clock),
      null as never,
      queues,
      null as never,
      config,
      null as never,
      clock,
      null as never,
    );
  });

  afterAll(async () => {
    await queues?.onModuleDestroy();
    await prisma?.$disconnect();
    await world?.close();
  });

  /** Rows of one kind: `n` e-mails in `status`, leased until `lease` (SQL) when given. */
  async function emails(kind: string, n: number, status: string, lease = 'NULL'): Promise<string[]> {
    const rows = await world.sql<{ id: string }>(
      `INSERT INTO notifications (id, event_key, template, language, recipient, status, attempts, lease_until, updated_at)
       SELECT gen_random_uuid(), 'requeue:${kind}:' || i, 'dossier_opened', 'fr', 'student' || i || '@example.org', '${status}', 1, ${lease}, now()
         FROM generate_series(1, ${n}) AS i
       RETURNING id::text`,
    );
    return rows.map((r) => r.id);
  }

  const job = (id: string) => queues.find(JobName.SendEmail, { notificationId: id });

  it(
    'queues the unsent e-mails without a job to run again, and leaves those in flight alone',
    async () => {
      const queue = queues.queue(QueueName.Notifications);
      // a job that ran to its end while its e-mail stayed unsent (its row says pending)
      const [finished] = await emails('finished', 1, 'pending');
      await queues.add([sendJob(finished!)]);
      const runner = new Worker(QueueName.Notifications, async () => 'done', {
        connection: bullConnection(world.config, 'worker'),
        prefix: bullPrefix(world.config),
      });
      await new Promise<void>((resolve) => runner.once('completed', () => resolve()));
      await runner.close();
      expect(await (await job(finished!))!.getState()).toBe('completed');

      const lost = await emails('lost', 620, 'pending');
      const expired = await emails('expired', 2, 'sending', `now() - interval '1 minute'`);
      const waiting = await emails('waiting', 3, 'pending');
      const delayed = await emails('delayed', 2, 'retrying');
      const leased = await emails('leased', 2, 'sending', `now() + interval '1 hour'`);
      const done = [...(await emails('sent', 2, 'sent')), ...(await emails('failed', 2, 'failed'))];
      await queues.add(waiting.map(sendJob));
      await queues.add(delayed.map((id) => ({ ...sendJob(id), runAt: new Date(Date.now() + 3_600_000) })));
      const stamps = new Map(await Promise.all([...waiting, ...delayed].map(async (id) => [id, (await job(id))!.timestamp] as const)));

      const requeued = await delivery.requeueUnsent();

      expect(requeued).toBe(lost.length + expired.length + 1);
      for (const id of [...lost, ...expired, finished!]) expect(await (await job(id))?.getState()).toBe('waiting');
      // in flight: the same jobs as before (not removed and added again), and still none for the leased ones
      for (const id of waiting) expect(await (await job(id))!.getState()).toBe('waiting');
      for (const id of delayed) expect(await (await job(id))!.getState()).toBe('delayed');
      for (const [id, stamp] of stamps) expect((await job(id))!.timestamp).toBe(stamp);
      for (const id of [...leased, ...done]) expect(await job(id)).toBeUndefined();
      expect(await queue.getJobCountByTypes('waiting', 'delayed')).toBe(lost.length + expired.length + 1 + waiting.length + delayed.length);

      // a second pass finds every unsent e-mail with its job: nothing to put back
      expect(await delivery.requeueUnsent()).toBe(0);
    },
    patient(30_000),
  );
});
