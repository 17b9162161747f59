import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApi } from '../../src/app.setup';
import { loadConfig } from '../../src/config/app-config';
import { seedDemo } from '../../src/demo/demo-seed';
import { DOSSIER_STATUSES } from '../../src/dossiers/dossiers.model';
import { prepareDatabase } from '../../src/setup/database-setup';
import { PrismaService } from '../../src/infra/prisma/prisma.service';
import { DEMO_ADMIN } from '../../src/demo/demo-data';
import { demoLogins } from '../../src/demo/demo-logins';
import { AgentClient, anonymous, withToken } from '../support/api';
import { scratchDatabase } from '../support/scratch-database';

/** The demo office the run command loads, in a database of its own. */
describe('demo seed', () => {
  let database: { url: string; drop: () => Promise<void> };
  let app: NestFastifyApplication;
  let api: AgentClient;

  beforeAll(async () => {
    database = await scratchDatabase();
    const config = loadConfig({ ...process.env, DATABASE_URL: database.url });
    await prepareDatabase(config);
    expect(await seedDemo(config)).toMatch(/^demo office loaded: 3 institutions, 3 agents, \d+ students, \d+ dossiers$/);
    const logins = await demoLogins(config);
    app = await createApi(config);
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
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
    const prisma = app.get(PrismaService);
    const before = await prisma.dossier.count();
    expect(await seedDemo(loadConfig({ ...process.env, DATABASE_URL: database.url }))).toBe('demo data already present');
    expect(await prisma.dossier.count()).toBe(before);
  });

  it('has dossiers in every status, with consecutive references and a history ending in their status', async () => {
    const prisma = app.get(PrismaService);
    const byStatus = await prisma.dossier.groupBy({ by: ['status'], _count: true });
    expect(byStatus.map((g) => g.status).sort()).toEqual([...DOSSIER_STATUSES].sort());
    const dossiers = await prisma.dossier.findMany({ include: { history: { orderBy: { id: 'asc' } } }, orderBy: { reference: 'asc' } });
    for (const dossier of dossiers) {
      expect(dossier.history[dossier.history.length - 1]!.toStatus).toBe(dossier.status);
      expect(dossier.version).toBe(dossier.history.length);
    }
    const counter = await prisma.referenceCounter.findMany({ where: { prefix: 'CMI' } });
    expect(counter.reduce((sum, c) => sum + c.last, 0)).toBe(dossiers.length);
  });

  it('leaves what the workflow would have: open requests with running deadlines, transmissions, silence deadlines', async () => {
    const prisma = app.get(PrismaService);
    const incomplete = await prisma.dossier.findMany({ where: { status: 'incomplete' }, include: { complementRequests: true, deadlines: true } });
    expect(incomplete.length).toBeGreaterThan(0);
    for (const dossier of incomplete) {
      expect(dossier.complementRequests).toEqual([expect.objectContaining({ status: 'open' })]);
      expect((dossier.complementRequests[0]!.items as unknown[]).length).toBeGreaterThan(0);
      expect(dossier.deadlines).toEqual([expect.objectContaining({ kind: 'complement', status: 'pending' })]);
      expect(dossier.deadlineAt).toEqual(dossier.deadlines[0]!.dueAt);
      expect(dossier.deadlineAt!.getTime()).toBeGreaterThan(Date.now());
    }
    const forwarded = await prisma.dossier.findMany({
      where: { status: { in: ['forwarded', 'decided'] } },
      include: { transmissionItems: true, deadlines: true },
    });
    for (const dossier of forwarded) {
      expect(dossier.transmissionItems).toHaveLength(1);
      expect(dossier.implicitRejectionOn).not.toBeNull();
      expect(dossier.deadlines.map((d) => [d.kind, d.status])).toEqual([['prefecture_silence', dossier.status === 'forwarded' ? 'pending' : 'cancelled']]);
    }
    const transmissions = await api.get('/api/transmissions').expect(200);
    expect(transmissions.body.items.length).toBeGreaterThan(0);
  });

  it('answers the checklist of every demo dossier in one request, with findings in both languages', async () => {
    const dossiers = await app.get(PrismaService).dossier.findMany({ select: { id: true, status: true } });
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
