import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { AuthRepository } from '../auth/auth.repository';
import { Passwords } from '../auth/auth.passwords';
import type { Actor, AgentRole } from '../common/actor';
import { ProblemException } from '../common/problem';
import { AppConfig } from '../config/app-config';
import { AgentsRepository, AgentSummary } from './agents.repository';
import type { CreateAgentDto, UpdateAgentDto } from './agents.dto';

/** The office's agents: accounts, roles, the institutions they cover. Managed by admins. */
@Injectable()
export class AgentsService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Agents');

  constructor(
    private readonly agents: AgentsRepository,
    private readonly passwords: Passwords,
    private readonly auth: AuthRepository,
    private readonly config: AppConfig,
  ) {}

  /** ADMIN_EMAIL + ADMIN_PASSWORD: the first admin, created at start-up while the office has none. */
  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.ADMIN_EMAIL || !this.config.ADMIN_PASSWORD) return;
    const created = await this.ensureAdmin(this.config.ADMIN_EMAIL, 'Administrator', this.config.ADMIN_PASSWORD);
    if (created) this.logger.log(`First admin ${this.config.ADMIN_EMAIL} created from ADMIN_EMAIL and ADMIN_PASSWORD`);
  }

  /** Creates an admin unless the office already has one who can log in; returns it if created. */
  async ensureAdmin(email: string, displayName: string, password: string): Promise<AgentSummary | null> {
    if ((await this.agents.countAdminsWithPassword()) > 0) return null;
    const existing = await this.agents.findByEmail(email);
    const passwordHash = await this.passwords.hash(password);
    if (existing) return this.agents.update(existing.id, { role: 'admin', active: true, passwordHash });
    return this.agents.create({ email, displayName, role: 'admin', passwordHash, institutionIds: [] });
  }

  list(): Promise<AgentSummary[]> {
    return this.agents.list();
  }

  async get(id: string): Promise<AgentSummary> {
    const agent = await this.agents.findById(id);
    if (!agent) throw ProblemException.notFound('agent', id);
    return agent;
  }

  async create(input: CreateAgentDto): Promise<AgentSummary> {
    if (await this.agents.findByEmail(input.email)) throw ProblemException.conflict(`An agent with the e-mail ${input.email} already exists.`, { type: '/problems/duplicate', title: 'Duplicate' });
    const institutionIds = await this.checkInstitutions(input.institutionIds ?? []);
    return this.agents.create({ email: input.email.trim(), displayName: input.displayName, role: input.role as AgentRole, institutionIds, passwordHash: await this.passwords.hash(input.password) });
  }

  async update(id: string, changes: UpdateAgentDto, actor: Actor): Promise<AgentSummary> {
    const current = await this.get(id);
    if (id === actor.agentId && (changes.active === false || (changes.role && changes.role !== 'admin'))) {
      throw ProblemException.conflict('You cannot disable your own account or lower your own role: another admin must.');
    }
    const institutionIds = changes.institutionIds && (await this.checkInstitutions(changes.institutionIds));
    const updated = await this.agents.update(id, {
      displayName: changes.displayName,
      role: changes.role,
      active: changes.active,
      institutionIds,
      passwordHash: changes.password ? await this.passwords.hash(changes.password) : undefined,
    });
    // a disabled account, or a password reset, ends every login at once
    if ((changes.active === false && current.active) || changes.password) await this.auth.revokeAgentSessions(id, changes.password ? 'password_reset' : 'disabled');
    return updated;
  }

  private async checkInstitutions(ids: string[]): Promise<string[]> {
    const wanted = [...new Set(ids.map((id) => id.toLowerCase()))];
    const known = await this.agents.existingInstitutions(wanted);
    const unknown = wanted.map((id, index) => ({ id, index })).filter(({ id }) => !known.has(id));
    if (unknown.length) throw ProblemException.validation(unknown.map(({ index }) => ({ field: `institutionIds.${index}`, message: 'refers to no institution' })));
    return wanted;
  }
}
