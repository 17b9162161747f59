import { complementItems } from '../workflow/complement-items';
import type { Duration, ProcedureDefinition } from '../catalog/catalog.model';
import { CatalogRepository } from '../catalog/catalog.repository';
import { evaluateChecklist, resolveParameters } from '../checklist/checklist.engine';
import { Clock, startOfDayIn } from '../common/clock';
import { addDays, addDuration, daysBetween } from '../common/dates';
import { AppConfig } from '../config/app-config';
import { prefectureOf } from '../dossiers/dossiers.model';
import { withPrisma } from '../infra/prisma/prisma.service';
import type { IsoDate } from '../students/students.model';
import { markedLink } from '../student-access/student-access.links';
import { DEMO_AGENTS, DEMO_INSTITUTIONS, DEMO_OFFICE, DemoDossier, DemoMoment, DemoStudent } from './demo-data';
import { DemoEmails } from './demo-emails';
import { demoDossiers, demoStudents } from './demo-generator';
import { DemoActivityRecord, DemoDossierRecord, DemoRepository, DemoTransmission } from './demo.repository';

type Version = { id: string; definition: ProcedureDefinition };

/**
 * Loads the demo office into an empty database, in one transaction: institutions, agents,
 * students, and dossiers in every status with their documents, under the catalog versions
 * in effect when they were received (the catalog must be published: db:migrate does it).
 * Everything is dated from the clock's today, so the dashboard shows a working day whenever
 * the demo is loaded. Does nothing when the demo institutions are already there, so the run
 * command can call it every time.
 */
export async function seedDemo(config: AppConfig, clock: Clock = new Clock(config)): Promise<string> {
  return withPrisma(config, async (prisma) => {
    const demo = new DemoRepository(prisma);
    if (await demo.hasInstitution(DEMO_INSTITUTIONS[0]!.code)) return 'demo data already present';
    const today = clock.today();
    const students = demoStudents(today);
    const dossiers = demoDossiers(today, students);
    const versions = await versionsInEffect(new CatalogRepository(prisma), dossiers);
    // references follow the order of receipt within each year, as the office would have numbered them
    const ordered = [...dossiers].sort((a, b) => a.receivedAt.localeCompare(b.receivedAt));
    const emails = new DemoEmails(config.OFFICE_TIMEZONE);
    const records = ordered.map((d) => dossierRecord(d, students[d.studentIndex]!, versions.get(versionKey(d))!, { config, today, emails }));
    await demo.load(
      {
        institutions: DEMO_INSTITUTIONS,
        agents: DEMO_AGENTS,
        office: DEMO_OFFICE,
        students,
        dossiers: records,
        transmissions: transmissions(ordered, students, config),
      },
      config.OFFICE_REFERENCE_PREFIX,
    );
    return `demo office loaded: ${DEMO_INSTITUTIONS.length} institutions, ${DEMO_AGENTS.length} agents, ${students.length} students, ${dossiers.length} dossiers`;
  });
}

const versionKey = (d: DemoDossier) => `${d.procedureCode}@${d.receivedAt}`;

async function versionsInEffect(catalog: CatalogRepository, dossiers: DemoDossier[]): Promise<Map<string, Version>> {
  const versions = new Map<string, Version>();
  for (const d of dossiers) {
    if (versions.has(versionKey(d))) continue;
    const id = await catalog.versionIdInEffect(d.procedureCode, d.receivedAt);
    if (!id) throw new Error(`procedure ${d.procedureCode} is not in the catalog: run \`node dist/cli.js db:migrate\` first`);
    versions.set(versionKey(d), { id, definition: (await catalog.findById(id))!.definition });
  }
  return versions;
}

interface SeedContext {
  config: AppConfig;
  today: IsoDate;
  emails: DemoEmails;
}

function dossierRecord(d: DemoDossier, student: DemoStudent, version: Version, { config, today, emails }: SeedContext): DemoDossierRecord {
  const prefecture = prefectureOf(student.address.postalCode) ?? config.OFFICE_PREFECTURE;
  const plan = workflowState(d, student, version.definition, prefecture, config, today);
  const at = (days: number) => new Date(startOfDayIn(config.OFFICE_TIMEZONE, addDays(d.receivedAt, days)).getTime() + 10 * 3_600_000);
  const steps: DemoDossierRecord['history'] = [
    ...d.history.map((step) => ({
      event: step.event,
      fromStatus: step.from,
      toStatus: step.to,
      by: 'assignee' as const,
      reason: step.reason ?? null,
      at: at(step.daysAfterReceipt),
    })),
    ...plan.events,
  ].sort((a, b) => a.at.getTime() - b.at.getTime());
  const history: DemoDossierRecord['history'] = [{ event: 'opened', fromStatus: null, toStatus: 'received', by: 'seed', reason: null, at: at(0) }, ...steps];
  const activity = activityRecords(
    d,
    plan.request,
    (m) => new Date(startOfDayIn(config.OFFICE_TIMEZONE, addDays(today, -m.daysAgo)).getTime() + minutesOf(m.time) * 60_000),
  );
  return {
    studentIndex: d.studentIndex,
    assigneeIndex: d.assigneeIndex,
    procedureCode: d.procedureCode,
    procedureVersionId: version.id,
    procedureCase: d.procedureCase,
    prefecture,
    facts: d.facts,
    channel: version.definition.channel,
    status: d.status,
    decision: d.decision,
    closeReason: d.closeReason,
    // each change bumps it, a document the student sent too; messages do not
    version: history.length + activity.filter((a) => a.what === 'document').length,
    receivedAt: d.receivedAt,
    filedAt: d.filedAt,
    implicitRejectionOn: plan.implicitRejectionOn,
    decidedOn: plan.decidedOn,
    deadlineAt: plan.deadlines.find((deadline) => deadline.status === 'pending')?.dueAt ?? null,
    history,
    documents: d.documents.map((document) => ({ ...document, receivedAt: at(0), reviewedAt: document.status === 'received' ? null : at(1) })),
    complementRequest: plan.request,
    deadlines: plan.deadlines,
    emails: d.failedEmails.map((failed) => {
      const sentAt = new Date(history.find((step) => step.event === failed.event)!.at.getTime() + 60_000);
      const data =
        failed.template === 'complement_requested'
          ? { items: plan.request!.items, dueOn: plan.request!.dueOn }
          : { filedOn: d.filedAt, implicitRejectionOn: plan.implicitRejectionOn };
      const recipientName = `${student.firstNames} ${student.usageName ?? student.birthName}`;
      const language = student.preferredLanguage;
      return {
        event: failed.event,
        template: failed.template,
        language,
        recipient: student.email,
        data: { ...data, recipientName },
        status: 'failed' as const,
        attempts: 1,
        lastError: failed.lastError.replace('{to}', student.email),
        at: sentAt,
        render: (reference: string) =>
          emails.render({
            template: failed.template,
            language,
            recipientName,
            data,
            // the student's personal link as the worker stores it: the marker its delivery would have replaced (no link is made)
            dossier: {
              reference,
              channel: version.definition.channel,
              filedOn: d.filedAt,
              prefectureReference: null,
              definition: version.definition,
              link: markedLink(config.PUBLIC_URL),
            },
          }),
      };
    }),
    activity,
  };
}

const minutesOf = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3));

/** The student's activity on the dossier, in order; each document answers an item of the open complement request. */
function activityRecords(d: DemoDossier, request: DemoDossierRecord['complementRequest'], when: (m: DemoMoment) => Date): DemoActivityRecord[] {
  if (!d.studentActivity) return [];
  for (const { slot } of d.studentActivity.documents) {
    if (request?.status !== 'open' || !request.items.some((item) => item.slot === slot)) throw new Error(`the open complement request asks for no ${slot}`);
  }
  return [
    ...d.studentActivity.documents.map(({ kind, slot, at }) => ({ what: 'document' as const, kind, slot, at: when(at) })),
    ...d.studentActivity.messages.map(({ at, readAt, ...m }) => ({ what: 'message' as const, ...m, at: when(at), readAt: readAt && when(readAt) })),
  ].sort((a, b) => a.at.getTime() - b.at.getTime());
}

/** The dossiers filed on the same day left together, in one transmission. */
function transmissions(ordered: DemoDossier[], students: DemoStudent[], config: AppConfig): DemoTransmission[] {
  const bySentOn = new Map<string, DemoTransmission['items']>();
  ordered.forEach((d, dossierIndex) => {
    if (!d.filedAt) return;
    const student = students[d.studentIndex]!;
    const item = {
      dossierIndex,
      studentName: `${student.usageName ?? student.birthName} ${student.firstNames}`,
      documentCount: d.documents.filter((x) => x.status !== 'rejected').length,
    };
    bySentOn.set(d.filedAt, [...(bySentOn.get(d.filedAt) ?? []), item]);
  });
  return [...bySentOn]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([sentOn, items]) => ({ sentOn, prefecture: config.OFFICE_PREFECTURE, contact: 'Préfecture — bureau du séjour des étudiants', items }));
}

/**
 * What the workflow would have left behind for a demo dossier: the complement request and
 * its deadline (open or expired), the implicit-rejection date and the silence deadline once
 * forwarded — fired, with its history event, if the prefecture was still silent that day —
 * the decision date.
 */
function workflowState(d: DemoDossier, student: DemoStudent, definition: ProcedureDefinition, prefecture: string, config: AppConfig, today: IsoDate) {
  const step = (to: string) => d.history.find((s) => s.to === to);
  const dayAfter = (date: string) => startOfDayIn(config.OFFICE_TIMEZONE, addDays(date, 1));
  const deadlines: DemoDossierRecord['deadlines'] = [];
  let request: DemoDossierRecord['complementRequest'] = null;
  const requested = step('incomplete');
  if (requested && (d.status === 'incomplete' || d.closeReason === 'deadline_expired')) {
    const dueOn = addDays(d.receivedAt, requested.daysAfterReceipt + 30);
    const open = d.status === 'incomplete';
    const report = evaluateChecklist({
      definition,
      dossier: { channel: definition.channel, filingDate: d.receivedAt, prefecture, procedureCase: d.procedureCase, facts: d.facts },
      student: {
        nationality: student.nationality,
        level: student.level,
        academicYear: student.academicYear,
        institutionMember: true,
        currentPermit: student.currentPermit,
        expectedDefenceDate: student.expectedDefenceDate,
        internshipEndDate: student.internshipEndDate,
      },
      documents: d.documents.map((document, i) => ({ id: `demo-${i}`, ...document, rejectionText: null, attributes: document.attributes })),
    });
    const items = complementItems(report, definition);
    request = {
      status: open ? 'open' : 'expired',
      items,
      dueOn,
      requestedAt: startOfDayIn(config.OFFICE_TIMEZONE, addDays(d.receivedAt, requested.daysAfterReceipt)),
      closedAt: open ? null : dayAfter(dueOn),
    };
    deadlines.push({ kind: 'complement', dueAt: dayAfter(dueOn), status: open ? 'pending' : 'fired', ...(open ? {} : { settledAt: dayAfter(dueOn) }) });
  }
  const decided = step('decided');
  const decidedOn = decided ? addDays(d.receivedAt, decided.daysAfterReceipt) : null;
  let implicitRejectionOn: string | null = null;
  const events: DemoDossierRecord['history'] = [];
  if (d.filedAt) {
    const silence = resolveParameters(definition, prefecture, d.filedAt).prefectureSilence!.value as Duration;
    implicitRejectionOn = addDuration(d.filedAt, silence);
    const dueAt = startOfDayIn(config.OFFICE_TIMEZONE, implicitRejectionOn);
    // the silence ran out before a decision came (or none has come yet): the deadline job fired at the start of that day
    const reached = daysBetween(implicitRejectionOn, decidedOn ?? today) >= 0;
    if (reached) {
      events.push({
        event: 'implicit_rejection',
        fromStatus: null,
        toStatus: null,
        by: 'system',
        reason: null,
        details: { implicitRejectionOn, filedOn: d.filedAt },
        at: new Date(dueAt.getTime() + 60_000),
      });
    }
    deadlines.push({
      kind: 'prefecture_silence',
      dueAt,
      ...(reached ? { status: 'fired', settledAt: new Date(dueAt.getTime() + 60_000) } : { status: d.status === 'forwarded' ? 'pending' : 'cancelled' }),
    });
  }
  return { request, deadlines, events, implicitRejectionOn, decidedOn };
}
