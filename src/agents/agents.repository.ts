import { Injectable } from '@nestjs/common';
import type { AgentRole } from '../common/actor';
import { Clock } from '../common/clock';
import { normaliseEmail } from '../auth/auth.repository';
import { Prisma } from '../infra/prisma/generated/client';
import { PrismaService } from '../infra/prisma/prisma.service';

/** Another account has this e-mail (two creations at once: the check before it passed for both). */
export class AgentEmailTaken extends Error {}

/** Why an account's logins end with a change (kept on the sessions it revokes). */
export type LoginsEndReason = 'password_reset' | 'disabled';

export interface AgentSummary {
  id: string;
  email: string;
  displayName: string;
  role: AgentRole;
  active: boolean;
  institutionIds: string[] | null;
}

// the agents an API key acts as (kind api_key, src/api-keys) are no accounts: never listed, assigned, changed or given a password here
const SELECT = { id: true, email: true, displayName: true, role: true, active: true, institutions: { select: { institutionId: true } } } as const;

@Injectable()
export class AgentsRepository {
  constructor(
    private readonly prisma: PrismaService,
    private readonly clock: Clock,
  ) {}

  async findById(id: string): Promise<AgentSummary | null> {
    const row = await this.prisma.agent.findUnique({ where: { id, kind: 'person' }, select: SELECT });
    return row && toSummary(row);
  }

  async findByEmail(email: string): Promise<AgentSummary | null> {
    const row = await this.prisma.agent.findUnique({ where: { email: normaliseEmail(email), kind: 'person' }, select: SELECT });
    return row && toSummary(row);
  }

  async list(): Promise<AgentSummary[]> {
    const rows = await this.prisma.agent.findMany({ where: { kind: 'person' }, select: SELECT, orderBy: { displayName: 'asc' } });
    return rows.map(toSummary);
  }

  async countAdminsWithPassword(): Promise<number> {
    return this.prisma.agent.count({ where: { role: 'admin', active: true, passwordHash: { not: null } } });
  }

  async create(input: { email: string; displayName: string; role: AgentRole; passwordHash: string; institutionIds: string[] }): Promise<AgentSummary> {
    const row = await this.prisma.agent
      .create({
        data: {
          email: normaliseEmail(input.email),
          displayName: input.displayName,
          role: input.role,
          passwordHash: input.passwordHash,
          passwordChangedAt: this.clock.now(),
          institutions: { create: input.institutionIds.map((institutionId) => ({ institutionId })) },
        },
        select: SELECT,
      })
      .catch((error: unknown) => {
        throw error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002' ? new AgentEmailTaken(input.email, { cause: error }) : error;
      });
    return toSummary(row);
  }

  /** Changes an account; with `endLogins`, its logins end in the same transaction (none outlives a reset password or a disabled account). */
  async update(
    id: string,
    changes: { displayName?: string; role?: AgentRole; active?: boolean; passwordHash?: string; institutionIds?: string[]; endLogins?: LoginsEndReason },
  ): Promise<AgentSummary> {
    return this.prisma.$transaction(async (tx) => {
      if (changes.endLogins) {
        await tx.authSession.updateMany({ where: { agentId: id, revokedAt: null }, data: { revokedAt: this.clock.now(), revokedReason: changes.endLogins } });
      }
      if (changes.institutionIds) {
        await tx.agentInstitution.deleteMany({ where: { agentId: id } });
        await tx.agentInstitution.createMany({ data: changes.institutionIds.map((institutionId) => ({ agentId: id, institutionId })) });
      }
      const row = await tx.agent.update({
        where: { id },
        data: {
          displayName: changes.displayName,
          role: changes.role,
          active: changes.active,
          ...(changes.passwordHash && { passwordHash: changes.passwordHash, passwordChangedAt: this.clock.now() }),
        },
        select: SELECT,
      });
      return toSummary(row);
    });
  }

  /** The account of this e-mail created with this password, or given it (and made active again): the demo's logins for a run. */
  async upsertWithPassword(account: { email: string; displayName: string; role: AgentRole }, passwordHash: string): Promise<void> {
    const now = this.clock.now();
    await this.prisma.agent.upsert({
      where: { email: normaliseEmail(account.email) },
      create: { ...account, email: normaliseEmail(account.email), passwordHash, passwordChangedAt: now },
      update: { passwordHash, passwordChangedAt: now, active: true },
    });
  }

  async existingInstitutions(ids: string[]): Promise<Set<string>> {
    const rows = await this.prisma.institution.findMany({ where: { id: { in: ids } }, select: { id: true } });
    return new Set(rows.map((r) => r.id));
  }
}

function toSummary(row: {
  id: string;
  email: string;
  displayName: string;
  role: AgentRole;
  active: boolean;
  institutions: { institutionId: string }[];
}): AgentSummary {
  const { institutions, ...agent } = row;
  return { ...agent, institutionIds: institutions.length ? institutions.map((i) => i.institutionId).sort() : null };
}
