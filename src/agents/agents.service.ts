import { Injectable } from '@nestjs/common';
import { Passwords } from '../auth/auth.passwords';
import { SessionCache } from '../auth/auth.sessions';
import type { Actor } from '../common/actor';
import { ProblemException } from '../common/problem';
import { AgentEmailTaken, AgentsRepository, AgentSummary } from './agents.repository';
import type { CreateAgentDto, UpdateAgentDto } from './agents.dto';

/** The office's agents: accounts, roles, the institutions they cover. Managed by admins. */
@Injectable()
export class AgentsService {
  constructor(
    private readonly agents: AgentsRepository,
    private readonly passwords: Passwords,
    private readonly sessions: SessionCache,
  ) {}

  /** Creates an admin unless the office already has one who can log in; returns it if created. */
  async ensureAdmin(email: string, displayName: string, password: string): Promise<AgentSummary | null> {
    if ((await this.agents.countAdminsWithPassword()) > 0) return null;
    try {
      return (await this.makeAdmin(email, displayName, password)).agent;
    } catch (error) {
      // two API processes starting together both found no admin: the other one has just made it
      if (error instanceof AgentEmailTaken && (await this.agents.countAdminsWithPassword()) > 0) return null;
      throw error;
    }
  }

  /** An admin with this password: a new account, or the account of that e-mail made admin (active again, its other logins ended). */
  async makeAdmin(email: string, displayName: string, password: string): Promise<{ outcome: 'created' | 'updated'; agent: AgentSummary }> {
    const existing = await this.agents.findByEmail(email);
    const passwordHash = await this.passwords.hash(password);
    if (existing) {
      const agent = await this.agents.update(existing.id, { role: 'admin', active: true, passwordHash, endLogins: 'password_reset' });
      await this.sessions.agentChanged(agent.id);
      return { outcome: 'updated', agent };
    }
    return { outcome: 'created', agent: await this.agents.create({ email, displayName, role: 'admin', passwordHash, institutionIds: [] }) };
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
    if (await this.agents.findByEmail(input.email)) throw ProblemException.of('agent.email-taken', { email: input.email });
    const institutionIds = await this.checkInstitutions(input.institutionIds ?? []);
    const passwordHash = await this.passwords.hash(input.password);
    try {
      return await this.agents.create({ email: input.email.trim(), displayName: input.displayName, role: input.role, institutionIds, passwordHash });
    } catch (error) {
      if (error instanceof AgentEmailTaken) throw ProblemException.of('agent.email-taken', { email: input.email });
      throw error;
    }
  }

  async update(id: string, changes: UpdateAgentDto, actor: Actor): Promise<AgentSummary> {
    const current = await this.get(id);
    if (id === actor.agentId && (changes.active === false || (changes.role && changes.role !== 'admin'))) {
      throw ProblemException.of('agent.own-account');
    }
    const institutionIds = changes.institutionIds && (await this.checkInstitutions(changes.institutionIds));
    // a disabled account, or a password reset, ends every login at once
    const endLogins = changes.password ? 'password_reset' : changes.active === false && current.active ? 'disabled' : undefined;
    const updated = await this.agents.update(id, {
      displayName: changes.displayName,
      role: changes.role,
      active: changes.active,
      institutionIds,
      passwordHash: changes.password ? await this.passwords.hash(changes.password) : undefined,
      endLogins,
    });
    // committed: every API process reads the account's logins again (role, reach, name, or their end) before this answers
    await this.sessions.agentChanged(id);
    return updated;
  }

  private async checkInstitutions(ids: string[]): Promise<string[]> {
    const wanted = [...new Set(ids.map((id) => id.toLowerCase()))];
    const known = await this.agents.existingInstitutions(wanted);
    const unknown = wanted.map((id, index) => ({ id, index })).filter(({ id }) => !known.has(id));
    if (unknown.length) throw ProblemException.validation(unknown.map(({ index }) => ({ field: `institutionIds.${index}`, code: 'refersToNoInstitution' })));
    return wanted;
  }
}
