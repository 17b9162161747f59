import { Injectable } from '@nestjs/common';
import type { Actor } from '../common/actor';
import { Clock } from '../common/clock';
import type { Prisma } from '../infra/prisma/generated/client';
import { PrismaService } from '../infra/prisma/prisma.service';
import { type OutboxDraft, outboxRows } from '../outbox/outbox.model';

export type MessageAuthor = 'student' | 'office';

export interface MessageAttachment {
  id: string;
  storageKey: string;
  originalName: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
}

/** A message of a dossier's thread, as the feature reads it. */
export interface Message {
  id: string;
  dossierId: string;
  author: MessageAuthor;
  /** The agent's name for the office's messages (kept when the agent is gone); null for the student's. */
  agentName: string | null;
  body: string | null;
  createdAt: Date;
  readAt: Date | null;
  attachments: MessageAttachment[];
}

export interface NewMessage {
  dossierId: string;
  author: MessageAuthor;
  actor: Actor;
  body: string;
  attachments: Omit<MessageAttachment, 'id'>[];
  /** The e-mail that tells the other side (recorded from the outbox once committed). */
  email: Extract<OutboxDraft, { topic: 'email' }>;
}

/** Nothing was written: the dossier's student had their personal data erased. */
export class StudentErased extends Error {}

// ids are UUIDv7: in the order the files were received
const WITH_ATTACHMENTS = { attachments: { orderBy: { id: 'asc' } }, agent: { select: { displayName: true } } } as const;

/** The history event a message writes, by who wrote it (the timeline shows it). */
export const MESSAGE_EVENTS: Record<MessageAuthor, string> = { student: 'message_from_student', office: 'message_from_office' };

@Injectable()
export class MessagesRepository {
  constructor(
    private readonly prisma: PrismaService,
    private readonly clock: Clock,
  ) {}

  /** The dossier's thread, oldest first. */
  async forDossier(dossierId: string): Promise<Message[]> {
    const rows = await this.prisma.dossierMessage.findMany({ where: { dossierId }, include: WITH_ATTACHMENTS, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
    return rows.map(toMessage);
  }

  /** An attachment of a message of this dossier; null when any of the three does not match. */
  async attachment(dossierId: string, messageId: string, attachmentId: string): Promise<MessageAttachment | null> {
    return this.prisma.messageAttachment.findFirst({
      where: { id: attachmentId, messageId, message: { dossierId } },
      select: { id: true, storageKey: true, originalName: true, contentType: true, sizeBytes: true, sha256: true },
    });
  }

  /**
   * Writes the message with its attachments, its history event and the outbox row of its
   * e-mail in one transaction — unless the dossier's student was erased. The student's row is
   * read under a share lock, which erasure's update lock waits for (as notes do): a message
   * written during an erasure is either erased with the rest or refused, never left behind.
   */
  async add(message: NewMessage): Promise<Message> {
    return this.prisma.$transaction(async (tx) => {
      const [student] = await tx.$queryRaw<{ erased: boolean }[]>`
        SELECT s.erased_at IS NOT NULL AS erased FROM students s JOIN dossiers d ON d.student_id = s.id
         WHERE d.id = ${message.dossierId}::uuid FOR SHARE OF s`;
      if (!student) throw new Error(`dossier ${message.dossierId} does not exist`);
      if (student.erased) throw new StudentErased();
      const now = this.clock.now();
      const row = await tx.dossierMessage.create({
        data: {
          dossierId: message.dossierId,
          author: message.author,
          agentId: message.actor.agentId,
          authorLabel: message.author === 'office' ? message.actor.label.slice(0, 150) : null,
          body: message.body,
          createdAt: now,
          attachments: { create: message.attachments.map((file) => ({ ...file, createdAt: now })) },
        },
        include: WITH_ATTACHMENTS,
      });
      const history = await tx.dossierHistory.create({
        data: {
          dossierId: message.dossierId,
          event: MESSAGE_EVENTS[message.author],
          actorId: message.actor.agentId,
          actorLabel: message.actor.label.slice(0, 64),
          details: { messageId: row.id, attachments: message.attachments.length },
          at: now,
        },
        select: { id: true },
      });
      // one e-mail per message, whatever else the event is: its key names the message
      const outbox = outboxRows(message.dossierId, history.id, [message.email]).map((r) => ({ ...r, key: `message:${row.id}` }));
      await tx.outboxMessage.createMany({ data: outbox as Prisma.OutboxMessageCreateManyInput[] });
      return toMessage(row);
    });
  }

  /** Marks the other side's messages read (all unread of `author`, or only `ids` among them); returns how many. */
  async markRead(dossierId: string, author: MessageAuthor, ids?: readonly string[]): Promise<number> {
    if (ids && ids.length === 0) return 0;
    const { count } = await this.prisma.dossierMessage.updateMany({
      where: { dossierId, author, readAt: null, ...(ids && { id: { in: [...ids] } }) },
      data: { readAt: this.clock.now() },
    });
    return count;
  }

  /** Unread messages from the students, by dossier (the inbox and the dashboard); dossiers without any are absent. */
  unreadFromStudent(dossierIds: readonly string[]): Promise<Map<string, number>> {
    return this.unread('student', dossierIds);
  }

  /** Unread messages from the office, by dossier (the student's page); dossiers without any are absent. */
  unreadFromOffice(dossierIds: readonly string[]): Promise<Map<string, number>> {
    return this.unread('office', dossierIds);
  }

  private async unread(author: MessageAuthor, dossierIds: readonly string[]): Promise<Map<string, number>> {
    if (dossierIds.length === 0) return new Map();
    const rows = await this.prisma.dossierMessage.groupBy({
      by: ['dossierId'],
      where: { dossierId: { in: [...dossierIds] }, author, readAt: null },
      _count: { _all: true },
    });
    return new Map(rows.map((row) => [row.dossierId, row._count._all]));
  }
}

function toMessage(row: {
  id: string;
  dossierId: string;
  author: MessageAuthor;
  authorLabel: string | null;
  body: string | null;
  createdAt: Date;
  readAt: Date | null;
  agent: { displayName: string } | null;
  attachments: (MessageAttachment & { messageId: string; createdAt: Date })[];
}): Message {
  return {
    id: row.id,
    dossierId: row.dossierId,
    author: row.author,
    agentName: row.author === 'office' ? (row.agent?.displayName ?? row.authorLabel ?? null) : null,
    body: row.body,
    createdAt: row.createdAt,
    readAt: row.readAt,
    attachments: row.attachments.map(({ id, storageKey, originalName, contentType, sizeBytes, sha256 }) => ({
      id,
      storageKey,
      originalName,
      contentType,
      sizeBytes,
      sha256,
    })),
  };
}
