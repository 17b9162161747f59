import { Injectable } from '@nestjs/common';
import { DossiersService } from '../dossiers/dossiers.service';
import { NotificationResponse } from '../notifications/notifications.dto';
import { NotificationsService } from '../notifications/notifications.service';
import { TimelineEntryResponse } from './timeline.dto';
import { emailTitle, timelineTitle } from './timeline.events';
import { TimelineRepository } from './timeline.repository';

@Injectable()
export class TimelineService {
  constructor(
    private readonly timeline: TimelineRepository,
    private readonly dossiers: DossiersService,
    private readonly notifications: NotificationsService,
  ) {}

  /**
   * Every status change, verdict, request, transmission, summons... and every e-mail and
   * reminder (with its delivery status), in order, with who and when.
   */
  async forDossier(id: string): Promise<TimelineEntryResponse[]> {
    await this.dossiers.require(id);
    const [rows, emails] = await Promise.all([this.timeline.history(id), this.notifications.forDossier(id)]);
    const history: TimelineEntryResponse[] = rows.map((row) => ({
      id: row.id.toString(),
      at: row.at.toISOString(),
      event: row.event,
      title: timelineTitle(row.event),
      fromStatus: row.fromStatus,
      toStatus: row.toStatus,
      actor: { id: row.actorId, name: row.actorName ?? row.actorLabel ?? 'unknown' },
      reason: row.reason,
      details: row.details ?? null,
    }));
    // stable: an e-mail comes after the change that asked for it when both bear the same time
    return [...history, ...emails.map(emailEntry)].sort((a, b) => a.at.localeCompare(b.at));
  }
}

function emailEntry(email: NotificationResponse): TimelineEntryResponse {
  const reminder = /_reminder$|_alert$|_digest$/.test(email.template);
  return {
    id: `notification:${email.id}`,
    at: email.sentAt ?? email.createdAt,
    event: reminder ? 'reminder' : 'email',
    title: emailTitle(reminder, email.status),
    fromStatus: null,
    toStatus: null,
    actor: { id: null, name: 'Passerelle' },
    reason: email.status === 'failed' || email.status === 'retrying' ? email.lastError : null,
    details: {
      notificationId: email.id,
      template: email.template,
      recipient: email.recipient,
      audience: email.audience,
      subject: email.subject,
      status: email.status,
      attempts: email.attempts,
    },
  };
}
