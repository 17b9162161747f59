import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { PrismaService } from '../../src/infra/prisma/prisma.service';
import { AgentClient, asAgent, startApi } from '../support/api';
import { createDossier, createStudent } from '../support/factories';
import { exe, pdf, png, binary } from '../support/files';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const filesIn = (folder: string): string[] =>
  readdirSync(folder, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? filesIn(join(folder, entry.name)) : [join(folder, entry.name)]));

/** supertest gives binary bodies back as Buffers with this parser. */
describe('documents of a dossier', () => {
  let app: NestFastifyApplication;
  let api: AgentClient;
  let prisma: PrismaService;

  beforeAll(async () => {
    app = await startApi();
    api = asAgent(app);
    prisma = app.get(PrismaService);
  });
  afterAll(() => app.close());

  /** A dossier on ANEF (3 files per document, 10 MB each) or by post. */
  const anefDossier = () => createDossier(api, { procedureCode: 'student-extension' });
  const postalDossier = () => createDossier(api, { procedureCode: 'rece' });

  it('records a paper document with its attributes, and bumps the dossier version', async () => {
    const dossier = await postalDossier();
    const response = await api
      .post(`/api/dossiers/${dossier.id}/documents`, {
        kind: 'cerfa-form',
        issuedOn: '2026-10-02',
        attributes: { signed: true, allPages: false },
        note: 'page 2 missing',
      })
      .expect(201);
    expect(response.body).toMatchObject({
      kind: 'cerfa-form',
      issuedOn: '2026-10-02',
      quantity: 1,
      attributes: { signed: true, allPages: false },
      status: 'received',
      files: [],
    });
    const after = await api.get(`/api/dossiers/${dossier.id}`).expect(200);
    expect(after.body.version).toBe(dossier.version + 1);
    const history = await prisma.dossierHistory.findMany({ where: { dossierId: dossier.id, event: 'document_recorded' } });
    expect(history).toHaveLength(1);
  });

  it('refuses a document kind the procedure does not know, and bad attributes, naming the fields', async () => {
    const dossier = await postalDossier();
    const unknown = await api.post(`/api/dossiers/${dossier.id}/documents`, { kind: 'hosting-agreement' }).expect(400);
    expect(unknown.body.errors).toEqual([
      { field: 'kind', code: 'kindUnknown', params: { known: expect.any(Array) }, message: expect.stringContaining('is not a document of this procedure') },
    ]);
    const bad = await api
      .post(`/api/dossiers/${dossier.id}/documents`, { kind: 'passport', quantity: 0, attributes: { signed: 'yes', validUntil: '2026-02-30', colour: 'red' } })
      .expect(400);
    expect((bad.body.errors as { field: string }[]).map((e) => e.field).sort()).toEqual([
      'attributes.colour',
      'attributes.signed',
      'attributes.validUntil',
      'quantity',
    ]);
    expect(await prisma.dossierDocument.count({ where: { dossierId: dossier.id } })).toBe(0);
  });

  it('gives verdicts: accepted, or rejected with a reason code (text required for "other")', async () => {
    const dossier = await postalDossier();
    const document = (
      await api.post(`/api/dossiers/${dossier.id}/documents`, { kind: 'passport', attributes: { allPages: true, validUntil: '2030-01-01' } }).expect(201)
    ).body;
    const url = `/api/dossiers/${dossier.id}/documents/${document.id}`;
    await api.patch(url, { status: 'rejected' }).expect(400);
    const noText = await api.patch(url, { status: 'rejected', rejectionReason: 'other' }).expect(400);
    expect(noText.body.errors).toEqual([{ field: 'rejectionText', code: 'rejectionTextRequired', message: 'is required when the reason is other' }]);
    const rejected = await api.patch(url, { status: 'rejected', rejectionReason: 'illegible' }).expect(200);
    expect(rejected.body).toMatchObject({ status: 'rejected', rejectionReason: 'illegible', reviewedAt: expect.any(String) });
    const accepted = await api.patch(url, { status: 'accepted' }).expect(200);
    expect(accepted.body).toMatchObject({ status: 'accepted', rejectionReason: null, rejectionText: null });
    await api.patch(url, { status: 'maybe' }).expect(400);
    await api.patch(`/api/dossiers/${dossier.id}/documents/01a20883-0000-7000-8000-000000000000`, { status: 'accepted' }).expect(404);
    const events = await prisma.dossierHistory.findMany({ where: { dossierId: dossier.id }, orderBy: { id: 'asc' }, select: { event: true } });
    expect(events.map((e) => e.event)).toEqual(['opened', 'document_recorded', 'document_rejected', 'document_accepted']);
  });

  it('refuses a stale If-Match with 412 and writes nothing', async () => {
    const dossier = await postalDossier();
    await api.post(`/api/dossiers/${dossier.id}/documents`, { kind: 'passport' }).set('if-match', `"${dossier.version}"`).expect(201);
    const stale = await api.post(`/api/dossiers/${dossier.id}/documents`, { kind: 'student-card' }).set('if-match', `"${dossier.version}"`).expect(412);
    expect(stale.body).toMatchObject({ status: 412, currentVersion: dossier.version + 1 });
    expect(await prisma.dossierDocument.count({ where: { dossierId: dossier.id } })).toBe(1);
  });

  describe('scans', () => {
    it('stores a good PDF, returns its SHA-256, and gives it back byte for byte', async () => {
      const dossier = await anefDossier();
      const bytes = pdf(300_000);
      const response = await api
        .post(`/api/dossiers/${dossier.id}/documents`)
        .field('kind', 'student-card')
        .field('attributes', JSON.stringify({ allPages: true }))
        .attach('file', bytes, { filename: 'carte étudiant.pdf', contentType: 'application/octet-stream' })
        .expect(201);
      const [file] = response.body.files;
      expect(file).toMatchObject({ originalName: 'carte étudiant.pdf', contentType: 'application/pdf', sizeBytes: bytes.length, sha256: sha256(bytes) });
      expect(response.body.attributes).toEqual({ allPages: true });
      const download = await api
        .get(file.url)
        .buffer(true)
        .parse(binary as never)
        .expect(200);
      expect(download.headers['content-type']).toBe('application/pdf');
      expect(download.headers['content-disposition']).toBe("attachment; filename*=UTF-8''carte%20%C3%A9tudiant.pdf");
      expect(sha256(download.body as Buffer)).toBe(sha256(bytes));
      expect((download.body as Buffer).equals(bytes)).toBe(true);
    });

    it('refuses a 12 MB PDF with 413 on ANEF (10 MB per file), storing nothing', async () => {
      const dossier = await anefDossier();
      const response = await api
        .post(`/api/dossiers/${dossier.id}/documents`)
        .field('kind', 'student-card')
        .attach('file', pdf(12 * 1_048_576), 'big.pdf')
        .expect(413);
      expect(response.body).toMatchObject({ status: 413, type: '/problems/file-too-large', maxFileBytes: 10_485_760 });
      expect(await prisma.dossierDocument.count({ where: { dossierId: dossier.id } })).toBe(0);
      expect(await prisma.documentFile.count({ where: { document: { dossierId: dossier.id } } })).toBe(0);
    });

    it('refuses a .exe renamed .pdf with 415: the type is read from the bytes', async () => {
      const dossier = await anefDossier();
      const response = await api
        .post(`/api/dossiers/${dossier.id}/documents`)
        .field('kind', 'student-card')
        .attach('file', exe(), { filename: 'scan.pdf', contentType: 'application/pdf' })
        .expect(415);
      expect(response.body).toMatchObject({ status: 415, type: '/problems/file-type-refused', acceptedTypes: ['jpg', 'pdf', 'png', 'bmp', 'tiff'] });
      expect(response.body.detail).toContain('EXE');
      expect(await prisma.dossierDocument.count({ where: { dossierId: dossier.id } })).toBe(0);
    });

    it('refuses a 4th file on one ANEF document with 422, keeping the 3 already there', async () => {
      const dossier = await anefDossier();
      const first = await api
        .post(`/api/dossiers/${dossier.id}/documents`)
        .field('kind', 'course-extension-certificate')
        .attach('page1', pdf(), 'p1.pdf')
        .attach('page2', png(), 'p2.png')
        .expect(201);
      await api.post(`/api/dossiers/${dossier.id}/documents`).field('documentId', first.body.id).attach('page3', pdf(3_000), 'p3.pdf').expect(201);
      const fourth = await api
        .post(`/api/dossiers/${dossier.id}/documents`)
        .field('documentId', first.body.id)
        .attach('page4', pdf(4_000), 'p4.pdf')
        .expect(422);
      expect(fourth.body).toMatchObject({ status: 422, type: '/problems/too-many-files', maxFilesPerDocument: 3 });
      const documents = await api.get(`/api/dossiers/${dossier.id}/documents`).expect(200);
      expect(documents.body).toHaveLength(1);
      expect(documents.body[0].files.map((f: { originalName: string }) => f.originalName)).toEqual(['p1.pdf', 'p2.png', 'p3.pdf']);
    });

    it('takes more files per document by post (office policy: 10)', async () => {
      const dossier = await postalDossier();
      let request = api.post(`/api/dossiers/${dossier.id}/documents`).field('kind', 'passport');
      for (let page = 1; page <= 5; page++) request = request.attach(`page${page}`, pdf(1_000 + page), `page${page}.pdf`);
      const response = await request.expect(201);
      expect(response.body.files).toHaveLength(5);
    });

    it('answers 415 at once for a large file of a refused type, reading it to its end', async () => {
      const dossier = await anefDossier();
      const bigExe = Buffer.concat([exe(), Buffer.alloc(3 * 1_048_576, 7)]);
      const started = Date.now();
      await api
        .post(`/api/dossiers/${dossier.id}/documents`)
        .field('kind', 'student-card')
        .attach('a', pdf(), 'a.pdf')
        .attach('b', bigExe, 'b.pdf')
        .timeout(10_000)
        .expect(415);
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(await prisma.documentFile.count({ where: { document: { dossierId: dossier.id } } })).toBe(0);
    });

    it('answers 422 when one upload brings more files than a document may hold', async () => {
      const dossier = await anefDossier();
      let request = api.post(`/api/dossiers/${dossier.id}/documents`).field('kind', 'student-card');
      for (let page = 1; page <= 4; page++) request = request.attach(`page${page}`, pdf(1_000 + page), `page${page}.pdf`);
      const response = await request.expect(422);
      expect(response.body).toMatchObject({ type: '/problems/too-many-files', maxFilesPerDocument: 3 });
    });

    it('answers 400 for a malformed multipart body', async () => {
      const dossier = await anefDossier();
      const cut =
        '--XYZ\r\nContent-Disposition: form-data; name="kind"\r\n\r\nstudent-card\r\n--XYZ\r\nContent-Disposition: form-data; name="f"; filename="a.pdf"\r\n\r\n%PDF-1.4 and then nothing';
      const response = await api.post(`/api/dossiers/${dossier.id}/documents`).set('content-type', 'multipart/form-data; boundary=XYZ').send(cut).expect(400);
      expect(response.body.detail).toContain('multipart');
    });

    it('removes the files already stored when a later one in the same upload is refused', async () => {
      const dossier = await anefDossier();
      await api
        .post(`/api/dossiers/${dossier.id}/documents`)
        .field('kind', 'student-card')
        .attach('good', pdf(), 'good.pdf')
        .attach('bad', exe(), 'bad.pdf')
        .expect(415);
      expect(await prisma.documentFile.count({ where: { document: { dossierId: dossier.id } } })).toBe(0);
    });

    it('answers 400 for an upload without kind, or with an unknown documentId, or without files', async () => {
      const dossier = await anefDossier();
      const noKind = await api.post(`/api/dossiers/${dossier.id}/documents`).attach('file', pdf(), 'a.pdf').expect(400);
      expect(noKind.body.errors).toMatchObject([{ field: 'kind' }]);
      await api
        .post(`/api/dossiers/${dossier.id}/documents`)
        .field('documentId', '01a20883-0000-7000-8000-000000000000')
        .attach('file', pdf(), 'a.pdf')
        .expect(400);
      await api.post(`/api/dossiers/${dossier.id}/documents`).field('kind', 'student-card').expect(400);
      await api
        .post(`/api/dossiers/${dossier.id}/documents`)
        .field('kind', 'student-card')
        .field('attributes', '{not json')
        .attach('f', pdf(), 'a.pdf')
        .expect(400);
    });

    it('leaves nothing in storage when an upload is refused', async () => {
      const storage = mkdtempSync(join(tmpdir(), 'passerelle-storage-check-'));
      const own = await startApi({ STORAGE_DIR: storage });
      try {
        const ownApi = asAgent(own);
        const dossier = await createDossier(ownApi, { procedureCode: 'student-extension' });
        const upload = () => ownApi.post(`/api/dossiers/${dossier.id}/documents`);
        await upload()
          .field('kind', 'student-card')
          .attach('file', pdf(12 * 1_048_576), 'big.pdf')
          .expect(413);
        await upload().field('kind', 'student-card').attach('a', pdf(), 'a.pdf').attach('b', exe(), 'b.pdf').expect(415);
        await upload()
          .field('kind', 'student-card')
          .attach('a', pdf(), 'a.pdf')
          .attach('b', Buffer.concat([exe(), Buffer.alloc(2 * 1_048_576)]), 'b.pdf')
          .expect(415);
        await upload()
          .field('kind', 'student-card')
          .attach('a', pdf(), 'a.pdf')
          .attach('b', pdf(), 'b.pdf')
          .attach('c', pdf(), 'c.pdf')
          .attach('d', pdf(), 'd.pdf')
          .expect(422);
        await upload().field('kind', 'no-such-kind').attach('a', pdf(), 'a.pdf').expect(400);
        expect(filesIn(storage)).toEqual([]);
        await upload().field('kind', 'student-card').attach('a', pdf(), 'a.pdf').expect(201);
        expect(filesIn(storage)).toHaveLength(1);
      } finally {
        await own.close();
        rmSync(storage, { recursive: true, force: true });
      }
    });

    it('answers 404 for a file of another document or dossier', async () => {
      const dossier = await anefDossier();
      const other = await anefDossier();
      const uploaded = await api.post(`/api/dossiers/${dossier.id}/documents`).field('kind', 'student-card').attach('file', pdf(), 'a.pdf').expect(201);
      const fileId = uploaded.body.files[0].id;
      await api.get(`/api/dossiers/${other.id}/documents/${uploaded.body.id}/files/${fileId}`).expect(404);
      await api.get(`/api/dossiers/${dossier.id}/documents/${uploaded.body.id}/files/01a20883-0000-7000-8000-000000000000`).expect(404);
    });
  });

  it('lists the documents of a dossier; 404 for an unknown dossier', async () => {
    const student = await createStudent(api);
    const dossier = await createDossier(api, { studentId: student.id });
    await api.post(`/api/dossiers/${dossier.id}/documents`, { kind: 'passport' }).expect(201);
    await api.post(`/api/dossiers/${dossier.id}/documents`, { kind: 'identity-photo', quantity: 3 }).expect(201);
    const list = await api.get(`/api/dossiers/${dossier.id}/documents`).expect(200);
    expect(list.body.map((d: { kind: string }) => d.kind)).toEqual(['passport', 'identity-photo']);
    await api.get('/api/dossiers/01a20883-0000-7000-8000-000000000000/documents').expect(404);
  });
});
