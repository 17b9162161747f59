import type { DossierStatus } from '../dossiers/dossiers.model';
import { dossierSteps, nextStep, type NextStepInput, type StatusMove, type StepsInput } from './student-portal.steps';

const moves = (...path: [DossierStatus | null, DossierStatus, string][]): StatusMove[] => path.map(([from, to, on]) => ({ from, to, on }));

const input = (status: DossierStatus, overrides: Partial<StepsInput> = {}): StepsInput => ({
  status,
  receivedAt: '2026-09-01',
  filedAt: null,
  decidedOn: null,
  moves: moves([null, 'received', '2026-09-02']),
  ...overrides,
});

const states = (steps: ReturnType<typeof dossierSteps>) => steps.map((s) => `${s.key}:${s.state}`);

describe('dossierSteps', () => {
  it('shows a received dossier at its first step, the rest to come', () => {
    const steps = dossierSteps(input('received'));
    expect(states(steps)).toEqual(['received:current', 'verified:next', 'forwarded:next', 'decided:next']);
    expect(steps.map((s) => s.on)).toEqual(['2026-09-01', null, null, null]);
  });

  it('keeps an incomplete dossier at the first step (it is still being checked)', () => {
    const steps = dossierSteps(input('incomplete', { moves: moves([null, 'received', '2026-09-02'], ['received', 'incomplete', '2026-09-05']) }));
    expect(states(steps)).toEqual(['received:current', 'verified:next', 'forwarded:next', 'decided:next']);
  });

  it('dates each step reached: the last verification, the filing day, the decision day', () => {
    const history = moves(
      [null, 'received', '2026-09-02'],
      ['received', 'verified', '2026-09-10'],
      ['verified', 'received', '2026-09-11'],
      ['received', 'verified', '2026-09-12'],
      ['verified', 'forwarded', '2026-09-15'],
    );
    expect(dossierSteps(input('verified', { moves: history.slice(0, 4) }))).toEqual([
      { key: 'received', state: 'done', on: '2026-09-01' },
      { key: 'verified', state: 'current', on: '2026-09-12' },
      { key: 'forwarded', state: 'next', on: null },
      { key: 'decided', state: 'next', on: null },
    ]);
    // the filing day is the one recorded (it may be before the move was entered)
    const forwarded = dossierSteps(input('forwarded', { moves: history, filedAt: '2026-09-14' }));
    expect(states(forwarded)).toEqual(['received:done', 'verified:done', 'forwarded:current', 'decided:next']);
    expect(forwarded[2]!.on).toBe('2026-09-14');
    expect(dossierSteps(input('forwarded', { moves: history }))[2]!.on).toBe('2026-09-15');
  });

  it('has every step done once decided, whatever the decision', () => {
    const history = moves(
      [null, 'received', '2026-09-02'],
      ['received', 'verified', '2026-09-10'],
      ['verified', 'forwarded', '2026-09-15'],
      ['forwarded', 'decided', '2026-11-02'],
    );
    const steps = dossierSteps(input('decided', { moves: history, filedAt: '2026-09-15', decidedOn: '2026-10-30' }));
    expect(states(steps)).toEqual(['received:done', 'verified:done', 'forwarded:done', 'decided:done']);
    expect(steps[3]!.on).toBe('2026-10-30');
  });

  it('skips the steps a closed dossier never reached', () => {
    const early = dossierSteps(
      input('closed', { moves: moves([null, 'received', '2026-09-02'], ['received', 'incomplete', '2026-09-05'], ['incomplete', 'closed', '2026-10-06']) }),
    );
    expect(states(early)).toEqual(['received:done', 'verified:skipped', 'forwarded:skipped', 'decided:skipped']);
    expect(early.map((s) => s.on)).toEqual(['2026-09-01', null, null, null]);
    const late = dossierSteps(
      input('closed', {
        moves: moves(
          [null, 'received', '2026-09-02'],
          ['received', 'verified', '2026-09-10'],
          ['verified', 'forwarded', '2026-09-15'],
          ['forwarded', 'closed', '2026-10-01'],
        ),
        filedAt: '2026-09-15',
      }),
    );
    expect(states(late)).toEqual(['received:done', 'verified:done', 'forwarded:done', 'decided:skipped']);
  });

  it('starts again from the first step when a closed dossier is reopened', () => {
    const history = moves(
      [null, 'received', '2026-09-02'],
      ['received', 'verified', '2026-09-10'],
      ['verified', 'closed', '2026-09-20'],
      ['closed', 'received', '2026-09-25'],
    );
    expect(states(dossierSteps(input('received', { moves: history })))).toEqual(['received:current', 'verified:next', 'forwarded:next', 'decided:next']);
  });
});

describe('nextStep', () => {
  const base = (overrides: Partial<NextStepInput>): NextStepInput => ({
    status: 'received',
    decision: null,
    closeReason: null,
    cardReadyOn: null,
    cardHandedOverOn: null,
    itemsMissing: null,
    appointmentAhead: false,
    ...overrides,
  });

  it('asks for the documents while some are missing, then the office checks them', () => {
    expect(nextStep(base({ status: 'incomplete', itemsMissing: 2 }))).toBe('send-documents');
    expect(nextStep(base({ status: 'incomplete', itemsMissing: 0 }))).toBe('office-checks');
    expect(nextStep(base({ status: 'incomplete', itemsMissing: null }))).toBe('send-documents');
    expect(nextStep(base({ status: 'received' }))).toBe('office-checks');
  });

  it('tells a complete dossier it goes to the prefecture, then of the appointment or the wait', () => {
    expect(nextStep(base({ status: 'verified' }))).toBe('office-forwards');
    expect(nextStep(base({ status: 'forwarded' }))).toBe('prefecture-decides');
    expect(nextStep(base({ status: 'forwarded', appointmentAhead: true }))).toBe('attend-appointment');
  });

  it('follows a favourable decision to the card in hand', () => {
    const granted = base({ status: 'decided', decision: 'favourable' });
    expect(nextStep(granted)).toBe('card-being-made');
    expect(nextStep({ ...granted, cardReadyOn: '2026-12-01' })).toBe('collect-card');
    expect(nextStep({ ...granted, cardReadyOn: '2026-12-01', appointmentAhead: true })).toBe('attend-appointment');
    expect(nextStep({ ...granted, cardReadyOn: '2026-12-01', cardHandedOverOn: '2026-12-05', appointmentAhead: true })).toBe('nothing-more');
  });

  it('sends the student to the office after a refusal or a closure, except when withdrawn or a duplicate', () => {
    expect(nextStep(base({ status: 'decided', decision: 'refused' }))).toBe('contact-office');
    expect(nextStep(base({ status: 'closed', closeReason: 'deadline_expired' }))).toBe('contact-office');
    expect(nextStep(base({ status: 'closed', closeReason: 'not_eligible' }))).toBe('contact-office');
    expect(nextStep(base({ status: 'closed', closeReason: 'withdrawn' }))).toBe('nothing-more');
    expect(nextStep(base({ status: 'closed', closeReason: 'duplicate' }))).toBe('nothing-more');
  });
});
