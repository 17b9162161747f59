import 'reflect-metadata';
import { createApi } from './app.setup';
import { bootOrExit } from './infra/preflight';

/** The HTTP API process. */
async function main(): Promise<void> {
  const config = await bootOrExit();
  const app = await createApi(config);
  // SIGTERM/SIGINT: stop accepting, finish requests in flight, close pools, exit 0
  app.enableShutdownHooks(['SIGTERM', 'SIGINT'], { useProcessExit: true });
  await app.listen({ port: config.PORT, host: config.HOST });
}

void main();
