import { TestClock } from '../../test/support/test-clock';
import type { Actor } from '../common/actor';
import { ProblemException } from '../common/problem';
import type { InstitutionsRepository } from '../institutions/institutions.repository';
import type { StudentInput } from './students.model';
import type { StudentsRepository } from './students.repository';
import { StudentsService } from './students.service';

/** A birth date is judged against the office's today, from the Clock — not against the UTC day. */
describe('StudentsService: the birth date', () => {
  const admin: Actor = { agentId: 'a1', label: 'Admin', role: 'admin', institutionIds: null };
  // 00:30 on 2 March in Paris, still 1 March in UTC
  const clock = new TestClock({ OFFICE_TIMEZONE: 'Europe/Paris' }).freeze('2026-03-01T23:30:00Z');
  const created: StudentInput[] = [];
  const students = {
    findIdByNumber: async () => null,
    findIdByForeignerNumber: async () => null,
    findById: async (id: string) => ({ id, institutionId: 'i1', studentNumber: 'S1', foreignerNumber: null }),
    create: async (input: StudentInput) => {
      created.push(input);
      return { ...input, id: 's1', createdAt: clock.now(), updatedAt: clock.now() };
    },
    update: async (id: string, changes: Partial<StudentInput>) => ({ ...changes, id, createdAt: clock.now(), updatedAt: clock.now() }),
  };
  const institutions = { findById: async (id: string) => ({ id }) };
  const service = new StudentsService(students as unknown as StudentsRepository, institutions as unknown as InstitutionsRepository, clock);
  const input = (birthDate: string) => ({ institutionId: 'i1', studentNumber: 'S1', birthDate }) as StudentInput;

  const refusal = async (work: Promise<unknown>) => {
    const error = await work.then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ProblemException);
    return (error as ProblemException).problem;
  };

  it('takes yesterday at the office, though it is still that day in UTC', async () => {
    await service.create(input('2026-03-01'), admin);
    expect(created.at(-1)?.birthDate).toBe('2026-03-01');
  });

  it('refuses today and later at the office, on creation and on a change', async () => {
    expect(await refusal(service.create(input('2026-03-02'), admin))).toMatchObject({
      status: 400,
      errors: [{ field: 'birthDate', message: 'must be in the past' }],
    });
    expect(await refusal(service.update('s1', { birthDate: '2030-01-01' }, admin))).toMatchObject({
      errors: [{ field: 'birthDate', message: 'must be in the past' }],
    });
    await expect(service.update('s1', { birthDate: '2001-04-12' }, admin)).resolves.toMatchObject({ birthDate: '2001-04-12' });
  });
});
