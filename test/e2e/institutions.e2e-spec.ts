import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AgentClient, asAgent, startApi } from '../support/api';
import { anInstitution, createInstitution } from '../support/factories';

describe('institutions API', () => {
  let app: NestFastifyApplication;
  let api: AgentClient;

  beforeAll(async () => {
    app = await startApi();
    api = asAgent(app);
  });
  afterAll(() => app.close());

  it('creates, reads, changes and lists institutions', async () => {
    const created = await api.post('/api/institutions', anInstitution({ name: 'Zeta School of Tests', kind: 'engineering_school' })).expect(201);
    expect(created.body).toMatchObject({ name: 'Zeta School of Tests', kind: 'engineering_school', member: true, contactEmail: null });
    await api.get(`/api/institutions/${created.body.id}`).expect(200);
    const changed = await api.patch(`/api/institutions/${created.body.id}`, { member: false, city: null, contactEmail: 'ri@zeta.example' }).expect(200);
    expect(changed.body).toMatchObject({ member: false, city: null, contactEmail: 'ri@zeta.example' });
    const listed = await api.get(`/api/institutions?q=${created.body.code}`).expect(200);
    expect(listed.body).toEqual({ items: [changed.body], nextCursor: null });
  });

  it('refuses a duplicate code with 409 and bad fields with 400', async () => {
    const first = await createInstitution(api);
    const duplicate = await api.post('/api/institutions', anInstitution({ code: first.code })).expect(409);
    expect(duplicate.body.errors).toEqual([{ field: 'code', code: 'institutionCodeTaken', message: 'is already used by another institution' }]);
    const bad = await api.post('/api/institutions', { code: 'lower case', name: '', kind: 'castle', contactEmail: 'no' }).expect(400);
    expect((bad.body.errors as { field: string }[]).map((e) => e.field).sort()).toEqual(['code', 'contactEmail', 'kind', 'name']);
    const nulls = await api.patch(`/api/institutions/${first.id}`, { code: null, member: null }).expect(400);
    expect(nulls.body.errors).toEqual([
      { field: 'code', code: 'notNull', message: 'must not be null' },
      { field: 'member', code: 'notNull', message: 'must not be null' },
    ]);
  });

  it('pages in name order', async () => {
    const tag = `PG${Date.now() % 100000}`;
    for (const name of ['Charlie', 'Alpha', 'Bravo'])
      await createInstitution(api, { code: `${tag}${name.toUpperCase()}`.slice(0, 32), name: `${tag} ${name}` });
    const first = await api.get(`/api/institutions?q=${tag}&limit=2`).expect(200);
    const second = await api.get(`/api/institutions?q=${tag}&limit=2&cursor=${first.body.nextCursor}`).expect(200);
    expect([...first.body.items, ...second.body.items].map((i: { name: string }) => i.name)).toEqual([`${tag} Alpha`, `${tag} Bravo`, `${tag} Charlie`]);
    expect(second.body.nextCursor).toBeNull();
  });

  it('answers 404 for an unknown id and 400 for a malformed one', async () => {
    await api.get('/api/institutions/01a20883-0000-7000-8000-000000000000').expect(404);
    await api.patch('/api/institutions/01a20883-0000-7000-8000-000000000000', { name: 'x y' }).expect(404);
    await api.get('/api/institutions/42').expect(400);
  });
});
