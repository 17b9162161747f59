import { freePort, run, waitFor } from '../support/processes';
import { JobsWorld } from '../support/worker';

/** The built API and worker processes, as the run command and the Docker image start them. */
describe('API and worker processes', () => {
  it('serves the API until SIGTERM, then exits cleanly', async () => {
    const port = await freePort();
    const api = run('main.js', [], { PORT: String(port), LOG_LEVEL: 'info' });
    try {
      await waitFor(async () => (await fetch(`http://127.0.0.1:${port}/health/ready`).catch(() => null))?.status === 200, 20_000, 'readiness');
      const lines = api.output().trim().split('\n');
      expect(lines.every((line) => JSON.parse(line).service === 'passerelle')).toBe(true);
      api.child.kill('SIGTERM');
      expect(await api.exited).toBe(0);
    } finally {
      api.child.kill('SIGKILL');
    }
  });

  it('logs one JSON line per request, with its request id', async () => {
    const port = await freePort();
    const api = run('main.js', [], { PORT: String(port), LOG_LEVEL: 'info' });
    try {
      await waitFor(async () => (await fetch(`http://127.0.0.1:${port}/health/live`).catch(() => null))?.ok === true, 20_000, 'liveness');
      await fetch(`http://127.0.0.1:${port}/api/institutions?limit=1`, {
        headers: { 'x-request-id': 'log-check-1', authorization: 'Bearer not-a-real-token-but-a-secret-all-the-same' },
      });
      await waitFor(() => api.output().includes('log-check-1'), 5_000, 'the request log line');
      const line = api
        .output()
        .split('\n')
        .find((l) => l.includes('log-check-1'))!;
      expect(JSON.parse(line)).toMatchObject({
        reqId: 'log-check-1',
        req: { method: 'GET', url: '/api/institutions?limit=1' },
        res: { statusCode: 401 },
        msg: 'request completed',
      });
      // credentials never reach the logs
      expect(api.output()).not.toContain('a-secret-all-the-same');
    } finally {
      api.child.kill('SIGKILL');
    }
  });

  it('stops with one line when the port is taken', async () => {
    const port = await freePort();
    const first = run('main.js', [], { PORT: String(port) });
    try {
      await waitFor(async () => (await fetch(`http://127.0.0.1:${port}/health/live`).catch(() => null))?.ok === true, 20_000, 'the first API');
      const second = run('main.js', [], { PORT: String(port) });
      expect(await second.exited).toBe(1);
      expect(second.output().trim()).toBe(`passerelle: port ${port} on 127.0.0.1 is already in use: stop what uses it, or set PORT.`);
    } finally {
      first.child.kill('SIGKILL');
    }
  });

  it('starts the worker, connected, and stops it cleanly on SIGTERM', async () => {
    // a database and Redis prefix of its own: a worker relays every outbox row it finds
    const world = await JobsWorld.create();
    try {
      const worker = world.spawnWorker();
      await waitFor(() => worker.output().includes('Worker ready'), 20_000, 'the worker');
      worker.child.kill('SIGTERM');
      expect(await worker.exited).toBe(0);
      expect(worker.output()).toContain('SIGTERM: finishing the jobs under way, then stopping');
    } finally {
      await world.close();
    }
  });

  it.each([
    ['main.js', { PORT: 'eighty' }, /^passerelle: Invalid configuration: PORT .*\(got "eighty"\)$/],
    ['worker.js', { DATABASE_URL: 'mysql://localhost/x' }, /^passerelle: Invalid configuration: DATABASE_URL must be a postgresql:\/\/ URL/],
  ])('%s stops with one line naming a bad variable', async (entry, env, message) => {
    const started = run(entry, [], env);
    expect(await started.exited).toBe(1);
    expect(started.output().trim().split('\n')).toEqual([expect.stringMatching(message)]);
  });

  it.each([
    ['PostgreSQL', { DATABASE_URL: 'postgresql://postgres@127.0.0.1:1/passerelle' }],
    ['Redis', { REDIS_URL: 'redis://127.0.0.1:1' }],
  ])('stops with a sentence saying how to start %s when it cannot be reached', async (service, env) => {
    for (const entry of ['main.js', 'worker.js']) {
      const started = run(entry, [], env);
      expect(await started.exited).toBe(1);
      const output = started.output().trim();
      expect(output.split('\n')).toHaveLength(1);
      expect(output).toContain(`Cannot reach ${service} at 127.0.0.1:1`);
      expect(output).toContain('docker compose up -d postgres redis');
      expect(output).not.toMatch(/\n\s+at /);
    }
  });
});
