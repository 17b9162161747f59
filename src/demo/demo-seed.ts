import { CatalogRepository } from '../catalog/catalog.repository';
import { Clock, startOfDayIn } from '../common/clock';
import { addDays } from '../common/dates';
import { toDbDate } from '../common/validators';
import { AppConfig } from '../config/app-config';
import { nextReference } from '../dossiers/dossiers.repository';
import { prefectureOf } from '../dossiers/dossiers.model';
import type { Prisma } from '../infra/prisma/generated/client';
import { PrismaService } from '../infra/prisma/prisma.service';
import { searchNameOf, studentColumns } from '../students/students.repository';
import { DEMO_AGENTS, DEMO_INSTITUTIONS, demoDossiers, demoStudents } from './demo-data';

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
    const versions = new Map<string, { id: string; channel: string }>();
    for (const d of dossiers) {
      const key = `${d.procedureCode}@${d.receivedAt}`;
      if (versions.has(key)) continue;
      const id = await catalog.versionIdInEffect(d.procedureCode, d.receivedAt);
      if (!id) throw new Error(`procedure ${d.procedureCode} is not in the catalog: run \`node dist/cli.js db:migrate\` first`);
      versions.set(key, { id, channel: (await catalog.findById(id))!.definition.channel });
    }
    await prisma.$transaction(
      async (tx) => {
        const institutions = new Map<string, string>();
        for (const institution of DEMO_INSTITUTIONS) {
          institutions.set(institution.code, (await tx.institution.create({ data: institution })).id);
        }
        const agents: string[] = [];
        for (const agent of DEMO_AGENTS) agents.push((await tx.agent.create({ data: agent })).id);

        const studentRows: { id: string; institutionId: string }[] = [];
        for (const { institutionCode, ...student } of students) {
          const institutionId = institutions.get(institutionCode)!;
          const data = { ...studentColumns({ ...student, institutionId }), institutionId, searchName: searchNameOf(student) } as Prisma.StudentUncheckedCreateInput;
          studentRows.push(await tx.student.create({ data, select: { id: true, institutionId: true } }));
        }

        // references follow the order of receipt within each year, as the office would have numbered them
        const ordered = [...dossiers].sort((a, b) => a.receivedAt.localeCompare(b.receivedAt));
        for (const d of ordered) {
          const student = studentRows[d.studentIndex]!;
          const version = versions.get(`${d.procedureCode}@${d.receivedAt}`)!;
          const actorId = d.assigneeIndex === null ? null : agents[d.assigneeIndex]!;
          const at = (days: number) => new Date(startOfDayIn(config.OFFICE_TIMEZONE, addDays(d.receivedAt, days)).getTime() + 10 * 3_600_000);
          await tx.dossier.create({
            data: {
              reference: await nextReference(tx, config.OFFICE_REFERENCE_PREFIX, Number(d.receivedAt.slice(0, 4))),
              studentId: student.id,
              institutionId: student.institutionId,
              procedureCode: d.procedureCode,
              procedureVersionId: version.id,
              procedureCase: d.procedureCase,
              prefecture: prefectureOf(students[d.studentIndex]!.address.postalCode) ?? config.OFFICE_PREFECTURE,
              facts: d.facts,
              channel: version.channel as Prisma.DossierCreateInput['channel'],
              status: d.status,
              decision: d.decision,
              closeReason: d.closeReason,
              version: 1 + d.history.length,
              receivedAt: toDbDate(d.receivedAt),
              filedAt: toDbDate(d.filedAt),
              deadlineAt: d.deadlineAt ? startOfDayIn(config.OFFICE_TIMEZONE, d.deadlineAt) : null,
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
