import type { AgentClient } from './api';

// The records of the demo office the screens of the walk (test/support/screens.ts) are opened on.

/** The demo dossier shown for each status (a decided one for each decision). */
export const DOSSIER_PAGES = ['received', 'incomplete', 'verified', 'forwarded', 'decided-favourable', 'decided-refused', 'closed'] as const;
export type DossierPage = (typeof DOSSIER_PAGES)[number];

/** What the screens are opened on: records of the demo office, read from the API. */
export interface DemoRecords {
  dossiers: Record<DossierPage, { id: string; reference: string }>;
  studentId: string;
  institutionId: string;
  agentId: string;
  transmissionId: string;
  procedureCodes: string[];
  /** A dossier with e-mails (the demo's failed one). */
  emailDossierId: string;
}
interface Listed<T> {
  items: T[];
}

/** The records the screens show, as the demo office has them. */
export async function readDemoRecords(api: AgentClient): Promise<DemoRecords> {
  const list = async <T>(path: string): Promise<T[]> => ((await api.get(path).expect(200)).body as Listed<T>).items;
  type Row = { id: string; reference: string; status: string; decision: string | null; studentId: string };
  const dossiers = {} as DemoRecords['dossiers'];
  for (const page of DOSSIER_PAGES) {
    const [status, decision] = page.split('-');
    const rows = (await list<Row>(`/api/dossiers?status=${status}&limit=200`)).filter((d) => !decision || d.decision === decision);
    if (!rows[0]) throw new Error(`The demo office has no dossier for the page "${page}": the walk shows one of each.`);
    dossiers[page] = { id: rows[0].id, reference: rows[0].reference };
  }
  const first = (await list<Row>('/api/dossiers?status=received&limit=1'))[0]!;
  const agents = (await api.get('/api/agents').expect(200)).body as { id: string; role: string }[] | Listed<{ id: string; role: string }>;
  const agentRows = Array.isArray(agents) ? agents : agents.items;
  const procedures = (await api.get('/api/procedures').expect(200)).body as { code: string }[] | Listed<{ code: string }>;
  const transmission = (await list<{ id: string }>('/api/transmissions?limit=1'))[0];
  if (!transmission) throw new Error('The demo office has no transmission: the walk shows one.');
  const failed = ((await api.get('/api/dashboard').expect(200)).body as { failedEmails: Listed<{ dossierId: string | null }> }).failedEmails.items;
  const emailDossierId = failed.find((e) => e.dossierId)?.dossierId;
  if (!emailDossierId) throw new Error('The demo office has no failed e-mail of a dossier: the walk opens one.');
  return {
    dossiers,
    studentId: first.studentId,
    institutionId: (await list<{ id: string }>('/api/institutions?limit=1'))[0]!.id,
    agentId: (agentRows.find((a) => a.role === 'agent') ?? agentRows[0]!).id,
    transmissionId: transmission.id,
    procedureCodes: (Array.isArray(procedures) ? procedures : procedures.items).map((p) => p.code),
    emailDossierId,
  };
}

/** A scan in the received dossier (the demo has none), for the walk to preview it: a one-page PDF. */
export async function addScan(api: AgentClient, dossierId: string): Promise<void> {
  const pdf = Buffer.from(
    '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj 3 0 obj<</Type/Page/MediaBox[0 0 200 200]/Parent 2 0 R>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
  );
  await api
    .post(`/api/dossiers/${dossierId}/documents`)
    .field('kind', 'passport')
    .field('attributes', JSON.stringify({ allPages: true }))
    .attach('file', pdf, { filename: 'passeport.pdf', contentType: 'application/pdf' })
    .expect(201);
}
