import { Readable } from 'node:stream';
import { Injectable, Logger, StreamableFile } from '@nestjs/common';
import archiver from 'archiver';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../common/actor';
import { calendarDateIn, Clock } from '../common/clock';
import { addMonths } from '../common/dates';
import { ProblemException } from '../common/problem';
import { AppConfig } from '../config/app-config';
import { UnitOfWork } from '../infra/prisma/unit-of-work';
import { HandlesJob } from '../infra/queue/job-handler';
import { JobName } from '../infra/queue/queue.jobs';
import { QueueService } from '../infra/queue/queue.service';
import { DocumentStorage } from '../infra/storage/document-storage';
import { PrivacyRepository } from './privacy.repository';
import { keptMonths, retentionRules, shortestKeeping } from './privacy.retention';

const ANONYMISE_BATCH = 200;

/**
 * Personal data over time (GDPR): what a student asks for (an export of everything held,
 * erasure), and the nightly retention — documents and scans deleted some months after the
 * dossier ended, by outcome and document kind; students anonymised some years after their
 * last dossier. Every deletion is in the audit trail, which keeps ids and counts only.
 */
@Injectable()
export class PrivacyService {
  private readonly logger = new Logger('Privacy');

  constructor(
    private readonly privacy: PrivacyRepository,
    private readonly transaction: UnitOfWork,
    private readonly storage: DocumentStorage,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly queues: QueueService,
  ) {}

  /** Everything held about a student, as a zip: `student.json` and the scans, by dossier. */
  async export(studentId: string, actor: Actor, requestId: string): Promise<StreamableFile> {
    const record = await this.privacy.studentRecord(studentId, actor.institutionIds);
    if (!record) throw ProblemException.notFound('student', studentId);
    const files = record.dossiers.flatMap((d) => d.documents.flatMap((doc) => doc.files)).length;
    await this.audit.record({
      actor,
      action: 'student.export',
      resourceType: 'student',
      resourceId: studentId,
      studentIds: [studentId],
      requestId,
      details: { dossiers: record.dossiers.length, files },
    });
    const archive = archiver('zip', { zlib: { level: 6 } });
    archive.append(JSON.stringify({ exportedAt: this.clock.now().toISOString(), office: this.config.OFFICE_NAME, student: record }, jsonReplacer, 2), {
      name: 'student.json',
    });
    const entries = record.dossiers.flatMap((dossier) => [
      ...dossier.documents.flatMap((document) =>
        document.files.map((file) => ({ key: file.storageKey, name: `files/${dossier.reference}/${document.kind}-${file.id}-${safeName(file.originalName)}` })),
      ),
      ...dossier.messages.flatMap((message) =>
        message.attachments.map((file) => ({ key: file.storageKey, name: `messages/${dossier.reference}/${file.id}-${safeName(file.originalName)}` })),
      ),
    ]);
    // the first scan opened now: a store that does not answer is a 503 before the archive starts
    const first = entries[0] && (await this.storage.open(entries[0].key));
    entries.forEach((entry, index) => archive.append(index === 0 ? first! : this.openedWhenRead(entry.key), { name: entry.name }));
    void archive.finalize();
    return new StreamableFile(archive, { type: 'application/zip', disposition: `attachment; filename="student-${studentId}.zip"` });
  }

  /** A scan opened only when the archive comes to it: however many scans, their streams (and connections to a store) are not all held open at once. */
  private openedWhenRead(key: string): Readable {
    const storage = this.storage;
    return Readable.from(
      (async function* () {
        yield* await storage.open(key);
      })(),
      { objectMode: false },
    );
  }

  /** Erases a student's personal data on request (none of their dossiers may be open). */
  async erase(studentId: string, reason: string, actor: Actor, requestId: string): Promise<{ documents: number; files: number; notifications: number }> {
    const summary = await this.transaction.run(async (tx) => {
      // looked for under the student's lock, in the erasure's transaction: a dossier reopened after a look outside would be erased open
      const open = await this.privacy.lockStudentFindOpenDossier(studentId, tx);
      if (open) throw ProblemException.of('student.dossier-still-open', { reference: open }, { dossier: open });
      const erased = await this.privacy.erase(studentId, tx);
      await this.audit.redactStudent(studentId, tx);
      await this.audit.record(
        {
          actor,
          action: 'student.erase',
          resourceType: 'student',
          resourceId: studentId,
          studentIds: [studentId],
          requestId,
          details: { reason, documents: erased.documents, files: erased.files, notifications: erased.notifications },
        },
        tx,
      );
      return erased;
    });
    await this.removeFiles(summary.storageKeys);
    await this.forgetJobs(summary.notificationIds);
    return { documents: summary.documents, files: summary.files, notifications: summary.notifications };
  }

  /** Nightly: documents past their keeping time go (rows and scans); long-finished students are anonymised. */
  @HandlesJob(JobName.ApplyRetention)
  async applyRetention(): Promise<{ documentsDeleted: number; filesDeleted: number; studentsAnonymised: number }> {
    const rules = retentionRules(this.config);
    const today = this.clock.today();
    const candidates = await this.privacy.documentsOfDossiersEndedBefore(this.clock.startOfDay(addMonths(today, -shortestKeeping(rules))));
    const due = candidates.filter((doc) => addMonths(calendarDateIn(this.config.OFFICE_TIMEZONE, doc.endedAt), keptMonths(rules, doc)) <= today);
    const byDossier = new Map<string, typeof due>();
    for (const doc of due) byDossier.set(doc.dossierId, [...(byDossier.get(doc.dossierId) ?? []), doc]);
    let documentsDeleted = 0;
    let filesDeleted = 0;
    for (const [dossierId, documents] of byDossier) {
      const keys = documents.flatMap((d) => d.storageKeys);
      await this.transaction.run(async (tx) => {
        documentsDeleted += await this.privacy.deleteDocuments(
          documents.map((d) => d.id),
          tx,
        );
        await this.audit.record(
          {
            actor: { agentId: null, label: 'system' },
            action: 'retention.documents_deleted',
            resourceType: 'dossier',
            resourceId: dossierId,
            studentIds: [documents[0]!.studentId],
            details: {
              outcome: documents[0]!.outcome,
              endedAt: documents[0]!.endedAt.toISOString(),
              kinds: [...new Set(documents.map((d) => d.kind))].sort(),
              documents: documents.length,
              files: keys.length,
            },
          },
          tx,
        );
      });
      filesDeleted += await this.removeFiles(keys);
    }
    let studentsAnonymised = 0;
    const cutoff = this.clock.startOfDay(addMonths(today, -rules.anonymiseMonths));
    for (
      let batch = await this.privacy.studentsToAnonymise(cutoff, ANONYMISE_BATCH);
      batch.length > 0;
      batch = await this.privacy.studentsToAnonymise(cutoff, ANONYMISE_BATCH)
    ) {
      for (const studentId of batch) {
        const erased = await this.transaction.run(async (tx) => {
          // a dossier reopened since the student was picked keeps them (and the next batch leaves them out)
          if (await this.privacy.lockStudentFindOpenDossier(studentId, tx)) return null;
          const summary = await this.privacy.erase(studentId, tx);
          await this.audit.redactStudent(studentId, tx);
          await this.audit.record(
            {
              actor: { agentId: null, label: 'system' },
              action: 'retention.student_anonymised',
              resourceType: 'student',
              resourceId: studentId,
              studentIds: [studentId],
              details: { documents: summary.documents, files: summary.files },
            },
            tx,
          );
          return summary;
        });
        if (!erased) continue;
        filesDeleted += await this.removeFiles(erased.storageKeys);
        await this.forgetJobs(erased.notificationIds);
        studentsAnonymised++;
      }
    }
    if (documentsDeleted || studentsAnonymised) this.logger.log({ documentsDeleted, filesDeleted, studentsAnonymised }, 'Retention applied');
    return { documentsDeleted, filesDeleted, studentsAnonymised };
  }

  /** The e-mails' jobs kept in Redis (finished or failed) hold addresses and SMTP replies: they go too. */
  private async forgetJobs(notificationIds: string[]): Promise<void> {
    try {
      await this.queues.remove(notificationIds.map((notificationId) => ({ name: JobName.SendEmail, payload: { notificationId } })));
    } catch (error) {
      this.logger.warn({ err: (error as Error).message }, "The erased e-mails' jobs could not be removed from Redis; they expire with the queue retention");
    }
  }

  /** Scans are removed once their rows are gone; one that cannot be is logged (an orphan file, no personal data reachable through the API). */
  private async removeFiles(keys: string[]): Promise<number> {
    let removed = 0;
    for (const key of keys) {
      try {
        await this.storage.remove(key);
        removed++;
      } catch (error) {
        this.logger.error({ key, err: (error as Error).message }, 'A scan could not be removed from storage');
      }
    }
    return removed;
  }
}

function jsonReplacer(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}

function safeName(name: string): string {
  return name.replace(/[^\w.-]+/g, '_').slice(0, 80);
}
