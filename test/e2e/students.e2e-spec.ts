import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { PrismaService } from '../../src/infra/prisma/prisma.service';
import { AgentClient, asAgent, startApi } from '../support/api';
import { aStudent, createInstitution, createStudent } from '../support/factories';

describe('students API', () => {
  let app: NestFastifyApplication;
  let api: AgentClient;
  let prisma: PrismaService;
  let institutionId: string;

  beforeAll(async () => {
    app = await startApi();
    api = asAgent(app);
    prisma = app.get(PrismaService);
    institutionId = (await createInstitution(api)).id;
  });
  afterAll(() => app.close());

  it('registers a student and serves it back with the current permit', async () => {
    const payload = aStudent(institutionId, { usageName: 'MARTIN' });
    const created = await api.post('/api/students', payload).expect(201);
    expect(created.body).toMatchObject({
      institutionId,
      studentNumber: payload.studentNumber,
      birthName: 'NGUYEN',
      usageName: 'MARTIN',
      birthDate: '2001-04-12',
      address: { line1: '12 rue de Saint-Malo', line2: null, postalCode: '35000', city: 'Rennes' },
      currentPermit: payload.currentPermit,
    });
    const fetched = await api.get(`/api/students/${created.body.id}`).expect(200);
    expect(fetched.body).toEqual(created.body);
  });

  it('refuses a wrong email, an unknown field and a missing name in one 400 naming all three, and writes nothing', async () => {
    const { birthName: _left, ...payload } = aStudent(institutionId, { email: 'not-an-email', favouriteColour: 'blue' });
    const response = await api.post('/api/students', payload).expect(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({ type: '/problems/validation-error', status: 400, title: 'Invalid request' });
    const fields = (response.body.errors as { field: string }[]).map((e) => e.field).sort();
    expect(fields).toEqual(['birthName', 'email', 'favouriteColour']);
    expect(await prisma.student.count({ where: { studentNumber: payload.studentNumber } })).toBe(0);
  });

  it('refuses arrays where an object is expected, without touching stored data', async () => {
    const student = await createStudent(api, { institutionId });
    const created = await api
      .post('/api/students', aStudent(institutionId, { address: [{ line1: 'x', postalCode: '35000', city: 'Rennes' }], currentPermit: [] }))
      .expect(400);
    expect((created.body.errors as { field: string }[]).map((e) => e.field).sort()).toEqual(['address', 'currentPermit']);
    await api.patch(`/api/students/${student.id}`, { address: [] }).expect(400);
    await api.patch(`/api/students/${student.id}`, { currentPermit: [{ kind: 'student', validUntil: '2027-01-01' }] }).expect(400);
    const unchanged = await api.get(`/api/students/${student.id}`).expect(200);
    expect(unchanged.body.address).toMatchObject({ line1: '12 rue de Saint-Malo' });
    expect(unchanged.body.currentPermit).toMatchObject({ kind: 'student' });
  });

  it('refuses the NUL character and Object.prototype names as keys with a 400, never a 500', async () => {
    const nul = await api.post('/api/students', aStudent(institutionId, { birthName: 'A\u0000B' })).expect(400);
    expect(nul.body.errors).toEqual([{ field: 'birthName', code: 'nulCharacter', message: 'must not contain the NUL character' }]);
    await api.get('/api/students?q=%00').expect(400);
    await api.get('/api/dossiers?q=a%00b').expect(400);
    for (const key of ['constructor', 'toString', 'hasOwnProperty']) {
      const response = await api.post('/api/students', { ...aStudent(institutionId), [key]: 'x' }).expect(400);
      expect(response.body.errors).toEqual([{ field: key, code: 'unknownField', message: 'is not a known field' }]);
    }
    await api.get('/api/students?constructor=x').expect(400);
    await api.get('/api/students?__proto__=x').expect(400);
  });

  it('refuses a birth date in the future', async () => {
    const response = await api.post('/api/students', aStudent(institutionId, { birthDate: '2099-01-01' })).expect(400);
    expect(response.body.errors).toEqual([{ field: 'birthDate', code: 'inPast', message: 'must be in the past' }]);
  });

  it('names nested fields with their path', async () => {
    const response = await api
      .post(
        '/api/students',
        aStudent(institutionId, {
          address: { line1: 'x', postalCode: '350', city: 'Rennes' },
          currentPermit: { kind: 'student', validFrom: '2026-10-01', validUntil: '2026-02-30' },
        }),
      )
      .expect(400);
    const fields = (response.body.errors as { field: string }[]).map((e) => e.field).sort();
    expect(fields).toEqual(['address.postalCode', 'currentPermit.validUntil']);
  });

  it('answers 409 for a student number already used in the institution, and writes nothing', async () => {
    const first = await createStudent(api, { institutionId });
    const response = await api.post('/api/students', aStudent(institutionId, { studentNumber: first.studentNumber.toLowerCase() })).expect(409);
    expect(response.body).toMatchObject({ status: 409, errors: [{ field: 'studentNumber' }] });
    expect(await prisma.student.count({ where: { institutionId, studentNumber: first.studentNumber } })).toBe(1);
  });

  it('accepts the same student number in another institution', async () => {
    const first = await createStudent(api, { institutionId });
    const other = await createInstitution(api);
    await api.post('/api/students', aStudent(other.id, { studentNumber: first.studentNumber })).expect(201);
  });

  it('refuses an unknown institution as a bad field', async () => {
    const response = await api.post('/api/students', aStudent('01a20883-0000-7000-8000-000000000000')).expect(400);
    expect(response.body.errors).toEqual([{ field: 'institutionId', code: 'refersToNoInstitution', message: 'refers to no institution' }]);
  });

  it('patches fields, clears optional ones with null, refuses null for required ones', async () => {
    const student = await createStudent(api, { institutionId });
    const patched = await api
      .patch(`/api/students/${student.id}`, { usageName: null, mobilePhone: '+33700000000', currentPermit: { kind: 'receipt', validUntil: '2027-03-01' } })
      .expect(200);
    expect(patched.body).toMatchObject({
      usageName: null,
      mobilePhone: '+33700000000',
      currentPermit: { kind: 'receipt', number: null, validFrom: null, validUntil: '2027-03-01' },
    });
    const refused = await api.patch(`/api/students/${student.id}`, { birthName: null, email: 'x' }).expect(400);
    expect((refused.body.errors as { field: string }[]).map((e) => e.field).sort()).toEqual(['birthName', 'email']);
  });

  it('moves open dossiers along when a student changes institution', async () => {
    const student = await createStudent(api, { institutionId });
    const dossier = await api.post('/api/dossiers', { studentId: student.id, procedureCode: 'rece' }).expect(201);
    const other = await createInstitution(api);
    await api.patch(`/api/students/${student.id}`, { institutionId: other.id }).expect(200);
    const moved = await api.get(`/api/dossiers/${dossier.body.id}`).expect(200);
    expect(moved.body).toMatchObject({ institutionId: other.id, version: dossier.body.version + 1 });
  });

  it('lists students by name with a search and keyset pages', async () => {
    const own = await createInstitution(api);
    for (const birthName of ['DIOP', 'BENNANI', 'CHEN', 'ALAOUI', 'EL AMRANI']) await createStudent(api, { institutionId: own.id, birthName });
    const first = await api.get(`/api/students?institutionId=${own.id}&limit=3`).expect(200);
    expect(first.body.items.map((s: { birthName: string }) => s.birthName)).toEqual(['ALAOUI', 'BENNANI', 'CHEN']);
    const second = await api.get(`/api/students?institutionId=${own.id}&limit=3&cursor=${first.body.nextCursor}`).expect(200);
    expect(second.body.items.map((s: { birthName: string }) => s.birthName)).toEqual(['DIOP', 'EL AMRANI']);
    expect(second.body.nextCursor).toBeNull();
    const searched = await api.get(`/api/students?institutionId=${own.id}&q=enna`).expect(200);
    expect(searched.body.items.map((s: { birthName: string }) => s.birthName)).toEqual(['BENNANI']);
    const twoWords = await api.get(`/api/students?institutionId=${own.id}&q=${encodeURIComponent('amrani El')}`).expect(200);
    expect(twoWords.body.items.map((s: { birthName: string }) => s.birthName)).toEqual(['EL AMRANI']);
    expect((await api.get(`/api/students?institutionId=${own.id}&q=%25`).expect(200)).body.items).toEqual([]);
  });

  it('answers 404 for an unknown id and 400 for a malformed one', async () => {
    const missing = await api.get('/api/students/01a20883-0000-7000-8000-000000000000').expect(404);
    expect(missing.body).toMatchObject({ type: '/problems/not-found', status: 404 });
    const malformed = await api.get('/api/students/not-an-id').expect(400);
    expect(malformed.body.errors).toEqual([{ field: 'id', code: 'isUuid', message: 'must be a UUID' }]);
    await api.patch('/api/students/1%27%20OR%201=1', { birthName: 'X' }).expect(400);
  });
});
