import { addDays } from '../../src/common/dates';
import type { AgentClient } from './api';
import { today } from './factories';

/** The documents of a complete RECE dossier (a tenant), as an agent records them. */
export const COMPLETE_RECE = () => [
  { kind: 'request-letter', attributes: { hasMobileNumber: true, hasEmailAddress: true } },
  { kind: 'passport', attributes: { allPages: true, validUntil: addDays(today(), 1000) } },
  { kind: 'residence-permit', attributes: { validUntil: addDays(today(), 200) } },
  { kind: 'rent-receipt', issuedOn: addDays(today(), -25) },
  { kind: 'identity-photo', quantity: 3 },
  { kind: 'success-certificate' },
  { kind: 'cerfa-form', attributes: { signed: true, allPages: true } },
  { kind: 'student-card' },
  { kind: 'health-insurance' },
  { kind: 'cerpr', attributes: { signed: true } },
];

/** Records documents and accepts each, as an agent at the desk would. */
export async function recordAccepted(api: AgentClient, dossierId: string, documents: object[]): Promise<string[]> {
  const ids: string[] = [];
  for (const document of documents) {
    const recorded = await api.post(`/api/dossiers/${dossierId}/documents`, document).expect(201);
    await api.patch(`/api/dossiers/${dossierId}/documents/${recorded.body.id}`, { status: 'accepted' }).expect(200);
    ids.push(recorded.body.id);
  }
  return ids;
}

/** The dossier's current version, as its ETag gives it. */
export async function versionOf(api: AgentClient, dossierId: string): Promise<string> {
  return (await api.get(`/api/dossiers/${dossierId}`).expect(200)).headers.etag!;
}

/** Moves a dossier with the version it is at now, expecting the given answer. */
export async function move(api: AgentClient, dossierId: string, body: object, status = 200) {
  return api
    .post(`/api/dossiers/${dossierId}/transitions`, body)
    .set('if-match', await versionOf(api, dossierId))
    .expect(status);
}
