import type { Passwords } from '../auth/auth.passwords';
import type { SessionCache } from '../auth/auth.sessions';
import type { Actor, AgentRole } from '../common/actor';
import { AgentEmailTaken, type AgentsRepository, type AgentSummary } from './agents.repository';
import { AgentsService } from './agents.service';

type Changes = Parameters<AgentsRepository['update']>[1];

/** A password reset or a disabled account ends the account's logins, in the same write as the change. */
describe('AgentsService: when logins end', () => {
  const admin: Actor = { agentId: 'admin-1', label: 'Admin', role: 'admin', institutionIds: null };
  let accounts: AgentSummary[];
  let updates: { id: string; changes: Changes }[];
  let adminsWithPassword: number;

  const agents = {
    findById: (id: string) => Promise.resolve(accounts.find((a) => a.id === id) ?? null),
    findByEmail: (email: string) => Promise.resolve(accounts.find((a) => a.email === email) ?? null),
    countAdminsWithPassword: () => Promise.resolve(adminsWithPassword),
    existingInstitutions: (ids: string[]) => Promise.resolve(new Set(ids)),
    create: (input: { email: string; displayName: string; role: AgentRole }) => {
      const created = { id: `agent-${accounts.length + 1}`, active: true, institutionIds: null, ...input };
      accounts.push(created);
      return Promise.resolve(created);
    },
    update: (id: string, changes: Changes) => {
      updates.push({ id, changes });
      return Promise.resolve({ ...accounts.find((a) => a.id === id)!, ...changes });
    },
  };
  const passwords = { hash: (password: string) => Promise.resolve(`hash(${password})`) };
  let told: string[];
  const sessions = { agentChanged: (id: string) => Promise.resolve(void told.push(id)) };
  const service = new AgentsService(agents as unknown as AgentsRepository, passwords as unknown as Passwords, sessions as unknown as SessionCache);

  beforeEach(() => {
    accounts = [
      { id: 'agent-1', email: 'claire@cmi.example', displayName: 'Claire', role: 'agent', active: true, institutionIds: null },
      { id: 'agent-2', email: 'yann@cmi.example', displayName: 'Yann', role: 'agent', active: false, institutionIds: null },
    ];
    updates = [];
    told = [];
    adminsWithPassword = 0;
  });

  it("ends an account's logins with a new password, or when an active account is disabled; not for other changes", async () => {
    await service.update('agent-1', { password: 'a new long password' }, admin);
    await service.update('agent-1', { active: false }, admin);
    await service.update('agent-2', { active: false }, admin);
    await service.update('agent-1', { displayName: 'Claire M.', role: 'supervisor' }, admin);
    expect(updates.map(({ id, changes }) => [id, changes.endLogins])).toEqual([
      ['agent-1', 'password_reset'],
      ['agent-1', 'disabled'],
      ['agent-2', undefined],
      ['agent-1', undefined],
    ]);
    expect(updates[0]!.changes.passwordHash).toBe('hash(a new long password)');
    // every change reaches the API processes' cached logins (role, name, reach, or their end)
    expect(told).toEqual(['agent-1', 'agent-1', 'agent-2', 'agent-1']);
  });

  it('makes an existing account admin with the password given, ending its other logins; creates one otherwise', async () => {
    await expect(service.makeAdmin('yann@cmi.example', 'Yann', 'twelve chars!')).resolves.toMatchObject({ outcome: 'updated' });
    expect(updates).toEqual([{ id: 'agent-2', changes: { role: 'admin', active: true, passwordHash: 'hash(twelve chars!)', endLogins: 'password_reset' } }]);
    expect(told).toEqual(['agent-2']);
    await expect(service.makeAdmin('new@cmi.example', 'New', 'twelve chars!')).resolves.toMatchObject({
      outcome: 'created',
      agent: { email: 'new@cmi.example', role: 'admin' },
    });
  });

  it('creates the first admin only while no admin can log in', async () => {
    adminsWithPassword = 1;
    await expect(service.ensureAdmin('first@cmi.example', 'First', 'twelve chars!')).resolves.toBeNull();
    expect(accounts).toHaveLength(2);
    adminsWithPassword = 0;
    await expect(service.ensureAdmin('first@cmi.example', 'First', 'twelve chars!')).resolves.toMatchObject({ email: 'first@cmi.example', role: 'admin' });
  });

  it('lets another process make the first admin when both start together, and says a taken e-mail found at the write', async () => {
    // both looked, found no admin; the other's insert lands first
    const create = agents.create;
    let theOtherMadeAdmin = true;
    agents.create = () => {
      if (theOtherMadeAdmin) adminsWithPassword = 1;
      return Promise.reject(new AgentEmailTaken('first@cmi.example'));
    };
    try {
      await expect(service.ensureAdmin('first@cmi.example', 'First', 'twelve chars!')).resolves.toBeNull();
      // the e-mail taken by an account that is not an admin: that is no first admin, the start fails
      adminsWithPassword = 0;
      theOtherMadeAdmin = false;
      await expect(service.ensureAdmin('first@cmi.example', 'First', 'twelve chars!')).rejects.toBeInstanceOf(AgentEmailTaken);
      await expect(service.create({ email: 'first@cmi.example', displayName: 'First', role: 'agent', password: 'twelve chars!' })).rejects.toMatchObject({
        code: 'agent.email-taken',
      });
    } finally {
      agents.create = create;
    }
  });
});
