import { DEFAULT_CHANNEL } from '../catalog/procedure-codes';
import { Clock, startOfDayIn } from '../common/clock';
import { toDbDate } from '../common/validators';
import { nextReference } from '../dossiers/dossiers.repository';
import type { Prisma } from '../infra/prisma/generated/client';
import { searchNameOf, studentColumns } from '../students/students.repository';
import { AppConfig } from '../config/app-config';
import { PrismaService } from '../infra/prisma/prisma.service';
import { addDays, DEMO_AGENTS, DEMO_INSTITUTIONS, demoDossiers, demoStudents } from './demo-data';

/**
 * Loads the demo office into an empty database, in one transaction. Does nothing when
 * the demo institutions are already there, so the run command can call it every time.
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
          const at = (days: number) => new Date(startOfDayIn(config.OFFICE_TIMEZONE, addDays(d.receivedAt, days)).getTime() + 10 * 3_600_000);
          await tx.dossier.create({
            data: {
              reference: await nextReference(tx, config.OFFICE_REFERENCE_PREFIX, Number(d.receivedAt.slice(0, 4))),
              studentId: student.id,
              institutionId: student.institutionId,
              procedureCode: d.procedureCode,
              channel: DEFAULT_CHANNEL[d.procedureCode],
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
                    actorId: d.assigneeIndex === null ? null : agents[d.assigneeIndex]!,
                    actorLabel: 'seed',
                    reason: step.reason ?? null,
                    at: at(step.daysAfterReceipt),
                  })),
                ],
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
