import type { DataProvider, GetListParams, GetListResult, RaRecord } from 'react-admin';
import type { DocumentFields } from '../dossiers/dossierForms';
import type { ComplementPreview, Dossier, DossierMessage, DossierNote, NotificationMessage, SlipLink } from '../dossiers/types';
import { answer, api, client, fetchBlob, query } from './http';
import { integrationCalls } from './integrationCalls';
import { changedFields, createBody, inTurn, keysetPageInfo, listQuery, pageOfWhole, walkToPage, wholeRows, withId, type KeysetPage } from './restContract';

/**
 * react-admin's data provider over Passerelle's REST contract, the app's one way to the API:
 * - lists are keyset pages (`limit` + `cursor`, `nextCursor`), not offsets: the cursor of each
 *   page reached is kept, so "next" and "previous" walk the pages (react-admin's `pageInfo`);
 *   the total is given on the last page, where it is known (keysetPageInfo), never guessed;
 * - sorts are `sort=-receivedAt`, only on the fields each list sorts by;
 * - what belongs to a dossier (checklist, documents, timeline, e-mails, summonses, messages, the student's link) is read as resources of
 *   their own: `getOne('dossierChecklists', { id: dossierId })`, `getManyReference('dossierDocuments',
 *   { target: 'dossierId', id })`; a procedure's version is `getOne('procedures', { id, meta: { version } })`;
 * - the dashboard is the one record of its resource: `getOne('dashboard', { id: 'today' })`;
 * - what is not a record (a scan, a preview, a slip's one-time link) and every move of a dossier
 *   are methods of their own, called through `useDataProvider()` with react-query;
 * - dossier changes send their version in If-Match (a stale one gets the 412 the page explains);
 * - the admins' integrations (`apiKeys`, `webhooks`) are listed whole; revoking a key, pausing a
 *   subscription, its new secret, its deliveries and a retry are methods of integrationCalls.ts;
 * - errors are ApiErrors carrying the problem+json, with the bad fields for the forms.
 */

/** What each resource's list takes: its path, whether it pages, the sorts the API knows. */
const RESOURCES: Record<string, { path: string; paged: boolean; sorts?: string[]; idField?: string }> = {
  dossiers: { path: '/api/dossiers', paged: true, sorts: ['receivedAt', 'reference', 'deadlineAt', 'updatedAt'] },
  students: { path: '/api/students', paged: true },
  institutions: { path: '/api/institutions', paged: true },
  transmissions: { path: '/api/transmissions', paged: true },
  agents: { path: '/api/agents', paged: false },
  procedures: { path: '/api/procedures', paged: false, idField: 'code' },
  workflowTransitions: { path: '/api/workflow/transitions', paged: false, idField: 'event' },
  apiKeys: { path: '/api/api-keys', paged: false },
  webhooks: { path: '/api/webhooks', paged: false },
};

/** Resources of one record: the office's day (react-admin's id is only its key). */
const SINGLETONS: Record<string, string> = { dashboard: '/api/dashboard' };

/**
 * The parts of a dossier, each at `/api/dossiers/:id/<path>`, keyed by the dossier's id (a part
 * of one record that does not carry it, `byDossier`, is given the dossier's id as its own).
 */
const DOSSIER_PARTS: Record<string, { path: string; idField?: string; byDossier?: boolean }> = {
  dossierChecklists: { path: 'checklist', idField: 'dossierId' },
  dossierStudentLinks: { path: 'student-link', byDossier: true },
  dossierMessages: { path: 'messages' },
  dossierDocuments: { path: 'documents' },
  dossierTimeline: { path: 'timeline' },
  dossierNotifications: { path: 'notifications' },
  dossierNotes: { path: 'notes' },
  dossierSummonses: { path: 'summons' },
};

function resourceOf(name: string) {
  const resource = RESOURCES[name];
  if (!resource) throw new Error(`unknown resource ${name}`);
  return resource;
}

function dossierPath(id: unknown): string {
  return `/api/dossiers/${encodeURIComponent(String(id))}`;
}

function recordPath(resource: string, id: unknown): string {
  return `${resourceOf(resource).path}/${encodeURIComponent(String(id))}`;
}

/** Passerelle deletes nothing from the app, nor changes records in bulk. */
function notSupported(): Promise<never> {
  return Promise.reject(new Error('not supported'));
}

/** Cursors of the pages reached, per list (resource, filters, sort, page size). */
const cursors = new Map<string, (string | null)[]>();

async function getList(resource: string, params: GetListParams): Promise<GetListResult> {
  const spec = resourceOf(resource);
  const page = params.pagination?.page ?? 1;
  const perPage = params.pagination?.perPage ?? 25;
  if (!spec.paged) {
    const { json } = await api<Record<string, unknown>[] | KeysetPage<Record<string, unknown>>>(spec.path);
    const rows = wholeRows(json).map((r) => withId(r, spec.idField) as RaRecord);
    return pageOfWhole(rows, (params.filter as Record<string, unknown> | undefined)?.q, page, perPage);
  }
  const filters = listQuery(params.filter as Record<string, unknown> | undefined, params.sort, spec.sorts);
  const key = JSON.stringify([resource, filters, perPage]);
  const known = cursors.get(key) ?? [null];
  cursors.set(key, known);
  const reached = await walkToPage(
    known,
    page,
    async (cursor) => (await api<KeysetPage<Record<string, unknown>>>(`${spec.path}${query({ ...filters, limit: perPage, cursor })}`)).json,
  );
  return { data: reached.result.items.map((r) => withId(r, spec.idField) as RaRecord), ...keysetPageInfo(reached.page, perPage, reached.result) };
}

/** The dossier a change applies to: its id, and the version the page read (If-Match). */
type Seen = Pick<Dossier, 'id' | 'version'>;

/** A dossier's route parameters for the typed client: its id, and for a change the version seen as If-Match. */
const ofDossier = (id: string) => ({ path: { id } });
const changing = (dossier: Seen) => ({ path: { id: dossier.id }, header: { 'If-Match': `"${dossier.version}"` } });
/**
 * A form's values as the body of an operation: the forms send what the agent typed, incomplete
 * or not, for the API to say which field is missing (its 400 is shown under the field).
 */
const asTyped = <B>(values: object) => values as NonNullable<B>;
/** A typed change's answer, as react-admin's calls answer. */
const asRecord = async (call: Promise<{ data?: unknown; error?: unknown; response: Response }>) => ({ data: (await answer(call)) as RaRecord });

/** A change of a dossier: the record the API answers (the dossier, the document, the request...). */
async function change(dossier: Seen, path: string, method: string, body?: unknown): Promise<{ data: RaRecord }> {
  const { json } = await api<RaRecord>(`${dossierPath(dossier.id)}${path}`, { method, body, ifMatch: dossier.version });
  return { data: json };
}

/**
 * Passerelle's own calls, beside react-admin's nine. Each answers `{ data }` as those do, so
 * that the answer react-admin gives in their place when a call ends the login ({ data: {} },
 * see realRecord) is told apart from a real one.
 */
const passerelle = {
  /** A file of the API (a scan, a slip), fetched with the agent's token. */
  getFile: async (url: string) => ({ data: await fetchBlob(url) }),
  /** The complement request's e-mail as the student would get it (nothing is sent), keyed by the dossier. */
  previewComplement: async (dossierId: string, body: Record<string, unknown>) => {
    const json = await answer<ComplementPreview>(
      client.POST('/api/dossiers/{id}/complement-requests/preview', { params: ofDossier(dossierId), body: asTyped(body) }),
    );
    return { data: withId(json, 'dossierId') };
  },
  /** A one-time link to a transmission's printable slip, keyed by the transmission. */
  slipLink: async (transmissionId: string) => {
    const json = await answer<SlipLink>(client.POST('/api/transmissions/{id}/slip-links', { params: { path: { id: transmissionId } } }));
    return { data: { ...json, id: transmissionId } };
  },
  /** A move of the workflow (POST /transitions). */
  transition: (dossier: Seen, body: Record<string, unknown>) =>
    asRecord(client.POST('/api/dossiers/{id}/transitions', { params: changing(dossier), body: asTyped(body) })),
  requestComplement: (dossier: Seen, body: Record<string, unknown>) =>
    asRecord(client.POST('/api/dossiers/{id}/complement-requests', { params: changing(dossier), body: asTyped(body) })),
  /** A document received, with its scans (multipart) or on paper only (JSON). */
  recordDocument: (dossier: Seen, fields: DocumentFields, files: File[]) => {
    if (!files.length) return change(dossier, '/documents', 'POST', fields);
    const form = new FormData();
    form.append('kind', fields.kind);
    if (fields.issuedOn) form.append('issuedOn', fields.issuedOn);
    form.append('quantity', String(fields.quantity));
    if (fields.note) form.append('note', fields.note);
    form.append('attributes', JSON.stringify(fields.attributes));
    for (const file of files) form.append('files', file, file.name);
    return change(dossier, '/documents', 'POST', form);
  },
  /** The agent's verdict on a document: accepted, or rejected with a reason. */
  reviewDocument: (dossier: Seen, documentId: string, verdict: Record<string, unknown>) =>
    asRecord(
      client.PATCH('/api/dossiers/{id}/documents/{documentId}', {
        params: { ...changing(dossier), path: { id: dossier.id, documentId } },
        body: asTyped(verdict),
      }),
    ),
  /**
   * Documents accepted together ("accept all"): one PATCH each, so that each verdict is audited
   * and told in the timeline as when given alone, sent in turn with the version each leaves
   * (inTurn): a change by someone else meanwhile stops them with the page's 412. Answers the last.
   */
  acceptDocuments: async (dossier: Seen, documentIds: readonly string[]) => {
    const steps = documentIds.map((id) => (version: number) => passerelle.reviewDocument({ id: dossier.id, version }, id, { status: 'accepted' }));
    const answers = await inTurn(dossier.version, steps);
    return answers[answers.length - 1] ?? { data: {} as RaRecord };
  },
  /** Who has the dossier (null: nobody). */
  assign: (dossier: Seen, agentId: string | null) => asRecord(client.PUT('/api/dossiers/{id}/assignee', { params: changing(dossier), body: { agentId } })),
  /** A summons of the student by the prefecture (POST /summons: reason, ISO instant with its offset, place). */
  summon: (dossier: Seen, body: Record<string, unknown>) =>
    asRecord(client.POST('/api/dossiers/{id}/summons', { params: changing(dossier), body: asTyped(body) })),
  /** The card ready at the prefecture, or handed over (POST /card-events): answers the dossier. */
  cardEvent: (dossier: Seen, body: Record<string, unknown>) =>
    asRecord(client.POST('/api/dossiers/{id}/card-events', { params: changing(dossier), body: asTyped(body) })),
  /** One e-mail of the dossier as its recipient received it: subject, recipient, date and bodies as sent. */
  getEmail: async (dossierId: string, notificationId: string) => {
    const params = { path: { id: dossierId, notificationId } };
    return { data: await answer<NotificationMessage>(client.GET('/api/dossiers/{id}/notifications/{notificationId}', { params })) };
  },
  /** An internal note on the dossier, for the agents only: not a change of the dossier (no version, nothing e-mailed). */
  addNote: async (dossierId: string, body: string) => {
    return { data: await answer<DossierNote>(client.POST('/api/dossiers/{id}/notes', { params: ofDossier(dossierId), body: { body } })) };
  },
  retryNotification: (dossier: Seen, notificationId: string) =>
    asRecord(
      client.POST('/api/dossiers/{id}/notifications/{notificationId}/retry', { params: { ...changing(dossier), path: { id: dossier.id, notificationId } } }),
    ),
  /** A message of the office to the student (JSON, or multipart with its attachments): not a change of the dossier (no version). */
  sendMessage: async (dossierId: string, body: string, files: File[]) => {
    let sent: unknown = { body };
    if (files.length) {
      const form = new FormData();
      form.append('body', body);
      for (const file of files) form.append('files', file, file.name);
      sent = form;
    }
    const { json } = await api<DossierMessage>(`${dossierPath(dossierId)}/messages`, { method: 'POST', body: sent });
    return { data: json };
  },
  /** The student's messages marked read by the agent who opened them. */
  markMessagesRead: async (dossierId: string) => {
    await answer(client.POST('/api/dossiers/{id}/messages/read', { params: ofDossier(dossierId) }));
    return { data: { id: dossierId } };
  },
  /** A new personal link e-mailed to the student: every earlier link and session of the dossier stops working. */
  sendStudentLink: async (dossierId: string) => {
    await answer(client.POST('/api/dossiers/{id}/student-link', { params: ofDossier(dossierId) }));
    return { data: { id: dossierId } };
  },
  /** The student's access to their page taken away: every link and session of the dossier. */
  revokeStudentLink: async (dossierId: string) => {
    await answer(client.DELETE('/api/dossiers/{id}/student-link', { params: ofDossier(dossierId) }));
    return { data: { id: dossierId } };
  },
};

export type PasserelleDataProvider = DataProvider & typeof passerelle & typeof integrationCalls;

export const dataProvider: PasserelleDataProvider = {
  getList,
  async getOne(resource, params) {
    const singleton = SINGLETONS[resource];
    if (singleton) return { data: { ...(await api<Record<string, unknown>>(singleton)).json, id: params.id } } as never;
    const part = DOSSIER_PARTS[resource];
    if (part) {
      const { json } = await api<Record<string, unknown>>(`${dossierPath(params.id)}/${part.path}`);
      return { data: part.byDossier ? { ...json, id: params.id } : withId(json, part.idField) } as never;
    }
    const spec = resourceOf(resource);
    const version = (params.meta as { version?: number | null } | undefined)?.version;
    const { json } = await api<Record<string, unknown>>(`${recordPath(resource, params.id)}${query({ version })}`);
    return { data: withId(json, spec.idField) } as never;
  },
  async getMany(resource, params) {
    const spec = resourceOf(resource);
    if (!spec.paged) {
      const { json } = await api<Record<string, unknown>[] | KeysetPage<Record<string, unknown>>>(spec.path);
      const wanted = new Set(params.ids.map(String));
      return {
        data: wholeRows(json)
          .map((r) => withId(r, spec.idField))
          .filter((r) => wanted.has(String(r.id))),
      } as never;
    }
    // one refused or missing record fails the whole call: react-admin then shows the error, not a blank
    const rows = await Promise.all(params.ids.map(async (id) => (await api<Record<string, unknown>>(recordPath(resource, id))).json));
    return { data: rows.map((r) => withId(r, spec.idField)) } as never;
  },
  async getManyReference(resource, params) {
    const part = DOSSIER_PARTS[resource];
    if (!part) return getList(resource, { ...params, filter: { ...(params.filter as Record<string, unknown>), [params.target]: params.id } });
    if (params.target !== 'dossierId') throw new Error(`${resource} belong to a dossier (target dossierId), not to ${params.target}`);
    const { json } = await api<Record<string, unknown>[]>(`${dossierPath(params.id)}/${part.path}`);
    const rows = json.map((r) => withId(r, part.idField));
    return pageOfWhole(rows, undefined, params.pagination.page, params.pagination.perPage) as never;
  },
  async create(resource, params) {
    const spec = resourceOf(resource);
    const { json } = await api<Record<string, unknown>>(spec.path, { method: 'POST', body: createBody(params.data as Record<string, unknown>) });
    return { data: withId(json, spec.idField) } as never;
  },
  async update(resource, params) {
    const spec = resourceOf(resource);
    const version = (params.previousData as { version?: number } | undefined)?.version;
    const body = changedFields(params.data as Record<string, unknown>, params.previousData as Record<string, unknown>);
    const { json } = await api<Record<string, unknown>>(recordPath(resource, params.id), {
      method: 'PATCH',
      body,
      ...(resource === 'dossiers' && version !== undefined ? { ifMatch: version } : {}),
    });
    return { data: withId(json, spec.idField) } as never;
  },
  updateMany: notSupported,
  delete: notSupported,
  deleteMany: notSupported,
  ...passerelle,
  ...integrationCalls,
};
