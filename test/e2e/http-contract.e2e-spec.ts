import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { RouteOptions } from 'fastify';
import { createApi } from '../../src/app.setup';
import { loadConfig } from '../../src/config/app-config';
import { anonymous, asAgent } from '../support/api';
import { aStudent, createDossier, createStudent } from '../support/factories';

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
    const served = routes.filter((r) => r.method !== 'HEAD' && /^\/(api|health|problems)\//.test(r.url)).map((r) => `${r.method} ${r.url}`);
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
    expect(array.body.errors).toEqual([{ field: '(body)', code: 'jsonObject', message: 'must be a JSON object' }]);
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

  it('gives every problem a stable code and its params, and says it in French with Accept-Language: fr (English otherwise)', async () => {
    const api = asAgent(app);
    const FRENCH = 'fr-FR,fr;q=0.9,en;q=0.8';
    const student = await createStudent(api);

    // 400: class-validator's rules and the service's own, each field with its code, params and sentence
    const invalid = await api
      .post('/api/students', { ...aStudent(student.institutionId), birthName: 'D'.repeat(101), email: 'awa@' })
      .set('accept-language', FRENCH);
    expect(invalid.status).toBe(400);
    expect(invalid.body).toMatchObject({
      type: '/problems/validation-error',
      code: 'request.invalid',
      params: { fields: ['birthName', 'email'] },
      detail: '2 champs de la demande ne sont pas valables.',
      errors: [
        { field: 'birthName', code: 'isLength', params: { min: 1, max: 100 }, message: 'doit compter de 1 à 100\u00a0caractères' },
        { field: 'email', code: 'isEmail', message: 'doit être une adresse e-mail valable' },
      ],
    });
    const future = await api.post('/api/dossiers', { studentId: student.id, procedureCode: 'rece', receivedAt: '2199-01-01' }).set('accept-language', 'fr');
    expect(future.body.errors).toEqual([{ field: 'receivedAt', code: 'notInFuture', message: 'ne doit pas être dans le futur' }]);

    // 404
    const id = '0b7f6c1e-2f1a-4c3e-9d0a-5e8f7a6b4c3d';
    const missing = await api.get(`/api/dossiers/${id}`).set('accept-language', FRENCH).expect(404);
    expect(missing.body).toMatchObject({ code: 'dossier.not-found', params: { id }, detail: `Aucun dossier n’a l’identifiant ${id}.`, title: 'Not found' });
    expect((await api.get(`/api/dossiers/${id}`).expect(404)).body).toMatchObject({ code: 'dossier.not-found', detail: `No dossier with id ${id}.` });

    // 409: the dossier already open, named and linked by its id, its extension fields kept
    const open = await createDossier(api, { studentId: student.id });
    const twice = await api.post('/api/dossiers', { studentId: student.id, procedureCode: 'rece' }).set('accept-language', FRENCH).expect(409);
    expect(twice.body).toMatchObject({
      type: '/problems/open-dossier-exists',
      code: 'dossier.open-exists',
      params: { reference: open.reference, dossierId: open.id },
      existingDossier: { id: open.id, reference: open.reference },
      detail: `L’étudiant(e) a déjà le dossier ${open.reference} ouvert pour cette démarche.`,
    });

    // 422: the blocking findings counted in the sentence, kept in the body
    const etag = (await api.get(`/api/dossiers/${open.id}`).expect(200)).headers.etag!;
    const refused = await api.post(`/api/dossiers/${open.id}/transitions`, { to: 'verified' }).set('if-match', etag).set('accept-language', FRENCH).expect(422);
    const count = refused.body.findings.length as number;
    expect(count).toBeGreaterThan(1);
    expect(refused.body).toMatchObject({
      type: '/problems/blocking-findings',
      code: 'workflow.blocking-findings',
      params: { to: 'verified', count },
      detail: `Le dossier ne peut pas être vérifié\u00a0: ${count}\u00a0points bloquants.`,
    });
    const english = await api.post(`/api/dossiers/${open.id}/transitions`, { to: 'verified' }).set('if-match', etag).set('accept-language', 'en-GB,fr;q=0.5');
    expect(english.body).toMatchObject({ code: 'workflow.blocking-findings', detail: `The dossier cannot be verified: ${count} blocking finding(s).` });

    // problems made outside Nest's filter too: an unknown route, a malformed URL
    expect((await anonymous(app).get('/api/nowhere').set('accept-language', 'fr').expect(404)).body).toMatchObject({
      code: 'request.route-not-found',
      detail: 'Aucune route ne répond à GET /api/nowhere.',
    });
    expect((await anonymous(app).get('/api/dossiers/%ZZ').set('accept-language', 'fr').expect(400)).body).toMatchObject({
      code: 'request.malformed-url',
      detail: 'L’adresse de la requête est mal formée.',
    });
    for (const body of [invalid.body, missing.body, twice.body, refused.body]) expect(body.detail).not.toMatch(/ [:;?!]/);
  });

  it("echoes the caller's request id, or makes one, in the header and in problems", async () => {
    const given = await anonymous(app).get('/api/nowhere').set('x-request-id', 'trace-123').expect(404);
    expect(given.headers['x-request-id']).toBe('trace-123');
    expect(given.body.requestId).toBe('trace-123');
    const made = await anonymous(app).get('/health/live').set('x-request-id', 'bad id with spaces').expect(200);
    expect(made.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});
