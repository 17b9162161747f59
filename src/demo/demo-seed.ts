import { complementItems } from '../workflow/complement-items';
import type { Duration, ProcedureDefinition } from '../catalog/catalog.model';
import { CatalogRepository } from '../catalog/catalog.repository';
import { evaluateChecklist, resolveParameters } from '../checklist/checklist.engine';
import { Clock, startOfDayIn } from '../common/clock';
import { addDays, addDuration } from '../common/dates';
import { AppConfig } from '../config/app-config';
import { prefectureOf } from '../dossiers/dossiers.model';
import { withPrisma } from '../infra/prisma/prisma.service';
import { DEMO_AGENTS, DEMO_INSTITUTIONS, DEMO_OFFICE, DemoDossier, DemoStudent } from './demo-data';
import { demoDossiers, demoStudents } from './demo-generator';
import { DemoDossierRecord, DemoRepository, DemoTransmission } from './demo.repository';

type Version = { id: string; definition: ProcedureDefinition };

/**
 * Loads the demo office into an empty database, in one transaction: institutions, agents,
 * students, and dossiers in every status with their documents, under the catalog versions
 * in effect when they were received (the catalog must be published: db:migrate does it).
 * Does nothing when the demo institutions are already there, so the run command can call
 * it every time.
 */
export async function seedDemo(config: AppConfig): Promise<string> {
  return withPrisma(config, async (prisma) => {
    const demo = new DemoRepository(prisma);
    if (await demo.hasInstitution(DEMO_INSTITUTIONS[0]!.code)) return 'demo data already present';
    const today = new Clock(config).today();
    const students = demoStudents(today);
    const dossiers = demoDossiers(today, students);
    const versions = await versionsInEffect(new CatalogRepository(prisma), dossiers);
    // references follow the order of receipt within each year, as the office would have numbered them
    const ordered = [...dossiers].sort((a, b) => a.receivedAt.localeCompare(b.receivedAt));
    const records = ordered.map((d) => dossierRecord(d, students[d.studentIndex]!, versions.get(versionKey(d))!, config));
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

function dossierRecord(d: DemoDossier, student: DemoStudent, version: Version, config: AppConfig): DemoDossierRecord {
  const prefecture = prefectureOf(student.address.postalCode) ?? config.OFFICE_PREFECTURE;
  const plan = workflowState(d, student, version.definition, prefecture, config);
  const at = (days: number) => new Date(startOfDayIn(config.OFFICE_TIMEZONE, addDays(d.receivedAt, days)).getTime() + 10 * 3_600_000);
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
    version: 1 + d.history.length,
    receivedAt: d.receivedAt,
    filedAt: d.filedAt,
    implicitRejectionOn: plan.implicitRejectionOn,
    decidedOn: plan.decidedOn,
    deadlineAt: plan.deadlines.find((deadline) => deadline.status === 'pending')?.dueAt ?? null,
    history: [
      { event: 'opened', fromStatus: null, toStatus: 'received', byAssignee: false, reason: null, at: at(0) },
      ...d.history.map((step) => ({
        event: step.event,
        fromStatus: step.from,
        toStatus: step.to,
        byAssignee: true,
        reason: step.reason ?? null,
        at: at(step.daysAfterReceipt),
      })),
    ],
    documents: d.documents.map((document) => ({ ...document, receivedAt: at(0), reviewedAt: document.status === 'received' ? null : at(1) })),
    complementRequest: plan.request,
    deadlines: plan.deadlines,
  };
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
 * forwarded, the decision date.
 */
function workflowState(d: DemoDossier, student: DemoStudent, definition: ProcedureDefinition, prefecture: string, config: AppConfig) {
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
  let implicitRejectionOn: string | null = null;
  if (d.filedAt) {
    const silence = resolveParameters(definition, prefecture, d.filedAt).prefectureSilence!.value as Duration;
    implicitRejectionOn = addDuration(d.filedAt, silence);
    deadlines.push({
      kind: 'prefecture_silence',
      dueAt: startOfDayIn(config.OFFICE_TIMEZONE, implicitRejectionOn),
      status: d.status === 'forwarded' ? 'pending' : 'cancelled',
    });
  }
  const decided = step('decided');
  return { request, deadlines, implicitRejectionOn, decidedOn: decided ? addDays(d.receivedAt, decided.daysAfterReceipt) : null };
}
