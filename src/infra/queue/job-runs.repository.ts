import { Injectable } from '@nestjs/common';
import { PrismaService } from '../prisma/prisma.service';

export interface JobRun {
  id: string;
  name: string;
  scheduledFor: Date | null;
  startedAt: Date;
  finishedAt: Date | null;
  worker: string;
  outcome: unknown;
}

/** The record of each run of a recurring job: a tick already started elsewhere is not run twice. */
@Injectable()
export class JobRunsRepository {
  constructor(private readonly prisma: PrismaService) {}

  /**
   * Records the start of a run of a tick; null when that tick has already run, or is running
   * elsewhere. A tick whose run failed, or whose worker died (started longer than `lockMs`
   * ago without finishing), may run again. Runs without a tick (by hand) always start.
   */
  async start(name: string, scheduledFor: Date | null, worker: string, lockMs: number): Promise<string | null> {
    const rows = await this.prisma.$queryRaw<{ id: bigint }[]>`
      INSERT INTO job_runs (name, scheduled_for, worker) VALUES (${name}, ${scheduledFor}, ${worker})
      ON CONFLICT (name, scheduled_for) DO UPDATE SET started_at = now(), worker = EXCLUDED.worker, outcome = NULL
      WHERE job_runs.finished_at IS NULL
        AND (job_runs.outcome ? 'error' OR job_runs.started_at < now() - make_interval(secs => ${lockMs / 1000}))
      RETURNING id`;
    return rows[0]?.id.toString() ?? null;
  }

  /** The run's end, on the database's clock like its start (the lock above compares them there). */
  async finish(id: string, outcome: unknown): Promise<void> {
    await this.prisma.$executeRaw`UPDATE job_runs SET finished_at = now(), outcome = ${JSON.stringify(outcome ?? {})}::jsonb WHERE id = ${BigInt(id)}`;
  }

  /** The run failed: the job's retry may run the tick again. */
  async fail(id: string, error: string): Promise<void> {
    await this.prisma.jobRun.update({ where: { id: BigInt(id) }, data: { outcome: { error: error.slice(0, 1000) } } });
  }

  async recent(name: string, limit = 50): Promise<JobRun[]> {
    const rows = await this.prisma.jobRun.findMany({ where: { name }, orderBy: { startedAt: 'desc' }, take: limit });
    return rows.map((row) => ({ ...row, id: row.id.toString() }));
  }
}
