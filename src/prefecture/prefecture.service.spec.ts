import { TestClock } from '../../test/support/test-clock';
import type { Actor } from '../common/actor';
import { ProblemException } from '../common/problem';
import type { DossiersService } from '../dossiers/dossiers.service';
import type { PrefectureRepository, Summons } from './prefecture.repository';
import { PrefectureService } from './prefecture.service';

/** A summons falls on a day at the office: an instant written in UTC (or any offset) is judged by its day in Paris. */
describe('PrefectureService: the day of a summons', () => {
  const agent: Actor = { agentId: 'a1', label: 'Agent', role: 'agent', institutionIds: null };
  const clock = new TestClock({ OFFICE_TIMEZONE: 'Europe/Paris' }).freeze('2027-01-05T10:00:00Z');
  // filed on 9 January: no summons before that day
  const dossier = { id: 'd1', status: 'forwarded', filedAt: '2027-01-09', receivedAt: '2027-01-02' };
  const dossiers = { require: async () => dossier };
  const added: Omit<Summons, 'id' | 'createdAt'>[] = [];
  const prefecture = {
    addSummons: async (_id: string, summons: Omit<Summons, 'id' | 'createdAt'>) => {
      added.push(summons);
      return { ...summons, id: 's1', createdAt: clock.now() };
    },
  };
  const service = new PrefectureService(prefecture as unknown as PrefectureRepository, dossiers as unknown as DossiersService, clock);
  const summon = (appointmentAt: string) => service.summon('d1', { reason: 'fingerprints', appointmentAt }, agent);

  it('takes 23:30 UTC on the 8th: it is half past midnight on the 9th in Paris, the filing day', async () => {
    await expect(summon('2027-01-08T23:30:00Z')).resolves.toMatchObject({ appointmentAt: '2027-01-08T23:30:00.000Z' });
    expect(added).toHaveLength(1);
  });

  it('refuses 22:30 UTC on the 8th (still the 8th in Paris), and a date-time that is not one', async () => {
    const refused = await summon('2027-01-08T22:30:00Z').catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ProblemException);
    expect((refused as ProblemException).problem).toMatchObject({
      errors: [{ field: 'appointmentAt', message: expect.stringContaining('between the filing date (2027-01-09)') }],
    });
    const garbled = await summon('2027-01-09T25:00:00Z').catch((error: unknown) => error);
    expect((garbled as ProblemException).problem).toMatchObject({ errors: [{ field: 'appointmentAt', message: 'is not a real date-time' }] });
    expect(added).toHaveLength(1);
  });
});
