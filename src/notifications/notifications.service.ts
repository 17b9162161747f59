import { Injectable } from '@nestjs/common';
import { CatalogService } from '../catalog/catalog.service';
import type { Actor } from '../common/actor';
import { ProblemException } from '../common/problem';
import { StaleDossier } from '../dossiers/dossiers.model';
import { DossiersService, stale } from '../dossiers/dossiers.service';
import { AppConfig } from '../config/app-config';
import { JobName, type JobRequest } from '../infra/queue/queue.jobs';
import { QueueService } from '../infra/queue/queue.service';
import { DossierAddressee, Notification, NotificationDraft } from './notifications.model';
import { NotificationsRepository } from './notifications.repository';
import type { ContextDossier } from '../email-templates/email-templates.context';
import { type EmailLanguage as Language, isTemplateName, type TemplateName } from '../email-templates/email-templates.model';
import { EmailTemplatesService } from '../email-templates/email-templates.service';
import { NotificationMessageResponse, NotificationResponse, presentNotification } from './notifications.dto';
import { markedLink, withPlaceholder } from '../student-access/student-access.links';

/**
 * The e-mails: rendered, recorded once per event (the notifications table), sent by a queued
 * job (NotificationsDelivery, notifications.delivery.ts); the dossier's list, and a failed one
 * sent again.
 */
@Injectable()
export class NotificationsService {
  constructor(
    private readonly notifications: NotificationsRepository,
    private readonly queues: QueueService,
    private readonly catalog: CatalogService,
    private readonly dossiers: DossiersService,
    private readonly config: AppConfig,
    private readonly templates: EmailTemplatesService,
  ) {}

  /**
   * The e-mail a dossier event asks for, rendered: to the student, in their language — or, for
   * the office's alerts, to the agent the dossier is assigned to (the office's address when
   * nobody is). Null if the dossier is gone.
   */
  async draftForDossier(
    dossierId: string,
    eventKey: string,
    template: TemplateName,
    data: Record<string, unknown>,
    to: 'student' | 'assignee' = 'student',
  ): Promise<NotificationDraft | null> {
    const addressee = await this.notifications.addresseeOfDossier(dossierId);
    return addressee && this.draftFor(addressee, { dossierId, eventKey, template, data, to });
  }

  /**
   * The e-mails of several dossier events (the outbox relay's batch), their dossiers read in
   * one query; each has its own outcome, so that one that cannot be drafted fails alone.
   */
  async draftsForDossiers(requests: readonly DossierEmailRequest[]): Promise<PromiseSettledResult<NotificationDraft | null>[]> {
    const ids = [...new Set(requests.map((r) => r.dossierId).filter((id) => UUID.test(id)))];
    const [addressees, render] = await Promise.all([this.notifications.addresseesOfDossiers(ids), this.templates.renderer()]);
    return Promise.allSettled(
      requests.map(async (request) => {
        if (!UUID.test(request.dossierId)) throw new Error(`not a dossier id: ${request.dossierId}`);
        const addressee = addressees.get(request.dossierId);
        return addressee ? this.draftFor(addressee, request, render) : null;
      }),
    );
  }

  private async draftFor(
    addressee: DossierAddressee,
    { dossierId, eventKey, template, data, to = 'student' }: DossierEmailRequest,
    render?: Renderer,
  ): Promise<NotificationDraft> {
    const dossier = await this.dossierContext(addressee, to === 'student');
    if (to === 'assignee') {
      const agent = addressee.assignee;
      return this.draft(
        {
          eventKey,
          template,
          data,
          language: 'fr',
          recipient: agent?.email ?? this.config.OFFICE_EMAIL,
          recipientName: agent?.name ?? this.config.OFFICE_NAME,
          dossierId,
          agentId: agent?.id ?? null,
          dossier,
        },
        render,
      );
    }
    return this.draft(
      {
        eventKey,
        template,
        data,
        language: addressee.language,
        recipient: addressee.email,
        recipientName: addressee.name,
        dossierId,
        studentId: addressee.studentId,
        dossier,
      },
      render,
    );
  }

  /**
   * The e-mail a dossier event would send, rendered as the student would read it, without
   * recording or sending anything (the agent's preview before a complement request). Its
   * personal link reads `lien-personnel`: only the student's own e-mail carries a token.
   */
  async previewForDossier(dossierId: string, template: TemplateName, data: Record<string, unknown>): Promise<EmailPreview | null> {
    const draft = await this.draftForDossier(dossierId, 'preview', template, data);
    if (!draft) return null;
    return {
      to: draft.recipient,
      language: draft.language,
      subject: withPlaceholder(draft.subject),
      text: withPlaceholder(draft.textBody),
      html: withPlaceholder(draft.htmlBody),
    };
  }

  /** Renders the e-mail with the wording in force (the dossier's procedure and channel pick the variant). */
  async draft({ dossier, ...draft }: DraftInput, render: Renderer = (request) => this.templates.render(request)): Promise<NotificationDraft> {
    if (!isTemplateName(draft.template)) throw new Error(`unknown e-mail template ${String(draft.template)}`);
    const rendered = await render({
      template: draft.template,
      language: draft.language,
      recipientName: draft.recipientName,
      dossier: dossier ?? null,
      data: draft.data,
    });
    return { ...draft, subject: rendered.subject, textBody: rendered.text, htmlBody: rendered.html, templateVersion: rendered.templateVersion };
  }

  /**
   * Records the e-mails (an event that already has one keeps it) and returns the jobs that
   * send those not yet sent. The caller adds the jobs (the outbox relay, with the rows it relays).
   */
  async record(drafts: readonly NotificationDraft[]): Promise<JobRequest<JobName.SendEmail>[]> {
    const rows = await this.notifications.ensure(drafts);
    return rows.filter((row) => row.status !== 'sent' && row.status !== 'failed').map((row) => sendJob(row.id));
  }

  /** Records the e-mails and queues them at once; returns how many events had no e-mail yet. */
  async notify(drafts: readonly NotificationDraft[]): Promise<number> {
    if (drafts.length === 0) return 0;
    const known = await this.notifications.existingKeys(drafts.map((d) => d.eventKey));
    await this.queues.add(await this.record(drafts));
    return drafts.filter((d) => !known.has(d.eventKey)).length;
  }

  /** Which of these events already have their e-mail (a watch skips them before drafting). */
  existingKeys(eventKeys: readonly string[]): Promise<Set<string>> {
    return this.notifications.existingKeys(eventKeys);
  }

  /** GET /api/dossiers/:id/notifications. */
  async list(dossierId: string): Promise<NotificationResponse[]> {
    await this.dossiers.require(dossierId);
    return this.forDossier(dossierId);
  }

  /** The dossier's e-mails, oldest first (the list, and the timeline). */
  async forDossier(dossierId: string): Promise<NotificationResponse[]> {
    return (await this.notifications.forDossier(dossierId)).map(presentNotification);
  }

  /**
   * GET /api/dossiers/:id/notifications/:notificationId: one e-mail with its subject and bodies,
   * as the recipient received them — but for the student's personal link, which reads
   * `lien-personnel` (the token it carried was never stored).
   */
  async one(dossierId: string, notificationId: string): Promise<NotificationMessageResponse> {
    const notification = await this.requireOfDossier(dossierId, notificationId);
    const message = await this.messageOf(notification);
    return {
      ...presentNotification(notification),
      subject: withPlaceholder(message.subject),
      textBody: withPlaceholder(message.text),
      htmlBody: withPlaceholder(message.html),
    };
  }

  /**
   * Sends a failed e-mail again — to the student's current address, for when the agent has
   * corrected it. Recorded in the dossier's history; the worker picks it up from the outbox.
   */
  async retry(dossierId: string, notificationId: string, actor: Actor, expectedVersion?: number): Promise<NotificationResponse> {
    const notification = await this.requireOfDossier(dossierId, notificationId);
    if (notification.status !== 'failed') {
      throw ProblemException.of('notification.not-failed', { status: notification.status }, { currentStatus: notification.status });
    }
    const recipient = notification.studentId
      ? ((await this.notifications.addresseeOfDossier(dossierId))?.email ?? notification.recipient)
      : notification.recipient;
    try {
      await this.notifications.retry(notificationId, recipient, {
        dossierId,
        actor,
        expectedVersion,
        event: 'email_resent',
        details: { notificationId, template: notification.template, recipient, lastError: notification.lastError },
      });
    } catch (error) {
      if (error instanceof StaleDossier) throw stale(error.current);
      throw error;
    }
    return presentNotification((await this.notifications.findById(notificationId))!);
  }

  /** An e-mail of this dossier (404 for the dossier's absence, and for an e-mail of another dossier alike). */
  private async requireOfDossier(dossierId: string, notificationId: string): Promise<Notification> {
    await this.dossiers.require(dossierId);
    const notification = await this.notifications.findById(notificationId);
    if (!notification || notification.dossierId !== dossierId) throw ProblemException.of('notification.not-found', { id: notificationId });
    return notification;
  }

  /**
   * The e-mail as recorded (every attempt sends the same text). One recorded before e-mails
   * were kept rendered is rendered now, once, from what its event recorded.
   */
  async messageOf(notification: Notification): Promise<{ subject: string; text: string; html: string }> {
    if (notification.textBody !== null && notification.htmlBody !== null && notification.subject !== null) {
      return { subject: notification.subject, text: notification.textBody, html: notification.htmlBody };
    }
    const { recipientName, ...data } = notification.data as { recipientName?: string };
    const addressee = notification.dossierId ? await this.notifications.addresseeOfDossier(notification.dossierId) : null;
    const rendered = await this.templates.render({
      template: notification.template,
      language: notification.language,
      recipientName: recipientName ?? '',
      dossier: addressee && (await this.dossierContext(addressee, notification.studentId !== null)),
      data,
    });
    return { subject: rendered.subject, text: rendered.text, html: rendered.html };
  }

  /**
   * What the e-mail says of the dossier. The student's e-mails carry their personal link, with
   * the marker the delivery replaces by a fresh token (what is stored never holds one); the
   * office's have none.
   */
  private async dossierContext(addressee: DossierAddressee, toStudent: boolean): Promise<ContextDossier> {
    if (!addressee.procedureVersionId) throw new Error(`dossier ${addressee.dossierId} has no catalog version`);
    const { definition } = await this.catalog.version(addressee.procedureVersionId);
    return {
      reference: addressee.reference,
      channel: addressee.channel,
      filedOn: addressee.filedOn,
      prefectureReference: addressee.prefectureReference,
      link: toStudent ? markedLink(this.config.PUBLIC_URL) : null,
      definition,
    };
  }
}

/** Renders an e-mail: the templates' own, or a batch's (EmailTemplatesService.renderer). */
type Renderer = EmailTemplatesService['render'];

/** What a draft needs besides its rendering: the dossier it is about, if any. */
export type DraftInput = Omit<NotificationDraft, 'subject' | 'textBody' | 'htmlBody' | 'templateVersion'> & { dossier?: ContextDossier | null };

/** An e-mail a dossier event asks for: to its student, or to its assignee (the office's alerts). */
export interface DossierEmailRequest {
  dossierId: string;
  eventKey: string;
  template: TemplateName;
  data: Record<string, unknown>;
  to?: 'student' | 'assignee';
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An e-mail as it would be sent: recipient, language, subject, text and HTML bodies. */
export interface EmailPreview {
  to: string;
  language: Language;
  subject: string;
  text: string;
  html: string;
}

export function sendJob(notificationId: string): JobRequest<JobName.SendEmail> {
  return { name: JobName.SendEmail, payload: { notificationId } };
}
