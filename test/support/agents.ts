import { Client } from 'pg';

/**
 * The agents e2e and integration tests act as, one per role, each with an open login. They
 * are in the run's database (and the template the jobs tests copy); tests sign access tokens
 * for these logins with the application's own key (`asAgent`). Logging in with a password is
 * tested by the auth specs, with agents of their own.
 */
export const TEST_AGENTS = {
  admin: {
    id: '01960000-0000-7000-8000-0000000000a1',
    sessionId: '01960000-0000-7000-8000-0000000000b1',
    email: 'admin@test.passerelle.localhost',
    name: 'Test Admin',
    role: 'admin',
  },
  supervisor: {
    id: '01960000-0000-7000-8000-0000000000a2',
    sessionId: '01960000-0000-7000-8000-0000000000b2',
    email: 'supervisor@test.passerelle.localhost',
    name: 'Test Supervisor',
    role: 'supervisor',
  },
  agent: {
    id: '01960000-0000-7000-8000-0000000000a3',
    sessionId: '01960000-0000-7000-8000-0000000000b3',
    email: 'agent@test.passerelle.localhost',
    name: 'Test Agent',
    role: 'agent',
  },
} as const;

export type TestRole = keyof typeof TEST_AGENTS;

export async function seedTestAgents(databaseUrl: string): Promise<void> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    for (const agent of Object.values(TEST_AGENTS)) {
      await client.query(`INSERT INTO agents (id, email, display_name, role, updated_at) VALUES ($1, $2, $3, $4, now())`, [
        agent.id,
        agent.email,
        agent.name,
        agent.role,
      ]);
      await client.query(`INSERT INTO auth_sessions (id, agent_id, expires_at) VALUES ($1, $2, now() + interval '7 days')`, [agent.sessionId, agent.id]);
    }
  } finally {
    await client.end();
  }
}
