import { Injectable } from '@nestjs/common';
import type { Actor } from '../common/actor';
import { fromDbDate, toDbDate } from '../common/validators';
import type { ProcedureVersion as VersionRow } from '../infra/prisma/generated/client';
import { PrismaService } from '../infra/prisma/prisma.service';
import { ProcedureDefinition, ProcedureVersion } from './catalog.model';

export interface VersionSummary {
  id: string;
  code: string;
  version: number;
  effectiveFrom: string;
}

@Injectable()
export class CatalogRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Every version of every procedure, without their definitions (the catalog is small). */
  async index(): Promise<VersionSummary[]> {
    const rows = await this.prisma.procedureVersion.findMany({
      select: { id: true, code: true, version: true, effectiveFrom: true },
      orderBy: [{ code: 'asc' }, { version: 'asc' }],
    });
    return rows.map((r) => ({ ...r, effectiveFrom: fromDbDate(r.effectiveFrom) }));
  }

  /** The id of the version of a procedure in effect on `date`; before the first version, the first. */
  async versionIdInEffect(code: string, date: string): Promise<string | null> {
    const inEffect = await this.prisma.procedureVersion.findFirst({
      where: { code, effectiveFrom: { lte: toDbDate(date) } },
      orderBy: [{ effectiveFrom: 'desc' }, { version: 'desc' }],
      select: { id: true },
    });
    const row = inEffect ?? (await this.prisma.procedureVersion.findFirst({ where: { code }, orderBy: { version: 'asc' }, select: { id: true } }));
    return row?.id ?? null;
  }

  async findVersion(code: string, version: number): Promise<ProcedureVersion | null> {
    const row = await this.prisma.procedureVersion.findUnique({ where: { code_version: { code, version } } });
    return row && toVersion(row);
  }

  async findById(id: string): Promise<ProcedureVersion | null> {
    const row = await this.prisma.procedureVersion.findUnique({ where: { id } });
    return row && toVersion(row);
  }

  /**
   * Publishes the next version of a procedure. The version number is taken under a lock on
   * the procedure's versions, so two publications cannot both become version N.
   */
  async publish(
    version: { code: string; effectiveFrom: string; note: string | null; definition: ProcedureDefinition; number?: number },
    actor: Actor,
  ): Promise<ProcedureVersion> {
    const row = await this.prisma.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`procedure:${version.code}`}))`;
      const last = await tx.procedureVersion.findFirst({ where: { code: version.code }, orderBy: { version: 'desc' }, select: { version: true } });
      return tx.procedureVersion.create({
        data: {
          code: version.code,
          version: version.number ?? (last?.version ?? 0) + 1,
          effectiveFrom: toDbDate(version.effectiveFrom),
          note: version.note,
          definition: version.definition,
          publishedById: actor.agentId,
          publishedByLabel: actor.label,
        },
      });
    });
    return toVersion(row);
  }

  /**
   * Dossiers opened before the catalog existed get the version in effect on their receipt date
   * (of versions taking effect the same day, the highest, as `versionIdInEffect` picks).
   */
  async assignMissingVersions(): Promise<number> {
    return this.prisma.$executeRaw`
      UPDATE dossiers d SET procedure_version_id = (
        SELECT v.id FROM procedure_versions v WHERE v.code = d.procedure_code
        ORDER BY (v.effective_from <= d.received_at) DESC,
                 CASE WHEN v.effective_from <= d.received_at THEN v.effective_from END DESC NULLS LAST,
                 CASE WHEN v.effective_from <= d.received_at THEN v.version END DESC NULLS LAST, v.version ASC
        LIMIT 1)
      WHERE d.procedure_version_id IS NULL
        AND EXISTS (SELECT 1 FROM procedure_versions v WHERE v.code = d.procedure_code)`;
  }
}

function toVersion(row: VersionRow): ProcedureVersion {
  return {
    id: row.id,
    code: row.code,
    version: row.version,
    effectiveFrom: fromDbDate(row.effectiveFrom),
    note: row.note,
    publishedAt: row.publishedAt,
    // checked whole (checkDefinition) before it was stored
    definition: row.definition as ProcedureDefinition,
  };
}
