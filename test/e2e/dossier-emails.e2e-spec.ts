import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AuditService } from '../../src/audit/audit.service';
import { AppConfig } from '../../src/config/app-config';
import { NotificationsRepository } from '../../src/notifications/notifications.repository';
import { NotificationsService } from '../../src/notifications/notifications.service';
import { LINK_PLACEHOLDER, STUDENT_LINK_MARKER } from '../../src/student-access/student-access.links';
import { TEST_AGENTS } from '../support/agents';
import { AgentClient, asAgent, startApi } from '../support/api';
import { createDossier, createStudent, today } from '../support/factories';

interface EmailBody {
  id: string;
  template: string;
  recipient: string;
  subject: string | null;
  createdAt: string;
  textBody?: string;
  htmlBody?: string;
}

/** A dossier's e-mails opened one at a time, as the student received them (issue 16). */
describe("a dossier's e-mails, opened", () => {
  let app: NestFastifyApplication;
  let admin: AgentClient;
  let supervisor: AgentClient;

  beforeAll(async () => {
    app = await startApi();
    admin = asAgent(app);
    supervisor = asAgent(app, 'supervisor');
  });
  afterAll(() => app.close());

  /** The dossier's "received" e-mail, recorded as the outbox relay records it (this tier runs no worker). */
  const recordOpened = async (dossierId: string) => {
    const notifications = app.get(NotificationsService);
    const draft = await notifications.draftForDossier(dossierId, `e2e:${dossierId}:dossier_opened`, 'dossier_opened', { receivedOn: today() });
    expect(await notifications.notify([draft!])).toBe(1);
  };

  it('answers one e-mail with its subject, recipient, date and bodies as recorded; the list stays without bodies', async () => {
    const student = await createStudent(admin, { birthName: 'ADEYEMI', firstNames: 'Folake', preferredLanguage: 'fr' });
    const dossier = await createDossier(admin, { studentId: student.id });
    await recordOpened(dossier.id);
    const list = (await admin.get(`/api/dossiers/${dossier.id}/notifications`).expect(200)).body as EmailBody[];
    expect(list).toHaveLength(1);
    expect(list[0]).not.toHaveProperty('htmlBody');
    expect(list[0]).not.toHaveProperty('textBody');

    const one = (await admin.get(`/api/dossiers/${dossier.id}/notifications/${list[0]!.id}`).expect(200)).body as EmailBody;
    expect(one).toMatchObject({ ...list[0], subject: expect.stringContaining(dossier.reference) });
    const [row] = await app.get(NotificationsRepository).forDossier(dossier.id);
    // byte for byte what was recorded, hence sent — but for the student's personal link, which an agent reads as a placeholder
    const personal = `${app.get(AppConfig).PUBLIC_URL}/s/#`;
    expect(row!.textBody).toContain(`${personal}${STUDENT_LINK_MARKER}`);
    expect(one.textBody).toBe(row!.textBody!.replaceAll(STUDENT_LINK_MARKER, LINK_PLACEHOLDER));
    expect(one.htmlBody).toBe(row!.htmlBody!.replaceAll(STUDENT_LINK_MARKER, LINK_PLACEHOLDER));
    expect(one.textBody).toContain(`Suivez votre dossier et écrivez-nous sur votre page personnelle :\n${personal}${LINK_PLACEHOLDER}\n`);
    expect(`${one.textBody}${one.htmlBody}`).not.toContain(STUDENT_LINK_MARKER);
    expect(one.textBody).toContain('Folake ADEYEMI');
    expect(one.htmlBody).toMatch(/^<!doctype html>/i);
    expect(one.htmlBody).toContain(dossier.reference);
  });

  it('records the reading in the audit trail as a view of the student, like the other reads of a dossier', async () => {
    const student = await createStudent(admin);
    const dossier = await createDossier(admin, { studentId: student.id });
    await recordOpened(dossier.id);
    const [email] = (await admin.get(`/api/dossiers/${dossier.id}/notifications`).expect(200)).body as EmailBody[];
    await admin.get(`/api/dossiers/${dossier.id}/notifications/${email!.id}`).expect(200);
    await app.get(AuditService).flush();
    const trail = (await supervisor.get(`/api/audit?studentId=${student.id}&agentId=${TEST_AGENTS.admin.id}&limit=200`).expect(200)).body.items as {
      action: string;
      details: { route?: string };
    }[];
    expect(trail.filter((e) => e.details.route === 'GET /api/dossiers/:id/notifications/:notificationId').map((e) => e.action)).toEqual(['dossier.view']);
  });

  it('refuses an e-mail of another dossier, an unknown one and a malformed id', async () => {
    const mine = await createDossier(admin);
    const other = await createDossier(admin);
    await recordOpened(other.id);
    const [theirs] = (await admin.get(`/api/dossiers/${other.id}/notifications`).expect(200)).body as EmailBody[];
    const wrongDossier = await admin.get(`/api/dossiers/${mine.id}/notifications/${theirs!.id}`).expect(404);
    expect(wrongDossier.body).not.toHaveProperty('htmlBody');
    await admin.get(`/api/dossiers/${mine.id}/notifications/00000000-0000-4000-8000-000000000000`).expect(404);
    const malformed = await admin.get(`/api/dossiers/${mine.id}/notifications/not-an-id`).expect(400);
    expect(malformed.body.errors).toEqual([expect.objectContaining({ field: 'notificationId' })]);
  });

  it('is described in the OpenAPI document, with its bodies', async () => {
    const doc = (await admin.get('/docs-json').expect(200)).body as {
      paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: { $ref?: string } }> }> }>>;
      components: { schemas: Record<string, { properties: Record<string, unknown>; required?: string[] }> };
    };
    const get = doc.paths['/api/dossiers/{id}/notifications/{notificationId}']?.get;
    expect(get?.responses['200']?.content?.['application/json']?.schema.$ref).toBe('#/components/schemas/NotificationMessageResponse');
    const schema = doc.components.schemas.NotificationMessageResponse!;
    expect(schema.required).toEqual(expect.arrayContaining(['subject', 'recipient', 'createdAt', 'textBody', 'htmlBody']));
  });
});
