import AdmZip from 'adm-zip';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { asAgent } from '../support/api';
import { createDossier } from '../support/factories';
import { binary, exe, pdf } from '../support/files';
import { type MessageBody, MessageWorld } from '../support/message-world';
import { move } from '../support/workflow';

/**
 * The files of the thread between a student and the office (issue 17): either side attaches
 * them within the dossier's channel limits (typed from their bytes, nothing stored on a
 * refusal), downloads them back, and they go with the student's erasure.
 */
describe('files of the messages between the student and the office', () => {
  let w: MessageWorld;

  beforeAll(async () => {
    w = await MessageWorld.start();
  });
  afterAll(() => w?.close());

  it('takes files with a message on either side, typed from their bytes, and gives them back byte for byte', async () => {
    const { dossier, email } = await w.newStudentDossier();
    const page = await w.studentPage(dossier.id, email);
    const bytes = pdf(40_000);
    const sent = (
      await page
        .post('/api/student/dossier/messages')
        .field('body', 'Voici mon attestation.')
        .attach('attestation', bytes, { filename: 'attestation hébergement.pdf', contentType: 'application/octet-stream' })
        .expect(201)
    ).body as MessageBody;
    expect(sent.attachments).toEqual([
      {
        id: expect.any(String),
        originalName: 'attestation hébergement.pdf',
        contentType: 'application/pdf',
        sizeBytes: bytes.length,
        url: `/api/student/dossier/messages/${sent.id}/attachments/${sent.attachments[0]!.id}`,
      },
    ]);
    const mine = await page
      .get(sent.attachments[0]!.url)
      .buffer(true)
      .parse(binary as never)
      .expect(200);
    expect((mine.body as Buffer).equals(bytes)).toBe(true);
    const [asAgents] = (await w.agent.get(`/api/dossiers/${dossier.id}/messages`).expect(200)).body as MessageBody[];
    expect(asAgents!.attachments[0]!.url).toBe(`/api/dossiers/${dossier.id}/messages/${sent.id}/attachments/${sent.attachments[0]!.id}`);
    const theirs = await w.agent
      .get(asAgents!.attachments[0]!.url)
      .buffer(true)
      .parse(binary as never)
      .expect(200);
    expect(theirs.headers['content-type']).toBe('application/pdf');
    expect(theirs.headers['content-disposition']).toBe("attachment; filename*=UTF-8''attestation%20h%C3%A9bergement.pdf");
    expect((theirs.body as Buffer).equals(bytes)).toBe(true);

    // files alone are a message; the office answers with a file too
    const filesOnly = (await page.post('/api/student/dossier/messages').attach('photo', pdf(3_000), 'page2.pdf').expect(201)).body as MessageBody;
    expect(filesOnly).toMatchObject({ body: '', attachments: [expect.objectContaining({ originalName: 'page2.pdf' })] });
    const answer = (
      await w.agent.post(`/api/dossiers/${dossier.id}/messages`).field('body', 'Reçu, merci.').attach('accuse', pdf(2_500), 'accusé.pdf').expect(201)
    ).body as MessageBody;
    expect(answer.attachments).toHaveLength(1);
    const [, , fromOffice] = (await page.get('/api/student/dossier/messages').expect(200)).body as MessageBody[];
    expect(fromOffice!.attachments[0]!.url).toBe(`/api/student/dossier/messages/${answer.id}/attachments/${answer.attachments[0]!.id}`);
    await page.get(fromOffice!.attachments[0]!.url).expect(200);
    expect(await w.sql(`SELECT details FROM dossier_history WHERE dossier_id = $1 AND event = 'message_from_office'`, [dossier.id])).toEqual([
      { details: { messageId: answer.id, attachments: 1 } },
    ]);
  });

  it('refuses a file of a refused type (415, in the asker’s language), too many files (422) or too large a file (413), storing nothing', async () => {
    const { dossier, email } = await w.newStudentDossier();
    const page = await w.studentPage(dossier.id, email);
    const before = { files: w.storedFiles(), messages: await w.sql(`SELECT count(*)::int AS n FROM dossier_messages WHERE dossier_id = $1`, [dossier.id]) };
    const nothingStored = async () =>
      expect({
        files: w.storedFiles(),
        messages: await w.sql(`SELECT count(*)::int AS n FROM dossier_messages WHERE dossier_id = $1`, [dossier.id]),
      }).toEqual(before);

    const refused = await page
      .post('/api/student/dossier/messages')
      .set('accept-language', 'fr-FR,fr;q=0.9')
      .field('body', 'Mes pièces')
      .attach('a', pdf(), 'bon.pdf')
      .attach('b', exe(), { filename: 'scan.pdf', contentType: 'application/pdf' })
      .expect(415);
    expect(refused.body).toMatchObject({ status: 415, type: '/problems/file-type-refused', code: 'documents.file-type-refused' });
    expect(refused.body.detail).toBe('scan.pdf est un fichier EXE\u00a0; acceptés\u00a0: PDF, JPEG, PNG, TIFF.');
    await nothingStored();
    const inEnglish = await w.agent.post(`/api/dossiers/${dossier.id}/messages`).attach('b', exe(), 'scan.pdf').expect(415);
    expect(inEnglish.body.detail).toMatch(/^scan\.pdf is an? EXE file; accepted: /);
    await nothingStored();

    let eleven = page.post('/api/student/dossier/messages').field('body', 'Tout mon dossier');
    for (let n = 1; n <= 11; n++) eleven = eleven.attach(`page${n}`, pdf(1_000 + n), `page${n}.pdf`);
    expect((await eleven.expect(422)).body).toMatchObject({ type: '/problems/too-many-files', maxFilesPerDocument: 10 });
    await nothingStored();

    const empty = await page.post('/api/student/dossier/messages').set('accept-language', 'fr').field('body', '   ').expect(400);
    expect(empty.body.errors).toEqual([{ field: 'body', code: 'messageEmpty', message: 'est obligatoire, sauf si des fichiers sont joints' }]);
    const long = await page.post('/api/student/dossier/messages').field('body', 'x'.repeat(4001)).attach('a', pdf(), 'a.pdf').expect(400);
    expect(long.body.errors).toEqual([expect.objectContaining({ field: 'body', code: 'maxLength' })]);
    const unknown = await page.post('/api/student/dossier/messages').field('body', 'x').field('kind', 'passport').attach('a', pdf(), 'a.pdf').expect(400);
    expect(unknown.body.errors).toEqual([expect.objectContaining({ field: 'kind', code: 'unknownField' })]);
    for (const body of [{}, { body: '' }, { body: 'x'.repeat(4001) }, { body: 42 }]) {
      const bad = await page.post('/api/student/dossier/messages').send(body).expect(400);
      expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'body' })]);
    }
    await nothingStored();

    // an ANEF dossier takes 10 MB per file
    const anef = await createDossier(w.admin, { procedureCode: 'student-extension' });
    const large = await w.agent
      .post(`/api/dossiers/${anef.id}/messages`)
      .field('body', 'Scan')
      .attach('big', pdf(12 * 1_048_576), 'big.pdf')
      .expect(413);
    expect(large.body).toMatchObject({ status: 413, type: '/problems/file-too-large', maxFileBytes: 10_485_760 });
    await nothingStored();
    expect(await w.sql(`SELECT count(*)::int AS n FROM dossier_messages WHERE dossier_id = $1`, [anef.id])).toEqual([{ n: 0 }]);
  });

  it("exports the thread with the student's data, and erases it with them: texts emptied, files removed, nothing more written", async () => {
    const { student, dossier, email } = await w.newStudentDossier();
    const page = await w.studentPage(dossier.id, email);
    const sent = (
      await page.post('/api/student/dossier/messages').field('body', 'Mon passeport, page 2').attach('f', pdf(6_000), 'passeport p2.pdf').expect(201)
    ).body as MessageBody;
    await w.agent.post(`/api/dossiers/${dossier.id}/messages`, { body: 'Bien reçu.' }).expect(201);
    const [stored] = await w.sql<{ storage_key: string }>(`SELECT storage_key FROM message_attachments WHERE message_id = $1`, [sent.id]);
    expect(existsSync(join(w.storageDir, stored!.storage_key))).toBe(true);

    const exported = await asAgent(w.app, 'supervisor')
      .get(`/api/students/${student.id}/export`)
      .buffer(true)
      .parse(binary as never)
      .expect(200);
    const zip = new AdmZip(exported.body as Buffer);
    const record = JSON.parse(zip.readAsText('student.json')) as { student: { dossiers: { messages: { body: string }[] }[] } };
    expect(record.student.dossiers[0]!.messages.map((m) => m.body)).toEqual(['Mon passeport, page 2', 'Bien reçu.']);
    expect(zip.getEntries().map((e) => e.entryName)).toContain(`messages/${dossier.reference}/${sent.attachments[0]!.id}-passeport_p2.pdf`);

    await move(w.admin, dossier.id, { to: 'closed', closeReason: 'withdrawn' });
    // an erasure while the relay holds this student's outbox rows waits for the relay's transaction (see the report of issue 17)
    await w.outboxRelayed();
    const erased = await w.admin.delete(`/api/students/${student.id}`).send({ reason: 'request of 2026-12-03' }).expect(200);
    expect(erased.body).toMatchObject({ files: 1 });
    expect(existsSync(join(w.storageDir, stored!.storage_key))).toBe(false);
    const thread = (await w.agent.get(`/api/dossiers/${dossier.id}/messages`).expect(200)).body as MessageBody[];
    expect(thread.map((m) => [m.author, m.body, m.attachments])).toEqual([
      ['student', null, []],
      ['office', null, []],
    ]);
    expect(
      await w.sql(`SELECT count(*)::int AS n FROM message_attachments a JOIN dossier_messages m ON m.id = a.message_id WHERE m.dossier_id = $1`, [dossier.id]),
    ).toEqual([{ n: 0 }]);

    // the student's page is gone with their data, and the office can write nothing more
    await page.post('/api/student/dossier/messages').send({ body: 'Encore moi' }).expect(401);
    const refused = await w.agent.post(`/api/dossiers/${dossier.id}/messages`, { body: 'Une dernière chose' }).expect(409);
    expect(refused.body).toMatchObject({ type: '/problems/student-erased', code: 'message.student-erased' });
    expect(((await w.agent.get(`/api/dossiers/${dossier.id}/messages`).expect(200)).body as MessageBody[]).length).toBe(2);
  });
});
