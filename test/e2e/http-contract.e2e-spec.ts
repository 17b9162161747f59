import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { RouteOptions } from 'fastify';
import { createApi } from '../../src/app.setup';
import { loadConfig } from '../../src/config/app-config';
import { anonymous, asAgent } from '../support/api';

describe('HTTP contract: health, OpenAPI, errors, request ids', () => {
  let app: NestFastifyApplication;
  const routes: { method: string; url: string }[] = [];

  beforeAll(async () => {
    app = await createApi(loadConfig(process.env));
    app
      .getHttpAdapter()
      .getInstance()
      .addHook('onRoute', (route: RouteOptions) => {
        for (const method of [route.method].flat()) routes.push({ method, url: route.url });
      });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });
  afterAll(() => app.close());

  it('answers liveness and readiness (PostgreSQL and Redis up)', async () => {
    await anonymous(app).get('/health/live').expect(200, { status: 'ok' });
    const ready = await anonymous(app).get('/health/ready').expect(200);
    expect(ready.body).toMatchObject({ status: 'ok', info: { database: { status: 'up' }, redis: { status: 'up' } } });
  });

  it('documents every route in /docs-json, and serves Swagger UI at /docs', async () => {
    const docs = await anonymous(app).get('/docs-json').expect(200);
    const documented = Object.entries(docs.body.paths as Record<string, Record<string, unknown>>).flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
    );
    const served = routes.filter((r) => r.method !== 'HEAD' && /^\/(api|health)\//.test(r.url)).map((r) => `${r.method} ${r.url}`);
    expect(served.length).toBeGreaterThanOrEqual(12);
    expect(documented.sort()).toEqual([...new Set(served)].sort());
    const ui = await anonymous(app).get('/docs').redirects(1);
    expect(ui.status).toBe(200);
    expect(ui.text).toContain('swagger');
  });

  it('answers problem+json for malformed JSON, other media types and oversized bodies', async () => {
    const api = asAgent(app);
    const badJson = await api.post('/api/institutions').set('content-type', 'application/json').send('{"code":').expect(400);
    expect(badJson.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(badJson.body).toMatchObject({ status: 400, title: 'Bad request' });
    const text = await api.post('/api/institutions').set('content-type', 'text/plain').send('code=X').expect(415);
    expect(text.body).toMatchObject({ status: 415, detail: expect.stringContaining('application/json') });
    const huge = await api.post('/api/institutions', { code: 'X', name: 'y'.repeat(2 * 1024 * 1024), kind: 'other' }).expect(413);
    expect(huge.body.status).toBe(413);
    const empty = await api.post('/api/institutions').set('content-type', 'application/json').send('').expect(400);
    expect(empty.body.status).toBe(400);
    const array = await api.post('/api/institutions', [{ code: 'X' }]).expect(400);
    expect(array.body.errors).toEqual([{ field: '(body)', message: 'must be a JSON object' }]);
  });

  it('answers a malformed URL with a problem+json 400', async () => {
    const response = await anonymous(app).get('/api/dossiers/%ZZ').expect(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({ status: 400, detail: 'The request URL is malformed.' });
  });

  it('answers an unknown route with a problem+json 404', async () => {
    const response = await anonymous(app).get('/api/nowhere').expect(404);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({ type: '/problems/not-found', status: 404, instance: '/api/nowhere' });
  });

  it("echoes the caller's request id, or makes one, in the header and in problems", async () => {
    const given = await anonymous(app).get('/api/nowhere').set('x-request-id', 'trace-123').expect(404);
    expect(given.headers['x-request-id']).toBe('trace-123');
    expect(given.body.requestId).toBe('trace-123');
    const made = await anonymous(app).get('/health/live').set('x-request-id', 'bad id with spaces').expect(200);
    expect(made.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});
