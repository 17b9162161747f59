import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import AdmZip from 'adm-zip';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Clock } from '../../src/common/clock';
import { loadConfig } from '../../src/config/app-config';
import { DocumentStorage, StorageUnavailable, StoredObjectMissing } from '../../src/infra/storage/document-storage';
import { S3DocumentStorage } from '../../src/infra/storage/document-storage.s3';
import { PrismaService } from '../../src/infra/prisma/prisma.service';
import { AgentClient, asAgent, startApi } from '../support/api';
import { createDossier, createStudent } from '../support/factories';
import { binary, pdf } from '../support/files';
import { move } from '../support/workflow';
import { S3Server } from '../support/s3-server';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const PREFIX = 'cmi-rennes';

/** A stream of `size` bytes made 64 KiB at a time (never whole in memory), optionally failing after `failAfter` bytes. */
function generated(size: number, failAfter = Infinity): { stream: Readable; hash: () => string } {
  const hash = createHash('sha256');
  let sent = 0;
  const stream = new Readable({
    read() {
      if (sent >= failAfter) return this.destroy(new Error('the client went away'));
      if (sent >= size) return this.push(null);
      const chunk = Buffer.alloc(Math.min(65_536, size - sent), sent % 251);
      sent += chunk.length;
      hash.update(chunk);
      this.push(chunk);
    },
  });
  return { stream, hash: () => hash.digest('hex') };
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Scans in an S3-compatible object store (STORAGE_URL=s3://…), against a real S3-protocol server. */
describe('scans in object storage', () => {
  let s3: S3Server;

  beforeAll(async () => {
    s3 = await S3Server.start();
  });
  afterAll(() => s3.close());

  describe('the store', () => {
    let storage: S3DocumentStorage;

    beforeAll(async () => {
      const config = loadConfig({ ...s3.env(PREFIX), S3_SERVER_SIDE_ENCRYPTION: 'AES256' });
      storage = await S3DocumentStorage.create(config, new Clock(config));
    });
    afterAll(() => storage.onApplicationShutdown());

    it('streams a scan in (in parts when large), keeps its SHA-256 and size, and gives it back byte for byte', async () => {
      for (const size of [3_000, 12 * 1_048_576]) {
        const source = generated(size);
        const stored = await storage.save(source.stream);
        expect(stored).toEqual({ key: expect.stringMatching(/^\d{4}\/\d{2}\/[0-9a-f-]{36}$/), sizeBytes: size, sha256: source.hash() });
        expect(await s3.keys()).toContain(`${PREFIX}/${stored.key}`);
        const back = await readAll(await storage.open(stored.key));
        expect(back.length).toBe(size);
        expect(sha256(back)).toBe(stored.sha256);
      }
      // the large one went in parts (a multipart upload), the small one in one request
      expect(s3.requests.filter((r) => r.method === 'POST' && r.path.includes('/cmi-rennes/')).length).toBeGreaterThanOrEqual(2);
    });

    it('asks the store to encrypt each scan it writes (server-side encryption)', async () => {
      const before = s3.requests.length;
      await storage.save(generated(1_000).stream);
      const writes = s3.requests.slice(before).filter((r) => r.method === 'PUT' || r.method === 'POST');
      expect(writes.length).toBeGreaterThan(0);
      for (const write of writes) expect(write.headers['x-amz-server-side-encryption']).toBe('AES256');
    });

    it('keeps nothing of a scan whose stream fails on the way, and fails with the stream’s error', async () => {
      const before = await s3.keys();
      await expect(storage.save(generated(12 * 1_048_576, 7 * 1_048_576).stream)).rejects.toThrow('the client went away');
      await expect(storage.save(generated(10_000, 4_000).stream)).rejects.toThrow('the client went away');
      expect(await s3.keys()).toEqual(before);
    });

    it('fails as the store’s failure (StorageUnavailable), not the client’s, when the store refuses a part in the middle of a scan', async () => {
      s3.refuseParts = true;
      try {
        await expect(storage.save(generated(12 * 1_048_576).stream)).rejects.toBeInstanceOf(StorageUnavailable);
      } finally {
        s3.refuseParts = false;
      }
    });

    it('says which scan is missing, and deletes a scan (twice is no error)', async () => {
      const stored = await storage.save(generated(500).stream);
      await storage.remove(stored.key);
      await storage.remove(stored.key);
      expect(await s3.keys()).not.toContain(`${PREFIX}/${stored.key}`);
      await expect(storage.open(stored.key)).rejects.toBeInstanceOf(StoredObjectMissing);
    });
  });

  describe('through the API', () => {
    let app: NestFastifyApplication;
    let admin: AgentClient;
    let prisma: PrismaService;

    beforeAll(async () => {
      app = await startApi(s3.env(PREFIX));
      admin = asAgent(app);
      prisma = app.get(PrismaService);
    });
    afterAll(() => app.close());

    const upload = (dossierId: string, scan: Buffer) =>
      admin.post(`/api/dossiers/${dossierId}/documents`).field('kind', 'student-card').attach('file', scan, 'carte.pdf');
    const download = (dossierId: string, documentId: string, fileId: string) =>
      admin
        .get(`/api/dossiers/${dossierId}/documents/${documentId}/files/${fileId}`)
        .buffer(true)
        .parse(binary as never);

    it('keeps uploaded scans in the bucket and streams them back, in downloads and in the export', async () => {
      expect(app.get(DocumentStorage)).toBeInstanceOf(S3DocumentStorage);
      const student = await createStudent(admin);
      const dossier = await createDossier(admin, { studentId: student.id, procedureCode: 'student-extension' });
      const scan = pdf(300_000);
      const document = (await upload(dossier.id, scan).expect(201)).body as { id: string; files: { id: string; sha256: string }[] };
      expect(document.files[0]!.sha256).toBe(sha256(scan));
      const row = await prisma.documentFile.findUniqueOrThrow({ where: { id: document.files[0]!.id } });
      expect(await s3.keys()).toContain(`${PREFIX}/${row.storageKey}`);
      const back = await download(dossier.id, document.id, document.files[0]!.id).expect(200);
      expect((back.body as Buffer).equals(scan)).toBe(true);

      const exported = await admin
        .get(`/api/students/${student.id}/export`)
        .buffer(true)
        .parse(binary as never)
        .expect(200);
      const files = new AdmZip(exported.body as Buffer).getEntries().filter((e) => e.entryName.startsWith('files/'));
      expect(files.map((f) => f.getData().equals(scan))).toEqual([true]);
    });

    it('answers 503 to an upload while the store is down and records no document; a download is a 503 too; all is well once it is back', async () => {
      const dossier = await createDossier(admin, { procedureCode: 'student-extension' });
      const kept = (await upload(dossier.id, pdf()).expect(201)).body as { id: string; files: { id: string }[] };
      const documentsBefore = await prisma.dossierDocument.count({ where: { dossierId: dossier.id } });
      const filesBefore = await prisma.documentFile.count();
      await s3.stop();
      try {
        // a scan of several parts: the answer comes though the rest of the request was never read
        const refused = await upload(dossier.id, pdf(6 * 1_048_576))
          .set('accept-language', 'fr')
          .expect(503);
        expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(refused.headers['retry-after']).toBe('5');
        expect(refused.body).toMatchObject({ status: 503, code: 'server.storage-unavailable', detail: expect.stringContaining('rien n’a été enregistré') });
        expect(await prisma.dossierDocument.count({ where: { dossierId: dossier.id } })).toBe(documentsBefore);
        expect(await prisma.documentFile.count()).toBe(filesBefore);
        await download(dossier.id, kept.id, kept.files[0]!.id).expect(503);
        // reading the dossier needs no store
        await admin.get(`/api/dossiers/${dossier.id}`).expect(200);
      } finally {
        await s3.resume();
      }
      await upload(dossier.id, pdf()).expect(201);
      await download(dossier.id, kept.id, kept.files[0]!.id).expect(200);
    });

    it('answers 503 when the store fails in the middle of a scan, the rest of the request unread', async () => {
      const dossier = await createDossier(admin, { procedureCode: 'student-extension' });
      s3.refuseParts = true;
      try {
        const refused = await upload(dossier.id, pdf(8 * 1_048_576)).expect(503);
        expect(refused.body).toMatchObject({ code: 'server.storage-unavailable' });
      } finally {
        s3.refuseParts = false;
      }
      expect(await prisma.dossierDocument.count({ where: { dossierId: dossier.id } })).toBe(0);
    });

    it('exports a student with sixty scans in the bucket, each whole', async () => {
      const student = await createStudent(admin);
      const dossier = await createDossier(admin, { studentId: student.id, procedureCode: 'student-extension' });
      const document = (await upload(dossier.id, pdf()).expect(201)).body as { id: string };
      const storage = app.get(DocumentStorage);
      for (let i = 0; i < 60; i++) {
        const stored = await storage.save(Readable.from(pdf(1_000 + i)));
        await prisma.documentFile.create({
          data: {
            documentId: document.id,
            storageKey: stored.key,
            originalName: `scan-${i}.pdf`,
            contentType: 'application/pdf',
            sizeBytes: stored.sizeBytes,
            sha256: stored.sha256,
          },
        });
      }
      const exported = await admin
        .get(`/api/students/${student.id}/export`)
        .buffer(true)
        .parse(binary as never)
        .expect(200);
      const files = new AdmZip(exported.body as Buffer).getEntries().filter((e) => e.entryName.startsWith('files/'));
      expect(files).toHaveLength(61);
      expect(files.filter((f) => /scan-\d+\.pdf$/.test(f.entryName)).every((f) => f.getData().subarray(0, 5).toString() === '%PDF-')).toBe(true);
    });

    it("deletes a student's scans from the bucket when the student is erased", async () => {
      const student = await createStudent(admin);
      const dossier = await createDossier(admin, { studentId: student.id, procedureCode: 'student-extension' });
      const document = (await upload(dossier.id, pdf()).expect(201)).body as { files: { id: string }[] };
      const { storageKey } = await prisma.documentFile.findUniqueOrThrow({ where: { id: document.files[0]!.id } });
      expect(await s3.keys()).toContain(`${PREFIX}/${storageKey}`);
      await move(admin, dossier.id, { to: 'closed', closeReason: 'withdrawn' });
      await admin.delete(`/api/students/${student.id}`).send({ reason: 'request of 2026-12-07' }).expect(200);
      expect(await s3.keys()).not.toContain(`${PREFIX}/${storageKey}`);
    });

    it('starts, and answers a 503 to an upload, with a store that accepts connections and never answers', async () => {
      const silent = await S3Server.silent();
      const hung = await startApi({ ...s3.env(PREFIX), S3_ENDPOINT: silent.endpoint, S3_TIMEOUT_MS: '300' });
      try {
        const client = asAgent(hung);
        const dossier = await createDossier(client, { procedureCode: 'student-extension' });
        await client.post(`/api/dossiers/${dossier.id}/documents`).field('kind', 'student-card').attach('file', pdf(), 'carte.pdf').expect(503);
        await client.get(`/api/dossiers/${dossier.id}`).expect(200);
      } finally {
        await hung.close();
        await silent.close();
      }
    });

    it('gives StorageUnavailable, not a missing scan, when the store does not answer', async () => {
      const storage = app.get(DocumentStorage);
      const stored = await storage.save(Readable.from(pdf()));
      await s3.stop();
      try {
        await expect(storage.open(stored.key)).rejects.toBeInstanceOf(StorageUnavailable);
        await expect(storage.save(Readable.from(pdf()))).rejects.toBeInstanceOf(StorageUnavailable);
        await expect(storage.remove(stored.key)).rejects.toBeInstanceOf(StorageUnavailable);
      } finally {
        await s3.resume();
      }
      await storage.remove(stored.key);
    });
  });
});
