/**
 * The roles of office agents; `system` is Passerelle itself (jobs, automatic moves); `student`
 * is a student on their own dossier's page (through their personal link).
 */
export type ActorRole = 'agent' | 'supervisor' | 'admin' | 'system' | 'student';
export type AgentRole = Exclude<ActorRole, 'system' | 'student'>;

/** Each role may do what the roles before it may. */
export const ROLE_RANK: Record<AgentRole, number> = { agent: 1, supervisor: 2, admin: 3 };

/**
 * Who did something: an authenticated agent, or the system itself (worker, seed, workflow...).
 * `institutionIds` are the member institutions an agent covers (null: the whole office).
 */
export interface Actor {
  agentId: string | null;
  label: string;
  role: ActorRole;
  institutionIds: string[] | null;
  /** The login the request came with (none for the system). */
  sessionId?: string;
}

export const SYSTEM_ACTOR: Actor = { agentId: null, label: 'system', role: 'system', institutionIds: null };

/** Whether the actor covers this institution (the system and unrestricted agents cover all). */
export function covers(actor: Actor, institutionId: string): boolean {
  return actor.institutionIds === null || actor.institutionIds.includes(institutionId);
}

export function hasRole(actor: Actor, minimum: AgentRole): boolean {
  if (actor.role === 'student') return false;
  return actor.role === 'system' || ROLE_RANK[actor.role] >= ROLE_RANK[minimum];
}
