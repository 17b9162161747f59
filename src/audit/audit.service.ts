import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { Clock } from '../common/clock';
import { addDays } from '../common/dates';
import { decodeCursor, Page, toPage } from '../common/pagination';
import { isCursorInstant } from '../common/validators';
import { PrismaTx } from '../infra/prisma/prisma.service';
import type { ListAuditQuery } from './audit.dto';
import type { AuditEntry, AuditEvent } from './audit.model';
import { AuditRepository } from './audit.repository';

/** The trail has one order, latest first: its cursors carry the instant of the last event seen. */
const SORT = 'audit';

const VIEW_FLUSH_MS = 250;
const VIEW_BATCH = 500;

/**
 * The audit trail. Changes are written before the answer leaves (or inside the change's own
 * transaction when given one); views and lists, far more frequent, are written in batches a
 * quarter of a second later, so reading stays fast. Supervisors read it a page at a time.
 */
@Injectable()
export class AuditService implements OnModuleDestroy {
  private readonly logger = new Logger('Audit');
  private views: AuditEntry[] = [];
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly audit: AuditRepository,
    private readonly clock: Clock,
  ) {}

  async record(entry: AuditEntry, tx?: PrismaTx): Promise<void> {
    await this.audit.insert([entry], tx);
  }

  /** Erasure: the student's events keep who, what and when, not the values. */
  redactStudent(studentId: string, tx?: PrismaTx): Promise<number> {
    return this.audit.redactStudent(studentId, tx);
  }

  /** A read of personal data (a student, a dossier, a list, an export). */
  viewed(entry: AuditEntry): void {
    this.views.push(entry);
    if (this.views.length >= VIEW_BATCH) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), VIEW_FLUSH_MS);
  }

  /** Writes the views waiting (tests and shutdown wait for it). */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.views;
    this.views = [];
    this.flushing = this.flushing.then(async () => {
      if (batch.length === 0) return;
      try {
        await this.audit.insert(batch);
      } catch (error) {
        this.logger.error({ err: (error as Error).message, events: batch.length }, 'Could not write audit events of views');
      }
    });
    return this.flushing;
  }

  /** Latest first; the days are the office's, `to` included. */
  async list(query: ListAuditQuery): Promise<Page<AuditEvent>> {
    const cursor = query.cursor ? decodeCursor(query.cursor, SORT, isCursorInstant) : undefined;
    const rows = await this.audit.list({
      studentId: query.studentId?.toLowerCase(),
      agentId: query.agentId?.toLowerCase(),
      action: query.action,
      resourceType: query.resourceType,
      resourceId: query.resourceId?.toLowerCase(),
      from: query.from ? this.clock.startOfDay(query.from) : undefined,
      to: query.to ? this.clock.startOfDay(addDays(query.to, 1)) : undefined,
      before: cursor && { at: new Date(cursor.key), id: cursor.id },
      limit: query.limit + 1,
    });
    return toPage(
      rows,
      query.limit,
      SORT,
      (event) => ({ key: event.at.toISOString(), id: event.id }),
      (event) => event,
    );
  }

  async onModuleDestroy(): Promise<void> {
    await this.flush();
  }
}

/** The fields that changed between two states, each with its value before and after. */
export function changesBetween(before: Record<string, unknown>, after: Record<string, unknown>): Record<string, { before: unknown; after: unknown }> {
  const changes: Record<string, { before: unknown; after: unknown }> = {};
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (key === 'updatedAt' || key === 'version') continue;
    const a = normalise(before[key]);
    const b = normalise(after[key]);
    if (JSON.stringify(a) !== JSON.stringify(b)) changes[key] = { before: a ?? null, after: b ?? null };
  }
  return changes;
}

function normalise(value: unknown): unknown {
  return value instanceof Date ? value.toISOString() : value;
}
