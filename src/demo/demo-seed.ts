import { complementItems } from '../workflow/complement-items';
import type { Duration, ProcedureDefinition } from '../catalog/catalog.model';
import { CatalogRepository } from '../catalog/catalog.repository';
import { evaluateChecklist, resolveParameters } from '../checklist/checklist.engine';
import { Clock, startOfDayIn } from '../common/clock';
import { addDays, addDuration } from '../common/dates';
import { toDbDate } from '../common/validators';
import { AppConfig } from '../config/app-config';
import { nextReference } from '../dossiers/dossiers.repository';
import { prefectureOf } from '../dossiers/dossiers.model';
import type { Prisma } from '../infra/prisma/generated/client';
import { PrismaService } from '../infra/prisma/prisma.service';
import { searchNameOf, studentColumns } from '../students/students.repository';
import type { ComplementItem } from '../workflow/workflow.model';
import { DEMO_AGENTS, DEMO_INSTITUTIONS, DEMO_OFFICE, DemoDossier, demoDossiers, DemoStudent, demoStudents } from './demo-data';

/**
 * Loads the demo office into an empty database, in one transaction: institutions, agents,
 * students, and dossiers in every status with their documents, under the catalog versions
 * in effect when they were received (the catalog must be published: db:migrate does it).
 * Does nothing when the demo institutions are already there, so the run command can call
 * it every time.
 */
export async function seedDemo(config: AppConfig): Promise<string> {
  const prisma = new PrismaService(config);
  try {
    if (await prisma.institution.findUnique({ where: { code: DEMO_INSTITUTIONS[0]!.code } })) {
      return 'demo data already present';
    }
    const today = new Clock(config).today();
    const students = demoStudents(today);
    const dossiers = demoDossiers(today, students);
    const catalog = new CatalogRepository(prisma);
    const versions = new Map<string, { id: string; definition: ProcedureDefinition }>();
    for (const d of dossiers) {
      const key = `${d.procedureCode}@${d.receivedAt}`;
      if (versions.has(key)) continue;
      const id = await catalog.versionIdInEffect(d.procedureCode, d.receivedAt);
      if (!id) throw new Error(`procedure ${d.procedureCode} is not in the catalog: run \`node dist/cli.js db:migrate\` first`);
      versions.set(key, { id, definition: (await catalog.findById(id))!.definition });
    }
    await prisma.$transaction(
      async (tx) => {
        const institutions = new Map<string, string>();
        for (const institution of DEMO_INSTITUTIONS) {
          institutions.set(institution.code, (await tx.institution.create({ data: institution })).id);
        }
        const agents: string[] = [];
        for (const agent of DEMO_AGENTS) agents.push((await tx.agent.create({ data: agent })).id);
        // the office as students read it at the end of every e-mail (seed 000 gives the address for documents)
        const { frontDeskHours, signature, ...office } = DEMO_OFFICE;
        await tx.officeProfile.upsert({
          where: { id: 1 },
          create: { id: 1, ...office, frontDeskHours: { ...frontDeskHours }, signature: { ...signature }, updatedBy: 'demo data' },
          update: { ...office, frontDeskHours: { ...frontDeskHours }, signature: { ...signature }, updatedBy: 'demo data', version: { increment: 1 } },
        });

        const studentRows: { id: string; institutionId: string }[] = [];
        for (const { institutionCode, ...student } of students) {
          const institutionId = institutions.get(institutionCode)!;
          const data = { ...studentColumns({ ...student, institutionId }), institutionId, searchName: searchNameOf(student) } as Prisma.StudentUncheckedCreateInput;
          studentRows.push(await tx.student.create({ data, select: { id: true, institutionId: true } }));
        }

        // references follow the order of receipt within each year, as the office would have numbered them
        const ordered = [...dossiers].sort((a, b) => a.receivedAt.localeCompare(b.receivedAt));
        const batches = new Map<string, { id: string; reference: string; name: string; procedureCode: string; documentCount: number }[]>();
        for (const d of ordered) {
          const prefecture = prefectureOf(students[d.studentIndex]!.address.postalCode) ?? config.OFFICE_PREFECTURE;
          const plan = workflowState(d, students[d.studentIndex]!, versions.get(`${d.procedureCode}@${d.receivedAt}`)!.definition, prefecture, config);
          const student = studentRows[d.studentIndex]!;
          const version = versions.get(`${d.procedureCode}@${d.receivedAt}`)!;
          const actorId = d.assigneeIndex === null ? null : agents[d.assigneeIndex]!;
          const at = (days: number) => new Date(startOfDayIn(config.OFFICE_TIMEZONE, addDays(d.receivedAt, days)).getTime() + 10 * 3_600_000);
          const created = await tx.dossier.create({
            data: {
              reference: await nextReference(tx, config.OFFICE_REFERENCE_PREFIX, Number(d.receivedAt.slice(0, 4))),
              studentId: student.id,
              institutionId: student.institutionId,
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
              receivedAt: toDbDate(d.receivedAt),
              filedAt: toDbDate(d.filedAt),
              implicitRejectionOn: toDbDate(plan.implicitRejectionOn),
              decidedOn: toDbDate(plan.decidedOn),
              deadlineAt: plan.deadlines.find((deadline) => deadline.status === 'pending')?.dueAt ?? null,
              assigneeId: d.assigneeIndex === null ? null : agents[d.assigneeIndex]!,
              history: {
                create: [
                  { event: 'opened', fromStatus: null, toStatus: 'received', actorLabel: 'seed', at: at(0) },
                  ...d.history.map((step) => ({
                    event: step.event,
                    fromStatus: step.from,
                    toStatus: step.to,
                    actorId,
                    actorLabel: 'seed',
                    reason: step.reason ?? null,
                    at: at(step.daysAfterReceipt),
                  })),
                ],
              },
              documents: {
                create: d.documents.map((document) => ({
                  ...document,
                  issuedOn: toDbDate(document.issuedOn),
                  receivedAt: at(0),
                  recordedById: actorId,
                  reviewedAt: document.status === 'received' ? null : at(1),
                  reviewedById: document.status === 'received' ? null : actorId,
                })),
              },
            },
            select: { id: true, reference: true },
          });
          if (plan.request) {
            const request = await tx.complementRequest.create({
              data: { dossierId: created.id, ...plan.request, items: plan.request.items as unknown as Prisma.InputJsonArray, requestedById: actorId },
            });
            for (const deadline of plan.deadlines) await tx.deadline.create({ data: { dossierId: created.id, ...deadline, complementRequestId: deadline.kind === 'complement' ? request.id : null } });
          } else {
            for (const deadline of plan.deadlines) await tx.deadline.create({ data: { dossierId: created.id, ...deadline } });
          }
          if (d.filedAt) {
            const demo = students[d.studentIndex]!;
            batches.set(d.filedAt, [
              ...(batches.get(d.filedAt) ?? []),
              { id: created.id, reference: created.reference, name: `${demo.usageName ?? demo.birthName} ${demo.firstNames}`, procedureCode: d.procedureCode, documentCount: d.documents.filter((x) => x.status !== 'rejected').length },
            ]);
          }
        }
        // the dossiers filed on the same day left together, in one transmission
        for (const [sentOn, items] of [...batches].sort(([a], [b]) => a.localeCompare(b))) {
          await tx.transmission.create({
            data: {
              reference: await nextReference(tx, 'TR', Number(sentOn.slice(0, 4))),
              prefecture: config.OFFICE_PREFECTURE,
              contact: 'Préfecture — bureau du séjour des étudiants',
              sentOn: toDbDate(sentOn),
              createdByLabel: 'seed',
              items: { create: items.map((item, i) => ({ dossierId: item.id, position: i + 1, reference: item.reference, studentName: item.name, procedureCode: item.procedureCode, documentCount: item.documentCount })) },
            },
          });
        }
      },
      { timeout: 60_000 },
    );
    return `demo office loaded: ${DEMO_INSTITUTIONS.length} institutions, ${DEMO_AGENTS.length} agents, ${students.length} students, ${dossiers.length} dossiers`;
  } finally {
    await prisma.$disconnect();
  }
}

/**
 * What the workflow would have left behind for a demo dossier: the complement request and
 * its deadline (open or expired), the implicit-rejection date and the silence deadline once
 * forwarded, the decision date.
 */
function workflowState(d: DemoDossier, student: DemoStudent, definition: ProcedureDefinition, prefecture: string, config: AppConfig) {
  const step = (to: string) => d.history.find((s) => s.to === to);
  const dayAfter = (date: string) => startOfDayIn(config.OFFICE_TIMEZONE, addDays(date, 1));
  const deadlines: { kind: 'complement' | 'prefecture_silence'; dueAt: Date; status: 'pending' | 'fired' | 'cancelled'; settledAt?: Date }[] = [];
  let request: { status: 'open' | 'expired'; items: ComplementItem[]; dueOn: Date; requestedAt: Date; closedAt: Date | null } | null = null;
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
      dueOn: toDbDate(dueOn),
      requestedAt: startOfDayIn(config.OFFICE_TIMEZONE, addDays(d.receivedAt, requested.daysAfterReceipt)),
      closedAt: open ? null : dayAfter(dueOn),
    };
    deadlines.push({ kind: 'complement', dueAt: dayAfter(dueOn), status: open ? 'pending' : 'fired', ...(open ? {} : { settledAt: dayAfter(dueOn) }) });
  }
  let implicitRejectionOn: string | null = null;
  if (d.filedAt) {
    const silence = resolveParameters(definition, prefecture, d.filedAt).prefectureSilence!.value as Duration;
    implicitRejectionOn = addDuration(d.filedAt, silence);
    deadlines.push({ kind: 'prefecture_silence', dueAt: startOfDayIn(config.OFFICE_TIMEZONE, implicitRejectionOn), status: d.status === 'forwarded' ? 'pending' : 'cancelled' });
  }
  const decided = step('decided');
  return { request, deadlines, implicitRejectionOn, decidedOn: decided ? addDays(d.receivedAt, decided.daysAfterReceipt) : null };
}
