import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Readable } from 'node:stream';
import { CatalogService } from '../catalog/catalog.service';
import type { Actor } from '../common/actor';
import { ProblemException } from '../common/problem';
import { validateBody } from '../common/validation';
import { AppConfig } from '../config/app-config';
import { fileConstraints } from '../documents/documents.service';
import { type ReceivedFile, receiveUpload, removeAll } from '../documents/documents.uploads';
import { DossiersService } from '../dossiers/dossiers.service';
import { DocumentStorage, StoredObjectMissing } from '../infra/storage/document-storage';
import type { StudentContext } from '../student-access/student-access.decorators';
import { MessageResponse, NewMessageDto } from './messages.dto';
import { type Message, type MessageAttachment, type MessageAuthor, MessagesRepository, type NewMessage, StudentErased } from './messages.repository';

/** What a POST brings: the JSON body, or the request itself when it is multipart (files beside the text). */
export interface MessageInput {
  request: FastifyRequest;
  body: unknown;
}

/** Who reads the thread: the answer's names and download addresses depend on it. */
type Reader = { side: 'student' } | { side: 'office'; dossierId: string };

/**
 * The thread between a student and the office about a dossier. Either side writes — text,
 * files (the dossier's channel limits, as for documents), or both — and the other is e-mailed
 * through the outbox, in the transaction of the message: the student with their personal link,
 * the assigned agent (or the office's address) with the dossier's address. Reading marks read:
 * the student's page as it shows the thread, the agents when they say so.
 */
@Injectable()
export class MessagesService {
  constructor(
    private readonly messages: MessagesRepository,
    private readonly dossiers: DossiersService,
    private readonly catalog: CatalogService,
    private readonly storage: DocumentStorage,
    private readonly config: AppConfig,
  ) {}

  /**
   * The thread as the student's page shows it: the office's messages not yet read keep
   * `readAt: null` in this answer (the page shows them as new) and are marked read now — only
   * those shown, so one written meanwhile stays unread.
   */
  async forStudent(student: StudentContext): Promise<MessageResponse[]> {
    const thread = await this.messages.forDossier(student.dossierId);
    const unread = thread.filter((m) => m.author === 'office' && !m.readAt).map((m) => m.id);
    await this.messages.markRead(student.dossierId, 'office', unread);
    return thread.map((m) => this.present(m, { side: 'student' }));
  }

  async forOffice(dossierId: string): Promise<MessageResponse[]> {
    await this.dossiers.require(dossierId);
    return (await this.messages.forDossier(dossierId)).map((m) => this.present(m, { side: 'office', dossierId }));
  }

  /** The student writes: the assigned agent, or the office's address, is e-mailed. */
  async writeAsStudent(student: StudentContext, input: MessageInput, actor: Actor): Promise<MessageResponse> {
    const dossierUrl = `${this.config.PUBLIC_URL}/#/dossiers/${student.dossierId}/show`;
    const written = await this.write(student.dossierId, 'student', input, actor, {
      topic: 'email',
      payload: { template: 'student_message', data: { dossierUrl }, to: 'assignee' },
    });
    return this.present(written, { side: 'student' });
  }

  /** An agent writes: the student is e-mailed, with their personal link. */
  async writeAsOffice(dossierId: string, input: MessageInput, actor: Actor): Promise<MessageResponse> {
    await this.dossiers.require(dossierId);
    const written = await this.write(dossierId, 'office', input, actor, { topic: 'email', payload: { template: 'office_message', data: {} } });
    return this.present(written, { side: 'office', dossierId });
  }

  /** The agents have read the student's messages. */
  async markReadByOffice(dossierId: string): Promise<void> {
    await this.dossiers.require(dossierId);
    await this.messages.markRead(dossierId, 'student');
  }

  /** An attachment's bytes; another dossier's message or attachment is answered as an unknown one. */
  async attachment(dossierId: string, messageId: string, attachmentId: string): Promise<{ file: MessageAttachment; stream: Readable }> {
    const file = await this.messages.attachment(dossierId, messageId, attachmentId);
    if (!file) throw ProblemException.of('message.not-found');
    try {
      return { file, stream: await this.storage.open(file.storageKey) };
    } catch (error) {
      if (error instanceof StoredObjectMissing) throw ProblemException.of('message.attachment-missing');
      throw error;
    }
  }

  /** Reads the text and files, checks them, and writes the message; stored files go again if it is not written. */
  private async write(dossierId: string, author: MessageAuthor, input: MessageInput, actor: Actor, email: NewMessage['email']): Promise<Message> {
    const { text, files } = await this.compose(dossierId, input);
    try {
      const attachments = files.map(({ key, originalName, contentType, sizeBytes, sha256 }) => ({
        storageKey: key,
        originalName,
        contentType,
        sizeBytes,
        sha256,
      }));
      return await this.messages.add({ dossierId, author, actor, body: text, attachments, email });
    } catch (error) {
      await removeAll(files, this.storage);
      if (error instanceof StudentErased) throw ProblemException.of('message.student-erased');
      throw error;
    }
  }

  /** The text (trimmed, at most 4000 characters, required unless files come) and the files, within the channel's limits. */
  private async compose(dossierId: string, { request, body }: MessageInput): Promise<{ text: string; files: ReceivedFile[] }> {
    if (!request.isMultipart()) {
      const { body: text = '' } = await validateBody(NewMessageDto, body ?? {});
      if (!text) throw ProblemException.validation([{ field: 'body', code: 'messageEmpty' }]);
      return { text, files: [] };
    }
    const dossier = await this.dossiers.require(dossierId);
    if (!dossier.procedureVersionId) throw new Error(`dossier ${dossierId} has no catalog version: run db:migrate`);
    const { definition } = await this.catalog.version(dossier.procedureVersionId);
    const received = await receiveUpload(request, fileConstraints(definition, dossier.channel), this.storage);
    try {
      const { body: text = '' } = await validateBody(NewMessageDto, received.fields);
      if (!text && received.files.length === 0) throw ProblemException.validation([{ field: 'body', code: 'messageEmpty' }]);
      return { text, files: received.files };
    } catch (error) {
      await removeAll(received.files, this.storage);
      throw error;
    }
  }

  private present(message: Message, reader: Reader): MessageResponse {
    const base = reader.side === 'student' ? '/api/student/dossier/messages' : `/api/dossiers/${reader.dossierId}/messages`;
    return {
      id: message.id,
      author: message.author,
      // the student reads the office's name, never an agent's
      authorName: message.author === 'student' ? null : reader.side === 'student' ? this.config.OFFICE_NAME : message.agentName,
      body: message.body,
      createdAt: message.createdAt.toISOString(),
      readAt: message.readAt?.toISOString() ?? null,
      attachments: message.attachments.map((file) => ({
        id: file.id,
        originalName: file.originalName,
        contentType: file.contentType,
        sizeBytes: file.sizeBytes,
        url: `${base}/${message.id}/attachments/${file.id}`,
      })),
    };
  }
}
