import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { academicYearOf, addDays } from '../../src/common/dates';
import { PrismaService } from '../../src/infra/prisma/prisma.service';
import { AgentClient, asAgent, startApi } from '../support/api';
import { createDossier, createStudent, today } from '../support/factories';
import { COMPLETE_RECE, move, recordAccepted, versionOf } from '../support/workflow';

/** The rules beneath what students are told (issue 13): "complete" means reviewed, eligibility, filing dates, alerts. */
describe('workflow rules', () => {
  let app: NestFastifyApplication;
  let admin: AgentClient;
  let prisma: PrismaService;

  beforeAll(async () => {
    app = await startApi();
    admin = asAgent(app);
    prisma = app.get(PrismaService);
  });
  afterAll(() => app.close());

  const record = async (dossierId: string, documents: object[]) => {
    const ids: string[] = [];
    for (const document of documents) ids.push((await admin.post(`/api/dossiers/${dossierId}/documents`, document).expect(201)).body.id);
    return ids;
  };

  it('refuses to verify a dossier whose documents no agent has accepted yet (422 listing them), and verifies it once they are', async () => {
    const dossier = await createDossier(admin, { facts: { housing: 'tenant' } });
    const ids = await record(dossier.id, COMPLETE_RECE());
    const refused = await move(admin, dossier.id, { to: 'verified' }, 422);
    expect(refused.body.type).toBe('/problems/documents-not-reviewed');
    expect(refused.body.toReview).toHaveLength(10);
    expect(refused.body.toReview.map((t: { slot: string }) => t.slot)).toEqual(expect.arrayContaining(['request-letter', 'passport', 'cerfa', 'cerpr']));
    expect(refused.body.toReview[0].documentIds).toHaveLength(1);
    // nothing moved, no e-mail told the student "complete"
    expect((await admin.get(`/api/dossiers/${dossier.id}`).expect(200)).body.status).toBe('received');
    expect(await prisma.outboxMessage.count({ where: { dossierId: dossier.id, key: { contains: 'dossier_verified' } } })).toBe(0);

    for (const id of ids.slice(0, 9)) await admin.patch(`/api/dossiers/${dossier.id}/documents/${id}`, { status: 'accepted' }).expect(200);
    const oneLeft = await move(admin, dossier.id, { to: 'verified' }, 422);
    expect(oneLeft.body.toReview).toEqual([expect.objectContaining({ slot: 'cerpr', documentIds: [ids[9]] })]);
    await admin.patch(`/api/dossiers/${dossier.id}/documents/${ids[9]}`, { status: 'accepted' }).expect(200);
    await move(admin, dossier.id, { to: 'verified' });
    expect(await prisma.outboxMessage.count({ where: { dossierId: dossier.id, key: { contains: 'dossier_verified' } } })).toBe(1);
  });

  it('refuses the CMI 2-step RECE to a third-year licence student, even with every document accepted', async () => {
    const student = await createStudent(admin, { level: 'l3', programme: 'Licence Informatique' });
    const dossier = await createDossier(admin, { studentId: student.id, facts: { housing: 'tenant' } });
    await recordAccepted(admin, dossier.id, COMPLETE_RECE());
    const refused = await move(admin, dossier.id, { to: 'verified' }, 422);
    expect(refused.body.type).toBe('/problems/blocking-findings');
    expect(refused.body.findings).toEqual([expect.objectContaining({ code: 'eligibility.study-level', rule: 'rece.final-year', severity: 'blocking' })]);
  });

  it('keeps a complete RECE dossier complete when it is forwarded a week after the office received it (the receipt is the filing date)', async () => {
    // the permit ends four days after receipt: valid when the CMI received the dossier, not a week later
    const received = addDays(today(), -7);
    const student = await createStudent(admin, {
      currentPermit: { kind: 'student', number: '3501234567', validFrom: addDays(today(), -300), validUntil: addDays(received, 4) },
    });
    const dossier = await createDossier(admin, { studentId: student.id, receivedAt: received, facts: { housing: 'tenant' } });
    const documents = COMPLETE_RECE().map((d) => (d.kind === 'residence-permit' ? { ...d, attributes: { validUntil: addDays(received, 4) } } : d));
    await recordAccepted(admin, dossier.id, documents);
    await move(admin, dossier.id, { to: 'verified' });
    const forwarded = await move(admin, dossier.id, { to: 'forwarded', filedOn: today() });
    expect(forwarded.body).toMatchObject({ status: 'forwarded', filedAt: today() });
    const checklist = (await admin.get(`/api/dossiers/${dossier.id}/checklist`).expect(200)).body;
    expect(checklist).toMatchObject({ filingDate: received, complete: true, blocking: 0 });
  });

  it('alerts the agents at once, in the timeline and by e-mail, when the implicit-rejection day had passed before the dossier was forwarded', async () => {
    const received = addDays(today(), -200);
    const student = await createStudent(admin, { academicYear: academicYearOf(received) });
    const dossier = await createDossier(admin, { studentId: student.id, receivedAt: received, facts: { housing: 'tenant' } });
    const documents = COMPLETE_RECE().map((d) => (d.kind === 'rent-receipt' ? { ...d, issuedOn: addDays(received, -10) } : d));
    await recordAccepted(admin, dossier.id, documents);
    await move(admin, dossier.id, { to: 'verified' });
    // the slip left long ago: the prefecture's 90 days ran out before it was recorded here
    const filedOn = addDays(today(), -100);
    const forwarded = await move(admin, dossier.id, { to: 'forwarded', filedOn });
    expect(forwarded.body.implicitRejectionOn <= today()).toBe(true);
    const timeline = (await admin.get(`/api/dossiers/${dossier.id}/timeline`).expect(200)).body as {
      event: string;
      title: { fr: string };
      details: Record<string, unknown>;
    }[];
    const notice = timeline.find((e) => e.event === 'implicit_rejection_past');
    expect(notice).toMatchObject({
      title: { fr: 'Rejet implicite déjà acquis à la transmission' },
      details: { filedOn, implicitRejectionOn: forwarded.body.implicitRejectionOn },
    });
    const alert = await prisma.outboxMessage.findFirst({ where: { dossierId: dossier.id, key: { contains: 'silence_alert' } } });
    expect(alert?.payload).toMatchObject({ template: 'silence_alert', to: 'assignee', data: { stage: 'past_when_forwarded' } });
    // a forward within the silence asks for no such alert
    const onTime = await createDossier(admin, { facts: { housing: 'tenant' } });
    await recordAccepted(admin, onTime.id, COMPLETE_RECE());
    await move(admin, onTime.id, { to: 'verified' });
    await move(admin, onTime.id, { to: 'forwarded', filedOn: today() });
    expect(await prisma.outboxMessage.count({ where: { dossierId: onTime.id, key: { contains: 'silence_alert' } } })).toBe(0);
  });

  it('checks that the request letter gives the mobile number and the e-mail address, and asks the student for them in their words', async () => {
    const dossier = await createDossier(admin, { facts: { housing: 'tenant' } });
    const documents = COMPLETE_RECE().map((d) =>
      d.kind === 'request-letter' ? { kind: 'request-letter', attributes: { hasMobileNumber: false, hasEmailAddress: true } } : d,
    );
    await recordAccepted(admin, dossier.id, documents);
    const checklist = (await admin.get(`/api/dossiers/${dossier.id}/checklist`).expect(200)).body;
    expect(checklist.findings).toEqual([expect.objectContaining({ code: 'document.no-mobile-number', slot: 'request-letter', severity: 'blocking' })]);
    const preview = await admin.post(`/api/dossiers/${dossier.id}/complement-requests/preview`, {}).expect(200);
    expect(preview.body.items).toEqual([
      expect.objectContaining({
        slot: 'request-letter',
        codes: ['document.no-mobile-number'],
        why: { fr: "la lettre reçue n'indique pas votre numéro de téléphone mobile", en: 'the letter we received does not give your mobile phone number' },
      }),
    ]);
    expect(preview.body.email.text).toContain("Motif : la lettre reçue n'indique pas votre numéro de téléphone mobile.");
    await admin
      .post(`/api/dossiers/${dossier.id}/complement-requests`, {})
      .set('if-match', await versionOf(admin, dossier.id))
      .expect(201);
  });

  it('never asks the student for what the agent records: a missing issue date or end of validity is not a complement item', async () => {
    const dossier = await createDossier(admin, { facts: { housing: 'tenant' } });
    const documents = COMPLETE_RECE()
      .map((d) => (d.kind === 'passport' ? { kind: 'passport', attributes: { allPages: true } } : d))
      .filter((d) => d.kind !== 'cerpr');
    await recordAccepted(admin, dossier.id, documents);
    const checklist = (await admin.get(`/api/dossiers/${dossier.id}/checklist`).expect(200)).body;
    expect(checklist.findings.map((f: { code: string }) => f.code).sort()).toEqual(['document.missing', 'document.validity-missing']);
    const preview = (await admin.post(`/api/dossiers/${dossier.id}/complement-requests/preview`, {}).expect(200)).body;
    expect(preview.items.map((i: { slot: string }) => i.slot)).toEqual(['cerpr']);
    expect(preview.email.text).not.toMatch(/indiquer|fin de validité|Pièce manquante/);
    expect(preview.email.text).toMatch(/\d{1,2}(er)? [a-zéû]+ \d{4}/);
  });
});
