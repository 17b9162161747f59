import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomBytes } from 'node:crypto';
import { addDays } from '../../src/common/dates';
import { PrismaService } from '../../src/infra/prisma/prisma.service';
import { TRANSITIONS } from '../../src/workflow/workflow.transitions';
import { AgentClient, anonymous, asAgent, startApi, withToken } from '../support/api';
import { createDossier, createInstitution, createStudent } from '../support/factories';
import { clockOf } from '../support/test-clock';
import { COMPLETE_RECE, move, recordAccepted, versionOf } from '../support/workflow';

/** What the agents' web app reads beside the dossiers: the dashboard, the complement preview, the workflow's moves. */
describe('dashboard, complement preview, workflow rules', () => {
  let app: NestFastifyApplication;
  let admin: AgentClient;
  let prisma: PrismaService;
  /** The server's day: its clock stands still for the file, so no midnight passes between its answer and the test's check. */
  let today: () => string;
  /** When a day starts at the office (Europe/Paris), not in UTC. */
  let startOfDay: (day: string) => Date;

  beforeAll(async () => {
    app = await startApi();
    const clock = clockOf(app).freeze();
    today = () => clock.today();
    startOfDay = (day) => clock.startOfDay(day);
    admin = asAgent(app);
    prisma = app.get(PrismaService);
  });
  afterAll(() => app.close());

  /** An agent restricted to a new institution, logged in with a password: the dashboard counts only what they cover. */
  async function restrictedAgent(institutionId: string): Promise<AgentClient> {
    const email = `dash-${randomBytes(4).toString('hex')}@test.passerelle.localhost`;
    const password = 'a long enough password';
    await admin.post('/api/agents', { email, displayName: 'Dashboard agent', role: 'agent', password, institutionIds: [institutionId] }).expect(201);
    const login = await anonymous(app).post('/api/auth/login').send({ email, password }).expect(200);
    return withToken(app, login.body.accessToken);
  }

  it("counts the agent's institutions' dossiers by status, lists this week's deadlines, what is overdue and failed e-mails", async () => {
    const institution = await createInstitution(admin);
    const agent = await restrictedAgent(institution.id);
    const student = () => createStudent(admin, { institutionId: institution.id });
    const received = await createDossier(admin, { studentId: (await student()).id, facts: { housing: 'tenant' } });
    const incomplete = await createDossier(admin, { studentId: (await student()).id, facts: { housing: 'tenant' } });
    await admin
      .post(`/api/dossiers/${incomplete.id}/complement-requests`, { dueInDays: 3 })
      .set('if-match', await versionOf(admin, incomplete.id))
      .expect(201);
    const forwarded = await createDossier(admin, { studentId: (await student()).id, facts: { housing: 'tenant' } });
    await recordAccepted(admin, forwarded.id, COMPLETE_RECE());
    await move(admin, forwarded.id, { to: 'verified' });
    await move(admin, forwarded.id, { to: 'forwarded', filedOn: today() });
    // the inbox and the dossier name the implicit-rejection day, the day the silence runs out at its start (not the day before)
    const filed = (await admin.get(`/api/dossiers/${forwarded.id}`).expect(200)).body;
    expect(filed.deadlineAt).toBe(startOfDay(filed.implicitRejectionOn).toISOString());
    expect(filed.deadlineOn).toBe(filed.implicitRejectionOn);
    // the prefecture has been silent past the implicit-rejection day (as months later)
    await prisma.dossier.update({ where: { id: forwarded.id }, data: { implicitRejectionOn: new Date(`${addDays(today(), -1)}T00:00:00Z`) } });
    const failed = await prisma.notification.create({
      data: {
        eventKey: `test:${received.id}:failed`,
        dossierId: received.id,
        template: 'dossier_opened',
        language: 'fr',
        recipient: 'nobody@invalid.example',
        subject: 'Dossier reçu',
        status: 'failed',
        attempts: 1,
        lastError: '550 5.1.1 mailbox unknown',
      },
    });

    const dashboard = (await agent.get('/api/dashboard').expect(200)).body;
    expect(dashboard.today).toBe(today());
    expect(dashboard.countsByStatus).toEqual({ received: 1, incomplete: 1, verified: 0, forwarded: 1, decided: 0, closed: 0 });
    expect(dashboard.deadlinesThisWeek.count).toBe(1);
    expect(dashboard.deadlinesThisWeek.items).toEqual([
      // the student's last day is named (the deadline falls due at the start of the next one)
      expect.objectContaining({ id: incomplete.id, reference: incomplete.reference, status: 'incomplete', kind: 'complement', dueOn: addDays(today(), 3) }),
    ]);
    expect(dashboard.deadlinesThisWeek.items[0].dueAt).toBe(startOfDay(addDays(today(), 4)).toISOString());
    expect(dashboard.overdue.count).toBe(1);
    expect(dashboard.overdue.items).toEqual([
      // a day: the start of the implicit-rejection day at the office, and the day itself to show
      expect.objectContaining({
        id: forwarded.id,
        status: 'forwarded',
        kind: 'prefecture_silence',
        dueAt: startOfDay(addDays(today(), -1)).toISOString(),
        dueOn: addDays(today(), -1),
      }),
    ]);
    expect(dashboard.failedEmails).toEqual({
      count: 1,
      items: [expect.objectContaining({ id: failed.id, dossierId: received.id, reference: received.reference, lastError: '550 5.1.1 mailbox unknown' })],
    });

    // the whole office sees these and more
    const office = (await admin.get('/api/dashboard').expect(200)).body;
    expect(office.countsByStatus.received).toBeGreaterThanOrEqual(1);
    expect(office.failedEmails.items.map((e: { id: string }) => e.id)).toContain(failed.id);
    // another institution's agent sees none of them
    const other = await restrictedAgent((await createInstitution(admin)).id);
    const theirs = (await other.get('/api/dashboard').expect(200)).body;
    expect(Object.values(theirs.countsByStatus)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(theirs.failedEmails.count).toBe(0);
  });

  it("previews the complement request's e-mail in the student's language, writing nothing", async () => {
    const student = await createStudent(admin, { preferredLanguage: 'en', email: 'preview.student@example.org' });
    const dossier = await createDossier(admin, { studentId: student.id, facts: { housing: 'tenant' } });
    const before = await prisma.dossier.findUniqueOrThrow({ where: { id: dossier.id }, select: { version: true } });
    const outboxBefore = await prisma.outboxMessage.count({ where: { dossierId: dossier.id } });
    const preview = await admin.post(`/api/dossiers/${dossier.id}/complement-requests/preview`, { message: 'Please hurry.', dueInDays: 10 }).expect(200);
    expect(preview.body.dueOn).toBe(addDays(today(), 10));
    expect(preview.body.items.length).toBeGreaterThan(3);
    expect(preview.body.email).toMatchObject({ to: 'preview.student@example.org', language: 'en', subject: expect.stringContaining(dossier.reference) });
    for (const item of preview.body.items) expect(preview.body.email.text).toContain(item.what.en);
    expect(preview.body.email.text).toContain('Please hurry.');
    expect(preview.body.email.html).toContain('<ul>');
    // nothing recorded: no move, no request, no e-mail
    expect((await prisma.dossier.findUniqueOrThrow({ where: { id: dossier.id }, select: { version: true } })).version).toBe(before.version);
    expect(await prisma.outboxMessage.count({ where: { dossierId: dossier.id } })).toBe(outboxBefore);
    expect(await prisma.complementRequest.count({ where: { dossierId: dossier.id } })).toBe(0);

    // what the request itself then sends is what the preview showed
    const sent = await admin
      .post(`/api/dossiers/${dossier.id}/complement-requests`, { message: 'Please hurry.', dueInDays: 10 })
      .set('if-match', `"${before.version}"`)
      .expect(201);
    expect(sent.body.items).toEqual(preview.body.items);
    // an open request: no second one to preview (409); bad input is a 400 naming the field
    await admin.post(`/api/dossiers/${dossier.id}/complement-requests/preview`, {}).expect(409);
    const bad = await admin.post(`/api/dossiers/${dossier.id}/complement-requests/preview`, { dueInDays: 0 }).expect(400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'dueInDays' })]);
  });

  it('refuses to preview a request for a dossier with nothing missing (422)', async () => {
    const dossier = await createDossier(admin, { facts: { housing: 'tenant' } });
    await recordAccepted(admin, dossier.id, COMPLETE_RECE());
    const refused = await admin.post(`/api/dossiers/${dossier.id}/complement-requests/preview`, {}).expect(422);
    expect(refused.body.type).toBe('/problems/nothing-to-request');
  });

  it('gives the transition table, so clients offer only the moves a status allows', async () => {
    const rules = (await asAgent(app, 'agent').get('/api/workflow/transitions').expect(200)).body as {
      from: string[];
      to: string;
      roles: string[];
      via?: string;
    }[];
    expect(rules).toHaveLength(TRANSITIONS.length);
    expect(
      rules
        .filter((r) => r.from.includes('received'))
        .map((r) => r.to)
        .sort(),
    ).toEqual(['closed', 'incomplete', 'verified']);
    expect(rules.find((r) => r.to === 'incomplete')).toMatchObject({ via: 'complement-request' });
    expect(rules.find((r) => r.from.includes('closed') && r.to === 'received')!.roles).toEqual(['supervisor', 'admin']);
  });
});
