import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Client } from 'pg';
import { AgentClient, asAgent, startApi } from '../support/api';
import { createDossier, createStudent, today } from '../support/factories';
import { COMPLETE_RECE, move, recordAccepted } from '../support/workflow';

/** A statement's text, whichever way pg was given it (text, or a config with its name). */
const textOf = (query: unknown): string => (typeof query === 'string' ? query : ((query as { text?: string } | null)?.text ?? ''));
const mentions = (text: string, table: string) => new RegExp(`(^|[^\\w"])"?${table}"?([^\\w"]|$)`).test(text);
const writes = (text: string, table: string) => new RegExp(`\\b(INSERT INTO|UPDATE)\\s+("public"\\.)?"?${table}"?[\\s(]`, 'i').test(text);

/**
 * The three hot writes of issue 18 (and the checklist they are judged on) as few statements as
 * their work allows: every statement the API sends PostgreSQL during a request is seen here, on
 * the pg client under both Prisma and the hand-written statements.
 */
describe('the checklist, opening a dossier and a transition, statement by statement', () => {
  let app: NestFastifyApplication;
  let api: AgentClient;
  let seen: string[] | null = null;

  beforeAll(async () => {
    app = await startApi();
    api = asAgent(app);
    const query = Client.prototype.query;
    jest.spyOn(Client.prototype, 'query').mockImplementation(function (this: Client, ...args: unknown[]) {
      seen?.push(textOf(args[0]));
      return (query as (...a: unknown[]) => unknown).apply(this, args);
    });
  });
  afterAll(async () => {
    jest.restoreAllMocks();
    await app.close();
  });

  /** The statements sent while `request` runs. */
  async function statementsOf(request: () => Promise<unknown>): Promise<string[]> {
    seen = [];
    try {
      await request();
      return seen;
    } finally {
      seen = null;
    }
  }

  it('reads everything a checklist is worked out from in one statement', async () => {
    const dossier = await createDossier(api, { facts: { housing: 'tenant' } });
    await recordAccepted(api, dossier.id, COMPLETE_RECE().slice(0, 2));
    const statements = await statementsOf(() => api.get(`/api/dossiers/${dossier.id}/checklist`).expect(200));
    const inputs = statements.filter((s) => ['dossier_documents', 'students', 'institutions'].some((table) => mentions(s, table)));
    expect(inputs).toHaveLength(1);
    expect(['dossier_documents', 'students', 'institutions'].every((table) => mentions(inputs[0]!, table))).toBe(true);
  });

  it('opens a dossier in one statement, after one read of the student and the version in effect', async () => {
    await createDossier(api); // the catalog version is read once per process, then kept
    const student = await createStudent(api);
    const statements = await statementsOf(() => api.post('/api/dossiers', { studentId: student.id, procedureCode: 'rece', receivedAt: today() }).expect(201));
    const written = statements.filter((s) => ['dossiers', 'dossier_history', 'outbox', 'reference_counters'].some((table) => writes(s, table)));
    expect(written).toHaveLength(1);
    expect(['dossiers', 'dossier_history', 'outbox', 'reference_counters'].every((table) => writes(written[0]!, table))).toBe(true);
    expect(statements.filter((s) => /^\s*BEGIN\b/i.test(s))).toEqual([]);
    const reads = statements.filter((s) => mentions(s, 'procedure_versions'));
    expect(reads).toHaveLength(1);
    expect(mentions(reads[0]!, 'students')).toBe(true);
  });

  it('moves a dossier in one statement: its row, its deadlines, its history and its outbox', async () => {
    const dossier = await createDossier(api, { facts: { housing: 'tenant' } });
    await recordAccepted(api, dossier.id, COMPLETE_RECE());
    await move(api, dossier.id, { to: 'verified' });
    await move(api, dossier.id, { to: 'forwarded' });
    const statements = await statementsOf(() => move(api, dossier.id, { to: 'decided', decision: 'favourable' }));
    const written = statements.filter((s) => ['dossiers', 'deadlines', 'dossier_history', 'outbox'].some((table) => writes(s, table)));
    expect(written).toHaveLength(1);
    expect(['dossiers', 'deadlines', 'dossier_history', 'outbox'].every((table) => writes(written[0]!, table))).toBe(true);
    expect(statements.filter((s) => /^\s*BEGIN\b/i.test(s))).toEqual([]);
    const decided = await api.get(`/api/dossiers/${dossier.id}`).expect(200);
    expect(decided.body).toMatchObject({ status: 'decided', decision: 'favourable', deadlineAt: null });
  });
});
