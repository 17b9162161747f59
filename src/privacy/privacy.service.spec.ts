import { Logger } from '@nestjs/common';
import { TestClock } from '../../test/support/test-clock';
import type { AuditEntry } from '../audit/audit.model';
import type { AuditService } from '../audit/audit.service';
import { loadConfig } from '../config/app-config';
import type { UnitOfWork } from '../infra/prisma/unit-of-work';
import type { QueueService } from '../infra/queue/queue.service';
import type { DocumentStorage } from '../infra/storage/document-storage';
import type { EndedDossierDocument, ErasureSummary, PrivacyRepository } from './privacy.repository';
import { PrivacyService } from './privacy.service';

type Outcome = EndedDossierDocument['outcome'];

/** The repository as the service sees it: the SQL's "ended before" and "no open dossier" filters, deletions and looks kept in memory. */
class FakePrivacyRepository {
  deletions: { ids: string[]; tx: unknown }[] = [];
  erasures: { studentId: string; tx: unknown }[] = [];
  anonymiseCutoffs: Date[] = [];
  /** The looks for an open dossier and the erasures, in the order made, each with its transaction. */
  steps: { step: 'look' | 'erase'; studentId: string; tx: unknown }[] = [];
  /** The students' open dossiers: student id → reference. */
  openDossiers = new Map<string, string>();
  /** What happens once students are picked for anonymisation, before their transactions. */
  afterPick = () => {};

  constructor(
    public documents: EndedDossierDocument[],
    private studentsLeft: string[] = [],
  ) {}

  lockStudentFindOpenDossier(studentId: string, tx: unknown): Promise<string | null> {
    this.steps.push({ step: 'look', studentId, tx });
    return Promise.resolve(this.openDossiers.get(studentId) ?? null);
  }

  documentsOfDossiersEndedBefore(endedBefore: Date): Promise<EndedDossierDocument[]> {
    return Promise.resolve(this.documents.filter((d) => d.endedAt < endedBefore));
  }

  deleteDocuments(ids: string[], tx: unknown): Promise<number> {
    this.deletions.push({ ids, tx });
    this.documents = this.documents.filter((d) => !ids.includes(d.id));
    return Promise.resolve(ids.length);
  }

  studentsToAnonymise(endedBefore: Date, limit: number): Promise<string[]> {
    this.anonymiseCutoffs.push(endedBefore);
    const picked = this.studentsLeft.filter((id) => !this.openDossiers.has(id)).slice(0, limit);
    this.afterPick();
    return Promise.resolve(picked);
  }

  erase(studentId: string, tx: unknown): Promise<ErasureSummary> {
    this.erasures.push({ studentId, tx });
    this.steps.push({ step: 'erase', studentId, tx });
    this.studentsLeft = this.studentsLeft.filter((id) => id !== studentId);
    return Promise.resolve({ documents: 2, files: 1, storageKeys: [`scan-of-${studentId}`], notifications: 1, notificationIds: [`mail-of-${studentId}`] });
  }
}

/** The service over `repository`, with an audit, storage and queues that record what they are asked. */
function privacyService(repository: FakePrivacyRepository, unitOfWork: { run: unknown }, clock: TestClock, env: NodeJS.ProcessEnv = {}) {
  const audits: { entry: AuditEntry; tx: unknown }[] = [];
  const redacted: { studentId: string; tx: unknown }[] = [];
  const removedScans: string[] = [];
  const forgottenJobs: unknown[] = [];
  const done = <T>(effect: () => T) => Promise.resolve(effect());
  const audit = {
    record: (entry: AuditEntry, within: unknown) => done(() => void audits.push({ entry, tx: within })),
    redactStudent: (studentId: string, within: unknown) => done(() => redacted.push({ studentId, tx: within })),
  };
  const storage = { remove: (key: string) => done(() => void removedScans.push(key)) };
  const queues = { remove: (requests: unknown[]) => done(() => void forgottenJobs.push(...requests)) };
  const service = new PrivacyService(
    repository as unknown as PrivacyRepository,
    unitOfWork as unknown as UnitOfWork,
    storage as unknown as DocumentStorage,
    audit as unknown as AuditService,
    clock,
    loadConfig({ OFFICE_TIMEZONE: 'Europe/Paris', ...env }),
    queues as unknown as QueueService,
  );
  return { service, audits, redacted, removedScans, forgottenJobs };
}

describe('PrivacyService: the nightly retention', () => {
  const TODAY = '2026-06-15';
  const clock = new TestClock({ OFFICE_TIMEZONE: 'Europe/Paris' }).freeze(`${TODAY}T10:00:00Z`);
  const tx = { transaction: 'the one under way' };
  beforeAll(() => Logger.overrideLogger(false));

  let next = 0;
  /** The documents of one dossier that ended (decided or closed) on `endedOn`. */
  const dossier = (outcome: Outcome, endedOn: string, kinds: string[]): EndedDossierDocument[] =>
    kinds.map((kind) => {
      next++;
      return {
        id: `doc-${next}`,
        kind,
        dossierId: `${outcome}@${endedOn}`,
        studentId: `student-of-${outcome}@${endedOn}`,
        outcome,
        endedAt: new Date(`${endedOn}T10:00:00Z`),
        storageKeys: [`scan-${next}`],
      };
    });

  async function retention(documents: EndedDossierDocument[], env: NodeJS.ProcessEnv, studentsToAnonymise: string[] = []) {
    return retentionOver(new FakePrivacyRepository(documents, studentsToAnonymise), env);
  }

  async function retentionOver(repository: FakePrivacyRepository, env: NodeJS.ProcessEnv) {
    const documents = repository.documents;
    const unitOfWork = { run: <T>(work: (within: typeof tx) => Promise<T>) => work(tx) };
    const { service, audits, redacted, removedScans, forgottenJobs } = privacyService(repository, unitOfWork, clock, env);
    const outcome = await service.applyRetention();
    const deletedIds = new Set(repository.deletions.flatMap((d) => d.ids));
    /** What went, by dossier: its kinds, sorted. */
    const deleted: Record<string, string[]> = {};
    for (const document of documents.filter((d) => deletedIds.has(d.id))) (deleted[document.dossierId] ??= []).push(document.kind);
    for (const kinds of Object.values(deleted)) kinds.sort();
    return { outcome, deleted, repository, audits, redacted, removedScans, forgottenJobs };
  }

  const defaults = { RETENTION_DOCUMENTS_MONTHS: 'favourable:6,refused:14,closed:6' };

  describe('the refusal floor: a refused dossier keeps its documents at least the refusal months (the appeal deadlines)', () => {
    const env = { ...defaults, RETENTION_KIND_MONTHS: 'passport:3,diploma:24' };

    it('keeps a kind of fewer months (passport: 3) as long as the refusal (14), where a favourable decision lets it go', async () => {
      const { deleted } = await retention(
        [
          ...dossier('refused', '2026-02-15', ['passport', 'proof-of-address']),
          ...dossier('refused', '2025-05-15', ['passport']),
          ...dossier('favourable', '2026-02-15', ['passport']),
        ],
        env,
      );
      // four months after the refusal, and thirteen: nothing goes; four months after a favourable decision, the passport does
      expect(deleted).toEqual({ 'favourable@2026-02-15': ['passport'] });
    });

    it('lets them go on the day the refusal months run out, passports with the rest', async () => {
      const { deleted } = await retention(
        [...dossier('refused', '2025-04-15', ['passport', 'proof-of-address']), ...dossier('refused', '2025-04-16', ['passport'])],
        env,
      );
      expect(deleted).toEqual({ 'refused@2025-04-15': ['passport', 'proof-of-address'] });
    });

    it('keeps a kind of more months (diploma: 24) past the refusal months', async () => {
      const { deleted } = await retention(dossier('refused', '2025-03-15', ['diploma', 'proof-of-address']), env);
      expect(deleted).toEqual({ 'refused@2025-03-15': ['proof-of-address'] });
    });
  });

  describe('per-kind keeping (RETENTION_KIND_MONTHS): a kind with its own months is kept that long, the others the outcome months', () => {
    it('deletes a kind of fewer months first (passport: 3), the others at the outcome months (favourable, closed: 6)', async () => {
      const env = { ...defaults, RETENTION_KIND_MONTHS: 'passport:3' };
      const { deleted } = await retention(
        [
          ...dossier('favourable', '2026-03-10', ['passport', 'proof-of-address']),
          ...dossier('closed', '2026-03-20', ['passport', 'proof-of-address']),
          ...dossier('favourable', '2025-12-15', ['passport', 'proof-of-address']),
        ],
        env,
      );
      expect(deleted).toEqual({ 'favourable@2026-03-10': ['passport'], 'favourable@2025-12-15': ['passport', 'proof-of-address'] });
    });

    it('keeps a kind of more months (diploma: 12) after the outcome months of its dossier ran out', async () => {
      const env = { ...defaults, RETENTION_KIND_MONTHS: 'diploma:12' };
      const { deleted } = await retention(
        [...dossier('favourable', '2025-11-15', ['diploma', 'passport']), ...dossier('closed', '2025-06-15', ['diploma'])],
        env,
      );
      expect(deleted).toEqual({ 'favourable@2025-11-15': ['passport'], 'closed@2025-06-15': ['diploma'] });
    });

    it('without RETENTION_KIND_MONTHS, every kind is kept the outcome months', async () => {
      const { deleted } = await retention(
        [...dossier('favourable', '2026-01-15', ['passport']), ...dossier('closed', '2025-12-10', ['passport', 'diploma'])],
        defaults,
      );
      expect(deleted).toEqual({ 'closed@2025-12-10': ['diploma', 'passport'] });
    });
  });

  it("deletes a dossier's documents and writes its audit row in one transaction, then removes the scans", async () => {
    const documents = dossier('closed', '2025-11-15', ['passport', 'diploma']);
    const { outcome, repository, audits, removedScans } = await retention(documents, defaults);
    expect(outcome).toEqual({ documentsDeleted: 2, filesDeleted: 2, studentsAnonymised: 0 });
    expect(repository.deletions).toEqual([{ ids: documents.map((d) => d.id), tx }]);
    expect(audits).toEqual([
      {
        entry: expect.objectContaining({
          action: 'retention.documents_deleted',
          resourceId: 'closed@2025-11-15',
          details: expect.objectContaining({ outcome: 'closed', kinds: ['diploma', 'passport'], documents: 2, files: 2 }),
        }),
        tx,
      },
    ]);
    expect(removedScans.sort()).toEqual(documents.flatMap((d) => d.storageKeys).sort());
  });

  it('anonymises the students whose last dossier ended RETENTION_ANONYMISE_MONTHS ago, each erased, redacted and audited in one transaction', async () => {
    const { outcome, repository, redacted, audits, removedScans, forgottenJobs } = await retention([], { ...defaults, RETENTION_ANONYMISE_MONTHS: '36' }, [
      's1',
      's2',
    ]);
    expect(outcome.studentsAnonymised).toBe(2);
    // from the start of the office's day, 36 months back (midnight in Paris is 22:00 UTC in summer)
    expect(repository.anonymiseCutoffs[0]).toEqual(new Date('2023-06-14T22:00:00Z'));
    expect(repository.erasures).toEqual([
      { studentId: 's1', tx },
      { studentId: 's2', tx },
    ]);
    expect(redacted).toEqual([
      { studentId: 's1', tx },
      { studentId: 's2', tx },
    ]);
    expect(audits.map((a) => [a.entry.action, a.entry.resourceId, a.tx])).toEqual([
      ['retention.student_anonymised', 's1', tx],
      ['retention.student_anonymised', 's2', tx],
    ]);
    expect(removedScans).toEqual(['scan-of-s1', 'scan-of-s2']);
    expect(forgottenJobs).toHaveLength(2);
  });

  it('leaves a student whose dossier was reopened after they were picked, looking under their lock in the transaction that would erase them', async () => {
    const repository = new FakePrivacyRepository([], ['s1', 's2']);
    repository.afterPick = () => repository.openDossiers.set('s1', 'RE-2026-00042');
    const { outcome, redacted, audits, removedScans } = await retentionOver(repository, { ...defaults, RETENTION_ANONYMISE_MONTHS: '36' });
    expect(outcome.studentsAnonymised).toBe(1);
    expect(repository.steps).toEqual([
      { step: 'look', studentId: 's1', tx },
      { step: 'look', studentId: 's2', tx },
      { step: 'erase', studentId: 's2', tx },
    ]);
    expect(redacted.map((r) => r.studentId)).toEqual(['s2']);
    expect(audits.map((a) => a.entry.resourceId)).toEqual(['s2']);
    expect(removedScans).toEqual(['scan-of-s2']);
  });
});

describe('PrivacyService: erasing a student on request', () => {
  const clock = new TestClock({ OFFICE_TIMEZONE: 'Europe/Paris' }).freeze('2026-11-20T10:00:00Z');
  const ADMIN = { agentId: 'a1', label: 'Test Admin', role: 'admin' as const, institutionIds: null };

  /** The erasure of s1 on request; each transaction is a new `tx`, and `whileWaiting` is what other requests commit before it takes the student's lock. */
  function erasure(repository: FakePrivacyRepository, whileWaiting: () => void = () => {}) {
    const transactions: object[] = [];
    const unitOfWork = {
      run: <T>(work: (within: object) => Promise<T>) => {
        const within = { transaction: transactions.length + 1 };
        transactions.push(within);
        whileWaiting();
        return work(within);
      },
    };
    const recorded = privacyService(repository, unitOfWork, clock);
    return { ...recorded, transactions, erase: () => recorded.service.erase('s1', 'request of 2026-11-20', ADMIN, 'req-1') };
  }

  it("looks for an open dossier under the student's lock, in the transaction that erases them, then erases, redacts and audits there", async () => {
    const repository = new FakePrivacyRepository([]);
    const { erase, transactions, redacted, audits, removedScans, forgottenJobs } = erasure(repository);
    expect(await erase()).toEqual({ documents: 2, files: 1, notifications: 1 });
    expect(transactions).toHaveLength(1);
    const [tx] = transactions;
    expect(repository.steps).toEqual([
      { step: 'look', studentId: 's1', tx },
      { step: 'erase', studentId: 's1', tx },
    ]);
    expect(redacted).toEqual([{ studentId: 's1', tx }]);
    expect(audits).toEqual([
      { entry: expect.objectContaining({ action: 'student.erase', details: expect.objectContaining({ reason: 'request of 2026-11-20' }) }), tx },
    ]);
    expect(removedScans).toEqual(['scan-of-s1']);
    expect(forgottenJobs).toHaveLength(1);
  });

  it('refuses (409, naming the dossier) while a dossier of the student is open, erasing nothing', async () => {
    const repository = new FakePrivacyRepository([]);
    repository.openDossiers.set('s1', 'RE-2026-00042');
    const { erase, redacted, audits, removedScans } = erasure(repository);
    await expect(erase()).rejects.toMatchObject({ problem: { status: 409, type: '/problems/dossier-open', dossier: 'RE-2026-00042' } });
    expect(repository.erasures).toEqual([]);
    expect([redacted, audits, removedScans]).toEqual([[], [], []]);
  });

  it('refuses a student whose dossier was reopened while the erasure waited for its transaction', async () => {
    const repository = new FakePrivacyRepository([]);
    const { erase } = erasure(repository, () => repository.openDossiers.set('s1', 'RE-2026-00042'));
    await expect(erase()).rejects.toMatchObject({ problem: { status: 409, dossier: 'RE-2026-00042' } });
    expect(repository.erasures).toEqual([]);
  });
});
