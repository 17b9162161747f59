import { randomBytes } from 'node:crypto';
import { dropDatabase, ensureDatabase } from '../../src/infra/prisma/migrator';

/**
 * An extra, empty database for a test that needs one of its own (migrations, seeds...).
 * Named after the run's database so a crashed run's leftovers are swept like it.
 */
export async function scratchDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const url = new URL(process.env.DATABASE_URL!);
  url.pathname = `${url.pathname}_${randomBytes(3).toString('hex')}`;
  await ensureDatabase(url.toString());
  return { url: url.toString(), drop: () => dropDatabase(url.toString()) };
}
