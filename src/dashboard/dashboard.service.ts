import { Injectable } from '@nestjs/common';
import type { Actor } from '../common/actor';
import { Clock } from '../common/clock';
import { addDays } from '../common/dates';
import { deadlineDay } from '../common/people-format';
import { toDbDate } from '../common/validators';
import { AppConfig } from '../config/app-config';
import type { DashboardDossier, FailedEmail, StudentActivityDossier } from './dashboard.model';
import { DashboardResponse } from './dashboard.dto';
import { DashboardRepository } from './dashboard.repository';

/** How many dossiers or e-mails each list of the dashboard shows (the counts are whole). */
export const DASHBOARD_LIST_SIZE = 20;

/** The office's day at a glance, for the agent's institutions: counts, this week's deadlines, what is late, failed e-mails. */
@Injectable()
export class DashboardService {
  constructor(
    private readonly dashboard: DashboardRepository,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  async forActor(actor: Actor): Promise<DashboardResponse> {
    const scope = actor.institutionIds;
    const now = this.clock.now();
    const today = this.clock.today();
    const weekEnd = this.clock.startOfDay(addDays(today, 7));
    const [countsByStatus, deadlinesThisWeek, overdue, failedEmails, studentActivity] = await Promise.all([
      this.dashboard.countsByStatus(scope),
      this.dashboard.deadlinesBetween(scope, now, weekEnd, DASHBOARD_LIST_SIZE),
      this.dashboard.overdue(scope, now, toDbDate(today), DASHBOARD_LIST_SIZE),
      this.dashboard.failedEmails(scope, DASHBOARD_LIST_SIZE),
      this.dashboard.studentActivity(scope, DASHBOARD_LIST_SIZE),
    ]);
    return {
      today,
      countsByStatus,
      deadlinesThisWeek: { count: deadlinesThisWeek.count, items: deadlinesThisWeek.items.map((item) => presentDossier(item, this.config.OFFICE_TIMEZONE)) },
      overdue: { count: overdue.count, items: overdue.items.map((item) => presentDossier(item, this.config.OFFICE_TIMEZONE)) },
      failedEmails: { count: failedEmails.count, items: failedEmails.items.map(presentEmail) },
      studentActivity: {
        count: studentActivity.count,
        items: studentActivity.items.map((item) => presentActivity(item, this.config.OFFICE_TIMEZONE)),
      },
    };
  }
}

/** With the day it names, as the dossier and the e-mails name it (the last day given, the implicit-rejection day): people are shown a day. */
function presentDossier(item: DashboardDossier, timeZone: string) {
  return { ...item, dueAt: item.dueAt.toISOString(), dueOn: deadlineDay(item.kind, item.dueAt, timeZone) };
}

function presentActivity(item: StudentActivityDossier, timeZone: string) {
  const due = item.dueAt && item.kind ? presentDossier({ ...item, dueAt: item.dueAt, kind: item.kind }, timeZone) : null;
  return {
    ...item,
    dueAt: due?.dueAt ?? null,
    dueOn: due?.dueOn ?? null,
    kind: item.kind,
    lastActivityAt: item.lastActivityAt.toISOString(),
  };
}

function presentEmail(item: FailedEmail) {
  return { ...item, createdAt: item.createdAt.toISOString() };
}
