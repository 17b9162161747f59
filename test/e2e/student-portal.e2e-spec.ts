import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { addDays } from '../../src/common/dates';
import { PrismaService } from '../../src/infra/prisma/prisma.service';
import { StudentAccessService } from '../../src/student-access/student-access.service';
import { TEST_AGENTS } from '../support/agents';
import { AgentClient, asAgent, startApi } from '../support/api';
import { createDossier, today } from '../support/factories';
import { binary, exe, pdf } from '../support/files';
import { COMPLETE_RECE, move, recordAccepted, versionOf } from '../support/workflow';

const filesIn = (folder: string): string[] =>
  readdirSync(folder, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? filesIn(join(folder, entry.name)) : [join(folder, entry.name)]));
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

type Item = { slot: string; received: boolean; documentIds: string[] };
type Page = { status: string; nextStep: string; complement: { items: Item[] } | null; documents: { id: string; source: string; status: string }[] };

/** The student's side of a dossier (issue 17): their page, the documents they send from it, the files they read. */
describe("the student's dossier page", () => {
  let app: NestFastifyApplication;
  let api: AgentClient;
  let prisma: PrismaService;
  let storage: string;

  beforeAll(async () => {
    storage = mkdtempSync(join(tmpdir(), 'passerelle-student-portal-'));
    app = await startApi({ STORAGE_DIR: storage });
    api = asAgent(app);
    prisma = app.get(PrismaService);
  });
  afterAll(async () => {
    await app.close();
    rmSync(storage, { recursive: true, force: true });
  });

  /** The student of the dossier on their page: a link as an e-mail carries it, exchanged for the session cookie. */
  async function asStudent(dossierId: string, language: 'fr' | 'en' = 'fr') {
    const token = await app.get(StudentAccessService).mintForNotification(dossierId, randomUUID());
    const exchanged = await request(app.getHttpServer()).post('/api/student/session').send({ token }).expect(200);
    const cookie = ([] as string[]).concat(exchanged.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]!);
    const call = (method: 'get' | 'post', path: string) =>
      request(app.getHttpServer())[method](path).set('cookie', cookie.join('; ')).set('accept-language', language).set('accept', 'application/json');
    return { get: (path: string) => call('get', path), post: (path: string) => call('post', path) };
  }

  /** A RECE dossier (a tenant) with everything accepted but the CERFA (sent unsigned, rejected) and the CERPR: incomplete. */
  async function incompleteDossier(options: { dueInDays?: number; message?: string } = {}) {
    const dossier = await createDossier(api, { facts: { housing: 'tenant' } });
    await recordAccepted(
      api,
      dossier.id,
      COMPLETE_RECE().filter((d) => !['cerfa-form', 'cerpr'].includes(d.kind)),
    );
    const cerfa = await api.post(`/api/dossiers/${dossier.id}/documents`, { kind: 'cerfa-form', note: 'Appel de l’agent : signature oubliée' }).expect(201);
    await api
      .patch(`/api/dossiers/${dossier.id}/documents/${cerfa.body.id}`, {
        status: 'rejected',
        rejectionReason: 'unsigned',
        rejectionText: 'Signature manquante page 2',
      })
      .expect(200);
    await api.post(`/api/dossiers/${dossier.id}/notes`, { body: 'Note interne : à relancer par téléphone' }).expect(201);
    await api
      .post(`/api/dossiers/${dossier.id}/complement-requests`, { dueInDays: options.dueInDays ?? 10, message: options.message ?? 'Merci de signer le CERFA.' })
      .set('if-match', await versionOf(api, dossier.id))
      .expect(201);
    return { ...dossier, rejectedCerfaId: cerfa.body.id as string };
  }

  it('shows an incomplete dossier: what is missing and why in both languages, the deadline, the documents with their verdicts, nothing of the office', async () => {
    const dossier = await incompleteDossier();
    const student = await asStudent(dossier.id);
    const page = await student.get('/api/student/dossier').expect(200);
    expect(page.body).toMatchObject({
      reference: dossier.reference,
      language: 'fr',
      procedure: { code: 'rece', name: { fr: expect.stringContaining('recherche d'), en: expect.stringContaining('Job search') } },
      status: 'incomplete',
      steps: [
        { key: 'received', state: 'current', on: today() },
        { key: 'verified', state: 'next', on: null },
        { key: 'forwarded', state: 'next', on: null },
        { key: 'decided', state: 'next', on: null },
      ],
      complement: { requestedOn: today(), dueOn: addDays(today(), 10), message: 'Merci de signer le CERFA.' },
      appointments: [],
      decision: null,
      closeReason: null,
      nextStep: 'send-documents',
      office: {
        name: expect.any(String),
        email: expect.any(String),
        postalAddress: expect.any(Array),
        frontDeskHours: { fr: expect.any(String), en: expect.any(String) },
      },
      fileLimits: { types: ['pdf', 'jpg', 'png', 'tiff'], maxFileBytes: 20_971_520, maxFilesPerDocument: 10 },
      unreadMessages: 0,
      sessionExpiresAt: expect.any(String),
    });
    const items = page.body.complement.items as (Item & { what: object; why: object | null; kinds: string[] })[];
    expect(items.map((i) => i.slot).sort()).toEqual(['cerfa', 'cerpr']);
    const cerfa = items.find((i) => i.slot === 'cerfa')!;
    expect(cerfa).toEqual({
      slot: 'cerfa',
      what: { fr: expect.stringContaining('CERFA'), en: expect.stringContaining('CERFA') },
      why: { fr: expect.stringContaining('signé'), en: expect.stringContaining('not signed') },
      kinds: ['cerfa-form'],
      received: false,
      documentIds: [],
    });
    expect(items.find((i) => i.slot === 'cerpr')).toMatchObject({ why: null, received: false });

    const documents = page.body.documents as Record<string, unknown>[];
    expect(documents).toHaveLength(9);
    expect(documents.find((d) => d.id === dossier.rejectedCerfaId)).toEqual({
      id: dossier.rejectedCerfaId,
      kind: 'cerfa-form',
      kindName: { fr: 'Formulaire CERFA', en: 'CERFA form' },
      receivedAt: expect.any(String),
      source: 'office',
      status: 'rejected',
      rejectionReason: 'unsigned',
      rejectionText: 'Signature manquante page 2',
      files: [],
    });
    expect(documents.filter((d) => d.status === 'accepted')).toHaveLength(8);

    // nothing of the office's own work: notes, agents, attributes, findings, the student's record
    const text = JSON.stringify(page.body);
    for (const secret of [
      'Note interne',
      'Appel de l’agent',
      TEST_AGENTS.admin.email,
      'Test Admin',
      'attributes',
      'hasMobileNumber',
      'finding',
      'studentId',
      'birthName',
    ])
      expect([secret, text.includes(secret)]).toEqual([secret, false]);
  });

  it("shows the prefecture's appointment, then the decision and what comes next", async () => {
    const dossier = await createDossier(api, { facts: { housing: 'tenant' } });
    await recordAccepted(api, dossier.id, COMPLETE_RECE());
    const student = await asStudent(dossier.id, 'en');
    expect((await student.get('/api/student/dossier').expect(200)).body).toMatchObject({ status: 'received', complement: null, nextStep: 'office-checks' });
    await move(api, dossier.id, { to: 'verified' });
    expect((await student.get('/api/student/dossier').expect(200)).body).toMatchObject({ status: 'verified', nextStep: 'office-forwards' });
    await move(api, dossier.id, { to: 'forwarded', prefectureReference: 'ANEF-2026-654321' });
    const forwarded = await student.get('/api/student/dossier').expect(200);
    expect(forwarded.body).toMatchObject({ language: 'fr', nextStep: 'prefecture-decides' });
    expect(forwarded.body.steps.map((s: { state: string }) => s.state)).toEqual(['done', 'done', 'current', 'next']);
    expect(forwarded.body.steps[2].on).toBe(today());

    const appointmentAt = `${addDays(today(), 12)}T09:30:00+01:00`;
    await api
      .post(`/api/dossiers/${dossier.id}/summons`, {
        reason: 'fingerprints',
        appointmentAt,
        place: 'Préfecture de Rennes',
        note: 'Venez avec votre passeport.',
      })
      .expect(201);
    const summoned = await student.get('/api/student/dossier').expect(200);
    expect(summoned.body).toMatchObject({
      appointments: [{ at: new Date(appointmentAt).toISOString(), place: 'Préfecture de Rennes', reason: 'fingerprints', note: 'Venez avec votre passeport.' }],
      nextStep: 'attend-appointment',
      decision: null,
    });

    await move(api, dossier.id, { to: 'decided', decision: 'favourable' });
    const decided = await student.get('/api/student/dossier').expect(200);
    expect(decided.body).toMatchObject({
      status: 'decided',
      decision: { decision: 'favourable', decidedOn: today(), cardReadyOn: null, cardHandedOverOn: null },
      nextStep: 'attend-appointment',
    });
    expect(decided.body.steps).toEqual([
      { key: 'received', state: 'done', on: today() },
      { key: 'verified', state: 'done', on: today() },
      { key: 'forwarded', state: 'done', on: today() },
      { key: 'decided', state: 'done', on: today() },
    ]);
    await api.post(`/api/dossiers/${dossier.id}/card-events`, { event: 'ready' }).expect(201);
    await api.post(`/api/dossiers/${dossier.id}/card-events`, { event: 'handed_over' }).expect(201);
    expect((await student.get('/api/student/dossier').expect(200)).body).toMatchObject({
      decision: { cardReadyOn: today(), cardHandedOverOn: today() },
      nextStep: 'nothing-more',
    });
  });

  describe('sending the missing documents', () => {
    it('refuses what the channel does not take — 415 with the reason in French, 413, 422 — storing nothing', async () => {
      const dossier = await incompleteDossier();
      const student = await asStudent(dossier.id);
      const before = filesIn(storage).length;
      const rows = () => prisma.dossierDocument.count({ where: { dossierId: dossier.id } });
      const documentsBefore = await rows();
      const url = '/api/student/dossier/items/cerfa/files';

      const refused = await student.post(url).attach('file', exe(), { filename: 'cerfa.pdf', contentType: 'application/pdf' }).expect(415);
      expect(refused.body).toMatchObject({ status: 415, code: 'documents.file-type-refused', acceptedTypes: ['pdf', 'jpg', 'png', 'tiff'] });
      expect(refused.body.detail).toBe('cerfa.pdf est un fichier EXE\u00a0; acceptés\u00a0: PDF, JPEG, PNG, TIFF.');

      const large = await student
        .post(url)
        .attach('file', pdf(21 * 1_048_576), 'cerfa.pdf')
        .expect(413);
      expect(large.body).toMatchObject({ code: 'documents.file-too-large', maxFileBytes: 20_971_520 });
      expect(large.body.detail).toContain('dépasse 20\u00a0Mo');

      let many = student.post(url);
      for (let page = 1; page <= 11; page++) many = many.attach(`page${page}`, pdf(1_000 + page), `page${page}.pdf`);
      const tooMany = await many.expect(422);
      expect(tooMany.body).toMatchObject({ code: 'documents.too-many-files', maxFilesPerDocument: 10 });

      // a good file with a refused one: the good one is not kept either
      await student.post(url).attach('a', pdf(), 'a.pdf').attach('b', exe(), 'b.pdf').expect(415);
      expect(await rows()).toBe(documentsBefore);
      expect(filesIn(storage)).toHaveLength(before);
    });

    it('takes only the items of the open request, of the kinds they take', async () => {
      const dossier = await incompleteDossier();
      const student = await asStudent(dossier.id, 'en');
      const stored = filesIn(storage).length;
      const notAsked = await student.post('/api/student/dossier/items/passport/files').attach('file', pdf(), 'passport.pdf').expect(404);
      expect(notAsked.body).toMatchObject({ status: 404, code: 'student.item-not-found' });
      await student.post('/api/student/dossier/items/NOT%20A%20SLOT/files').attach('file', pdf(), 'a.pdf').expect(400);
      const wrongKind = await student.post('/api/student/dossier/items/cerfa/files').field('kind', 'passport').attach('file', pdf(), 'a.pdf').expect(400);
      expect(wrongKind.body.errors).toEqual([
        { field: 'kind', code: 'kindNotOfItem', params: { known: ['cerfa-form'] }, message: 'is not a document this item takes (accepted: cerfa-form)' },
      ]);
      await student.post('/api/student/dossier/items/cerfa/files').field('kind', 'cerfa-form').expect(400);
      await student.post('/api/student/dossier/items/cerfa/files').send({ kind: 'cerfa-form' }).expect(415);
      expect(await prisma.dossierDocument.count({ where: { dossierId: dossier.id, source: 'student' } })).toBe(0);
      expect(filesIn(storage)).toHaveLength(stored);
    });

    it('records each upload as sent by the student, to review; the dossier is received again once every item is in', async () => {
      const dossier = await incompleteDossier();
      const student = await asStudent(dossier.id);
      const bytes = pdf(50_000);
      const sent = await student.post('/api/student/dossier/items/cerfa/files').attach('scan', bytes, 'cerfa signé.pdf').expect(201);
      expect(sent.body).toEqual({
        id: expect.any(String),
        kind: 'cerfa-form',
        kindName: { fr: 'Formulaire CERFA', en: 'CERFA form' },
        receivedAt: expect.any(String),
        source: 'student',
        status: 'received',
        rejectionReason: null,
        rejectionText: null,
        files: [
          {
            id: expect.any(String),
            originalName: 'cerfa signé.pdf',
            contentType: 'application/pdf',
            sizeBytes: bytes.length,
            url: `/api/student/dossier/documents/${sent.body.id}/files/${sent.body.files[0].id}`,
          },
        ],
      });
      const row = await prisma.dossierDocument.findUniqueOrThrow({ where: { id: sent.body.id }, include: { files: true } });
      expect(row).toMatchObject({ source: 'student', status: 'received', recordedById: null, files: [{ uploadedById: null, sha256: sha256(bytes) }] });
      const event = await prisma.dossierHistory.findFirstOrThrow({ where: { dossierId: dossier.id, event: 'document_sent_by_student' } });
      expect(event).toMatchObject({ actorId: null, actorLabel: 'student', details: { documentId: sent.body.id, kind: 'cerfa-form', slot: 'cerfa' } });

      // the student reads it back, byte for byte
      const download = await student
        .get(sent.body.files[0].url)
        .buffer(true)
        .parse(binary as never)
        .expect(200);
      expect(download.headers['content-type']).toBe('application/pdf');
      expect((download.body as Buffer).equals(bytes)).toBe(true);

      const halfway = (await student.get('/api/student/dossier').expect(200)).body as Page;
      expect(halfway.status).toBe('incomplete');
      expect(halfway.nextStep).toBe('send-documents');
      expect(halfway.complement!.items.map((i) => [i.slot, i.received, i.documentIds]).sort()).toEqual([
        ['cerfa', true, [sent.body.id]],
        ['cerpr', false, []],
      ]);

      const last = await student.post('/api/student/dossier/items/cerpr/files').attach('scan', pdf(3_000), 'cerpr.pdf').expect(201);
      const after = (await student.get('/api/student/dossier').expect(200)).body as Page;
      expect(after).toMatchObject({ status: 'received', complement: null, nextStep: 'office-checks' });
      expect(after.documents.filter((d) => d.source === 'student').map((d) => [d.id, d.status])).toEqual([
        [sent.body.id, 'received'],
        [last.body.id, 'received'],
      ]);
      const requests = await api.get(`/api/dossiers/${dossier.id}/complement-requests`).expect(200);
      expect(requests.body.map((r: { status: string }) => r.status)).toEqual(['satisfied']);

      // the agents see who sent what
      const listed = (await api.get(`/api/dossiers/${dossier.id}/documents`).expect(200)).body as { id: string; source: string }[];
      expect(listed.filter((d) => d.source === 'student').map((d) => d.id)).toEqual([sent.body.id, last.body.id]);
      expect(listed.filter((d) => d.source === 'office')).toHaveLength(9);

      // nothing is asked any more: nothing more can be sent here
      const closed = await student.post('/api/student/dossier/items/cerfa/files').attach('scan', pdf(), 'again.pdf').expect(404);
      expect(closed.body.code).toBe('student.item-not-found');
    });
  });

  it("answers another dossier's file exactly as a file that does not exist", async () => {
    const mine = await incompleteDossier();
    const other = await createDossier(api);
    const theirs = await api.post(`/api/dossiers/${other.id}/documents`).field('kind', 'passport').attach('file', pdf(), 'their-passport.pdf').expect(201);
    const own = await api.post(`/api/dossiers/${mine.id}/documents`).field('kind', 'passport').attach('file', pdf(4_000), 'my-passport.pdf').expect(201);
    const student = await asStudent(mine.id);
    const at = (documentId: string, fileId: string) => `/api/student/dossier/documents/${documentId}/files/${fileId}`;

    await student.get(at(own.body.id, own.body.files[0].id)).expect(200);
    const responses = await Promise.all([
      student.get(at(theirs.body.id, theirs.body.files[0].id)),
      student.get(at(randomUUID(), randomUUID())),
      student.get(at(own.body.id, theirs.body.files[0].id)),
      student.get(at(theirs.body.id, own.body.files[0].id)),
    ]);
    const bodies = responses.map(({ status, body }) => {
      const { instance: _instance, requestId: _requestId, ...rest } = body as Record<string, unknown>;
      return { status, ...rest };
    });
    expect(bodies[0]).toEqual({
      status: 404,
      type: '/problems/not-found',
      title: 'Not found',
      detail: 'Ce fichier n’existe pas dans votre dossier.',
      code: 'student.not-in-dossier',
      params: {},
    });
    for (const body of bodies.slice(1)) expect(body).toEqual(bodies[0]);
    // and the other dossier's document is not on the page either
    const page = (await student.get('/api/student/dossier').expect(200)).body as Page;
    expect(page.documents.map((d) => d.id)).not.toContain(theirs.body.id);
  });
});
