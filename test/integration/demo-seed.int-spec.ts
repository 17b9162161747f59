import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApi } from '../../src/app.setup';
import { addDays } from '../../src/common/dates';
import { loadConfig } from '../../src/config/app-config';
import { seedDemo } from '../../src/demo/demo-seed';
import { DOSSIER_STATUSES } from '../../src/dossiers/dossiers.model';
import { prepareDatabase } from '../../src/setup/database-setup';
import { PrismaService } from '../../src/infra/prisma/prisma.service';
import { DEMO_ADMIN, DEMO_AGENTS, DEMO_PATHS, DEMO_PEOPLE, DEMO_ROLES, DEMO_STUDENT_ACTIVITY, type DemoRoleName } from '../../src/demo/demo-data';
import { demoLogins } from '../../src/demo/demo-logins';
import { NotificationsService } from '../../src/notifications/notifications.service';
import { MESSAGE_EVENTS } from '../../src/messages/messages.repository';
import { demoDossierInRole } from '../../src/demo/demo-generator';
import type { TemplateName } from '../../src/email-templates/email-templates.model';
import { AgentClient, anonymous, withToken } from '../support/api';
import { demoDossier } from '../support/demo-roles';
import { scratchDatabase } from '../support/scratch-database';
import { TestClock } from '../support/test-clock';

const day = (date: Date) => date.toISOString().slice(0, 10);
const MESSAGE_EVENTS_WRITTEN = Object.values(MESSAGE_EVENTS);
type TimelineEntry = { event: string; actor: { id: string | null; name: string } };
type MessageRow = { author: string; authorName: string | null; body: string; createdAt: string; readAt: string | null };

/**
 * The next `MM-DD` after the wall clock's day, at `time` in Paris: ahead of the wall clock, as
 * logins are checked against the database's own clock (a session opened on a day in the past
 * would have ended already).
 */
function next(monthDay: string, time: string): string {
  const now = new Date();
  const year = now.getUTCFullYear() + (`${now.getUTCFullYear()}-${monthDay}` > now.toISOString().slice(0, 10) ? 0 : 1);
  return `${year}-${monthDay}T${time}`;
}

/**
 * The demo office the run command loads, in a database of its own, on two days of the year:
 * early January (its dossiers straddle two years) and the autumn rush. Whatever the day, it
 * shows an office's working day.
 */
describe.each([next('01-11', '09:30:00+01:00'), next('10-05', '14:00:00+02:00')])('demo seed, loaded on %s', (loadedAt) => {
  let database: { url: string; drop: () => Promise<void> };
  let app: NestFastifyApplication;
  let api: AgentClient;
  let clock: TestClock;
  let prisma: PrismaService;

  beforeAll(async () => {
    database = await scratchDatabase();
    const config = loadConfig({ ...process.env, DATABASE_URL: database.url });
    clock = new TestClock(config).freeze(loadedAt);
    await prepareDatabase(config);
    expect(await seedDemo(config, clock)).toMatch(/^demo office loaded: 3 institutions, 3 agents, \d+ students, \d+ dossiers$/);
    const logins = await demoLogins(config);
    app = await createApi(config, { clock });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    prisma = app.get(PrismaService);
    // as the run command prints it: the demo admin logs in with the password drawn for the run
    const login = await anonymous(app).post('/api/auth/login').send({ email: DEMO_ADMIN.email, password: logins.password }).expect(200);
    api = withToken(app, login.body.accessToken);
    expect(logins.accounts.map((a) => a.role).sort()).toEqual(['admin', 'agent', 'agent', 'supervisor']);
  });
  afterAll(async () => {
    await app?.close();
    await database.drop();
  });

  it('loads once: a second run changes nothing', async () => {
    const before = await prisma.dossier.count();
    expect(await seedDemo(loadConfig({ ...process.env, DATABASE_URL: database.url }), clock)).toBe('demo data already present');
    expect(await prisma.dossier.count()).toBe(before);
  });

  it("shows the day on the dashboard: this week's deadlines, what is overdue, dossiers near implicit rejection, a failed e-mail", async () => {
    const dashboard = (await api.get('/api/dashboard').expect(200)).body;
    expect(dashboard.today).toBe(clock.today());
    expect(dashboard.deadlinesThisWeek.count).toBeGreaterThan(0);
    // a complement the student still has days to send, and a prefecture about to be silent too long
    expect(new Set(dashboard.deadlinesThisWeek.items.map((d: { kind: string }) => d.kind))).toEqual(new Set(['complement', 'prefecture_silence']));
    expect(dashboard.overdue.count).toBeGreaterThan(0);
    expect(dashboard.overdue.items).toContainEqual(expect.objectContaining({ status: 'forwarded', kind: 'prefecture_silence' }));
    expect(dashboard.failedEmails.count).toBeGreaterThan(0);
    expect(dashboard.failedEmails.items).toContainEqual(
      expect.objectContaining({
        reference: expect.stringMatching(/^CMI-\d{4}-\d{6}$/),
        subject: expect.stringMatching(/\S/),
        attempts: 1,
        lastError: expect.stringMatching(/^550 5\.1\.1 <[^>]+@[^>]+>: .*mailbox unavailable$/),
      }),
    );
    // the inbox's "Transmis, rejet implicite proche" (web/src/dossiers/DossierList.tsx): forwarded, deadline within 31 days
    const near = (await api.get(`/api/dossiers?status=forwarded&deadlineBefore=${addDays(clock.today(), 31)}&limit=100`).expect(200)).body.items;
    expect(near.length).toBeGreaterThan(0);
    for (const dossier of near as { status: string; deadlineAt: string }[]) {
      expect(dossier.status).toBe('forwarded');
      expect(new Date(dossier.deadlineAt).getTime()).toBeGreaterThan(clock.now().getTime());
    }
  });

  it('keeps each failed e-mail as the worker renders it, on the event it told of', async () => {
    const failed = await prisma.notification.findMany({ where: { status: 'failed' }, include: { dossier: { include: { student: true, history: true } } } });
    expect(failed.length).toBeGreaterThan(0);
    for (const email of failed) {
      const { recipientName, ...data } = email.data as Record<string, unknown>;
      const draft = (await app.get(NotificationsService).draftForDossier(email.dossierId!, email.eventKey, email.template as TemplateName, data))!;
      expect({ subject: email.subject, text: email.textBody, html: email.htmlBody, version: email.templateVersion, name: recipientName }).toEqual({
        subject: draft.subject,
        text: draft.textBody,
        html: draft.htmlBody,
        version: draft.templateVersion,
        name: draft.recipientName,
      });
      expect(email.textBody).toContain(email.dossier!.reference);
      expect(email.recipient).toBe(email.dossier!.student.email);
      expect(email.lastError).toContain(email.recipient);
      const [, dossierId, eventId, template] = email.eventKey.split(':');
      expect([dossierId, template]).toEqual([email.dossierId, email.template]);
      const event = email.dossier!.history.find((h) => h.id === BigInt(eventId!))!;
      expect(`${event.event}:${email.template}`).toMatch(/^(complement_requested:complement_requested|forwarded:dossier_forwarded)$/);
    }
  });

  it('registers different people: no two students share a name, and names, birthplaces and nationalities agree', async () => {
    const students = await prisma.student.findMany();
    expect(students.length).toBeGreaterThanOrEqual(50);
    const names = students.map((s) => `${s.birthName} ${s.firstNames}`);
    expect(names.filter((name, i) => names.indexOf(name) !== i)).toEqual([]);
    const used = students.map((s) => `${s.usageName ?? s.birthName} ${s.firstNames}`);
    expect(used.filter((name, i) => used.indexOf(name) !== i)).toEqual([]);
    expect(new Set(students.map((s) => s.email)).size).toBe(students.length);
    expect(new Set(students.map((s) => s.nationality)).size).toBeGreaterThanOrEqual(12);
    for (const student of students) {
      const people = DEMO_PEOPLE[student.nationality]!;
      expect(people.birthNames).toContain(student.birthName);
      expect(student.sex === 'female' ? people.female : people.male).toContain(student.firstNames);
      expect(people.cities).toContain(student.birthPlace);
      expect(student.birthCountry).toBe(student.nationality);
    }
    // the dossier closed as not eligible under the Franco-Algerian agreement is an Algerian student's
    const notEligible = await prisma.dossier.findMany({ where: { closeReason: 'not_eligible' }, include: { student: true } });
    expect(notEligible.map((d) => d.student.nationality)).toEqual(['DZ']);
  });

  it('has dossiers in every status, references numbered by year of receipt, and a history ending in their status', async () => {
    const byStatus = await prisma.dossier.groupBy({ by: ['status'], _count: true });
    expect(byStatus.map((g) => g.status).sort()).toEqual([...DOSSIER_STATUSES].sort());
    const dossiers = await prisma.dossier.findMany({ include: { history: { orderBy: { id: 'asc' } } }, orderBy: { reference: 'asc' } });
    for (const dossier of dossiers) {
      // events that change no status (a silence reached) may follow the last move
      const moves = dossier.history.filter((h) => h.toStatus !== null);
      expect(moves[moves.length - 1]!.toStatus).toBe(dossier.status);
      // every change bumps the version, but a message
      expect(dossier.version).toBe(dossier.history.filter((h) => !MESSAGE_EVENTS_WRITTEN.includes(h.event)).length);
      expect(day(dossier.receivedAt) <= clock.today()).toBe(true);
      expect(dossier.reference.slice(4, 8)).toBe(day(dossier.receivedAt).slice(0, 4));
    }
    const counter = await prisma.referenceCounter.findMany({ where: { prefix: 'CMI' } });
    expect(counter.reduce((sum, c) => sum + c.last, 0)).toBe(dossiers.length);
    // loaded in January, the autumn's dossiers carry last year's number
    const year = Number(clock.today().slice(0, 4));
    const years = [...new Set(dossiers.map((d) => Number(d.reference.slice(4, 8))))].sort();
    expect(years).toEqual(clock.today().slice(5, 7) === '01' ? [year - 1, year] : [year]);
    for (const transmission of await prisma.transmission.findMany()) expect(transmission.reference.slice(3, 7)).toBe(day(transmission.sentOn).slice(0, 4));
  });

  it('gives each role the browser tests work on to one dossier, found by its student whatever number the year gave it', async () => {
    for (const role of Object.keys(DEMO_ROLES) as DemoRoleName[]) {
      const { path, procedureCode, without } = DEMO_ROLES[role];
      const dossier = await demoDossier(api, role, clock.today());
      expect(dossier).toMatchObject({ status: DEMO_PATHS[path]!.status, procedureCode });
      expect(dossier.reference.slice(4, 8)).toBe(dossier.receivedAt.slice(0, 4));
      const findings = (await api.get(`/api/dossiers/${dossier.id}/checklist`).expect(200)).body.findings as { code: string; slot?: string }[];
      expect(findings.filter((f) => f.code === 'document.missing').map((f) => f.slot)).toEqual(expect.arrayContaining([...without]));
    }
    expect((await demoDossier(api, 'talent-researcher-anef-missing-cerpr', clock.today())).channel).toBe('anef');
  });

  it("shows what a student did on their page: a document and a message unread on the dashboard and in the inbox, on the dossier's timeline", async () => {
    const sent = await demoDossier(api, 'rece-student-sent-document', clock.today());
    const dashboard = (await api.get('/api/dashboard').expect(200)).body;
    expect(dashboard.studentActivity).toEqual({
      count: 1,
      items: [
        expect.objectContaining({ id: sent.id, reference: sent.reference, status: 'incomplete', kind: 'complement', newDocuments: 1, unreadMessages: 1 }),
      ],
    });
    // yesterday evening, whatever the hour the demo is loaded
    const lastActivityAt = new Date(dashboard.studentActivity.items[0].lastActivityAt);
    expect(clock.dayOf(lastActivityAt)).toBe(addDays(clock.today(), -1));
    const inbox = (await api.get('/api/dossiers?studentActivity=true&limit=100').expect(200)).body.items as { id: string }[];
    expect(inbox.map((d) => d.id)).toEqual([sent.id]);

    // the host attestation asked for again, sent from the student's page: to review, no scan
    const [request] = await prisma.complementRequest.findMany({ where: { dossierId: sent.id, status: 'open' } });
    expect((request!.items as { slot: string }[]).map((item) => item.slot)).toContain('proof-of-address');
    const documents = (await api.get(`/api/dossiers/${sent.id}/documents`).expect(200)).body as { source: string }[];
    expect(documents.filter((d) => d.source === 'student')).toEqual([expect.objectContaining({ kind: 'host-attestation', status: 'received', files: [] })]);
    const messages = (await api.get(`/api/dossiers/${sent.id}/messages`).expect(200)).body;
    const [question] = DEMO_STUDENT_ACTIVITY['rece-student-sent-document']!.messages;
    expect(messages).toEqual([expect.objectContaining({ author: 'student', authorName: null, body: question!.body, readAt: null, attachments: [] })]);

    const timeline = (await api.get(`/api/dossiers/${sent.id}/timeline`).expect(200)).body as TimelineEntry[];
    const students = timeline.filter((e) => ['document_sent_by_student', 'message_from_student'].includes(e.event));
    expect(students).toEqual([
      expect.objectContaining({
        event: 'document_sent_by_student',
        actor: { id: null, name: 'student' },
        document: expect.objectContaining({ source: 'student' }),
      }),
      expect.objectContaining({ event: 'message_from_student', actor: { id: null, name: 'student' } }),
    ]);
    const rows = await prisma.dossierHistory.findMany({ where: { dossierId: sent.id, event: { in: ['document_sent_by_student', 'message_from_student'] } } });
    expect(rows.map((r) => [r.event, r.actorId, r.actorLabel])).toEqual([
      ['document_sent_by_student', null, 'student'],
      ['message_from_student', null, 'student'],
    ]);
  });

  it("keeps a thread the office answered, both sides read (the dashboard lists only the dossier above), in the dossier's timeline", async () => {
    const answered = await demoDossier(api, 'rece-message-answered', clock.today());
    expect(answered.status).toBe('received');
    const agent = DEMO_AGENTS[demoDossierInRole('rece-message-answered', clock.today()).dossier.assigneeIndex!]!;
    const thread = (await api.get(`/api/dossiers/${answered.id}/messages`).expect(200)).body as MessageRow[];
    expect(thread.map((m) => [m.author, m.authorName, m.body])).toEqual(
      DEMO_STUDENT_ACTIVITY['rece-message-answered']!.messages.map((m) => [m.author, m.author === 'office' ? agent.displayName : null, m.body]),
    );
    for (const message of thread) expect(new Date(message.readAt!).getTime()).toBeGreaterThan(new Date(message.createdAt).getTime());
    expect(new Date(thread[1]!.createdAt).getTime()).toBeGreaterThan(new Date(thread[0]!.readAt!).getTime());
    expect(new Date(thread[1]!.readAt!).getTime()).toBeLessThan(clock.now().getTime());

    const timeline = (await api.get(`/api/dossiers/${answered.id}/timeline`).expect(200)).body as TimelineEntry[];
    expect(timeline.filter((e) => e.event.startsWith('message_from_')).map((e) => [e.event, e.actor.name])).toEqual([
      ['message_from_student', 'student'],
      ['message_from_office', agent.displayName],
    ]);
  });

  it('leaves what the workflow would have: open requests with running deadlines, transmissions, silence deadlines fired or running', async () => {
    const incomplete = await prisma.dossier.findMany({ where: { status: 'incomplete' }, include: { complementRequests: true, deadlines: true } });
    expect(incomplete.length).toBeGreaterThan(0);
    for (const dossier of incomplete) {
      expect(dossier.complementRequests).toEqual([expect.objectContaining({ status: 'open' })]);
      expect((dossier.complementRequests[0]!.items as unknown[]).length).toBeGreaterThan(0);
      expect(dossier.deadlines).toEqual([expect.objectContaining({ kind: 'complement', status: 'pending' })]);
      expect(dossier.deadlineAt).toEqual(dossier.deadlines[0]!.dueAt);
      expect(dossier.deadlineAt!.getTime()).toBeGreaterThan(clock.now().getTime());
    }
    const forwarded = await prisma.dossier.findMany({
      where: { status: { in: ['forwarded', 'decided'] } },
      include: { transmissionItems: true, deadlines: true, history: true },
    });
    for (const dossier of forwarded) {
      expect(dossier.transmissionItems).toHaveLength(1);
      expect(dossier.implicitRejectionOn).not.toBeNull();
      // the silence ran out before any decision (or still none): the deadline fired and the history says so
      const reached = day(dossier.implicitRejectionOn!) <= (dossier.decidedOn ? day(dossier.decidedOn) : clock.today());
      const expected = reached ? 'fired' : dossier.status === 'forwarded' ? 'pending' : 'cancelled';
      expect(dossier.deadlines.map((d) => [d.kind, d.status])).toEqual([['prefecture_silence', expected]]);
      expect(dossier.history.filter((h) => h.event === 'implicit_rejection')).toHaveLength(reached ? 1 : 0);
      expect(dossier.deadlineAt).toEqual(expected === 'pending' ? dossier.deadlines[0]!.dueAt : null);
    }
    const transmissions = await api.get('/api/transmissions').expect(200);
    expect(transmissions.body.items.length).toBeGreaterThan(0);
  });

  it('answers the checklist of every demo dossier in one request, with findings in both languages', async () => {
    const dossiers = await prisma.dossier.findMany({ select: { id: true, status: true } });
    const counts: Record<string, number> = {};
    for (const dossier of dossiers) {
      const checklist = await api.get(`/api/dossiers/${dossier.id}/checklist`).expect(200);
      for (const finding of checklist.body.findings as { code: string; severity: string; slot?: string; message: { fr: string; en: string } }[]) {
        expect(finding.message.fr).toMatch(/\S/);
        expect(finding.message.en).toMatch(/\S/);
        counts[finding.code] = (counts[finding.code] ?? 0) + 1;
        // dossiers past verification hold every document, accepted
        if (['verified', 'forwarded', 'decided'].includes(dossier.status)) expect(finding.slot).toBeUndefined();
      }
    }
    // the demo shows agents a bit of everything
    expect(Object.keys(counts)).toEqual(expect.arrayContaining(['document.missing', 'document.rejected', 'document.not-reviewed']));
  });

  it('serves received demo dossiers page by page through the API', async () => {
    const page = await api.get('/api/dossiers?status=received&limit=5').expect(200);
    expect(page.body.items).toHaveLength(5);
    expect(page.body.items.every((d: { status: string }) => d.status === 'received')).toBe(true);
    expect(page.body.nextCursor).toEqual(expect.any(String));
    const next = await api.get(`/api/dossiers?status=received&limit=5&cursor=${page.body.nextCursor}`).expect(200);
    const all = await api.get('/api/dossiers?status=received&limit=10').expect(200);
    expect([...page.body.items, ...next.body.items].map((d: { id: string }) => d.id)).toEqual(all.body.items.map((d: { id: string }) => d.id));
  });
});
