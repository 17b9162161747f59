import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { TemplateName } from '../../src/email-templates/email-templates.model';
import { PrismaService } from '../../src/infra/prisma/prisma.service';
import { NotificationsService } from '../../src/notifications/notifications.service';
import { OutboxRepository } from '../../src/outbox/outbox.repository';
import { PrivacyService } from '../../src/privacy/privacy.service';
import { AgentClient, asAgent, startApi } from '../support/api';
import { createDossier, createStudent } from '../support/factories';
import { patient, waitFor } from '../support/processes';
import { JobsWorld } from '../support/worker';
import { move } from '../support/workflow';

/**
 * An erasure while the outbox relay holds the student's outbox rows (FOR UPDATE SKIP LOCKED,
 * for as long as its callback runs) and records their e-mail on another connection — whose
 * foreign key to the student waits for whatever lock the erasure holds on the student's row.
 * The interleaving is forced: the erasure starts once the relay holds the rows, and the relay
 * records the e-mail once the erasure is seen waiting on a lock. Both must finish, and nothing
 * of the student may be left in the e-mail recorded meanwhile.
 */
describe("a student's erasure beside the outbox relay", () => {
  let world: JobsWorld;
  let app: NestFastifyApplication;
  let admin: AgentClient;

  beforeEach(async () => {
    // a database of each case's own: the batch relayed is its outbox, the lock waited on its erasure's
    world = await JobsWorld.create({ RETENTION_ANONYMISE_MONTHS: '36' });
    app = await startApi(world.env, world.clock);
    admin = asAgent(app);
  });

  afterEach(async () => {
    await app?.close();
    await world?.close();
  });

  /** Settles within `ms` (with the suite's patience) or fails naming what stalled. */
  const within = <T>(promise: Promise<T>, ms: number, what: string): Promise<T> => {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} stalled`)), patient(ms));
    });
    return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
  };

  const cases: [string, (studentId: string, dossierId: string) => Promise<void>][] = [
    [
      'on request (DELETE /api/students/:id)',
      async (studentId) => {
        await admin.delete(`/api/students/${studentId}`).send({ reason: 'request of 2026-11-20' }).expect(200);
      },
    ],
    [
      'by the retention, years after the last dossier ended',
      async (_studentId, dossierId) => {
        await world.sql(`UPDATE dossier_history SET at = now() - interval '4 years' WHERE dossier_id = $1`, [dossierId]);
        expect(await app.get(PrivacyService).applyRetention()).toMatchObject({ studentsAnonymised: 1 });
      },
    ],
  ];

  it.each(cases)('finishes, as does the relay, and leaves nothing of the student in the e-mail it recorded — %s', async (_label, erase) => {
    const student = await createStudent(admin, { birthName: `RELAYED${Date.now().toString(36).toUpperCase()}` });
    const email = (await admin.get(`/api/students/${student.id}`).expect(200)).body.email as string;
    const dossier = await createDossier(admin, { studentId: student.id, procedureCode: 'student-extension' });
    await move(admin, dossier.id, { to: 'closed', closeReason: 'withdrawn' });
    const notifications = app.get(NotificationsService);

    let erasing: Promise<unknown> | undefined;
    // the worker's relay, on the API's pool: the e-mail is recorded on a connection other than the batch's
    const relaying = new OutboxRepository(app.get(PrismaService)).relayBatch(100, async (messages) => {
      const opened = messages.find((m) => m.dossierId === dossier.id && m.topic === 'email');
      if (!opened) throw new Error("the dossier's e-mail is not in the batch");
      // drafted as the relay drafts it: to the student, with their name and address
      const payload = opened.payload as { template: TemplateName; data?: Record<string, unknown> };
      const draft = await notifications.draftForDossier(dossier.id, opened.key, payload.template, payload.data ?? {});
      // the relay holds the rows now: the erasure starts, and comes to wait on a lock
      erasing = erase(student.id, dossier.id).then(
        () => null,
        (error: unknown) => error,
      );
      await waitFor(
        async () =>
          (
            await world.sql(
              `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND wait_event_type = 'Lock' AND query ILIKE '%outbox%'`,
            )
          ).length > 0,
        15_000,
        "the erasure to wait on the relay's outbox rows",
      );
      // outside the batch's transaction, as the relay records its e-mails
      await notifications.record([draft!]);
      return [];
    });

    expect(await within(relaying, 10_000, 'the relay')).toBeGreaterThanOrEqual(1);
    expect(await within(erasing!, 10_000, 'the erasure')).toBeNull();

    const recorded = await world.sql<{
      recipient: string;
      subject: string | null;
      text_body: string | null;
      html_body: string | null;
      data: unknown;
      row: string;
    }>(
      `SELECT n.recipient, n.subject, n.text_body, n.html_body, n.data, row_to_json(n)::text AS row
         FROM notifications n LEFT JOIN dossiers d ON d.id = n.dossier_id WHERE n.student_id = $1 OR d.student_id = $1`,
      [student.id],
    );
    // the e-mail recorded while the erasure waited is there, erased with the rest
    expect(recorded.length).toBeGreaterThanOrEqual(1);
    for (const row of recorded) {
      expect(row).toMatchObject({ recipient: 'erased@invalid', subject: null, text_body: null, html_body: null, data: {} });
    }
    const outbox = await world.sql<{ payload: unknown; relayed: boolean }>(
      `SELECT payload, relayed_at IS NOT NULL AS relayed FROM outbox WHERE dossier_id = $1`,
      [dossier.id],
    );
    expect(outbox.length).toBeGreaterThanOrEqual(1);
    expect(outbox).toEqual(outbox.map(() => ({ payload: {}, relayed: true })));
    const traces = [...recorded.map((r) => r.row), ...outbox.map((o) => JSON.stringify(o.payload))].filter((text) =>
      [student.birthName, student.studentNumber, email].some((needle) => text.toLowerCase().includes(needle.toLowerCase())),
    );
    expect(traces).toEqual([]);
  });
});
