import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock';
import { OPEN_DOSSIER_STATUSES } from '../dossiers/dossiers.model';
import { Prisma } from '../infra/prisma/generated/client';
import { PrismaService, PrismaTx } from '../infra/prisma/prisma.service';

/** A document of a dossier that has ended (decided or closed), with when and how it ended. */
export interface EndedDossierDocument {
  id: string;
  kind: string;
  dossierId: string;
  studentId: string;
  outcome: 'favourable' | 'refused' | 'closed';
  endedAt: Date;
  storageKeys: string[];
}

/** What erasure removed, for the audit (counts, not contents). */
export interface ErasureSummary {
  documents: number;
  files: number;
  storageKeys: string[];
  notifications: number;
  /** Their send jobs are removed from Redis (a failed one keeps the SMTP server's error text). */
  notificationIds: string[];
}

const ERASED = 'EFFACÉ';

@Injectable()
export class PrivacyRepository {
  constructor(
    private readonly prisma: PrismaService,
    private readonly clock: Clock,
  ) {}

  /** The documents of dossiers that ended before `endedBefore` (decided: on the decision day; closed: when closed). */
  async documentsOfDossiersEndedBefore(endedBefore: Date): Promise<EndedDossierDocument[]> {
    const rows = await this.prisma.$queryRaw<Omit<EndedDossierDocument, 'storageKeys'>[]>`
      WITH ended AS (
        SELECT d.id, d.student_id,
               CASE WHEN d.status = 'decided' THEN d.decision::text ELSE 'closed' END AS outcome,
               CASE WHEN d.status = 'decided' THEN d.decided_on::timestamptz
                    ELSE (SELECT max(h.at) FROM dossier_history h WHERE h.dossier_id = d.id AND h.to_status = 'closed') END AS ended_at
          FROM dossiers d
         WHERE d.status IN ('decided', 'closed'))
      SELECT doc.id::text, doc.kind, ended.id::text AS "dossierId", ended.student_id::text AS "studentId", ended.outcome, ended.ended_at AS "endedAt"
        FROM dossier_documents doc JOIN ended ON ended.id = doc.dossier_id
       WHERE ended.ended_at < ${endedBefore}
       ORDER BY doc.id`;
    const files = await this.prisma.documentFile.findMany({
      where: { documentId: { in: rows.map((r) => r.id) } },
      select: { documentId: true, storageKey: true },
    });
    return rows.map((row) => ({ ...row, storageKeys: files.filter((f) => f.documentId === row.id).map((f) => f.storageKey) }));
  }

  /** Deletes documents (their file rows go with them); returns how many. */
  async deleteDocuments(ids: string[], tx: PrismaTx = this.prisma): Promise<number> {
    return (await tx.dossierDocument.deleteMany({ where: { id: { in: ids } } })).count;
  }

  /** Students with no open dossier whose last dossier ended before `endedBefore` (or, without any, untouched since), not yet anonymised. */
  async studentsToAnonymise(endedBefore: Date, limit: number): Promise<string[]> {
    const rows = await this.prisma.$queryRaw<{ id: string }[]>`
      SELECT s.id::text FROM students s
       WHERE s.erased_at IS NULL
         -- a student who never had a dossier counts from their last change
         AND (EXISTS (SELECT 1 FROM dossiers d WHERE d.student_id = s.id) OR s.updated_at < ${endedBefore})
         AND NOT EXISTS (SELECT 1 FROM dossiers d WHERE d.student_id = s.id AND d.status NOT IN ('decided', 'closed'))
         AND NOT EXISTS (SELECT 1 FROM dossiers d JOIN dossier_history h ON h.dossier_id = d.id WHERE d.student_id = s.id AND h.at >= ${endedBefore})
       ORDER BY s.id LIMIT ${limit}`;
    return rows.map((r) => r.id);
  }

  /**
   * Takes the erasure's locks until `tx` ends and returns the reference of a dossier of the
   * student still open, if any (then nothing more is locked: the erasure is refused). In this order:
   * 1. The student, FOR NO KEY UPDATE. Opening and reopening a dossier lock the student FOR UPDATE
   *    (dossiers.repository, workflow.repository), notes and messages FOR SHARE: they wait, so no
   *    dossier is open unseen here and no message adds an outbox row. Rows that only point at the
   *    student (the relay's e-mails, their foreign key's KEY SHARE lock) do not wait.
   * 2. The student's dossiers, FOR NO KEY UPDATE: every other change adding an outbox row updates
   *    its dossier's row (applyDossierChange, the batch moves), so none is added from now on, and
   *    one committed meanwhile is seen by the next statement.
   * 3. Their unrelayed outbox rows, FOR UPDATE: a relay holding some (FOR UPDATE SKIP LOCKED, while
   *    it records their e-mails on other connections) finishes first, so its e-mails are committed
   *    before erase() reads them; a relay starting later skips them, and finds them relayed after.
   * The relay locks outbox rows, then references the student. Locked FOR UPDATE before the outbox
   * rows, the student made each wait for the other: on two connections of one process, a wait
   * PostgreSQL sees no deadlock in, until the relay's transaction timed out (the erasure with it).
   */
  async lockStudentFindOpenDossier(studentId: string, tx: PrismaTx): Promise<string | null> {
    await tx.$queryRaw`SELECT 1 FROM students WHERE id = ${studentId}::uuid FOR NO KEY UPDATE`;
    const open = await tx.dossier.findFirst({ where: { studentId, status: { in: [...OPEN_DOSSIER_STATUSES] } }, select: { reference: true } });
    if (open) return open.reference;
    await tx.$queryRaw`SELECT 1 FROM dossiers WHERE student_id = ${studentId}::uuid ORDER BY id FOR NO KEY UPDATE`;
    // a statement of its own: its snapshot has the outbox rows of changes that the dossiers' locks waited for
    await tx.$queryRaw`
      SELECT 1 FROM outbox o JOIN dossiers d ON d.id = o.dossier_id
       WHERE d.student_id = ${studentId}::uuid AND o.relayed_at IS NULL ORDER BY o.id FOR UPDATE OF o`;
    return null;
  }

  /** Everything Passerelle holds about a student (the export). */
  /**
   * Everything held about a student — within `institutionIds` when the agent covers only some:
   * a dossier (and its e-mails) handled for another institution stays out, as it is out of reach by id.
   */
  async studentRecord(studentId: string, institutionIds: string[] | null) {
    const covered = institutionIds ? { institutionId: { in: institutionIds } } : {};
    return this.prisma.student.findUnique({
      where: { id: studentId },
      omit: { searchName: true },
      include: {
        institution: { select: { code: true, name: true } },
        notifications: { where: institutionIds ? { OR: [{ dossierId: null }, { dossier: covered }] } : {}, omit: { data: true, leaseUntil: true } },
        dossiers: {
          where: covered,
          orderBy: { receivedAt: 'asc' },
          include: {
            history: { orderBy: { at: 'asc' }, omit: { actorId: true } },
            documents: { include: { files: { omit: { uploadedById: true } } }, omit: { recordedById: true, reviewedById: true } },
            complementRequests: { omit: { requestedById: true } },
            summonses: { omit: { createdById: true } },
            // the agents' internal notes are data about the student too (right of access): they are in the export
            notes: { orderBy: { createdAt: 'asc' }, omit: { authorId: true } },
            // the thread with the office: what the student wrote and was written (the files are in the zip)
            messages: { orderBy: { createdAt: 'asc' }, omit: { agentId: true }, include: { attachments: true } },
          },
        },
      },
    });
  }

  /**
   * Erases a student's personal data in one transaction: identity, contact and permit replaced
   * or emptied, documents and their scans removed, e-mails and free texts that could name
   * them cleared. Dossier references, statuses and dates stay (statistics, the prefecture's
   * numbering), as does the audit trail — without before/after values.
   */
  async erase(studentId: string, tx: PrismaTx): Promise<ErasureSummary> {
    const stamp = studentId.slice(-12).toUpperCase();
    const scans = await tx.documentFile.findMany({ where: { document: { dossier: { studentId } } }, select: { storageKey: true } });
    const documents = await tx.dossierDocument.deleteMany({ where: { dossier: { studentId } } });
    // the thread with the office: its files go, its messages keep their author and time, not what they said
    const attached = await tx.messageAttachment.findMany({ where: { message: { dossier: { studentId } } }, select: { storageKey: true } });
    await tx.messageAttachment.deleteMany({ where: { message: { dossier: { studentId } } } });
    // the personal links and their sessions (which keep an address and a browser) go with the rest
    await tx.studentLink.deleteMany({ where: { dossier: { studentId } } });
    await tx.dossierMessage.updateMany({ where: { dossier: { studentId } }, data: { body: null } });
    const files = [...scans, ...attached];
    const notificationIds = (await tx.notification.findMany({ where: { OR: [{ studentId }, { dossier: { studentId } }] }, select: { id: true } })).map(
      (n) => n.id,
    );
    const notifications = await tx.notification.updateMany({
      where: { OR: [{ studentId }, { dossier: { studentId } }] },
      data: { recipient: 'erased@invalid', subject: null, data: {}, lastError: null, textBody: null, htmlBody: null },
    });
    await tx.complementRequest.updateMany({ where: { dossier: { studentId } }, data: { message: null } });
    await tx.summons.updateMany({ where: { dossier: { studentId } }, data: { place: null, note: null } });
    // the agents' internal notes are free text about the student: their author and time stay, not what they said
    await tx.dossierNote.updateMany({ where: { dossier: { studentId } }, data: { body: null } });
    // history details carry what changed (texts of verdicts, summons places, addresses of e-mails, facts)
    await tx.dossierHistory.updateMany({ where: { dossier: { studentId } }, data: { reason: null, details: Prisma.DbNull } });
    await tx.dossier.updateMany({ where: { studentId }, data: { facts: {}, prefectureReference: null } });
    // the slips of transmissions already sent are rebuilt from these rows
    await tx.transmissionItem.updateMany({ where: { dossier: { studentId } }, data: { studentName: ERASED } });
    // what changes asked to follow (already relayed) no longer needs its payload
    const dossierIds = (await tx.dossier.findMany({ where: { studentId }, select: { id: true } })).map((d) => d.id);
    await tx.outboxMessage.updateMany({ where: { dossierId: { in: dossierIds }, relayedAt: { not: null } }, data: { payload: {} } });
    // e-mails not yet sent have nobody to go to any more
    await tx.outboxMessage.updateMany({
      where: { dossierId: { in: dossierIds }, relayedAt: null, topic: { in: ['email', 'email.resend'] } },
      data: { payload: {}, relayedAt: this.clock.now() },
    });
    // stopped, not failed: no email.failed webhook for them (the notifications trigger reads this, for this transaction only)
    await tx.$executeRaw`SELECT set_config('passerelle.erasing', 'on', true)`;
    await tx.notification.updateMany({
      where: { id: { in: notificationIds }, status: { in: ['pending', 'retrying'] } },
      data: { status: 'failed', lastError: "not sent: the student's data was erased" },
    });
    await tx.student.update({
      where: { id: studentId },
      data: {
        birthName: ERASED,
        usageName: null,
        firstNames: ERASED,
        searchName: '',
        birthDate: new Date('1900-01-01'),
        birthPlace: null,
        foreignerNumber: null,
        studentNumber: `ERASED-${stamp}`,
        email: `erased-${stamp.toLowerCase()}@invalid`,
        mobilePhone: null,
        addressLine1: null,
        addressLine2: null,
        postalCode: null,
        city: null,
        programme: null,
        // with the dossier's reference and dates, these would still point to one person
        sex: 'unspecified',
        nationality: 'XX',
        birthCountry: 'XX',
        expectedDefenceDate: null,
        internshipEndDate: null,
        permitKind: null,
        permitNumber: null,
        permitValidFrom: null,
        permitValidUntil: null,
        erasedAt: this.clock.now(),
      },
    });
    return {
      documents: documents.count,
      files: files.length,
      storageKeys: files.map((f) => f.storageKey),
      notifications: notifications.count,
      notificationIds,
    };
  }
}
