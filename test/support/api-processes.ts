import { freePort, run, RunningProcess, waitFor } from './processes';

/** An API process (dist/main.js) a test started, as a load balancer would see it. */
export interface ApiProcess {
  url: string;
  process: RunningProcess;
}

export interface Answer {
  status: number;
  body: { code?: string; [field: string]: unknown } | null;
}

/** Starts dist/main.js on a free port with `env`; resolves once it is ready (PostgreSQL and Redis answer). */
export async function spawnApi(env: NodeJS.ProcessEnv, started: ApiProcess[] = []): Promise<ApiProcess> {
  const port = await freePort();
  const api = { url: `http://127.0.0.1:${port}`, process: run('main.js', [], { ...env, PORT: String(port), HOST: '127.0.0.1' }) };
  started.push(api);
  await waitFor(async () => (await fetch(`${api.url}/health/ready`).catch(() => null))?.status === 200, 20_000, `the API on port ${port}`);
  return api;
}

/** One JSON request to an API process, with an agent's access token or none. */
export async function call(api: ApiProcess, method: string, path: string, token?: string, body?: object): Promise<Answer> {
  const response = await fetch(`${api.url}${path}`, {
    method,
    headers: { ...(token && { authorization: `Bearer ${token}` }), ...(body && { 'content-type': 'application/json' }) },
    body: body && JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Answer['body']) : null };
}

/** Kills what `spawnApi` started (SIGKILL: nothing of theirs is checked after). */
export async function killApis(started: ApiProcess[]): Promise<void> {
  for (const api of started) api.process.child.kill('SIGKILL');
  await Promise.all(started.map((api) => api.process.exited));
}
