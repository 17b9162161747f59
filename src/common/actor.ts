/** The roles of office agents; `system` is Passerelle itself (jobs, automatic moves). */
export type ActorRole = 'agent' | 'supervisor' | 'admin' | 'system';

/**
 * Who did something: an agent, or the system itself (worker, seed, workflow...).
 * `role` is null for requests made before authentication exists (then nothing is refused
 * on roles); authentication sets it.
 */
export interface Actor {
  agentId: string | null;
  label: string;
  role: ActorRole | null;
}

export const SYSTEM_ACTOR: Actor = { agentId: null, label: 'system', role: 'system' };
