import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { createApi } from '../../src/app.setup';
import { Tokens } from '../../src/auth/auth.tokens';
import { loadConfig } from '../../src/config/app-config';
import { TEST_AGENTS, TestRole } from './agents';
import { TestClock } from './test-clock';

/**
 * A running API for e2e tests: the same application `src/main.ts` serves, against the
 * run's database and Redis prefix — on a TestClock (running with the wall clock until the
 * test moves it: `clockOf(app)`), or on the clock given (a worker's, to share it).
 */
export async function startApi(overrides: NodeJS.ProcessEnv = {}, clock?: TestClock): Promise<NestFastifyApplication> {
  const config = loadConfig({ ...process.env, ...overrides });
  const app = await createApi(config, { clock: clock ?? new TestClock(config) });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/**
 * Requests as an office agent (an admin unless told otherwise): every request carries an
 * access token for one of the test agents' logins (test/support/agents.ts), signed with the
 * application's own key. `asAgent(app, { id, sessionId })` acts as an agent a test created.
 */
export function asAgent(app: NestFastifyApplication, who: TestRole | { id: string; sessionId: string } = 'admin') {
  const agent = typeof who === 'string' ? TEST_AGENTS[who] : who;
  return withToken(app, app.get(Tokens).access({ sub: agent.id, sid: agent.sessionId }));
}

/** Requests with an access token obtained otherwise (a real login), to an app in this process or an API process's address. */
export function withToken(app: NestFastifyApplication | string, token: string) {
  const server = typeof app === 'string' ? app : app.getHttpServer();
  const call = (method: Method, path: string) => request(server)[method](path).set('accept', 'application/json').set('authorization', `Bearer ${token}`);
  return {
    get: (path: string) => call('get', path),
    post: (path: string, body?: object) => call('post', path).send(body),
    patch: (path: string, body?: object) => call('patch', path).send(body),
    put: (path: string, body?: object) => call('put', path).send(body),
    delete: (path: string) => call('delete', path),
  };
}

/** Requests without credentials (health, docs, and checking that routes refuse them). */
export function anonymous(app: NestFastifyApplication) {
  return request(app.getHttpServer());
}

export type AgentClient = ReturnType<typeof asAgent>;
