import { Injectable } from '@nestjs/common';
import { calendarDateIn, Clock } from '../common/clock';
import { addDays, daysBetween } from '../common/dates';
import { AppConfig } from '../config/app-config';
import { NotificationDraft } from '../notifications/notifications.model';
import { NotificationsService } from '../notifications/notifications.service';
import { RemindersRepository, StudentToRemind } from './reminders.repository';
import { alertThreshold, ATTESTATION_THRESHOLDS, PERMIT_EXPIRY_FLOOR, PERMIT_EXPIRY_THRESHOLDS, SILENCE_ALERT_THRESHOLDS } from './reminders.schedule';

/**
 * The nightly watches: who must hear about a date coming up. Each alert has an event key
 * (who, which date, which threshold), so a watch run twice — or again the next night —
 * sends nothing twice, and a night missed is caught up the night after.
 */
@Injectable()
export class WatchesService {
  constructor(
    private readonly reminders: RemindersRepository,
    private readonly notifications: NotificationsService,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  /** Students whose permit expires within the filing window (120 → 60 days) and who have no dossier open: reminded at 120, 90 and 60 days. */
  async permitExpiry() {
    const today = this.clock.today();
    const students = await this.reminders.permitsEndingWithoutDossier(addDays(today, PERMIT_EXPIRY_FLOOR + 1), addDays(today, Math.max(...PERMIT_EXPIRY_THRESHOLDS)));
    const drafts = this.studentAlerts(students, today, 'permit_expiry', PERMIT_EXPIRY_THRESHOLDS, PERMIT_EXPIRY_FLOOR);
    return { students: students.length, reminded: await this.notifyNew(drafts) };
  }

  /** Extension attestations (valid up to 3 months) about to lapse: reminded three weeks, then one week, before. */
  async attestationExpiry() {
    const today = this.clock.today();
    const students = await this.reminders.attestationsEnding(addDays(today, 1), addDays(today, Math.max(...ATTESTATION_THRESHOLDS)));
    const drafts = this.studentAlerts(students, today, 'attestation_expiry', ATTESTATION_THRESHOLDS, 0);
    return { students: students.length, reminded: await this.notifyNew(drafts) };
  }

  /** Forwarded dossiers nearing the prefecture's implicit-rejection day: their assignee (or the office) is alerted 14 and 3 days before. */
  async prefectureSilence() {
    const today = this.clock.today();
    const dossiers = await this.reminders.silencesEnding(addDays(today, 1), addDays(today, Math.max(...SILENCE_ALERT_THRESHOLDS)));
    const drafts: NotificationDraft[] = [];
    for (const dossier of dossiers) {
      const daysLeft = daysBetween(today, dossier.implicitRejectionOn);
      const threshold = alertThreshold(daysLeft, SILENCE_ALERT_THRESHOLDS);
      if (threshold === null) continue;
      const draft = await this.notifications.draftForDossier(dossier.dossierId, `silence_alert:${dossier.dossierId}:${dossier.implicitRejectionOn}:${threshold}`, 'silence_alert', {
        implicitRejectionOn: dossier.implicitRejectionOn,
        filedOn: dossier.filedOn,
        daysLeft,
      }, 'assignee');
      if (draft) drafts.push(draft);
    }
    return { dossiers: dossiers.length, alerted: await this.notifyNew(drafts) };
  }

  /** The implicit-rejection day has come without a decision: the assignee (or the office) is told. */
  async implicitRejectionReached(dossierId: string, deadlineId: string): Promise<number> {
    const today = this.clock.today();
    const draft = await this.notifications.draftForDossier(dossierId, `silence_alert:${dossierId}:reached:${deadlineId}`, 'silence_alert', { implicitRejectionOn: today, daysLeft: 0, reached: true }, 'assignee');
    return draft ? this.notifyNew([draft]) : 0;
  }

  /** Each agent's digest of their open dossiers due today or overdue; unassigned ones (and those of agents who left) go to the office. */
  async agentDigests() {
    const today = this.clock.today();
    const now = this.clock.now();
    const due = await this.reminders.dueBefore(this.clock.startOfDay(addDays(today, 1)));
    const agents = new Map((await this.reminders.activeAgents([...new Set(due.flatMap((d) => (d.assigneeId ? [d.assigneeId] : [])))])).map((a) => [a.id, a]));
    const groups = new Map<string, typeof due>();
    for (const dossier of due) {
      const key = dossier.assigneeId && agents.has(dossier.assigneeId) ? dossier.assigneeId : 'office';
      groups.set(key, [...(groups.get(key) ?? []), dossier]);
    }
    const drafts = [...groups].map(([key, dossiers]) => {
      const agent = agents.get(key);
      return this.notifications.draft({
        eventKey: `digest:${key}:${today}`,
        agentId: agent?.id ?? null,
        template: 'agent_digest',
        language: 'fr',
        recipient: agent?.email ?? this.config.OFFICE_EMAIL,
        recipientName: agent?.name ?? this.config.OFFICE_NAME,
        data: {
          day: today,
          dossiers: dossiers.map((d) => ({ reference: d.reference, dossierId: d.dossierId, deadlineAt: calendarDateIn(this.config.OFFICE_TIMEZONE, d.deadlineAt), overdue: d.deadlineAt < now })),
        },
      });
    });
    return { dossiers: due.length, digests: await this.notifyNew(drafts) };
  }

  private studentAlerts(students: StudentToRemind[], today: string, kind: 'permit_expiry' | 'attestation_expiry', thresholds: readonly number[], floor: number): NotificationDraft[] {
    return students.flatMap((student) => {
      const daysLeft = daysBetween(today, student.permitValidUntil);
      const threshold = alertThreshold(daysLeft, thresholds, floor);
      if (threshold === null) return [];
      return [
        this.notifications.draft({
          eventKey: `${kind}:${student.id}:${student.permitValidUntil}:${threshold}`,
          studentId: student.id,
          template: kind === 'permit_expiry' ? 'permit_expiry_reminder' : 'attestation_expiry_reminder',
          language: student.language,
          recipient: student.email,
          recipientName: student.name,
          data: { validUntil: student.permitValidUntil, daysLeft },
        }),
      ];
    });
  }

  /** Queues the alerts whose event has no e-mail yet; returns how many. */
  private async notifyNew(drafts: NotificationDraft[]): Promise<number> {
    let queued = 0;
    for (let i = 0; i < drafts.length; i += 200) queued += await this.notifications.notify(drafts.slice(i, i + 200));
    return queued;
  }
}
