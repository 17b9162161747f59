import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock';
import { lastDayOf } from '../common/people-format';
import { addDays, daysBetween } from '../common/dates';
import { AppConfig } from '../config/app-config';
import { NotificationDraft } from '../notifications/notifications.model';
import { NotificationsService } from '../notifications/notifications.service';
import { CatalogService } from '../catalog/catalog.service';
import { RemindersRepository, StudentToRemind } from './reminders.repository';
import {
  alertThreshold,
  type FilingWindow,
  mapInOrder,
  permitExpiryStage,
  RENEWAL_PROCEDURE,
  ATTESTATION_THRESHOLDS,
  PERMIT_EXPIRY_FLOOR,
  PERMIT_EXPIRY_THRESHOLDS,
  SILENCE_ALERT_THRESHOLDS,
} from './reminders.schedule';

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
    private readonly catalog: CatalogService,
  ) {}

  /** Students whose permit expires within the filing window (120 → 60 days) and who have no dossier open: reminded at 120, 90 and 60 days. */
  async permitExpiry() {
    const today = this.clock.today();
    const students = await this.reminders.permitsEndingWithoutDossier(
      addDays(today, PERMIT_EXPIRY_FLOOR + 1),
      addDays(today, Math.max(...PERMIT_EXPIRY_THRESHOLDS)),
    );
    const drafts = await this.studentAlerts(students, today, 'permit_expiry', PERMIT_EXPIRY_THRESHOLDS, PERMIT_EXPIRY_FLOOR);
    return { students: students.length, reminded: await this.notifyNew(drafts) };
  }

  /** Extension attestations (valid up to 3 months) about to lapse: reminded three weeks, then one week, before. */
  async attestationExpiry() {
    const today = this.clock.today();
    const students = await this.reminders.attestationsEnding(addDays(today, 1), addDays(today, Math.max(...ATTESTATION_THRESHOLDS)));
    const drafts = await this.studentAlerts(students, today, 'attestation_expiry', ATTESTATION_THRESHOLDS, 0);
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
      const draft = await this.notifications.draftForDossier(
        dossier.dossierId,
        `silence_alert:${dossier.dossierId}:${dossier.implicitRejectionOn}:${threshold}`,
        'silence_alert',
        {
          stage: 'coming',
          implicitRejectionOn: dossier.implicitRejectionOn,
          daysLeft,
        },
        'assignee',
      );
      if (draft) drafts.push(draft);
    }
    return { dossiers: dossiers.length, alerted: await this.notifyNew(drafts) };
  }

  /** The implicit-rejection day has come without a decision: the assignee (or the office) is told. */
  async implicitRejectionReached(dossierId: string, deadlineId: string): Promise<number> {
    const today = this.clock.today();
    const draft = await this.notifications.draftForDossier(
      dossierId,
      `silence_alert:${dossierId}:reached:${deadlineId}`,
      'silence_alert',
      { stage: 'reached', implicitRejectionOn: today, daysLeft: 0 },
      'assignee',
    );
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
    const drafts = await mapInOrder([...groups], ([key, dossiers]) => {
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
          dossiers: dossiers.map((d) => ({
            reference: d.reference,
            dossierId: d.dossierId,
            deadlineOn: lastDayOf(d.deadlineAt, this.config.OFFICE_TIMEZONE),
            overdue: d.deadlineAt < now,
          })),
        },
      });
    });
    return { dossiers: due.length, digests: await this.notifyNew(drafts) };
  }

  /** The students' alerts not sent yet, rendered (an alert already sent is not rendered again). */
  private async studentAlerts(
    students: StudentToRemind[],
    today: string,
    kind: 'permit_expiry' | 'attestation_expiry',
    thresholds: readonly number[],
    floor: number,
  ): Promise<NotificationDraft[]> {
    const due = students.flatMap((student) => {
      const daysLeft = daysBetween(today, student.permitValidUntil);
      const threshold = alertThreshold(daysLeft, thresholds, floor);
      return threshold === null ? [] : [{ student, daysLeft, eventKey: `${kind}:${student.id}:${student.permitValidUntil}:${threshold}` }];
    });
    const known = await this.notifications.existingKeys(due.map((d) => d.eventKey));
    const window = kind === 'permit_expiry' && due.length ? await this.renewalWindow(today) : null;
    return mapInOrder(
      due.filter((d) => !known.has(d.eventKey)),
      ({ student, daysLeft, eventKey }) =>
        this.notifications.draft({
          eventKey,
          studentId: student.id,
          template: kind === 'permit_expiry' ? 'permit_expiry_reminder' : 'attestation_expiry_reminder',
          language: student.language,
          recipient: student.email,
          recipientName: student.name,
          data: { validUntil: student.permitValidUntil, daysLeft, ...(window && permitExpiryStage(student.permitValidUntil, daysLeft, window)) },
        }),
    );
  }

  /**
   * The renewal filing window of the catalog (the ordinary student renewal: 120 to 60 days
   * before expiry, then the regularisation tax), which the permit-expiry reminder tells of.
   */
  private async renewalWindow(today: string): Promise<FilingWindow> {
    const parameters = (await this.catalog.versionInEffect(RENEWAL_PROCEDURE, today))?.definition.parameters ?? {};
    const value = (name: string) => (typeof parameters[name]?.value === 'number' ? parameters[name].value : null);
    // an office whose catalog lacks the renewal still reminds its students: the reminders' own window, no amount
    return {
      opensDays: value('filingWindowOpensDays') ?? Math.max(...PERMIT_EXPIRY_THRESHOLDS),
      closesDays: value('filingWindowClosesDays') ?? Math.min(...PERMIT_EXPIRY_THRESHOLDS),
      lateTaxEur: value('lateRegularisationTaxEur'),
    };
  }

  /** Queues the alerts whose event has no e-mail yet; returns how many. */
  private async notifyNew(drafts: NotificationDraft[]): Promise<number> {
    let queued = 0;
    for (let i = 0; i < drafts.length; i += 200) queued += await this.notifications.notify(drafts.slice(i, i + 200));
    return queued;
  }
}
