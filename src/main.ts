import 'reflect-metadata';
import { setFlagsFromString } from 'node:v8';
import { createApi } from './app.setup';
import { bootOrExit } from './infra/preflight';

/** The HTTP API process. */
async function main(): Promise<void> {
  // Prisma's query compiler is WebAssembly, compiled when the client starts. V8's optimising
  // tier (TurboFan) leaves ~55-75 MB of its compilation memory in the process for good, for a
  // compiler that runs once per query shape (Prisma caches the plans): measured, the baseline
  // tier (Liftoff) alone compiles a new shape faster and runs a cached one as fast. V8 reads the
  // flag when it compiles a module, so setting it here, before Prisma loads its own, is enough.
  setFlagsFromString('--liftoff-only');
  const config = await bootOrExit();
  const app = await createApi(config);
  // SIGTERM/SIGINT: stop accepting, finish requests in flight, close pools, exit 0
  app.enableShutdownHooks(['SIGTERM', 'SIGINT'], { useProcessExit: true });
  try {
    await app.listen({ port: config.PORT, host: config.HOST });
  } catch (error) {
    if ((error as { code?: string }).code !== 'EADDRINUSE') throw error;
    process.stderr.write(`passerelle: port ${config.PORT} on ${config.HOST} is already in use: stop what uses it, or set PORT.\n`);
    await app.close();
    process.exit(1);
  }
}

void main();
