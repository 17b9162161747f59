import { rmSync } from 'node:fs';
import { Redis } from 'ioredis';
import { dropDatabase } from '../../src/infra/prisma/migrator';
import { templateUrl } from './scratch-database';

/** Runs once after the suite (the first of the projects' calls): drops the run's database, Redis keys, mail and storage folders. */
export default async function globalTeardown(): Promise<void> {
  if (!process.env.PASSERELLE_TEST_RUN) return;
  delete process.env.PASSERELLE_TEST_RUN;
  await dropDatabase(process.env.DATABASE_URL!);
  await dropDatabase(templateUrl());
  await deleteRedisKeys(process.env.REDIS_URL!, `${process.env.REDIS_PREFIX}:`);
  for (const folder of [process.env.MAIL_OUTBOX_DIR, process.env.STORAGE_DIR]) if (folder) rmSync(folder, { recursive: true, force: true });
}

export async function deleteRedisKeys(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
