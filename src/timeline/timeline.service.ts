import { Injectable } from '@nestjs/common';
import { DossiersService } from '../dossiers/dossiers.service';
import { TimelineEntryResponse } from './timeline.dto';
import { timelineTitle } from './timeline.events';
import { TimelineRepository } from './timeline.repository';

@Injectable()
export class TimelineService {
  constructor(
    private readonly timeline: TimelineRepository,
    private readonly dossiers: DossiersService,
  ) {}

  /** Every status change, verdict, request, transmission, summons... in order, with who and when. */
  async forDossier(id: string): Promise<TimelineEntryResponse[]> {
    await this.dossiers.require(id);
    const rows = await this.timeline.history(id);
    return rows.map((row) => ({
      id: row.id.toString(),
      at: row.at.toISOString(),
      event: row.event,
      title: timelineTitle(row.event),
      fromStatus: row.fromStatus,
      toStatus: row.toStatus,
      actor: { id: row.actorId, name: row.actorName ?? row.actorLabel ?? 'unknown' },
      reason: row.reason,
      details: row.details ?? null,
    }));
  }
}
