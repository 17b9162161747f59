import { randomBytes } from 'node:crypto';
import { AgentsRepository } from '../agents/agents.repository';
import { Passwords } from '../auth/auth.passwords';
import { Clock } from '../common/clock';
import { AppConfig } from '../config/app-config';
import { withPrisma } from '../infra/prisma/prisma.service';
import { DEMO_ADMIN, DEMO_AGENTS } from './demo-data';

/**
 * The demo office's logins for this run: one password, drawn now, for the demo admin and the
 * demo agents (never a fixed default password). Only the demo's own accounts are touched.
 */
export async function demoLogins(config: AppConfig): Promise<{ password: string; accounts: { email: string; role: string }[] }> {
  const password = randomBytes(12).toString('base64url');
  const passwordHash = await new Passwords().hash(password);
  const accounts = [DEMO_ADMIN, ...DEMO_AGENTS];
  await withPrisma(config, async (prisma) => {
    const agents = new AgentsRepository(prisma, new Clock(config));
    for (const account of accounts) await agents.upsertWithPassword(account, passwordHash);
  });
  return { password, accounts: accounts.map(({ email, role }) => ({ email, role })) };
}
