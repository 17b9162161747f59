import { DOSSIER_STATUSES } from '../dossiers/dossiers.model';
import { emailFor, findTransition, mayMove, nextStatuses, TRANSITIONS } from './workflow.transitions';

describe('the transition table', () => {
  it('moves a dossier along received → verified → forwarded → decided', () => {
    expect(findTransition('received', 'verified')).toMatchObject({ guard: 'complete-and-reviewed' });
    expect(findTransition('verified', 'forwarded')).toMatchObject({ startDeadline: 'prefecture_silence', guard: 'complete-and-reviewed' });
    expect(findTransition('forwarded', 'decided')).toMatchObject({ requires: ['decision'], stopDeadlines: ['prefecture_silence'] });
  });

  it.each([
    ['received', 'forwarded'],
    ['received', 'decided'],
    ['incomplete', 'verified'],
    ['verified', 'decided'],
    ['decided', 'closed'],
    ['closed', 'verified'],
    ['decided', 'received'],
  ] as const)('has no move from %s to %s', (from, to) => {
    expect(findTransition(from, to)).toBeUndefined();
  });

  it('sends an incomplete dossier back to received, stopping the complement deadline', () => {
    expect(findTransition('incomplete', 'received')).toMatchObject({ stopDeadlines: ['complement'], roles: expect.arrayContaining(['system']) });
    expect(findTransition('received', 'incomplete')).toMatchObject({ via: 'complement-request', startDeadline: 'complement' });
  });

  it('closes any open dossier with a reason, stopping every deadline; reopening is for supervisors', () => {
    for (const status of ['received', 'incomplete', 'verified', 'forwarded'] as const) {
      expect(findTransition(status, 'closed')).toMatchObject({ requires: ['closeReason'], stopDeadlines: ['complement', 'prefecture_silence'] });
    }
    const reopen = findTransition('closed', 'received')!;
    expect(reopen.requires).toEqual(['reason']);
    expect(mayMove(reopen, 'agent', {})).toBe(false);
    expect(mayMove(reopen, 'supervisor', {})).toBe(true);
  });

  it('keeps closing for an expired deadline to the deadline job', () => {
    const close = findTransition('incomplete', 'closed')!;
    expect(mayMove(close, 'system', { closeReason: 'deadline_expired' })).toBe(true);
    for (const role of ['agent', 'supervisor', 'admin'] as const) expect(mayMove(close, role, { closeReason: 'deadline_expired' })).toBe(false);
    expect(mayMove(close, 'agent', { closeReason: 'withdrawn' })).toBe(true);
  });

  it('lets only supervisors withdraw a decision', () => {
    const withdraw = findTransition('decided', 'forwarded')!;
    expect(mayMove(withdraw, 'agent', {})).toBe(false);
    expect(mayMove(withdraw, 'admin', {})).toBe(true);
  });

  it('tells the student of every step they should know of', () => {
    expect(emailFor(findTransition('forwarded', 'decided')!, { decision: 'refused' })).toBe('decision_refused');
    expect(emailFor(findTransition('forwarded', 'decided')!, { decision: 'favourable' })).toBe('decision_favourable');
    expect(emailFor(findTransition('verified', 'received')!, {})).toBeUndefined();
    for (const [from, to] of [['received', 'verified'], ['verified', 'forwarded'], ['received', 'closed'], ['closed', 'received'], ['incomplete', 'received']] as const) {
      expect(emailFor(findTransition(from, to)!, {})).toEqual(expect.any(String));
    }
  });

  it('lists where a dossier can go from each status, and every status can be left or is final', () => {
    expect(nextStatuses('received').sort()).toEqual(['closed', 'incomplete', 'verified']);
    expect(nextStatuses('decided')).toEqual(['forwarded']);
    for (const status of DOSSIER_STATUSES) expect(nextStatuses(status).length).toBeGreaterThan(0);
    const reachable = new Set(TRANSITIONS.map((t) => t.to));
    for (const status of DOSSIER_STATUSES) expect(reachable.has(status)).toBe(true);
  });
});
