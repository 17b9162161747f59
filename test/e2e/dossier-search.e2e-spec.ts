import { randomBytes } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { searchWords } from '../../src/common/search-text';
import { searchByWords } from '../../src/dossiers/dossier-search';
import type { DossierFilter, DossierStatus, ListedDossier } from '../../src/dossiers/dossiers.model';
import { DossiersRepository } from '../../src/dossiers/dossiers.repository';
import { PrismaService } from '../../src/infra/prisma/prisma.service';
import { AgentClient, asAgent, startApi } from '../support/api';
import { addMessage, addStudentDocument, createDossier, createInstitution, createStudent } from '../support/factories';

type Case = Omit<DossierFilter, 'limit' | 'after' | 'scope' | 'sort'> & Partial<Pick<DossierFilter, 'scope' | 'sort'>>;

/**
 * The searched list (issue 18) reads the dossiers' words (dossier_search_words, kept by
 * database triggers) when it can: for every filter it serves, it must list the same dossiers,
 * field for field and in the same order over pages, as the general query through the
 * dossiers' indexes, and both must be what "every search word starts a word of the dossier's
 * search text" says (computed here from the search text, which an older trigger keeps) — after
 * each change of status, day received, institution and name too.
 */
describe('the searched dossier list', () => {
  let app: NestFastifyApplication;
  let api: AgentClient;
  let prisma: PrismaService;
  let dossiers: DossiersRepository;
  // a name of this run only: every search below has a word starting it, so no other test's dossier matches
  const name = `Zq${Date.now().toString(36)}${randomBytes(3).toString('hex')}`.toUpperCase();
  const word = name.toLowerCase();
  let here: string, there: string, elsewhere: string;
  const opened: { id: string; reference: string; studentId: string; studentNumber: string }[] = [];

  beforeAll(async () => {
    app = await startApi();
    api = asAgent(app);
    prisma = app.get(PrismaService);
    dossiers = app.get(DossiersRepository);
    [here, there, elsewhere] = (await Promise.all([0, 1, 2].map(async () => (await createInstitution(api)).id))) as [string, string, string];
    // names with accents, an apostrophe, a second name starting with the first, first names sharing a prefix;
    // days received with ties (the id decides), over two years of references
    const people = [
      { birthName: name, firstNames: 'Awa', institutionId: here, receivedAt: '2026-01-10', status: 'received' },
      { birthName: name, firstNames: 'Thi Mai', institutionId: here, receivedAt: '2026-01-10', status: 'incomplete' },
      { birthName: name, firstNames: 'Rosa', institutionId: there, receivedAt: '2026-01-10', status: 'decided' },
      { birthName: `${name}SON`, firstNames: 'Rosalía', institutionId: there, receivedAt: '2025-11-03', status: 'received' },
      { birthName: name, usageName: `${name}SON`, firstNames: 'Mai Linh', institutionId: elsewhere, receivedAt: '2025-12-24', status: 'forwarded' },
      { birthName: `N'DIAYE ${name}`, firstNames: 'Hélène', institutionId: here, receivedAt: '2026-02-01', status: 'incomplete' },
      { birthName: name, firstNames: 'Ndeye', institutionId: elsewhere, receivedAt: '2026-02-01', status: 'received' },
      { birthName: `EL-${name}`, firstNames: 'Karim', institutionId: there, receivedAt: '2026-03-15', status: 'closed' },
    ];
    for (const { receivedAt, status, ...student } of people) {
      const created = await createStudent(api, student);
      const dossier = await createDossier(api, { studentId: created.id, receivedAt });
      if (status !== 'received') await prisma.dossier.update({ where: { id: dossier.id }, data: { status: status as DossierStatus } });
      opened.push({ id: dossier.id, reference: dossier.reference, studentId: created.id, studentNumber: created.studentNumber });
    }
    // what the student sent, which each row of the list counts
    await addStudentDocument(prisma, opened[1]!.id);
    await addMessage(prisma, opened[2]!.id);
  });
  afterAll(() => app.close());

  /** Every row of a list, through pages of `limit` rows and the cursor of each page's last one. */
  async function allPages(read: (filter: DossierFilter) => Promise<ListedDossier[] | null>, filter: Case, limit: number): Promise<ListedDossier[]> {
    const rows: ListedDossier[] = [];
    let after: DossierFilter['after'];
    for (;;) {
      const page = await read({ scope: null, sort: '-receivedAt', ...filter, limit, after });
      if (page === null) throw new Error(`the words did not lead for ${JSON.stringify(filter)}`);
      rows.push(...page);
      if (page.length < limit) return rows;
      after = { key: page.at(-1)!.dossier.receivedAt, id: page.at(-1)!.dossier.id };
    }
  }

  /** The dossiers of this test the filter should list, in order, from their search text (an independent oracle of the match). */
  async function expected(filter: Case): Promise<string[]> {
    const rows = await prisma.dossier.findMany({ where: { searchText: { contains: word.slice(0, -2) } } });
    const institutions = filter.scope ?? null;
    const ascending = filter.sort === 'receivedAt';
    return rows
      .filter((row) => (filter.words ?? []).every((query) => row.searchText.split(' ').some((own) => own.startsWith(query))))
      .filter((row) => !filter.statuses?.length || filter.statuses.includes(row.status))
      .filter(
        (row) =>
          (institutions === null || institutions.includes(row.institutionId)) &&
          (!filter.institutionId || row.institutionId === filter.institutionId.toLowerCase()),
      )
      .sort((a, b) => {
        const byDay = a.receivedAt.getTime() - b.receivedAt.getTime() || (a.id < b.id ? -1 : 1);
        return ascending ? byDay : -byDay;
      })
      .map((row) => row.id);
  }

  const cases = (): [string, Case][] => [
    ['a name, newest first', { words: [word] }],
    ['a name, oldest first', { words: [word], sort: 'receivedAt' }],
    ['a prefix of two names (a dossier with both, once)', { words: [word.slice(0, -2)] }],
    ['a name and a first name', { words: [word, 'mai'] }],
    ['a short prefix and a name', { words: ['ro', word], sort: 'receivedAt' }],
    ["N'DIAYE", { words: searchWords(`N'DIAYE ${name}`) }],
    ['a first name with accents typed in capitals', { words: searchWords(`HÉLÈNE ${name}`) }],
    ['a status', { words: [word], statuses: ['incomplete'] }],
    ['two statuses, oldest first', { words: [word], statuses: ['received', 'decided'], sort: 'receivedAt' }],
    ['an agent restricted to two institutions', { words: [word], scope: [here, there] }],
    ['a restricted agent asking for an institution they do not cover', { words: [word], scope: [here], institutionId: elsewhere }],
    ['an institution, a status and a prefix', { words: [word.slice(0, -1)], institutionId: there, statuses: ['received', 'closed'] }],
    ['an institution id in capitals, by a restricted agent', { words: [word], scope: [here, there], institutionId: there.toUpperCase() }],
    ['a word no dossier starts', { words: [word, 'qqqzzz'] }],
  ];

  async function expectBothPathsAgree(): Promise<void> {
    for (const [label, filter] of cases()) {
      const byWords = await allPages((f) => searchByWords(prisma, f), filter, 2);
      const byIndexes = await allPages((f) => dossiers.listByIndexes(f), filter, 2);
      expect({ label, ids: byWords.map((row) => row.dossier.id) }).toEqual({ label, ids: await expected(filter) });
      expect({ label, rows: byWords }).toEqual({ label, rows: byIndexes });
    }
  }

  it('lists every filter the words serve as the general query does, over pages in both orders', async () => {
    expect(await expected({ words: [word] })).toHaveLength(8);
    expect(await expected({ words: [word.slice(0, -2)] })).toHaveLength(8);
    expect(await expected({ words: searchWords(`HÉLÈNE ${name}`) })).toEqual([opened[5]!.id]);
    await expectBothPathsAgree();
    const listed = await allPages((f) => dossiers.list(f), { words: [word] }, 3);
    expect(listed.find((row) => row.dossier.id === opened[1]!.id)?.activity).toEqual({ newDocuments: 1, unreadMessages: 0 });
  });

  it('follows each change of status, day received, institution and name', async () => {
    await prisma.dossier.update({ where: { id: opened[0]!.id }, data: { status: 'incomplete' } });
    await prisma.dossier.update({ where: { id: opened[3]!.id }, data: { receivedAt: new Date('2026-04-10T00:00:00Z') } });
    // the student changes institution: their open dossier follows
    await api.patch(`/api/students/${opened[6]!.studentId}`, { institutionId: there }).expect(200);
    // a new name replaces the dossier's words
    await api.patch(`/api/students/${opened[4]!.studentId}`, { birthName: 'OKAFOR', usageName: null }).expect(200);
    expect(await expected({ words: [word], statuses: ['incomplete'] })).toContain(opened[0]!.id);
    expect(await expected({ words: [word] })).not.toContain(opened[4]!.id);
    await expectBothPathsAgree();
    const renamed = await allPages((f) => searchByWords(prisma, f), { words: ['okafor', 'mai', 'linh'] }, 50);
    expect(renamed.map((row) => row.dossier.id)).toContain(opened[4]!.id);
  });

  /** Search words start words: a reference and a student number are found the ways an agent types them. */
  it('finds a dossier by its reference, a part of it, or its student number, as typed', async () => {
    const { id, reference, studentNumber } = opened[7]!;
    const [, year, number] = reference.split('-');
    for (const typed of [
      reference,
      reference.toLowerCase(),
      number!,
      `${year}-${number}`,
      `${year} ${number}`,
      studentNumber,
      studentNumber.slice(0, -2),
      `${name} ${number}`,
    ]) {
      const { body } = await api.get(`/api/dossiers?q=${encodeURIComponent(typed)}&limit=100`).expect(200);
      expect({ typed, found: (body.items as { id: string }[]).some((item) => item.id === id) }).toEqual({ typed, found: true });
    }
    // the middle of a word is not the start of one
    for (const typed of [number!.slice(2), studentNumber.slice(2), name.slice(3)]) {
      const { body } = await api.get(`/api/dossiers?q=${encodeURIComponent(typed)}&limit=100`).expect(200);
      expect({ typed, found: (body.items as { id: string }[]).some((item) => item.id === id) }).toEqual({ typed, found: false });
    }
  });
});
