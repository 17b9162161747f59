import { randomBytes } from 'node:crypto';
import { Passwords, PASSWORD_MIN_LENGTH } from '../auth/auth.passwords';
import { Clock } from '../common/clock';
import { AppConfig } from '../config/app-config';
import { normaliseEmail } from '../auth/auth.repository';
import { PrismaService } from '../infra/prisma/prisma.service';
import { DEMO_AGENTS } from '../demo/demo-data';

/** The demo office's admin (the run command gives the demo agents a password drawn for the run). */
export const DEMO_ADMIN = { email: 'admin@cmi-rennes.example', displayName: 'Admin CMI', role: 'admin' as const };

/**
 * An admin account from the command line (`node dist/cli.js agents:create-admin`): created, or
 * an existing account of that e-mail made admin with this password. Its other logins end.
 */
export async function createAdmin(config: AppConfig, email: string, displayName: string, password: string): Promise<'created' | 'updated'> {
  if (password.length < PASSWORD_MIN_LENGTH) throw new Error(`the password must be at least ${PASSWORD_MIN_LENGTH} characters long`);
  const prisma = new PrismaService(config);
  try {
    const passwordHash = await new Passwords().hash(password);
    const now = new Clock(config).now();
    const existing = await prisma.agent.findUnique({ where: { email: normaliseEmail(email) } });
    if (existing) {
      await prisma.$transaction([
        prisma.agent.update({ where: { id: existing.id }, data: { role: 'admin', active: true, passwordHash, passwordChangedAt: now } }),
        prisma.authSession.updateMany({ where: { agentId: existing.id, revokedAt: null }, data: { revokedAt: now, revokedReason: 'password_reset' } }),
      ]);
      return 'updated';
    }
    await prisma.agent.create({ data: { email: normaliseEmail(email), displayName, role: 'admin', passwordHash, passwordChangedAt: now } });
    return 'created';
  } finally {
    await prisma.$disconnect();
  }
}

/**
 * The demo office's logins for this run: one password, drawn now, for the demo admin and the
 * demo agents (never a fixed default password). Only the demo's own accounts are touched.
 */
export async function demoLogins(config: AppConfig): Promise<{ password: string; accounts: { email: string; role: string }[] }> {
  const password = randomBytes(12).toString('base64url');
  const prisma = new PrismaService(config);
  try {
    const passwordHash = await new Passwords().hash(password);
    const now = new Clock(config).now();
    const accounts = [DEMO_ADMIN, ...DEMO_AGENTS];
    for (const account of accounts) {
      await prisma.agent.upsert({
        where: { email: account.email },
        create: { ...account, passwordHash, passwordChangedAt: now },
        update: { passwordHash, passwordChangedAt: now, active: true },
      });
    }
    return { password, accounts: accounts.map(({ email, role }) => ({ email, role })) };
  } finally {
    await prisma.$disconnect();
  }
}
