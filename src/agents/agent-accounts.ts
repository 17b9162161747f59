import { Passwords, PASSWORD_MIN_LENGTH } from '../auth/auth.passwords';
import { SessionCache, sessionBroadcast } from '../auth/auth.sessions';
import { Clock } from '../common/clock';
import { AppConfig } from '../config/app-config';
import { withPrisma } from '../infra/prisma/prisma.service';
import { AgentsRepository } from './agents.repository';
import { AgentsService } from './agents.service';

/**
 * An admin account from the command line (`node dist/cli.js agents:create-admin`): created, or
 * an existing account of that e-mail made admin with this password. Its other logins end.
 */
export async function createAdmin(config: AppConfig, email: string, displayName: string, password: string): Promise<'created' | 'updated'> {
  if (password.length < PASSWORD_MIN_LENGTH) throw new Error(`the password must be at least ${PASSWORD_MIN_LENGTH} characters long`);
  return withPrisma(config, async (prisma) => {
    // the running API processes forget the account's logins before this returns
    const sessions = new SessionCache(sessionBroadcast(config));
    try {
      const agents = new AgentsService(new AgentsRepository(prisma, new Clock(config)), new Passwords(), sessions);
      return (await agents.makeAdmin(email, displayName, password)).outcome;
    } finally {
      sessions.onModuleDestroy();
    }
  });
}
