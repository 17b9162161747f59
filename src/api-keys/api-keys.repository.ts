import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { AgentRole } from '../common/actor';
import { PrismaService } from '../infra/prisma/prisma.service';
import { statement } from '../infra/prisma/statements';
import { keyAgentEmail, LAST_USE_PRECISION_MS } from './api-keys.rules';

/** A key as lists show it: never its secret. */
export interface ApiKeySummary {
  id: string;
  name: string;
  prefix: string;
  role: AgentRole;
  /** The member institutions it covers; null: the whole office. */
  institutionIds: string[] | null;
  /** The agent it acts as: what the history and the audit name. */
  agentId: string;
  expiresAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  createdAt: Date;
  createdBy: { id: string; name: string };
}

/** A key found by its hash, with what the guard needs to let it act. */
export interface PresentedKey {
  id: string;
  agentId: string;
  name: string;
  role: AgentRole;
  active: boolean;
  institutionIds: string[] | null;
  expiresAt: Date;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
}

// every request made with a key: one lookup by the unique index of its hash, prepared once per connection
const KEY_BY_HASH = statement(
  'api_key_by_hash',
  `SELECT k.id::text AS id, k.agent_id::text AS agent_id, k.name, a.role::text AS role, a.active,
          ARRAY(SELECT ai.institution_id::text FROM agent_institutions ai WHERE ai.agent_id = a.id ORDER BY 1) AS institution_ids,
          k.expires_at, k.revoked_at, k.last_used_at
   FROM api_keys k JOIN agents a ON a.id = k.agent_id
   WHERE k.secret_hash = $1`,
);

const SELECT = {
  id: true,
  name: true,
  prefix: true,
  expiresAt: true,
  lastUsedAt: true,
  revokedAt: true,
  createdAt: true,
  agent: { select: { id: true, role: true, institutions: { select: { institutionId: true } } } },
  createdBy: { select: { id: true, displayName: true } },
} as const;

/** API keys and the agents they act as. */
@Injectable()
export class ApiKeysRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** A key and its agent (kind api_key, named as the key, no password), in one transaction. */
  async create(input: {
    name: string;
    role: AgentRole;
    institutionIds: string[];
    expiresAt: Date;
    prefix: string;
    secretHash: string;
    createdById: string;
    now: Date;
  }): Promise<ApiKeySummary> {
    const row = await this.prisma.$transaction(async (tx) => {
      const agent = await tx.agent.create({
        data: {
          email: keyAgentEmail(randomUUID()),
          displayName: input.name,
          role: input.role,
          kind: 'api_key',
          institutions: { create: input.institutionIds.map((institutionId) => ({ institutionId })) },
        },
        select: { id: true },
      });
      return tx.apiKey.create({
        data: {
          agentId: agent.id,
          name: input.name,
          prefix: input.prefix,
          secretHash: input.secretHash,
          expiresAt: input.expiresAt,
          createdById: input.createdById,
          createdAt: input.now,
        },
        select: SELECT,
      });
    });
    return toSummary(row);
  }

  async list(): Promise<ApiKeySummary[]> {
    const rows = await this.prisma.apiKey.findMany({ select: SELECT, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] });
    return rows.map(toSummary);
  }

  async findById(id: string): Promise<ApiKeySummary | null> {
    const row = await this.prisma.apiKey.findUnique({ where: { id }, select: SELECT });
    return row && toSummary(row);
  }

  /** Revokes a key (once: a second revocation keeps the first's time) and disables its agent, together. */
  async revoke(id: string, now: Date): Promise<ApiKeySummary> {
    const row = await this.prisma.$transaction(async (tx) => {
      await tx.apiKey.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: now } });
      const key = await tx.apiKey.findUniqueOrThrow({ where: { id }, select: SELECT });
      await tx.agent.update({ where: { id: key.agent.id }, data: { active: false } });
      return key;
    });
    return toSummary(row);
  }

  async existingInstitutions(ids: string[]): Promise<Set<string>> {
    const rows = await this.prisma.institution.findMany({ where: { id: { in: ids } }, select: { id: true } });
    return new Set(rows.map((r) => r.id));
  }

  async byHash(secretHash: string): Promise<PresentedKey | null> {
    const [row] = await this.prisma.query<{
      id: string;
      agent_id: string;
      name: string;
      role: AgentRole;
      active: boolean;
      institution_ids: string[];
      expires_at: Date;
      revoked_at: Date | null;
      last_used_at: Date | null;
    }>(KEY_BY_HASH, [secretHash]);
    if (!row) return null;
    return {
      id: row.id,
      agentId: row.agent_id,
      name: row.name,
      role: row.role,
      active: row.active,
      institutionIds: row.institution_ids.length ? row.institution_ids : null,
      expiresAt: row.expires_at,
      revokedAt: row.revoked_at,
      lastUsedAt: row.last_used_at,
    };
  }

  /** Writes the key's last use, unless another request (in any process) wrote one less than a minute before. */
  async touch(id: string, now: Date): Promise<void> {
    await this.prisma.apiKey.updateMany({
      where: { id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lte: new Date(now.getTime() - LAST_USE_PRECISION_MS) } }] },
      data: { lastUsedAt: now },
    });
  }
}

function toSummary(row: {
  id: string;
  name: string;
  prefix: string;
  expiresAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  createdAt: Date;
  agent: { id: string; role: AgentRole; institutions: { institutionId: string }[] };
  createdBy: { id: string; displayName: string };
}): ApiKeySummary {
  const { agent, createdBy, ...key } = row;
  return {
    ...key,
    role: agent.role,
    agentId: agent.id,
    institutionIds: agent.institutions.length ? agent.institutions.map((i) => i.institutionId).sort() : null,
    createdBy: { id: createdBy.id, name: createdBy.displayName },
  };
}
