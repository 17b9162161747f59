import { escapeLike } from '../common/validators';
import { Injectable } from '@nestjs/common';
import { uuid7 } from '../common/uuid7';
import { Prisma } from '../infra/prisma/generated/client';
import { PrismaService, PrismaTx } from '../infra/prisma/prisma.service';
import { statement } from '../infra/prisma/statements';
import type { AuditEntry, AuditEvent, AuditFilter, AuditResource } from './audit.model';

/**
 * Any number of events in one statement of one text (one array per column, a row per index):
 * prepared once per connection, whatever the batch size. A row's students travel as one text
 * of comma-joined ids (an array of arrays of different lengths is not a PostgreSQL array).
 */
const INSERT_EVENTS = statement(
  'audit_insert_events',
  `INSERT INTO audit_events (id, actor_agent_id, actor_label, action, resource_type, resource_id, student_ids, request_id, ip, details)
   SELECT id, actor_agent_id, actor_label, action, resource_type, resource_id, string_to_array(student_ids, ',')::uuid[], request_id, ip, details
   FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::uuid[], $7::text[], $8::text[], $9::text[], $10::jsonb[])
     AS e(id, actor_agent_id, actor_label, action, resource_type, resource_id, student_ids, request_id, ip, details)`,
);

@Injectable()
export class AuditRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Writes the events at once; inside a change's transaction when given one. */
  async insert(entries: AuditEntry[], tx?: PrismaTx): Promise<void> {
    if (entries.length === 0) return;
    const columns = toColumns(entries);
    if (tx) await tx.$executeRawUnsafe(INSERT_EVENTS.text, ...columns);
    else await this.prisma.query(INSERT_EVENTS, columns);
  }

  /** Latest first; `before` continues a page. */
  async list(filter: AuditFilter): Promise<AuditEvent[]> {
    const where: Prisma.AuditEventWhereInput[] = [];
    if (filter.studentId) where.push({ studentIds: { has: filter.studentId } });
    if (filter.agentId) where.push({ actorAgentId: filter.agentId });
    if (filter.action) where.push(filter.action.endsWith('.') ? { action: { startsWith: escapeLike(filter.action) } } : { action: filter.action });
    if (filter.resourceType) where.push({ resourceType: filter.resourceType });
    if (filter.resourceId) where.push({ resourceId: filter.resourceId });
    if (filter.from) where.push({ at: { gte: filter.from } });
    if (filter.to) where.push({ at: { lt: filter.to } });
    if (filter.before) where.push({ OR: [{ at: { lt: filter.before.at } }, { at: filter.before.at, id: { lt: filter.before.id } }] });
    const rows = await this.prisma.auditEvent.findMany({ where: { AND: where }, orderBy: [{ at: 'desc' }, { id: 'desc' }], take: filter.limit });
    return rows.map((row) => ({
      id: row.id,
      at: row.at,
      actor: { id: row.actorAgentId, name: row.actorLabel },
      action: row.action,
      resourceType: row.resourceType,
      resourceId: row.resourceId,
      studentIds: row.studentIds,
      requestId: row.requestId,
      ip: row.ip,
      details: row.details,
    }));
  }

  async studentsOfTransmission(transmissionId: string): Promise<string[]> {
    const rows = await this.prisma.transmissionItem.findMany({ where: { transmissionId }, select: { dossier: { select: { studentId: true } } } });
    return rows.map((r) => r.dossier.studentId);
  }

  async studentsOfDossiers(dossierIds: string[]): Promise<string[]> {
    if (dossierIds.length === 0) return [];
    const rows = await this.prisma.dossier.findMany({ where: { id: { in: dossierIds } }, select: { studentId: true } });
    return rows.map((r) => r.studentId);
  }

  /** A row as it stands, to compare before and after a change (secrets left out). */
  async snapshot(type: AuditResource, id: string): Promise<Record<string, unknown> | null> {
    switch (type) {
      case 'dossier':
        return this.prisma.dossier.findUnique({ where: { id } });
      case 'student':
        return this.prisma.student.findUnique({ where: { id }, omit: { searchName: true } });
      case 'institution':
        return this.prisma.institution.findUnique({ where: { id } });
      case 'agent': {
        const agent = await this.prisma.agent.findUnique({
          where: { id },
          omit: { passwordHash: true },
          include: { institutions: { select: { institutionId: true } } },
        });
        return agent && { ...agent, institutions: agent.institutions.map((i) => i.institutionId).sort() };
      }
      case 'document':
        return this.prisma.dossierDocument.findUnique({ where: { id } });
      default:
        return null;
    }
  }

  /**
   * Erasure keeps the trail — who did what, when, to which ids — without the personal data:
   * the before/after values of the student's events go.
   */
  async redactStudent(studentId: string, tx: PrismaTx = this.prisma): Promise<number> {
    const result = await tx.auditEvent.updateMany({
      where: { studentIds: { has: studentId }, details: { not: Prisma.AnyNull } },
      data: { details: { redacted: 'personal data erased' } },
    });
    return result.count;
  }
}

/** The statement's ten arrays, one value per event in each. */
function toColumns(entries: AuditEntry[]): unknown[][] {
  const columns: unknown[][] = [[], [], [], [], [], [], [], [], [], []];
  for (const entry of entries) {
    const row = [
      uuid7(),
      entry.actor.agentId,
      entry.actor.label.slice(0, 200),
      entry.action,
      entry.resourceType,
      entry.resourceId ?? null,
      [...new Set(entry.studentIds ?? [])].join(','),
      entry.requestId?.slice(0, 100) ?? null,
      entry.ip?.slice(0, 64) ?? null,
      entry.details ? JSON.stringify(entry.details) : null,
    ];
    row.forEach((value, column) => columns[column]!.push(value));
  }
  return columns;
}
