import { randomInt } from 'node:crypto';
import { calendarDateIn } from '../../src/common/clock';
import { academicYearOf, addDays } from '../../src/common/dates';
import type { Prisma } from '../../src/infra/prisma/generated/client';
import type { PrismaService } from '../../src/infra/prisma/prisma.service';
import type { AgentClient } from './api';

/** Today at the office: test data is dated from it, so the suite passes whatever the date. */
export const today = () => calendarDateIn('Europe/Paris', new Date());

/**
 * Valid payloads with unique keys, so tests sharing the run's database never collide.
 * Override any field; `create*` helpers post them and return the created resource.
 */
let sequence = 0;
const unique = () => `${process.pid % 1000}${Date.now() % 100000}${++sequence}${randomInt(100)}`;

export function anInstitution(overrides: Record<string, unknown> = {}) {
  return { code: `T${unique()}`.slice(0, 32), name: 'Université de test', kind: 'university', city: 'Rennes', ...overrides };
}

export function aStudent(institutionId: string, overrides: Record<string, unknown> = {}) {
  const n = unique();
  return {
    institutionId,
    studentNumber: `S${n}`.slice(0, 32),
    birthName: 'NGUYEN',
    firstNames: 'Thi Mai',
    sex: 'female',
    birthDate: '2001-04-12',
    birthPlace: 'Hanoï',
    birthCountry: 'VN',
    nationality: 'VN',
    email: `student${n}@etudiant.example`,
    mobilePhone: '+33612345678',
    address: { line1: '12 rue de Saint-Malo', postalCode: '35000', city: 'Rennes' },
    preferredLanguage: 'fr',
    programme: 'Master Informatique',
    level: 'm2',
    academicYear: academicYearOf(today()),
    expectedDefenceDate: addDays(today(), 200),
    currentPermit: { kind: 'student', number: '3501234567', validFrom: addDays(today(), -165), validUntil: addDays(today(), 200) },
    ...overrides,
  };
}

export async function createInstitution(api: AgentClient, overrides: Record<string, unknown> = {}) {
  const response = await api.post('/api/institutions', anInstitution(overrides)).expect(201);
  return response.body as { id: string; code: string };
}

export async function createStudent(api: AgentClient, overrides: Record<string, unknown> = {}) {
  const institutionId = (overrides.institutionId as string | undefined) ?? (await createInstitution(api)).id;
  const response = await api.post('/api/students', aStudent(institutionId, overrides)).expect(201);
  return response.body as { id: string; institutionId: string; studentNumber: string; birthName: string };
}

export async function createDossier(api: AgentClient, overrides: Record<string, unknown> = {}) {
  const studentId = (overrides.studentId as string | undefined) ?? (await createStudent(api)).id;
  const response = await api.post('/api/dossiers', { studentId, procedureCode: 'rece', ...overrides }).expect(201);
  return response.body as { id: string; reference: string; version: number; status: string; studentId: string; institutionId: string };
}

/** Prisma, or what a test has of it: the rows of the student's side, written as the student's page would write them. */
type StudentSideWriter = Pick<PrismaService, 'dossierDocument' | 'dossierMessage'>;

/** A document the student sent from their page (to review unless told otherwise). */
export async function addStudentDocument(prisma: StudentSideWriter, dossierId: string, overrides: Partial<Prisma.DossierDocumentUncheckedCreateInput> = {}) {
  return prisma.dossierDocument.create({ data: { dossierId, kind: 'passport', source: 'student', status: 'received', ...overrides } });
}

/** A message of the dossier's thread, from the student and unread unless told otherwise. */
export async function addMessage(prisma: StudentSideWriter, dossierId: string, overrides: Partial<Prisma.DossierMessageUncheckedCreateInput> = {}) {
  return prisma.dossierMessage.create({ data: { dossierId, author: 'student', body: 'Bonjour, voici mon passeport.', ...overrides } });
}
