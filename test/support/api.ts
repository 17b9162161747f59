import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { createApi } from '../../src/app.setup';
import { loadConfig } from '../../src/config/app-config';

/**
 * A running API for e2e tests: the same application `src/main.ts` serves, against the
 * run's database and Redis prefix.
 */
export async function startApi(overrides: NodeJS.ProcessEnv = {}): Promise<NestFastifyApplication> {
  const app = await createApi(loadConfig({ ...process.env, ...overrides }));
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/**
 * Requests as an office agent. Every e2e request goes through here, so when routes are
 * guarded only this helper learns how to authenticate.
 */
export function asAgent(app: NestFastifyApplication) {
  const server = app.getHttpServer();
  const call = (method: Method, path: string) => request(server)[method](path).set('accept', 'application/json');
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
