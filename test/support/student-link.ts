import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { simpleParser } from 'mailparser';
import { StudentAccessService } from '../../src/student-access/student-access.service';
import { anonymous, type AgentClient } from './api';
import { pdf } from './files';

/**
 * The student's side for the browser tests, as a student gets there: through the personal link
 * of the newest e-mail they were sent (the worker writes e-mails as .eml files in
 * MAIL_OUTBOX_DIR), exchanged for their session cookie as their page does.
 */

/** The token of the newest link e-mailed to `email` since `since` (ms), once the worker has sent it. */
export async function linkMailedTo(mailDir: string, email: string, since: number, timeoutMs = 30_000): Promise<string> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    for (const file of readdirSync(mailDir).sort().reverse()) {
      // written before: its link may be one that sending a new one revoked
      if (statSync(join(mailDir, file)).mtimeMs < since) continue;
      const mail = await simpleParser(readFileSync(join(mailDir, file)));
      const to = Array.isArray(mail.to) ? mail.to[0] : mail.to;
      if (!to?.text.includes(email)) continue;
      const token = /\/s\/#([A-Za-z0-9_-]{43})/.exec(mail.text ?? '')?.[1];
      if (token) return token;
    }
    if (Date.now() > until) throw new Error(`No e-mail with a personal link to ${email} within ${timeoutMs} ms.`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** The link exchanged for the student's session: the `cookie` header their page's requests carry. */
export async function studentSession(app: NestFastifyApplication, token: string): Promise<string> {
  const response = await anonymous(app).post('/api/student/session').send({ token });
  if (response.status !== 200) throw new Error(`The link was refused (${response.status}): ${JSON.stringify(response.body)}`);
  const value = ([] as string[])
    .concat(response.headers['set-cookie'] ?? [])
    .map((c) => /^passerelle_student=([^;]+)/.exec(c)?.[1])
    .find(Boolean);
  if (!value) throw new Error('No passerelle_student cookie in the answer.');
  return `passerelle_student=${value}`;
}

/** As the student of the dossier, without an e-mail: a link minted as a delivery mints one, exchanged; the `cookie` header. */
export async function sessionOfDossier(app: NestFastifyApplication, dossierId: string): Promise<string> {
  return studentSession(app, await app.get(StudentAccessService).mintForNotification(dossierId, randomUUID()));
}

/** As the student of the dossier: an agent sends a new link, the student opens it; the cookie of their session. */
export async function studentCookie(api: AgentClient, app: NestFastifyApplication, mailDir: string, dossierId: string): Promise<string> {
  const dossier = (await api.get(`/api/dossiers/${dossierId}`).expect(200)).body as { studentId: string };
  const { email } = (await api.get(`/api/students/${dossier.studentId}`).expect(200)).body as { email: string };
  const since = Date.now();
  await api.post(`/api/dossiers/${dossierId}/student-link`).expect(202);
  return studentSession(app, await linkMailedTo(mailDir, email, since));
}

/** A message of each side on the student's dossier (for the screens that show the thread): the student's with a file, the office's answer, the student's thanks. */
export async function addMessages(api: AgentClient, app: NestFastifyApplication, cookie: string, dossierId: string): Promise<void> {
  await anonymous(app)
    .post('/api/student/dossier/messages')
    .set('cookie', cookie)
    .field('body', 'Bonjour, voici mon attestation de logement. Faut-il aussi une facture\u00a0?')
    .attach('files', pdf(), { filename: 'attestation-logement.pdf', contentType: 'application/pdf' })
    .expect(201);
  await api.post(`/api/dossiers/${dossierId}/messages`, { body: 'Bonjour, l’attestation suffit. Merci\u00a0!' }).expect(201);
  await anonymous(app).post('/api/student/dossier/messages').set('cookie', cookie).send({ body: 'Très bien, merci beaucoup.' }).expect(201);
}

/** The student sends, from their page, a document their open complement request asks for (the first not received yet). */
export async function addStudentDocument(app: NestFastifyApplication, cookie: string): Promise<void> {
  const portal = (await anonymous(app).get('/api/student/dossier').set('cookie', cookie).expect(200)).body as {
    complement: { items: { slot: string; received: boolean }[] } | null;
  };
  const item = portal.complement?.items.find((i) => !i.received) ?? portal.complement?.items[0];
  if (!item) throw new Error('The dossier has no open complement request: the student has nothing to send.');
  await anonymous(app)
    .post(`/api/student/dossier/items/${encodeURIComponent(item.slot)}/files`)
    .set('cookie', cookie)
    .attach('files', pdf(), { filename: 'piece-demandee.pdf', contentType: 'application/pdf' })
    .expect(201);
}
