/**
 * The ceiling: the same `GET /api/dossiers/:id` as Passerelle's, served by a bare Fastify
 * handler with a `pg` pool of the same size, reading the dossier row by primary key — no
 * authentication, validation, ORM, audit or logging. Started by bench/run.ts as its own
 * process (like the API), on the same database.
 *
 *   DATABASE_URL=… PORT=… DATABASE_POOL_SIZE=10 node .bench-build/bench/ceiling.js
 */
import Fastify from 'fastify';
import { Pool } from 'pg';

async function main(): Promise<void> {
  const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.DATABASE_POOL_SIZE ?? 10) });
  const app = Fastify({ logger: false });
  app.get<{ Params: { id: string } }>('/api/dossiers/:id', async (request, reply) => {
    const { rows } = await pool.query('SELECT * FROM dossiers WHERE id = $1', [request.params.id]);
    if (rows.length === 0) return reply.code(404).send({ status: 404 });
    return rows[0];
  });
  await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT ?? 3990) });
  process.stdout.write('ceiling ready\n');
  const stop = () =>
    void app
      .close()
      .then(() => pool.end())
      .then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exit(1);
});
