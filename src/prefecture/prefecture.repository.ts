import { Injectable } from '@nestjs/common';
import type { Actor } from '../common/actor';
import { toDbDate } from '../common/validators';
import { applyDossierChange } from '../dossiers/dossier-change';
import { PrismaService } from '../infra/prisma/prisma.service';
import type { CardEvent, SummonsReason } from './prefecture.dto';

export interface Summons {
  id: string;
  reason: SummonsReason;
  appointmentAt: Date;
  place: string | null;
  note: string | null;
  createdAt: Date;
}

@Injectable()
export class PrefectureRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Records a summons of the student, with its history row and the student's e-mail, in one transaction. */
  async addSummons(dossierId: string, summons: Omit<Summons, 'id' | 'createdAt'>, actor: Actor, expectedVersion?: number): Promise<Summons> {
    return this.prisma.$transaction(async (tx) => {
      const created = await tx.summons.create({ data: { dossierId, ...summons, createdById: actor.agentId } });
      await applyDossierChange(tx, {
        dossierId,
        actor,
        expectedVersion,
        fromStatuses: ['forwarded', 'decided'],
        event: 'summons',
        details: { summonsId: created.id, reason: summons.reason, appointmentAt: summons.appointmentAt.toISOString(), place: summons.place },
        outbox: [
          {
            topic: 'email',
            payload: {
              template: 'summons',
              data: { reason: summons.reason, appointmentAt: summons.appointmentAt.toISOString(), place: summons.place, note: summons.note },
            },
          },
        ],
      });
      return created;
    });
  }

  async summonses(dossierId: string): Promise<Summons[]> {
    return this.prisma.summons.findMany({ where: { dossierId }, orderBy: { appointmentAt: 'asc' } });
  }

  /** The card is ready (the student is told) or handed over, on a favourable decision. */
  async cardEvent(dossierId: string, event: CardEvent, on: string, actor: Actor, expectedVersion?: number): Promise<void> {
    await this.prisma.$transaction(async (tx) => {
      await applyDossierChange(tx, {
        dossierId,
        actor,
        expectedVersion,
        fromStatuses: ['decided'],
        set: event === 'ready' ? { cardReadyOn: toDbDate(on) } : { cardHandedOverOn: toDbDate(on) },
        event: event === 'ready' ? 'card_ready' : 'card_handed_over',
        details: { on },
        outbox: event === 'ready' ? [{ topic: 'email', payload: { template: 'card_ready', data: { readyOn: on } } }] : [],
      });
    });
  }
}
