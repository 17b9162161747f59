import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { Readable } from 'node:stream';
import { addDays, addMonths } from '../../src/common/dates';
import { QueueEvents } from 'bullmq';
import { seedDemo } from '../../src/demo/demo-seed';
import { JobName, queueOf } from '../../src/infra/queue/queue.jobs';
import { bullPrefix } from '../../src/infra/queue/queue.service';
import { RecurringJobs } from '../../src/infra/queue/recurring-jobs';
import { DocumentStorage } from '../../src/infra/storage/document-storage';
import { PrivacyService } from '../../src/privacy/privacy.service';
import type { RunningWorker } from '../../src/worker';
import { today } from '../support/factories';
import { JobsWorld } from '../support/worker';

/** Acceptance 6: the nightly retention job on the demo office. */
describe('personal-data retention', () => {
  let world: JobsWorld;
  let worker: RunningWorker;

  beforeAll(async () => {
    // the defaults: documents kept 6 months after a favourable decision or a closing, 14 after a refusal
    world = await JobsWorld.create({ RETENTION_DOCUMENTS_MONTHS: 'favourable:6,refused:14,closed:6', RETENTION_ANONYMISE_MONTHS: '36' });
    await seedDemo(world.config);
    worker = await world.startWorker();
  });

  afterAll(async () => {
    await world?.close();
  });

  const counts = async () =>
    (
      await world.sql<Record<string, string>>(`
      SELECT (SELECT count(*) FROM students) AS students, (SELECT count(*) FROM dossiers) AS dossiers,
             (SELECT count(*) FROM dossier_history) AS history, (SELECT count(*) FROM dossier_documents) AS documents,
             (SELECT count(*) FROM document_files) AS files, (SELECT count(*) FROM notifications) AS notifications`)
    )[0]!;

  it('deletes the documents and scans of dossiers past their keeping time, records it, and leaves the rest as it was', async () => {
    // every ended dossier of the demo ended yesterday; then three are moved back in time
    await world.sql(`UPDATE dossiers SET decided_on = $1::date WHERE status = 'decided'`, [addDays(today(), -1)]);
    await world.sql(`UPDATE dossier_history SET at = now() - interval '1 day' WHERE to_status = 'closed'`);
    const pick = async (where: string) =>
      (
        await world.sql<{ id: string; reference: string }>(
          `SELECT d.id, d.reference FROM dossiers d WHERE ${where} AND EXISTS (SELECT 1 FROM dossier_documents x WHERE x.dossier_id = d.id) ORDER BY d.reference LIMIT 1`,
        )
      )[0]!;
    const favourableLongAgo = await pick(`d.status = 'decided' AND d.decision = 'favourable'`);
    const refusedLongAgo = await pick(`d.status = 'decided' AND d.decision = 'refused'`);
    const closedLongAgo = await pick(`d.status = 'closed'`);
    const sevenMonthsAgo = addMonths(today(), -7);
    await world.sql(`UPDATE dossiers SET decided_on = $1::date WHERE id = ANY($2::uuid[])`, [sevenMonthsAgo, [favourableLongAgo.id, refusedLongAgo.id]]);
    await world.sql(`UPDATE dossier_history SET at = $1::date WHERE dossier_id = $2 AND to_status = 'closed'`, [sevenMonthsAgo, closedLongAgo.id]);

    // each document of these three dossiers has a scan in storage
    const storage = worker.app.get(DocumentStorage);
    const documents = await world.sql<{ id: string; dossier_id: string }>(`SELECT id, dossier_id FROM dossier_documents WHERE dossier_id = ANY($1::uuid[])`, [
      [favourableLongAgo.id, refusedLongAgo.id, closedLongAgo.id],
    ]);
    const keyOf = new Map<string, string>();
    for (const document of documents) {
      const stored = await storage.save(Readable.from(Buffer.from(`%PDF-1.4 scan of ${document.id}`)));
      await world.sql(
        `INSERT INTO document_files (id, document_id, storage_key, original_name, content_type, size_bytes, sha256) VALUES (gen_random_uuid(), $1, $2, 'scan.pdf', 'application/pdf', $3, $4)`,
        [document.id, stored.key, stored.sizeBytes, stored.sha256],
      );
      keyOf.set(document.id, stored.key);
    }
    const storedAt = (key: string) => existsSync(resolve(world.config.STORAGE_DIR, key));
    const docsOf = (dossierId: string) => documents.filter((d) => d.dossier_id === dossierId);
    const before = await counts();

    const outcome = await worker.app.get(PrivacyService).applyRetention();

    const gone = [...docsOf(favourableLongAgo.id), ...docsOf(closedLongAgo.id)];
    expect(outcome).toEqual({ documentsDeleted: gone.length, filesDeleted: gone.length, studentsAnonymised: 0 });
    // past retention: gone from the database and from storage
    expect(await world.sql(`SELECT id FROM dossier_documents WHERE dossier_id = ANY($1::uuid[])`, [[favourableLongAgo.id, closedLongAgo.id]])).toEqual([]);
    for (const document of gone) expect(storedAt(keyOf.get(document.id)!)).toBe(false);
    // a refusal is kept 14 months: its documents and scans are still there
    expect((await world.sql(`SELECT id FROM dossier_documents WHERE dossier_id = $1`, [refusedLongAgo.id])).length).toBe(docsOf(refusedLongAgo.id).length);
    for (const document of docsOf(refusedLongAgo.id)) expect(storedAt(keyOf.get(document.id)!)).toBe(true);
    // everything else is intact
    expect(await counts()).toEqual({ ...before, documents: String(Number(before.documents) - gone.length), files: String(Number(before.files) - gone.length) });
    expect(await world.sql(`SELECT reference, status FROM dossiers WHERE id = $1`, [favourableLongAgo.id])).toEqual([
      { reference: favourableLongAgo.reference, status: 'decided' },
    ]);

    // the audit trail says what went, without personal data
    const audit = await world.sql<{ action: string; resource_id: string; actor_label: string; details: { documents: number; files: number; outcome: string } }>(
      `SELECT action, resource_id, actor_label, details FROM audit_events WHERE action = 'retention.documents_deleted' ORDER BY resource_id`,
    );
    expect(audit.map((a) => a.resource_id).sort()).toEqual([favourableLongAgo.id, closedLongAgo.id].sort());
    for (const event of audit) {
      expect(event.actor_label).toBe('system');
      const expected = event.resource_id === favourableLongAgo.id ? docsOf(favourableLongAgo.id).length : docsOf(closedLongAgo.id).length;
      expect(event.details).toMatchObject({
        documents: expected,
        files: expected,
        outcome: event.resource_id === favourableLongAgo.id ? 'favourable' : 'closed',
      });
    }

    // the next night, as the scheduler runs it (the job on the maintenance queue): nothing more to do
    const queues = world.queues();
    const events = new QueueEvents(queueOf(JobName.ApplyRetention), { connection: { url: world.config.REDIS_URL }, prefix: bullPrefix(world.config) });
    try {
      await events.waitUntilReady();
      const jobId = await new RecurringJobs(world.config, queues).runNow(JobName.ApplyRetention, 'test');
      const job = (await queues.queue(queueOf(JobName.ApplyRetention)).getJob(jobId))!;
      expect(await job.waitUntilFinished(events, 20_000)).toEqual({ documentsDeleted: 0, filesDeleted: 0, studentsAnonymised: 0 });
    } finally {
      await events.close();
      await queues.onModuleDestroy();
    }
  });

  it("anonymises a student whose last dossier ended more than 36 months ago, keeping the dossiers' references and the audit without personal data", async () => {
    const [old] = await world.sql<{ student_id: string; id: string }>(`
      SELECT d.student_id, d.id FROM dossiers d WHERE d.status = 'closed'
         AND NOT EXISTS (SELECT 1 FROM dossiers o WHERE o.student_id = d.student_id AND o.id <> d.id) LIMIT 1`);
    await world.sql(`UPDATE dossier_history SET at = now() - interval '37 months' WHERE dossier_id = $1`, [old!.id]);
    await world.sql(
      `INSERT INTO audit_events (id, actor_label, action, resource_type, resource_id, student_ids, details) VALUES (gen_random_uuid(), 'Claire', 'student.update', 'student', $1, ARRAY[$1::uuid], '{"changes":{"city":{"before":"Rennes","after":"Brest"}}}')`,
      [old!.student_id],
    );
    const outcome = await worker.app.get(PrivacyService).applyRetention();
    expect(outcome.studentsAnonymised).toBe(1);
    const [student] = await world.sql<{ birth_name: string; email: string; erased_at: Date | null; city: string | null }>(
      `SELECT birth_name, email, erased_at, city FROM students WHERE id = $1`,
      [old!.student_id],
    );
    expect(student).toMatchObject({ birth_name: 'EFFACÉ', city: null, erased_at: expect.any(Date) });
    expect(student!.email).toMatch(/@invalid$/);
    expect(await world.sql(`SELECT 1 FROM dossiers WHERE id = $1`, [old!.id])).toHaveLength(1);
    const events = await world.sql<{ action: string; details: unknown }>(`SELECT action, details FROM audit_events WHERE $1 = ANY(student_ids) ORDER BY at`, [
      old!.student_id,
    ]);
    expect(events.find((e) => e.action === 'student.update')!.details).toEqual({ redacted: 'personal data erased' });
    expect(events.map((e) => e.action)).toContain('retention.student_anonymised');
  });
});
