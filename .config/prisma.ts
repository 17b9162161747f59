// Prisma CLI configuration (Prisma 7 reads it from .config/prisma.ts).
// The URL is read with process.env, not the config's env() helper, so that
// `prisma generate` works in builds where DATABASE_URL is not set.
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: '../prisma/schema.prisma',
  migrations: { path: '../prisma/migrations', seed: 'node dist/cli.js demo:seed' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/passerelle' },
});
