import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppConfig } from '../../src/config/app-config';
import { AgentClient, asAgent, startApi } from '../support/api';
import { createDossier, createStudent } from '../support/factories';

/** The office's profile and the wording of its e-mails, as admins change them through the API (issue 13). */
describe('office profile and e-mail templates', () => {
  let app: NestFastifyApplication;
  let admin: AgentClient;
  let agent: AgentClient;

  beforeAll(async () => {
    app = await startApi();
    admin = asAgent(app);
    agent = asAgent(app, 'agent');
  });
  afterAll(() => app.close());

  const profile = {
    name: 'CMI Rennes',
    postalAddress: ['CMI Rennes (M2 fin de formation carte RE/CE)', 'Cité Internationale Paul Ricœur', '1 place Paul Ricœur', '35000 RENNES'],
    frontDeskHours: { fr: 'du lundi au vendredi, de 9 h à 12 h 30', en: 'Monday to Friday, 9 am to 12:30 pm' },
    phone: '02 61 91 00 35',
    email: 'contact@cmi-rennes.example',
    website: 'https://cmi.univ-rennes.fr/',
    signature: { fr: "L'équipe du CMI Rennes", en: 'The CMI Rennes team' },
  };

  it('lets admins replace the office profile (If-Match against a concurrent change), names each bad field, and refuses agents', async () => {
    const before = await admin.get('/api/office').expect(200);
    const saved = await admin.put('/api/office', profile).set('if-match', before.headers.etag!).expect(200);
    expect(saved.body).toMatchObject({ ...profile, version: before.body.version + 1 });
    expect(saved.headers.etag).toBe(`"${before.body.version + 1}"`);
    await admin.put('/api/office', profile).set('if-match', before.headers.etag!).expect(412);
    const bad = await admin
      .put('/api/office', { ...profile, email: 'not an address', website: 'ftp://x', postalAddress: [], frontDeskHours: { fr: 'x' } })
      .expect(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['email', 'frontDeskHours.en', 'postalAddress', 'website']);
    await agent.put('/api/office', profile).expect(403);
    expect((await agent.get('/api/office').expect(200)).body.email).toBe(profile.email);
  });

  it('lists the wordings in force, with their variables, and previews one with a real dossier, sending nothing', async () => {
    await admin.put('/api/office', profile).expect(200);
    const list = (await admin.get('/api/email-templates').expect(200)).body as { key: string; origin: string }[];
    expect(list.map((t) => t.key)).toEqual(
      expect.arrayContaining(['complement_requested.default.fr', 'complement_requested.default.en', 'signature.default.fr']),
    );
    expect(list.every((t) => t.origin === 'shipped' || t.origin === 'office')).toBe(true);
    const detail = (await admin.get('/api/email-templates/complement_requested.default.fr').expect(200)).body;
    expect(detail.variables).toEqual(['items', 'dueOn', 'message']);
    expect(detail.shipped).toMatchObject({ origin: 'shipped', version: 2 });

    const student = await createStudent(admin, { birthName: 'OKAFOR', firstNames: 'Chidi' });
    const dossier = await createDossier(admin, { studentId: student.id, facts: { housing: 'tenant' } });
    const preview = (await admin.post('/api/email-templates/dossier_opened.default.fr/preview', { dossierId: dossier.id }).expect(200)).body;
    expect(preview.text).toContain('Chidi OKAFOR');
    expect(preview.text).toContain(dossier.reference);
    expect(preview.text).toContain('contact@cmi-rennes.example');
    expect(preview.text).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    expect(preview.html).toMatch(/^<!doctype html>/);
    // the student's personal link, as agents see it: where it goes, never a working token
    const personal = `${app.get(AppConfig).PUBLIC_URL}/s/#lien-personnel`;
    expect(preview.text).toContain(`Suivez votre dossier et écrivez-nous sur votre page personnelle :\n${personal}`);
    expect(preview.html).toContain(`href="${personal}"`);
    // the agent's e-mail about a student's message links to the dossier in the agents' app, and carries no personal link
    const toAgent = (await admin.post('/api/email-templates/student_message.default.fr/preview', { dossierId: dossier.id }).expect(200)).body;
    expect(toAgent.text).toContain(`ouvrez le dossier :\n${app.get(AppConfig).PUBLIC_URL}/#/dossiers/${dossier.id}/show`);
    expect(toAgent.text).not.toContain('/s/#');
    await agent.post('/api/email-templates/dossier_opened.default.fr/preview', { dossierId: dossier.id }).expect(403);
  });

  it("takes an office's own wording once it renders for every procedure and channel, uses it at once, and goes back to the shipped one", async () => {
    const key = 'dossier_opened.default.fr';
    const broken = await admin
      .put(`/api/email-templates/${key}`, {
        subject: 'Dossier {{ dossier.reference }}',
        body: 'Bonjour {{ recipient.prenom }}, reçu le {{ receivedOn | date }}.',
      })
      .expect(400);
    expect(broken.body.errors).toEqual([expect.objectContaining({ field: 'body', message: expect.stringContaining('recipient.prenom') })]);
    const noFilter = await admin.put(`/api/email-templates/${key}`, { subject: 'Reçu le {{ receivedOn }}', body: 'x' }).expect(400);
    expect(noFilter.body.errors).toEqual([expect.objectContaining({ field: 'subject' })]);

    const body = 'Bonjour {{ recipient.name }},\n\nVotre dossier nous est parvenu le {{ receivedOn | date }}. Nous vous écrirons sous quinze jours.';
    const saved = (
      await admin.put(`/api/email-templates/${key}`, { subject: 'Votre dossier {{ dossier.reference }} est arrivé', body, note: 'délai annoncé' }).expect(200)
    ).body;
    expect(saved).toMatchObject({ origin: 'office', version: 1, body });
    const dossier = await createDossier(admin, { facts: { housing: 'tenant' } });
    const preview = (await admin.post(`/api/email-templates/${key}/preview`, { dossierId: dossier.id }).expect(200)).body;
    expect(preview.subject).toBe(`Votre dossier ${dossier.reference} est arrivé`);
    expect(preview.text).toContain('Nous vous écrirons sous quinze jours.');
    expect(preview.templateVersion).toBe(`${key}@office-1`);

    const reverted = (await admin.delete(`/api/email-templates/${key}`).expect(200)).body;
    expect(reverted).toMatchObject({ origin: 'shipped', version: 2 });
    expect(reverted.history.map((v: { origin: string; version: number; body: string | null }) => [v.origin, v.version, v.body === null])).toEqual([
      ['shipped', 2, false],
      ['office', 1, false],
      ['office', 2, true],
    ]);
    await admin.delete(`/api/email-templates/${key}`).expect(404);
  });

  it('refuses a key that names no template, a variant that is neither a procedure nor a channel, and agents', async () => {
    expect((await admin.get('/api/email-templates/nonsense').expect(400)).body.errors).toEqual([expect.objectContaining({ field: 'key' })]);
    await admin.get('/api/email-templates/dossier_opened.default.de').expect(400);
    const variant = await admin.put('/api/email-templates/dossier_opened.visa-schengen.fr', { subject: 'x', body: 'y' }).expect(400);
    expect(variant.body.errors).toEqual([expect.objectContaining({ field: 'key', message: expect.stringContaining('procedure of the catalog') })]);
    await agent.get('/api/email-templates').expect(403);
  });
});
