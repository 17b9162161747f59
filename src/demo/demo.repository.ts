import type { AgentRole } from '../common/actor';
import { toDbDate } from '../common/validators';
import type { Channel } from '../catalog/catalog.model';
import { nextReference } from '../dossiers/dossiers.repository';
import type { CloseReason, Decision, DossierFacts, DossierStatus } from '../dossiers/dossiers.model';
import type { Prisma } from '../infra/prisma/generated/client';
import type { PrismaService, PrismaTx } from '../infra/prisma/prisma.service';
import { MESSAGE_EVENTS, type MessageAuthor } from '../messages/messages.repository';
import type { OfficeProfileInput } from '../office/office.model';
import type { IsoDate, StudentInput } from '../students/students.model';
import { searchNameOf, studentColumns } from '../students/students.repository';
import type { ComplementItem } from '../workflow/workflow.model';
import type { DemoDocument, DemoInstitution } from './demo-data';

/** A demo dossier as the workflow would have left it; students and agents are named by their index in the office. */
export interface DemoDossierRecord {
  studentIndex: number;
  /** The agent who has it, and who did every step after the opening (null: nobody, the seed). */
  assigneeIndex: number | null;
  procedureCode: string;
  procedureVersionId: string;
  procedureCase: string | null;
  prefecture: string;
  facts: DossierFacts;
  channel: Channel;
  status: DossierStatus;
  decision: Decision | null;
  closeReason: CloseReason | null;
  version: number;
  receivedAt: IsoDate;
  filedAt: IsoDate | null;
  implicitRejectionOn: IsoDate | null;
  decidedOn: IsoDate | null;
  deadlineAt: Date | null;
  /** Each step by whom: the agent who has the dossier, the seed (its opening), the system (a deadline that fired). */
  history: {
    event: string;
    fromStatus: DossierStatus | null;
    toStatus: DossierStatus | null;
    by: 'assignee' | 'seed' | 'system';
    reason: string | null;
    details?: Record<string, string | null>;
    at: Date;
  }[];
  documents: (DemoDocument & { receivedAt: Date; reviewedAt: Date | null })[];
  complementRequest: { status: 'open' | 'expired'; items: ComplementItem[]; dueOn: IsoDate; requestedAt: Date; closedAt: Date | null } | null;
  /** A complement deadline belongs to the dossier's complement request. */
  deadlines: { kind: 'complement' | 'prefecture_silence'; dueAt: Date; status: 'pending' | 'fired' | 'cancelled'; settledAt?: Date }[];
  emails: DemoEmailRecord[];
  /** What the student did on their page and the office's answers, in order (after the dossier's story). */
  activity: DemoActivityRecord[];
}

/** A document the student sent for an item of the open complement request (no scan: the demo has none), or a message of the thread. */
export type DemoActivityRecord =
  { what: 'document'; kind: string; slot: string; at: Date } | { what: 'message'; author: MessageAuthor; body: string; at: Date; readAt: Date | null };

/** An e-mail the workflow recorded for a history event of the dossier (keyed as the outbox keys it), as its sending left it. */
export interface DemoEmailRecord {
  event: string;
  template: string;
  language: 'fr' | 'en';
  recipient: string;
  /** What the event recorded, with the recipient's name (as the notifications table keeps it). */
  data: Record<string, unknown>;
  status: 'failed';
  attempts: number;
  lastError: string;
  at: Date;
  /** The e-mail as sent, once the dossier has its reference. */
  render: (reference: string) => Promise<{ subject: string; text: string; html: string; templateVersion: string }>;
}

/** Dossiers filed the same day, sent together; `dossierIndex` points into the office's dossiers. */
export interface DemoTransmission {
  sentOn: IsoDate;
  prefecture: string;
  contact: string;
  items: { dossierIndex: number; studentName: string; documentCount: number }[];
}

export interface DemoOffice {
  institutions: DemoInstitution[];
  agents: { email: string; displayName: string; role: AgentRole }[];
  office: OfficeProfileInput;
  students: (Omit<StudentInput, 'institutionId'> & { institutionCode: string })[];
  /** In the order of their references. */
  dossiers: DemoDossierRecord[];
  transmissions: DemoTransmission[];
}

/** Writes the demo office (the command line's seed, outside Nest). */
export class DemoRepository {
  constructor(private readonly prisma: PrismaService) {}

  async hasInstitution(code: string): Promise<boolean> {
    return (await this.prisma.institution.count({ where: { code } })) > 0;
  }

  /** The whole office in one transaction: a seed that fails leaves nothing behind, and the next run starts again. */
  async load(demo: DemoOffice, referencePrefix: string): Promise<void> {
    await this.prisma.$transaction(
      async (tx) => {
        const institutions = new Map<string, string>();
        for (const institution of demo.institutions) institutions.set(institution.code, (await tx.institution.create({ data: institution })).id);
        const agents: string[] = [];
        for (const agent of demo.agents) agents.push((await tx.agent.create({ data: agent })).id);
        const { frontDeskHours, signature, ...office } = demo.office;
        const profile = { ...office, frontDeskHours: { ...frontDeskHours }, signature: { ...signature }, updatedBy: 'demo data' };
        await tx.officeProfile.upsert({ where: { id: 1 }, create: { id: 1, ...profile }, update: { ...profile, version: { increment: 1 } } });

        const students: { id: string; institutionId: string }[] = [];
        for (const { institutionCode, ...student } of demo.students) {
          const institutionId = institutions.get(institutionCode)!;
          const data = {
            ...studentColumns({ ...student, institutionId }),
            institutionId,
            searchName: searchNameOf(student),
          } as Prisma.StudentUncheckedCreateInput;
          students.push(await tx.student.create({ data, select: { id: true, institutionId: true } }));
        }

        const dossiers: { id: string; reference: string }[] = [];
        for (const d of demo.dossiers) {
          const student = students[d.studentIndex]!;
          const assigneeId = d.assigneeIndex === null ? null : agents[d.assigneeIndex]!;
          const created = await tx.dossier.create({
            data: {
              reference: await nextReference(tx, referencePrefix, Number(d.receivedAt.slice(0, 4))),
              studentId: student.id,
              institutionId: student.institutionId,
              procedureCode: d.procedureCode,
              procedureVersionId: d.procedureVersionId,
              procedureCase: d.procedureCase,
              prefecture: d.prefecture,
              facts: d.facts,
              channel: d.channel,
              status: d.status,
              decision: d.decision,
              closeReason: d.closeReason,
              version: d.version,
              receivedAt: toDbDate(d.receivedAt),
              filedAt: toDbDate(d.filedAt),
              implicitRejectionOn: toDbDate(d.implicitRejectionOn),
              decidedOn: toDbDate(d.decidedOn),
              deadlineAt: d.deadlineAt,
              assigneeId,
              history: {
                create: d.history.map(({ by, ...step }) => ({
                  ...step,
                  actorId: by === 'assignee' ? assigneeId : null,
                  actorLabel: by === 'system' ? 'system' : 'seed',
                })),
              },
              documents: {
                create: d.documents.map((document) => ({
                  ...document,
                  issuedOn: toDbDate(document.issuedOn),
                  recordedById: assigneeId,
                  reviewedById: document.reviewedAt ? assigneeId : null,
                })),
              },
            },
            select: { id: true, reference: true, history: { select: { id: true, event: true } } },
          });
          dossiers.push(created);
          for (const { event, render, at, ...email } of d.emails) {
            const eventId = created.history.find((h) => h.event === event)!.id;
            const rendered = await render(created.reference);
            await tx.notification.create({
              data: {
                ...email,
                eventKey: `email:${created.id}:${eventId}:${email.template}`,
                dossierId: created.id,
                studentId: student.id,
                data: email.data as Prisma.InputJsonObject,
                subject: rendered.subject,
                textBody: rendered.text,
                htmlBody: rendered.html,
                templateVersion: rendered.templateVersion,
                createdAt: at,
                // the server's refusal came back a few seconds later
                updatedAt: new Date(at.getTime() + 4_000),
              },
            });
          }
          const request = d.complementRequest
            ? await tx.complementRequest.create({
                data: {
                  dossierId: created.id,
                  ...d.complementRequest,
                  dueOn: toDbDate(d.complementRequest.dueOn),
                  items: d.complementRequest.items as unknown as Prisma.InputJsonArray,
                  requestedById: assigneeId,
                },
              })
            : null;
          for (const deadline of d.deadlines) {
            await tx.deadline.create({
              data: { dossierId: created.id, ...deadline, complementRequestId: deadline.kind === 'complement' ? (request?.id ?? null) : null },
            });
          }
          const assignee = { id: assigneeId, name: d.assigneeIndex === null ? null : demo.agents[d.assigneeIndex]!.displayName };
          for (const activity of d.activity) await writeActivity(tx, created.id, activity, assignee);
        }

        for (const transmission of demo.transmissions) {
          await tx.transmission.create({
            data: {
              reference: await nextReference(tx, 'TR', Number(transmission.sentOn.slice(0, 4))),
              prefecture: transmission.prefecture,
              contact: transmission.contact,
              sentOn: toDbDate(transmission.sentOn),
              createdByLabel: 'seed',
              items: {
                create: transmission.items.map((item, i) => ({
                  dossierId: dossiers[item.dossierIndex]!.id,
                  position: i + 1,
                  reference: dossiers[item.dossierIndex]!.reference,
                  studentName: item.studentName,
                  procedureCode: demo.dossiers[item.dossierIndex]!.procedureCode,
                  documentCount: item.documentCount,
                })),
              },
            },
          });
        }
      },
      // a seed, not a request: on a starved machine (two cores, the suite and more beside it) the office's hundreds of
      // inserts and its e-mails' rendering took over a minute, and a transaction past its timeout is closed under the seed
      { timeout: 300_000 },
    );
  }
}

/**
 * One thing of the student's activity with its history row, as the student's page and the
 * dossier page write them: a document sent by the student, to review, its event naming the
 * item it answers; a message, its event naming it. The student acts as `student`; the
 * office's messages are the assignee's. Messages leave the dossier's version as it was.
 */
async function writeActivity(tx: PrismaTx, dossierId: string, activity: DemoActivityRecord, assignee: { id: string | null; name: string | null }) {
  const { at } = activity;
  if (activity.what === 'document') {
    const { kind, slot } = activity;
    const document = await tx.dossierDocument.create({
      data: { dossierId, kind, source: 'student', status: 'received', receivedAt: at },
      select: { id: true },
    });
    const details = { documentId: document.id, kind, slot, files: 0 };
    await tx.dossierHistory.create({ data: { dossierId, event: 'document_sent_by_student', actorLabel: 'student', details, at } });
    return;
  }
  const office = activity.author === 'office';
  if (office && !assignee.id) throw new Error("an office message of the demo is written by the dossier's assignee: the dossier has none");
  const message = await tx.dossierMessage.create({
    data: {
      dossierId,
      author: activity.author,
      agentId: office ? assignee.id : null,
      authorLabel: office ? assignee.name : null,
      body: activity.body,
      createdAt: at,
      readAt: activity.readAt,
    },
    select: { id: true },
  });
  await tx.dossierHistory.create({
    data: {
      dossierId,
      event: MESSAGE_EVENTS[activity.author],
      actorId: office ? assignee.id : null,
      actorLabel: office ? 'seed' : 'student',
      details: { messageId: message.id, attachments: 0 },
      at,
    },
  });
}
