/** Who did something: an agent, or the system itself (worker, seed, migration...). */
export interface Actor {
  agentId: string | null;
  label: string;
}
