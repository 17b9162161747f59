import 'reflect-metadata';
import { createApi } from './app.setup';
import { bootOrExit } from './infra/preflight';

/** The HTTP API process. */
async function main(): Promise<void> {
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
