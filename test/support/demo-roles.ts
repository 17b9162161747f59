import { DEMO_ROLES, type DemoRoleName } from '../../src/demo/demo-data';
import { demoDossierInRole } from '../../src/demo/demo-generator';
import type { AgentClient } from './api';

export interface DemoRoleDossier {
  id: string;
  reference: string;
  version: number;
  status: string;
  procedureCode: string;
  channel: string;
  receivedAt: string;
  studentId: string;
}

/**
 * The demo dossier playing a role (src/demo/demo-data.ts, DEMO_ROLES) in an office the seed
 * loaded on `today`, as the API lists it: found by its student's number, its procedure and its
 * day of receipt, never by its reference (numbered in the year of receipt, it changes with the
 * day the demo is loaded).
 */
export async function demoDossier(api: AgentClient, role: DemoRoleName, today: string): Promise<DemoRoleDossier> {
  const { dossier, student } = demoDossierInRole(role, today);
  const query = new URLSearchParams({ q: student.studentNumber, procedureCode: DEMO_ROLES[role].procedureCode, limit: '50' });
  const listed = (await api.get(`/api/dossiers?${query}`).expect(200)).body.items as (DemoRoleDossier & { student: { studentNumber: string } })[];
  const found = listed.filter((d) => d.student.studentNumber === student.studentNumber && d.receivedAt === dossier.receivedAt);
  if (found.length !== 1) throw new Error(`demo role ${role}: ${found.length} dossiers of student ${student.studentNumber} received on ${dossier.receivedAt}`);
  return found[0]!;
}
